/*
 * Signal delivery on riscv64, as Linux 6.1 does it: at the return to
 * user a handler gets an rt_sigframe (siginfo, then a ucontext with the
 * interrupted registers and FP state) on its stack or the alternate
 * stack; a0 = signal, a1 = &info, a2 = &uc, ra = the sigreturn
 * trampoline. rt_sigreturn puts back registers, FP state, mask and
 * altstack from the frame; a frame that cannot be read is SIGSEGV.
 *
 * As Linux, ra points at __vdso_rt_sigreturn in the vDSO (riscv has no
 * SA_RESTORER, so libcs rely on it): mm->sigtramp, set by exec.
 *
 * A system call a signal interrupted (-ERESTART*) is restarted by
 * stepping sepc back over the ecall with a0 = orig_a0, or ends with
 * -EINTR, by Linux's rules (see <lib/errno.h>).
 */
#include <asm/trap.h>
#include <asm/csr.h>
#include <kernel/proc.h>
#include <kernel/cpu.h>
#include <syscall/syscall.h>
#include <syscall/signal.h>
#include <mm/vm.h>
#include <mm/uaccess.h>
#include <mm/kmalloc.h>
#include <lib/errno.h>
#include <lib/string.h>

/* Linux's riscv uapi: struct sigcontext with union __riscv_fp_state. */
struct user_regs {
	unsigned long pc, ra, sp, gp, tp, t0, t1, t2, s0, s1, a[8];
	unsigned long s2_11[10], t3_6[4];
};

union fp_frame {
	struct {
		uint64_t f[32];
		uint32_t fcsr;
	} d;
	struct {
		uint64_t f[64] __aligned(16);
		uint32_t fcsr;
		uint32_t reserved[3];	/* zero at delivery, must be zero at sigreturn */
	} q;
};

struct sigcontext {
	struct user_regs sc_regs;
	union fp_frame sc_fpregs;
};

struct ucontext {
	unsigned long uc_flags;
	uintptr_t uc_link;
	struct sigaltstack uc_stack;
	uint64_t uc_sigmask;
	uint8_t unused[1024 / 8 - sizeof(uint64_t)];
	struct sigcontext uc_mcontext;
};

struct rt_sigframe {
	struct siginfo info;
	struct ucontext uc;
};

_Static_assert(sizeof(struct user_regs) == 32 * 8, "user_regs_struct");
_Static_assert(offsetof(struct ucontext, uc_sigmask) == 40, "uc_sigmask");
_Static_assert(offsetof(struct ucontext, uc_mcontext) == 176, "uc_mcontext");
_Static_assert(sizeof(struct sigcontext) == 784, "sigcontext");
_Static_assert(sizeof(struct rt_sigframe) == 1088, "rt_sigframe");
/* the trap frame starts with the user registers in user_regs_struct's order */
_Static_assert(offsetof(struct trap_frame, t6) == 31 * 8, "pt_regs");

#define NR_RESTART_SYSCALL	128

/* Linux's get_sigframe: the altstack if asked for and not on it; 16-aligned. */
static uintptr_t frame_address(struct trap_frame *tf, const struct ksignal *ks)
{
	uintptr_t sp = tf->sp;

	if (signal_on_altstack(sp) && !signal_on_altstack(sp - sizeof(struct rt_sigframe)))
		return ~0UL;	/* would overflow the altstack: SIGSEGV */
	if ((ks->ka.flags & SA_ONSTACK_K) && signal_altstack_flags(sp) == 0)
		sp = current->sas_sp + current->sas_size;
	return (sp - sizeof(struct rt_sigframe)) & ~0xfUL;
}

