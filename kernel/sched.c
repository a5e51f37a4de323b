/*
 * Run queues and context switching (see <kernel/sched.h> for the design).
 *
 * A switch happens with the cpu's run queue lock held and interrupts off;
 * the lock is handed over the switch and the thread that resumes releases
 * it in finish_switch(), then frees the thread it switched from if that
 * one exited. A thread's "interrupts were on" bit is saved across the
 * switch, as xv6 does, since the nesting count belongs to the cpu.
 */
#include <kernel/sched.h>
#include <kernel/cpu.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/pid.h>
#include <kernel/time.h>
#include <mm/vm.h>
#include <asm/trap.h>
#include <mm/kmalloc.h>
#include <mm/kstack.h>
#include <lib/string.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <asm/smp.h>

struct run_queue {
	struct spinlock lock;
	struct list_head queue;		/* [lock] runnable, not running */
	unsigned int nr_queued;		/* [lock] */
	unsigned int slice;		/* [c] ticks left for current */
	bool need_resched;		/* [c] */
};

static struct run_queue rqs[NR_CPUS];
static int nr_threads;			/* [a] created and not yet freed */

struct thread *switch_to(struct thread *prev, struct thread *next);
void thread_start(void);
void thread_first_run(struct thread *last, void (*fn)(void *), void *arg) __noreturn;

static struct run_queue *this_rq(void)
{
	return &rqs[cpu_id()];
}

/* Lock the run queue of the cpu we run on: no migration in between. */
static void lock_this_rq(void)
{
	irq_push_off();
	spin_lock(&this_rq()->lock);
	irq_pop_off();
}

void wait_queue_init(struct wait_queue *wq)
{
	spin_init(&wq->lock, "waitq", LOCK_WAITQ);
	list_init(&wq->waiters);
}

int sched_nr_threads(void)
{
	return __atomic_load_n(&nr_threads, __ATOMIC_ACQUIRE);
}

unsigned int sched_nr_running(int cpu)
{
	return READ_ONCE(rqs[cpu].nr_queued);
}

static void enqueue(struct run_queue *rq, struct thread *t)
{
	if (t->state != THREAD_RUNNABLE || !list_empty(&t->run_node))
		panic("sched: enqueue of thread %s (tid %d) in state %d%s", t->name, t->tid,
		      t->state, list_empty(&t->run_node) ? "" : ", queued");
	list_add_tail(&t->run_node, &rq->queue);
	rq->nr_queued++;
}

static struct thread *dequeue(struct run_queue *rq)
{
	struct thread *t;

	if (list_empty(&rq->queue))
		return NULL;
	t = list_first_entry(&rq->queue, struct thread, run_node);
	list_del(&t->run_node);
	rq->nr_queued--;
	return t;
}

void thread_free(struct thread *t)
{
	if (t->state == THREAD_FREED)
		panic("sched: thread %s (tid %d) freed twice, first from %lx", t->name, t->tid,
		      (unsigned long)t->freed_by);
	t->state = THREAD_FREED;
	t->freed_by = __builtin_return_address(0);
	kstack_free(t->kstack_top);
	if (!t->keeps_tid)
		pid_free(t->tid);
	kfree(t);
	__atomic_fetch_sub(&nr_threads, 1, __ATOMIC_RELEASE);
}

/*
 * In the thread that got the cpu: save the user state of 'last' while
 * its run queue lock still keeps other cpus from running it, drop the
 * handed-over lock, reap 'last' if it exited, then load our own user
 * state (address space, FP registers).
 */
static void finish_switch(struct thread *last)
{
	uint64_t now = time_ns();
	bool reap = false;
	int migrate = -1;

	if (last) {
		/*
		 * Decide what to do with 'last' while the lock still holds it:
		 * once it is dropped a sleeping 'last' can be woken elsewhere,
		 * run, exit and be reaped there.
		 */
		reap = last->state == THREAD_DEAD;
		if (!reap && last->migrate_to >= 0 && last->state == THREAD_RUNNABLE) {
			migrate = last->migrate_to;
			last->migrate_to = -1;
		}
		if (last->proc && !reap)
			arch_save_user_state(last);
		last->stime_ns += now - last->acct_stamp;
		last->on_cpu = false;
	}
	current->acct_stamp = now;
	spin_unlock(&this_rq()->lock);
	if (reap)
		thread_free(last);
	else if (migrate >= 0)
		thread_start_on(last, migrate);
	if (current->mm) {
		irq_push_off();
		mm_switch(current->mm);
		arch_load_user_state(current);
		irq_pop_off();
	}
}

/*
 * Switch away from current. Caller holds this cpu's rq lock and nothing
 * else, and has set current->state. Returns (in current, when it runs
 * again) the thread switched from, or NULL if no switch happened.
 */
static struct thread *switch_locked(void)
{
	struct run_queue *rq = this_rq();
	struct thread *prev = current, *next;
	struct cpu *c = this_cpu();
	bool was_on;

