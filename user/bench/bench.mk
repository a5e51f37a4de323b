# The benchmark (user/bench/, static glibc) and `make bench`
# (tools/bench.py, docs/bench.md); included by the top Makefile.
#
#   build/bench/bench        the benchmark program, /init of the image
#   build/bench/bench-nop    the program its exec rows run
#
# `make bench` boots build/kernel.elf and Linux 6.1 (tools/build-linux.sh,
# built once and cached) on the same QEMU machine and writes
# build/bench/bench.csv and bench.png. BENCH_ARGS go to tools/bench.py,
# e.g. BENCH_ARGS="--only ours pipe fork".

BENCH_OUT	:= build/bench
BENCH_SRCS	:= $(addprefix user/bench/,bench.c sys.c files.c procs.c)
BENCH_CFLAGS	:= -O2 -Wall -Wextra -Werror -pthread
BENCH_ARGS	?=

$(BENCH_OUT)/bench: $(BENCH_SRCS) user/bench/bench.h user/bench/bench.mk
	@mkdir -p $(dir $@)
	$(say) GLIBC $@
	$(Q)$(CC) -static $(BENCH_CFLAGS) -o $@ $(BENCH_SRCS)

$(BENCH_OUT)/bench-nop: user/bench/bench-nop.c user/bench/bench.mk
	@mkdir -p $(dir $@)
	$(say) GLIBC $@
	$(Q)$(CC) -static $(BENCH_CFLAGS) -o $@ $<

bench: $(BENCH_OUT)/bench $(BENCH_OUT)/bench-nop $(BUILD)/kernel.elf
	@tools/setup.sh bench
	$(PYTHON) tools/bench.py --kernel $(BUILD)/kernel.elf $(BENCH_ARGS)
