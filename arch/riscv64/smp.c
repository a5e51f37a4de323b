/*
 * Starting the other harts (SBI HSM) and inter-processor interrupts
 * (SBI IPI, arriving as supervisor software interrupts).
 */
#include <asm/smp.h>
#include <asm/sbi.h>
#include <asm/csr.h>
#include <asm/pgtable.h>
#include <asm/timer.h>
#include <asm/trap.h>
#include <asm/processor.h>
#include <asm/irq.h>
#include <kernel/cpu.h>
#include <kernel/thread.h>
#include <kernel/sched.h>
#include <kernel/irq.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/platform.h>
#include <mm/kmalloc.h>
#include <mm/kstack.h>

#define IPI_RESCHED	(1U << 0)
#define IPI_STOP	(1U << 1)

static uint32_t ipi_pending[NR_CPUS];	/* [a] */

extern char secondary_entry[];
void idle_thread_init(struct thread *t, struct cpu *c, uintptr_t kstack_top);
void cpu_setup_overflow_stack(struct cpu *c);

static void send_ipi(struct cpu *c, uint32_t what)
{
	__atomic_fetch_or(&ipi_pending[c->id], what, __ATOMIC_RELEASE);
	sbi_send_ipi(1, c->hartid);
}

void arch_send_resched_ipi(struct cpu *c)
{
	send_ipi(c, IPI_RESCHED);
}

void arch_send_stop_ipi_all(void)
{
	for (int i = 0; i < nr_cpus; i++)
		if (&cpus[i] != this_cpu() && cpus[i].online)
			send_ipi(&cpus[i], IPI_STOP);
}

void ipi_interrupt(void)
{
	uint32_t what;

	csr_clear(sip, SIE_SSIE);
	what = __atomic_exchange_n(&ipi_pending[cpu_id()], 0, __ATOMIC_ACQUIRE);
	if (what & IPI_STOP) {
		for (;;)
			wait_for_interrupt();
	}
	if (what & IPI_RESCHED)
		sched_ipi();
}

/* C entry of a secondary hart: on its idle thread's stack, tp = idle. */
void secondary_boot(unsigned long hartid)
{
	struct cpu *c = this_cpu();

	(void)hartid;
	trap_init_cpu();
	irq_init_cpu();
	arch_timer_init_cpu();
	__atomic_store_n(&c->online, true, __ATOMIC_RELEASE);
	arch_irq_enable();
	sched_start();
}

/* The idle thread of the hart being started, for head.S's late entry. */
extern unsigned long secondary_pending_idle;

static void start_one(const struct platform_cpu *pc)
{
	struct cpu *c = &cpus[nr_cpus];
	struct thread *idle = kmalloc(sizeof(*idle), GFP_KERNEL);
	uintptr_t top = kstack_alloc();
	long err;

	if (!idle || !top)
		panic("smp: no memory for hart %lu", (unsigned long)pc->hart_id);
	c->id = nr_cpus;
	c->hartid = pc->hart_id;
	idle_thread_init(idle, c, top);
	cpu_setup_overflow_stack(c);
	sched_init_cpu(idle);
	nr_cpus++;
	/* for a hart that OpenSBI sends to _start instead (see head.S) */
	secondary_pending_idle = (unsigned long)idle;
	__sync_synchronize();
	err = sbi_hart_start(pc->hart_id, kernel_virt_to_phys(secondary_entry),
			     (unsigned long)idle);
	if (err) {
		pr_warn("smp: hart %lu did not start (%ld)\n", (unsigned long)pc->hart_id, err);
		nr_cpus--;
		return;
	}
	while (!__atomic_load_n(&c->online, __ATOMIC_ACQUIRE))
		cpu_relax();
}

void smp_boot_secondaries_from(const struct platform *p)
{
	for (unsigned int i = 0; i < p->nr_cpus && nr_cpus < NR_CPUS; i++) {
		const struct platform_cpu *pc = &p->cpus[i];

		if (!pc->usable || pc->hart_id == cpus[0].hartid)
			continue;
		start_one(pc);
	}
}