	if (c->irq_depth != 1)
		panic("schedule with %d locks held", c->irq_depth - 1);
	if (prev->state == THREAD_RUNNABLE && !prev->is_idle && prev->migrate_to < 0)
		enqueue(rq, prev);	/* (a migrating one is queued by finish_switch) */
	next = dequeue(rq);
	if (!next)
		next = c->idle;
	rq->slice = next->nice < 0 ? 2 * SCHED_SLICE_TICKS :
		    next->nice > 0 ? SCHED_SLICE_TICKS / 2 : SCHED_SLICE_TICKS;
	rq->need_resched = false;
	if (next == prev)
		return NULL;
	if (next->on_cpu)
		panic("sched: thread %s (tid %d) is already running", next->name, next->tid);
	next->cpu = c;
	next->on_cpu = true;
	c->curr = next;
	was_on = c->irq_was_on;
	prev = switch_to(prev, next);
	this_cpu()->irq_was_on = was_on;
	return prev;
}

void schedule(void)
{
	lock_this_rq();
	finish_switch(switch_locked());
}

void sleep_locked(struct wait_queue *wq)
{
	spin_lock(&this_rq()->lock);
	spin_unlock(&wq->lock);
	if (current->wake_token) {
		/* woken (by a timer or a kill) before we got here */
		current->wake_token = false;
		spin_unlock(&this_rq()->lock);
		return;
	}
	current->state = THREAD_SLEEPING;
	finish_switch(switch_locked());
}

int thread_set_affinity(struct thread *t, unsigned long mask)
{
	unsigned long online = 0;

	for (int i = 0; i < nr_cpus; i++)
		if (cpus[i].online)
			online |= 1UL << i;
	mask &= online;
	if (!mask)
		return -EINVAL;
	WRITE_ONCE(t->cpus_allowed, mask);
	if (t == current) {
		irq_push_off();
		if (!(mask & (1UL << cpu_id()))) {
			t->migrate_to = __builtin_ctzl(mask);
			irq_pop_off();
			schedule();
			return 0;
		}
		irq_pop_off();
	}
	return 0;
}

void thread_sleep(void)
{
	lock_this_rq();
	if (current->wake_token) {
		current->wake_token = false;
		spin_unlock(&this_rq()->lock);
		return;
	}
	current->state = THREAD_SLEEPING;
	finish_switch(switch_locked());
}

void thread_wake(struct thread *t)
{
	struct run_queue *rq;

	/* t->cpu changes only under its run queue's lock: lock, then check */
	for (;;) {
		struct cpu *c = READ_ONCE(t->cpu);

		rq = &rqs[c->id];
		spin_lock(&rq->lock);
		if (READ_ONCE(t->cpu) == c)
			break;
		spin_unlock(&rq->lock);
	}
	if (t->state == THREAD_SLEEPING) {
		t->state = THREAD_RUNNABLE;
		enqueue(rq, t);
		if (rq == this_rq())
			rq->need_resched = rq->need_resched || current->is_idle;
		else
			arch_send_resched_ipi(t->cpu);
	} else if (t->state == THREAD_RUNNABLE) {
		t->wake_token = true;
	}
	spin_unlock(&rq->lock);
}

/* Wake the thread waiters (all, or the first); funcs are called and stay. wq locked. */
static void wake_waiters(struct wait_queue *wq, bool all)
{
	struct waiter *w, *next;

	list_for_each_entry_safe(w, next, &wq->waiters, node) {
		if (w->func) {
			w->func(w);
			continue;
		}
		list_del(&w->node);
		thread_wake(w->thread);
		if (!all)
			break;
	}
}

void wake_up_all_locked(struct wait_queue *wq)
{
	wake_waiters(wq, true);
}

void wake_up_all(struct wait_queue *wq)
{
	spin_lock(&wq->lock);
	wake_waiters(wq, true);
	spin_unlock(&wq->lock);
}

void wake_up_all_nested(struct wait_queue *wq)
{
	spin_lock_nested(&wq->lock);
	wake_waiters(wq, true);
	spin_unlock(&wq->lock);
}

void wake_up_one(struct wait_queue *wq)
{
	spin_lock(&wq->lock);
	wake_waiters(wq, false);
	spin_unlock(&wq->lock);
}

void sched_tick(void)
{
	struct run_queue *rq = this_rq();

	if (rq->slice > 0)
		rq->slice--;
	if (rq->slice == 0 && READ_ONCE(rq->nr_queued) > 0)
		rq->need_resched = true;
}

/* Another cpu queued work here: an idle cpu takes it at interrupt exit. */
void sched_ipi(void)
{
	if (current->is_idle)
		this_rq()->need_resched = true;
}

bool sched_need_resched(void)
{
	return this_rq()->need_resched;
}

/* At the end of an interrupt, with interrupts still off. */
void sched_preempt_check(void)
{
	if (this_rq()->need_resched)
		schedule();
}

void sched_yield_cpu(void)
{
	schedule();
}

