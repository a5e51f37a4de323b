/*
 * What kernel code expects from the rest of the kernel, for host tests:
 * the cpu table, printk to stderr, and panic() that prints and aborts
 * (tests that expect a panic run the code in a forked child and check it
 * died of SIGABRT). The asm/ stubs' state lives here too.
 */
#include <kernel/cpu.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <asm/current.h>
#include <asm/memlayout.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

struct cpu cpus[NR_CPUS];
int nr_cpus = 1;
int console_loglevel = LOG_WARNING;

uintptr_t host_phys_offset;
__thread struct cpu *host_cpu;
__thread struct thread *host_current;
__thread unsigned long host_irq_on = 1;

__attribute__((constructor)) static void host_stubs_init(void)
{
	for (int i = 0; i < NR_CPUS; i++) {
		cpus[i].id = i;
		cpus[i].hartid = (unsigned long)i;
	}
	cpus[0].online = true;
	host_cpu = &cpus[0];
}

void host_cpu_enter(int id)
{
	if (id < 0 || id >= NR_CPUS) {
		fprintf(stderr, "host_cpu_enter: bad cpu %d\n", id);
		abort();
	}
	host_cpu = &cpus[id];
	__atomic_store_n(&cpus[id].online, true, __ATOMIC_RELAXED);
	for (int n = __atomic_load_n(&nr_cpus, __ATOMIC_RELAXED); n <= id;)
		if (__atomic_compare_exchange_n(&nr_cpus, &n, id + 1, false,
						__ATOMIC_RELAXED, __ATOMIC_RELAXED))
			break;
}

void *host_ram_map(phys_addr_t phys_base, size_t bytes)
{
	void *ram = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (ram == MAP_FAILED) {
		perror("host_ram_map");
		abort();
	}
	host_phys_offset = (uintptr_t)ram - (uintptr_t)phys_base;
	return ram;
}

void host_ram_unmap(void *ram, size_t bytes)
{
	munmap(ram, bytes);
}

void vprintk(int level, const char *fmt, va_list ap)
{
	if (level > console_loglevel)
		return;
	fprintf(stderr, "[cpu%d] ", host_cpu ? host_cpu->id : -1);
	vfprintf(stderr, fmt, ap);
}

void printk(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(level, fmt, ap);
	va_end(ap);
}

void printk_raw(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

static __noreturn void host_vpanic(const char *fmt, va_list ap)
{
	fprintf(stderr, "PANIC [cpu%d]: ", host_cpu ? host_cpu->id : -1);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	fflush(stderr);
	abort();
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	host_vpanic(fmt, ap);
}

void panic_with_frame(struct trap_frame *tf, const char *fmt, ...)
{
	va_list ap;

	(void)tf;
	va_start(ap, fmt);
	host_vpanic(fmt, ap);
}