static int setup_frame(struct trap_frame *tf, const struct ksignal *ks)
{
	struct thread *t = current;
	struct rt_sigframe *f = kmalloc(sizeof(*f), GFP_ZERO);
	uintptr_t addr = frame_address(tf, ks);
	int err;

	if (!f)
		return -ENOMEM;
	siginfo_to_linux(&f->info, &ks->info);
	f->uc.uc_stack.ss_sp = t->sas_sp;
	f->uc.uc_stack.ss_flags = signal_altstack_flags(tf->sp);
	f->uc.uc_stack.ss_size = t->sas_size;
	f->uc.uc_sigmask = t->restore_sigmask ? t->saved_sigmask : t->sigmask;
	memcpy(&f->uc.uc_mcontext.sc_regs, tf, sizeof(struct user_regs));
	irq_push_off();
	arch_save_user_state(t);	/* the live FP registers into t->arch.fp */
	irq_pop_off();
	memcpy(f->uc.uc_mcontext.sc_fpregs.d.f, t->arch.fp.f, sizeof(t->arch.fp.f));
	f->uc.uc_mcontext.sc_fpregs.d.fcsr = t->arch.fp.fcsr;
	err = copy_to_user((void __user *)addr, f, sizeof(*f)) ? -EFAULT : 0;
	kfree(f);
	if (err)
		return err;
	if (t->sas_flags & SS_AUTODISARM_K) {
		t->sas_sp = 0;
		t->sas_size = 0;
		t->sas_flags = 0;
	}
	tf->ra = t->mm->sigtramp;
	tf->epc = ks->ka.handler;
	tf->sp = addr;
	tf->a0 = (unsigned long)ks->sig;
	tf->a1 = addr + offsetof(struct rt_sigframe, info);
	tf->a2 = addr + offsetof(struct rt_sigframe, uc);
	return 0;
}

long sys_rt_sigreturn(void)
{
	struct thread *t = current;
	struct trap_frame *tf = user_frame(t);
	struct rt_sigframe *f = kmalloc(sizeof(*f), 0);
	union fp_frame *fp;

	if (!f)
		return -ENOMEM;
	if (copy_from_user(f, (const void __user *)tf->sp, sizeof(*f)))
		goto bad;
	fp = &f->uc.uc_mcontext.sc_fpregs;
	if (fp->q.reserved[0] || fp->q.reserved[1] || fp->q.reserved[2])
		goto bad;
	signal_set_mask(f->uc.uc_sigmask);
	memcpy(tf, &f->uc.uc_mcontext.sc_regs, sizeof(struct user_regs));
	memcpy(t->arch.fp.f, fp->d.f, sizeof(t->arch.fp.f));
	t->arch.fp.fcsr = fp->d.fcsr;
	irq_push_off();
	arch_reload_user_fp(t, tf);
	irq_pop_off();
	/* as Linux's restore_altstack: only a fault would matter, and there is none here */
	(void)signal_altstack_set(tf->sp, f->uc.uc_stack.ss_sp, f->uc.uc_stack.ss_size,
				  (unsigned int)f->uc.uc_stack.ss_flags);
	kfree(f);
	tf->cause = ~0UL;	/* not a system call to restart */
	return (long)tf->a0;
bad:
	kfree(f);
	signal_force(SIGSEGV, SI_KERNEL_K, 0);
	return 0;
}

static bool is_restart(long ret)
{
	return ret == -ERESTARTSYS || ret == -ERESTARTNOINTR || ret == -ERESTARTNOHAND ||
	       ret == -ERESTART_RESTARTBLOCK;
}

bool arch_signal_work(struct trap_frame *tf)
{
	return signal_work_pending(current) ||
	       (tf->cause == EXC_ECALL_U && is_restart((long)tf->a0));
}

void arch_do_signal(struct trap_frame *tf)
{
	bool syscall = tf->cause == EXC_ECALL_U;
	long ret = (long)tf->a0;
	struct ksignal ks;

	if (syscall)
		tf->cause = ~0UL;	/* fix up the result once */
	if (signal_get(&ks)) {
		if (syscall && is_restart(ret)) {
			if (ret == -ERESTARTNOHAND || ret == -ERESTART_RESTARTBLOCK ||
			    (ret == -ERESTARTSYS && !(ks.ka.flags & SA_RESTART_K))) {
				tf->a0 = (unsigned long)-EINTR;
			} else {
				tf->a0 = tf->orig_a0;
				tf->epc -= 4;
			}
		}
		if (setup_frame(tf, &ks)) {
			signal_force_sigsegv(ks.sig);
			return;
		}
		signal_handler_entered(&ks);
		return;
	}
	if (syscall && is_restart(ret)) {
		tf->a0 = tf->orig_a0;
		tf->epc -= 4;
		if (ret == -ERESTART_RESTARTBLOCK)
			tf->a7 = NR_RESTART_SYSCALL;
	}
	if (current->restore_sigmask) {
		current->restore_sigmask = false;
		signal_set_mask(current->saved_sigmask);
	}
}
