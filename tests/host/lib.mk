# Host unit tests for lib/: string routines and vsnprintf, checked against
# glibc. -DHOST_TEST renames the kernel's functions to k_* (see the headers).
HOST_TESTS += string printf
host_string_SRCS := lib/string.c
host_printf_SRCS := lib/vsnprintf.c lib/string.c

# The kernel's and the vDSO's counter conversion (include/kernel/vdso_data.h).
HOST_TESTS += clock
host_clock_SRCS :=
