/*
 * Early boot on the boot hart, from head.S: find out what the machine is
 * (device tree), bring up memory (page allocator, kernel page table, kmalloc),
 * then continue in start_kernel() on a guarded stack.
 */
#include <asm/pgtable.h>
#include <asm/trap.h>
#include <asm/timer.h>
#include <asm/sbi.h>
#include <kernel/cpu.h>
#include <kernel/thread.h>
#include <kernel/sched.h>
#include <kernel/irq.h>
#include <kernel/platform.h>
#include <kernel/console.h>
#include <lib/string.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <kernel/power.h>
#include <kernel/time.h>
#include <kernel/main.h>
#include <mm/boot_mem.h>
#include <mm/kmalloc.h>
#include <mm/kstack.h>

#define DTB_MAX_SIZE	(1UL << 20)

struct cpu cpus[NR_CPUS];
int nr_cpus = 1;
extern uint64_t boot_ticks;
extern char _kernel_start[], _kernel_end[];

static struct platform platform;	/* [I] */
static struct thread boot_thread;	/* the boot hart's idle thread */

void call_on_stack(void *arg, void (*fn)(void *), unsigned long sp) __noreturn;

void early_console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			sbi_putchar('\r');
		sbi_putchar(s[i]);
	}
}

void cpu_setup_overflow_stack(struct cpu *c)
{
	c->overflow_stack_top = kstack_alloc_small();
	if (!c->overflow_stack_top)
		panic("no memory for the overflow stack of cpu %d", c->id);
}

static void reserve_boot_ranges(phys_addr_t dtb_pa)
{
	struct phys_range used[3];
	int n = 0;

	used[n++] = (struct phys_range){ kernel_virt_to_phys(_kernel_start),
					 kernel_virt_to_phys(_kernel_end) };
	used[n++] = (struct phys_range){ dtb_pa, dtb_pa + platform.fdt.size };
	if (platform.has_initrd)
		used[n++] = (struct phys_range){ platform.initrd_start, platform.initrd_end };
	/* the device tree's own reserved ranges are added by boot_mem_init */
	boot_mem_init(&platform, used, n);
}

void arch_boot(unsigned long hartid, phys_addr_t dtb_pa, uint64_t entry_ticks,
	       phys_addr_t load_pa)
{
	extern char boot_stack_top[];

	kernel_phys_base = load_pa;
	boot_ticks = entry_ticks;
	cpus[0].id = 0;
	cpus[0].hartid = hartid;
	idle_thread_init(&boot_thread, &cpus[0], (uintptr_t)boot_stack_top);
	set_current(&boot_thread);
	trap_init_cpu();

	if (platform_parse(&platform, phys_to_virt(dtb_pa), DTB_MAX_SIZE)) {
		early_console_write("no usable device tree: halting\n", 31);
		machine_power_off(true);
	}
	time_init(platform.timebase_freq);
	reserve_boot_ranges(dtb_pa);
	mmu_init(&platform);
	kmalloc_init();

	/* leave the boot stack for a guarded one */
	boot_thread.kstack_top = kstack_alloc();
	if (!boot_thread.kstack_top)
		panic("no memory for the boot stack");
	cpu_setup_overflow_stack(&cpus[0]);
	call_on_stack(&platform, (void (*)(void *))start_kernel, boot_thread.kstack_top);
}

/* Arch part of start_kernel: interrupts and timer on the boot hart. */
void arch_late_init(const struct platform *p)
{
	void arch_timer_setup(const struct platform *p);

	sched_init_cpu(&boot_thread);
	arch_timer_setup(p);
	trap_init_cpu();
	irq_init_cpu();
	arch_timer_init_cpu();
	cpus[0].online = true;
}

/*
 * AT_HWCAP: a bit per single-letter ISA extension ('a' is bit 0) that
 * every usable hart has, of those Linux 6.1 reports (I, M, A, F, D, C, V).
 */
uint64_t arch_elf_hwcap(const struct platform *p)
{
	const uint64_t reported = 1UL << ('i' - 'a') | 1UL << ('m' - 'a') | 1UL << ('a' - 'a') |
				  1UL << ('f' - 'a') | 1UL << ('d' - 'a') | 1UL << ('c' - 'a') |
				  1UL << ('v' - 'a');
	uint64_t all = reported;

	for (unsigned int i = 0; i < p->nr_cpus; i++) {
		const char *isa = p->cpus[i].isa;
		uint64_t bits = 0;

		if (!p->cpus[i].usable)
			continue;
		if (strncmp(isa, "rv64", 4) == 0 || strncmp(isa, "rv32", 4) == 0)
			isa += 4;
		for (; *isa && *isa != '_'; isa++) {
			if (*isa == 'g')
				bits |= 1UL << ('i' - 'a') | 1UL << ('m' - 'a') |
					1UL << ('a' - 'a') | 1UL << ('f' - 'a') | 1UL << ('d' - 'a');
			else if (*isa >= 'a' && *isa <= 'z')
				bits |= 1UL << (*isa - 'a');
		}
		all &= bits;
	}
	return all;
}
