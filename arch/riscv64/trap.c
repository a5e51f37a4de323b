/*
 * Trap dispatch: interrupts (timer, inter-processor, external) and
 * exceptions. Runs with interrupts off; an interrupt ends with a
 * preemption check, which may switch threads before returning.
 */
#include <asm/trap.h>
#include <asm/csr.h>
#include <asm/timer.h>
#include <asm/smp.h>
#include <kernel/cpu.h>
#include <kernel/thread.h>
#include <kernel/irq.h>
#include <kernel/sched.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/proc.h>
#include <mm/vm.h>
#include <syscall/syscall.h>
#include <asm/irq.h>
#include <uapi/linux/signal.h>

extern char trap_vector[];
void timer_interrupt(void);
void ipi_interrupt(void);

static const char *const exception_names[] = {
	[EXC_INST_MISALIGNED] = "instruction address misaligned",
	[EXC_INST_ACCESS] = "instruction access fault",
	[EXC_ILLEGAL_INST] = "illegal instruction",
	[EXC_BREAKPOINT] = "breakpoint",
	[EXC_LOAD_MISALIGNED] = "load address misaligned",
	[EXC_LOAD_ACCESS] = "load access fault",
	[EXC_STORE_MISALIGNED] = "store address misaligned",
	[EXC_STORE_ACCESS] = "store access fault",
	[EXC_ECALL_U] = "environment call from U-mode",
	[EXC_ECALL_S] = "environment call from S-mode",
	[EXC_INST_PAGE_FAULT] = "instruction page fault",
	[EXC_LOAD_PAGE_FAULT] = "load page fault",
	[EXC_STORE_PAGE_FAULT] = "store page fault",
};

static const char *exception_name(unsigned long cause)
{
	if (cause < ARRAY_SIZE(exception_names) && exception_names[cause])
		return exception_names[cause];
	return "unknown exception";
}

void trap_init_cpu(void)
{
	csr_write(stvec, (unsigned long)trap_vector);
	csr_write(sscratch, 0);
	csr_set(sie, SIE_SSIE | SIE_STIE | SIE_SEIE);
	/* user mode may read the counters, as on Linux: the vDSO reads time */
	csr_write(scounteren, SCOUNTEREN_CY | SCOUNTEREN_TM | SCOUNTEREN_IR);
}

static void handle_interrupt(struct trap_frame *tf)
{
	unsigned long irq = tf->cause & ~SCAUSE_INTR;

	switch (irq) {
	case IRQ_S_TIMER:
		timer_interrupt();
		break;
	case IRQ_S_SOFT:
		ipi_interrupt();
		break;
	case IRQ_S_EXT:
		irq_handle_external();
		break;
	default:
		panic_with_frame(tf, "unexpected interrupt %lu", irq);
	}
	sched_preempt_check();
}

static void handle_kernel_exception(struct trap_frame *tf)
{
	panic_with_frame(tf, "kernel %s at %lx, address %lx",
			 exception_name(tf->cause), tf->epc, tf->badaddr);
}

/* A fault in user mode: let the address space resolve it, else a signal. */
static void user_page_fault(struct trap_frame *tf, unsigned int access)
{
	int err = vm_fault(current->mm, tf->badaddr, access);

	if (err == -ENOMEM)
		proc_kill_group(current->proc, SIGKILL);
	else if (err == -EIO)	/* past the end of a mapped file */
		signal_force(SIGBUS, BUS_ADRERR, tf->badaddr);
	else if (err == -EACCES)	/* mapped, but not for this access */
		signal_force(SIGSEGV, SEGV_ACCERR, tf->badaddr);
	else if (err)
		signal_force(SIGSEGV, SEGV_MAPERR, tf->badaddr);
}

static void user_exception(struct trap_frame *tf)
{
	switch (tf->cause) {
	case EXC_ECALL_U: {
		const unsigned long args[6] = { tf->a0, tf->a1, tf->a2, tf->a3, tf->a4, tf->a5 };

		tf->epc += 4;
		tf->a0 = (unsigned long)syscall_invoke(tf->a7, args);
		break;
	}
	case EXC_INST_PAGE_FAULT:
		user_page_fault(tf, FAULT_EXEC);
		break;
	case EXC_LOAD_PAGE_FAULT:
		user_page_fault(tf, FAULT_READ);
		break;
	case EXC_STORE_PAGE_FAULT:
		user_page_fault(tf, FAULT_WRITE);
		break;
	/* as Linux's riscv traps.c: these report the pc */
	case EXC_ILLEGAL_INST:
		signal_force(SIGILL, ILL_ILLOPC, tf->epc);
		break;
	case EXC_BREAKPOINT:
		signal_force(SIGTRAP, TRAP_BRKPT, tf->epc);
		break;
	case EXC_INST_MISALIGNED:
	case EXC_LOAD_MISALIGNED:
	case EXC_STORE_MISALIGNED:
		signal_force(SIGBUS, BUS_ADRALN, tf->epc);
		break;
	default:	/* access faults: no such memory */
		signal_force(SIGSEGV, SEGV_ACCERR, tf->epc);
		break;
	}
}

/*
 * Interrupts off: leave for user mode unless the thread must die, take a
 * signal (or restart its system call) or yield.
 */
static void user_return(struct trap_frame *tf)
{
	for (;;) {
		arch_irq_disable();
		if (READ_ONCE(current->killed)) {
			arch_irq_enable();
			proc_check_killed();
		}
		if (arch_signal_work(tf)) {
			arch_irq_enable();
			arch_do_signal(tf);
			continue;
		}
		if (!sched_need_resched())
			break;
		schedule();
	}
	acct_leave_kernel();
}

void trap_handler(struct trap_frame *tf)
{
	if (!trap_from_user(tf)) {
		if (tf->cause & SCAUSE_INTR)
			handle_interrupt(tf);
		else
			handle_kernel_exception(tf);
		return;
	}
	acct_enter_kernel();
	if (tf->cause & SCAUSE_INTR) {
		handle_interrupt(tf);
	} else {
		arch_irq_enable();
		user_exception(tf);
	}
	user_return(tf);
}

/* On the cpu's overflow stack: the guard page below a kernel stack was hit. */
void kernel_stack_overflow(struct trap_frame *tf)
{
	struct thread *t = current;

	panic_with_frame(tf, "kernel stack overflow in thread %s (tid %d) on hart %lu, sp %lx",
			 t->name, t->tid, this_cpu()->hartid, tf->sp);
}