static void thread_init(struct thread *t, const char *name)
{
	memset(t, 0, sizeof(*t));
	t->state = THREAD_RUNNABLE;
	strlcpy(t->name, name, sizeof(t->name));
	list_init(&t->run_node);
	list_init(&t->proc_node);
	t->arch.fp_cpu = -1;
	t->cpus_allowed = ~0UL;
	t->migrate_to = -1;
	t->acct_stamp = time_ns();
}

static int least_loaded_cpu(unsigned long allowed)
{
	int best = -1;

	for (int i = 0; i < nr_cpus; i++) {
		if (!cpus[i].online || !(allowed & (1UL << i)))
			continue;
		if (best < 0 || sched_nr_running(i) < sched_nr_running(best))
			best = i;
	}
	return best < 0 ? 0 : best;
}

struct thread *thread_alloc(const char *name, void (*fn)(void *), void *arg)
{
	struct thread *t = kmalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return NULL;
	thread_init(t, name);
	t->tid = pid_alloc();
	if (t->tid < 0) {
		kfree(t);
		return NULL;
	}
	t->kstack_top = kstack_alloc();
	if (!t->kstack_top) {
		pid_free(t->tid);
		kfree(t);
		return NULL;
	}
	__atomic_fetch_add(&nr_threads, 1, __ATOMIC_RELAXED);
	t->entry = fn;
	t->arg = arg;
	/* not started: RUNNABLE and on no queue, so a wakeup only leaves a token */
	t->cpu = this_cpu();
	t->arch.ctx.ra = (unsigned long)thread_start;
	/* the top of every stack is kept for a user trap frame */
	t->arch.ctx.sp = (unsigned long)user_frame(t);
	t->arch.ctx.s[0] = (unsigned long)fn;
	t->arch.ctx.s[1] = (unsigned long)arg;
	return t;
}

void thread_start_on(struct thread *t, int cpu)
{
	struct run_queue *rq;

	if (cpu < 0 || cpu >= nr_cpus || !cpus[cpu].online ||
	    !(t->cpus_allowed & (1UL << cpu)))
		cpu = least_loaded_cpu(t->cpus_allowed);
	rq = &rqs[cpu];
	spin_lock(&rq->lock);
	t->cpu = &cpus[cpu];
	enqueue(rq, t);
	spin_unlock(&rq->lock);
	if (cpu != cpu_id())
		arch_send_resched_ipi(&cpus[cpu]);
}

struct thread *kthread_create(const char *name, void (*fn)(void *), void *arg, int cpu)
{
	struct thread *t = thread_alloc(name, fn, arg);

	if (t)
		thread_start_on(t, cpu);
	return t;
}

void thread_first_run(struct thread *last, void (*fn)(void *), void *arg)
{
	this_cpu()->irq_was_on = true;
	finish_switch(last);
	fn(arg);
	thread_exit();
}

void thread_exit(void)
{
	lock_this_rq();
	current->state = THREAD_DEAD;
	switch_locked();
	panic("dead thread %s ran again", current->name);
}

/* Move one queued thread from the busiest other cpu to this idle one. */
static void steal_work(void)
{
	int self = cpu_id(), busiest = -1;
	unsigned int most = 0;
	struct run_queue *a, *b;
	struct thread *t;

	for (int i = 0; i < nr_cpus; i++) {
		unsigned int queued = sched_nr_running(i);

		/* an idle cpu with one queued thread is about to run it */
		if (READ_ONCE(cpus[i].curr)->is_idle && queued < 2)
			continue;
		if (i != self && queued > most) {
			most = queued;
			busiest = i;
		}
	}
	if (busiest < 0)
		return;
	a = &rqs[MIN(self, busiest)];
	b = &rqs[MAX(self, busiest)];
	spin_lock(&a->lock);
	spin_lock_nested(&b->lock);
	list_for_each_entry(t, &rqs[busiest].queue, run_node) {
		if (!(t->cpus_allowed & (1UL << self)))
			continue;
		list_del(&t->run_node);
		rqs[busiest].nr_queued--;
		t->cpu = this_cpu();
		enqueue(this_rq(), t);
		break;
	}
	spin_unlock(&b->lock);
	spin_unlock(&a->lock);
}

void sched_init_cpu(struct thread *idle)
{
	struct run_queue *rq = &rqs[idle->cpu->id];

	spin_init(&rq->lock, "runqueue", LOCK_SCHED);
	list_init(&rq->queue);
	rq->slice = SCHED_SLICE_TICKS;
}

/* The idle loop: run queued work, else take some, else wait. */
void sched_start(void)
{
	for (;;) {
		if (sched_nr_running(cpu_id()) == 0)
			steal_work();
		arch_irq_disable();
		if (sched_nr_running(cpu_id()) > 0) {
			arch_irq_enable();
			schedule();
			continue;
		}
		wait_for_interrupt();
		arch_irq_enable();
	}
}

/* Set up the thread struct of a cpu's boot/idle context. */
void idle_thread_init(struct thread *t, struct cpu *c, uintptr_t kstack_top)
{
	thread_init(t, "idle");
	t->is_idle = true;
	t->cpu = c;
	t->kstack_top = kstack_top;
	c->idle = t;
	t->on_cpu = true;
	c->curr = t;
}
