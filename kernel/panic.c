/*
 * panic: the first hart to panic stops the others with an IPI, prints the
 * reason, the registers of the trap (if any) and a symbolized backtrace
 * of its stack, then powers the machine off. A hart that panics while
 * another is already panicking just stops.
 */
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/cpu.h>
#include <kernel/thread.h>
#include <kernel/ksyms.h>
#include <kernel/power.h>
#include <kernel/spinlock.h>
#include <lib/printf.h>
#include <asm/trap.h>
#include <asm/smp.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <asm/memlayout.h>

#define BACKTRACE_MAX	32

bool panic_in_progress;
static int panic_cpu = -1;

/* A return address is looked up one byte back: a call may end a function. */
static void print_symbol(const char *prefix, uintptr_t pc, bool is_return)
{
	uintptr_t off;
	const char *name = ksym_lookup(pc - is_return, &off);

	off += is_return;
	if (name)
		printk_raw("%s[<%016lx>] %s+0x%lx\n", prefix, (unsigned long)pc, name,
			   (unsigned long)off);
	else
		printk_raw("%s[<%016lx>] ?\n", prefix, (unsigned long)pc);
}

/*
 * Walk frame pointers: a frame's fp points above its saved ra (fp - 8)
 * and the caller's fp (fp - 16). Stay inside the starting stack slot.
 */
static void backtrace_from(uintptr_t fp)
{
	uintptr_t lo = ALIGN_DOWN(fp - 1, KSTACK_SLOT);
	uintptr_t hi = lo + KSTACK_SLOT;

	printk_raw("Backtrace:\n");
	for (int i = 0; i < BACKTRACE_MAX; i++) {
		uintptr_t ra, next;

		if (fp < lo + 16 || fp > hi || !IS_ALIGNED(fp, 8))
			break;
		ra = ((uintptr_t *)fp)[-1];
		next = ((uintptr_t *)fp)[-2];
		if (!ra)
			break;
		print_symbol("  ", ra, true);
		if (next <= fp)
			break;
		fp = next;
	}
}

void show_regs(const struct trap_frame *tf)
{
	static const char *const names[] = {
		"epc", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1",
		"a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3",
		"s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
		"t5", "t6",
	};
	const unsigned long *r = (const unsigned long *)tf;

	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++)
		printk_raw("%4s: %016lx%s", names[i], r[i], i % 3 == 2 ? "\n" : "  ");
	printk_raw("\nstatus: %016lx badaddr: %016lx cause: %016lx\n",
		   tf->status, tf->badaddr, tf->cause);
	print_symbol("epc: ", tf->epc, false);
	print_symbol(" ra: ", tf->ra, true);
}

static void __noreturn do_panic(struct trap_frame *tf, const char *fmt, va_list ap)
{
	char msg[256];
	int me;

	arch_irq_disable();
	me = this_cpu()->id;
	if (!__atomic_compare_exchange_n(&panic_cpu, &(int){ -1 }, me, false,
					  __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		for (;;)	/* someone else is panicking */
			wait_for_interrupt();
	}
	__atomic_store_n(&panic_in_progress, true, __ATOMIC_RELEASE);
	spin_forget_all();
	arch_send_stop_ipi_all();
	vsnprintf(msg, sizeof(msg), fmt, ap);
	printk_raw("\nKernel panic on hart %lu (cpu %d), thread %s: %s\n",
		   this_cpu()->hartid, me, current->name, msg);
	if (tf) {
		show_regs(tf);
		backtrace_from(tf->s0);
	} else {
		backtrace_from((uintptr_t)__builtin_frame_address(0));
	}
	printk_raw("---[ end Kernel panic ]---\n");
	machine_power_off(true);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	do_panic(NULL, fmt, ap);
}

void panic_with_frame(struct trap_frame *tf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	do_panic(tf, fmt, ap);
}
