/*
 * The RISC-V side of user threads: their first entry to user mode, the
 * initial register state, and the FP registers across context switches
 * (and their reload when sigreturn changed them).
 *
 * FP registers are saved only when the thread dirtied them (sstatus.FS
 * in its trap frame says Dirty) and restored only when this cpu's FPU
 * does not already hold them (cpu->fp_owner and thread->arch.fp_cpu).
 */
#include <asm/trap.h>
#include <asm/csr.h>
#include <kernel/thread.h>
#include <kernel/cpu.h>
#include <lib/string.h>

void arch_init_user_frame(struct trap_frame *tf, uintptr_t pc, uintptr_t sp)
{
	unsigned long status = csr_read(sstatus);

	memset(tf, 0, sizeof(*tf));
	tf->epc = pc;
	tf->sp = sp;
	status &= ~(SSTATUS_SPP | SSTATUS_SIE | SSTATUS_SUM | SSTATUS_FS);
	tf->status = status | SSTATUS_SPIE | SSTATUS_FS_INITIAL;
}

void arch_set_tls(struct trap_frame *tf, uintptr_t tls)
{
	tf->tp = tls;
}

void arch_save_user_state(struct thread *t)
{
	struct trap_frame *tf = user_frame(t);

	if ((tf->status & SSTATUS_FS) != SSTATUS_FS_DIRTY)
		return;
	csr_set(sstatus, SSTATUS_FS_INITIAL);
	fp_save(&t->arch.fp);
	tf->status = (tf->status & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
}

void arch_load_user_state(struct thread *t)
{
	struct cpu *c = this_cpu();

	if (c->fp_owner == t && t->arch.fp_cpu == c->id)
		return;
	csr_set(sstatus, SSTATUS_FS_INITIAL);
	fp_restore(&t->arch.fp);
	c->fp_owner = t;
	t->arch.fp_cpu = c->id;
}

void arch_reload_user_fp(struct thread *t, struct trap_frame *tf)
{
	struct cpu *c = this_cpu();

	csr_set(sstatus, SSTATUS_FS_INITIAL);
	fp_restore(&t->arch.fp);
	c->fp_owner = t;
	t->arch.fp_cpu = c->id;
	tf->status = (tf->status & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
}
