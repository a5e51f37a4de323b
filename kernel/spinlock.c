/*
 * Spinlocks and nested interrupt disabling (the xv6 push_off/pop_off
 * scheme). The lock word is a test-and-test-and-set with acquire/release
 * ordering. Debug builds keep a stack of held locks per cpu to catch
 * recursion, foreign unlocks and lock-order inversions as they happen.
 */
#include <kernel/spinlock.h>
#include <kernel/cpu.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <asm/irq.h>
#include <asm/processor.h>

void irq_push_off(void)
{
	unsigned long was_on = arch_irq_save();
	struct cpu *c = this_cpu();

	if (c->irq_depth++ == 0)
		c->irq_was_on = was_on != 0;
}

void irq_pop_off(void)
{
	struct cpu *c = this_cpu();

	if (arch_irqs_enabled())
		panic("irq_pop_off: interrupts on");
	if (c->irq_depth < 1)
		panic("irq_pop_off: unbalanced");
	if (--c->irq_depth == 0 && c->irq_was_on)
		arch_irq_enable();
}

void spin_init(struct spinlock *l, const char *name, int level)
{
	l->locked = 0;
	l->cpu = -1;
	l->level = (uint16_t)level;
	l->name = name;
}

bool spin_holding(const struct spinlock *l)
{
	return READ_ONCE(l->locked) && l->cpu == this_cpu()->id;
}

static void check_order(struct cpu *c, struct spinlock *l, bool nested)
{
	for (int i = 0; i < c->nheld; i++) {
		struct spinlock *h = c->held[i];

		if (h == l)
			panic("spinlock %s: taken twice on cpu %d", l->name, c->id);
		if (!l->level || !h->level)
			continue;
		if (h->level > l->level || (h->level == l->level && !nested))
			panic("lock order: %s (level %d) taken while holding %s (level %d)",
			      l->name, l->level, h->name, h->level);
	}
	if (c->nheld == CPU_MAX_HELD_LOCKS)
		panic("too many locks held on cpu %d", c->id);
}

static void lock_acquired(struct spinlock *l)
{
	struct cpu *c = this_cpu();

	l->cpu = (int16_t)c->id;
	if (DEBUG_BUILD && c->nheld < CPU_MAX_HELD_LOCKS)
		c->held[c->nheld++] = l;
}

static void do_lock(struct spinlock *l, bool nested)
{
	irq_push_off();
	if (DEBUG_BUILD)
		check_order(this_cpu(), l, nested);
	for (;;) {
		if (!__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
			break;
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			cpu_relax();
	}
	lock_acquired(l);
}

void spin_lock(struct spinlock *l)
{
	do_lock(l, false);
}

void spin_lock_nested(struct spinlock *l)
{
	do_lock(l, true);
}

bool spin_trylock(struct spinlock *l)
{
	irq_push_off();
	if (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)) {
		irq_pop_off();
		return false;
	}
	lock_acquired(l);
	return true;
}

static void forget_held(struct cpu *c, struct spinlock *l)
{
	for (int i = c->nheld - 1; i >= 0; i--) {
		if (c->held[i] != l)
			continue;
		for (int j = i; j < c->nheld - 1; j++)
			c->held[j] = c->held[j + 1];
		c->nheld--;
		return;
	}
	panic("spinlock %s: released but not held on cpu %d", l->name, c->id);
}

void spin_unlock(struct spinlock *l)
{
	struct cpu *c = this_cpu();

	if (DEBUG_BUILD) {
		if (!__atomic_load_n(&l->locked, __ATOMIC_RELAXED) || l->cpu != c->id)
			panic("spinlock %s: released by cpu %d, held by %d",
			      l->name, c->id, l->cpu);
		forget_held(c, l);
	}
	l->cpu = -1;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	irq_pop_off();
}

void spin_forget_all(void)
{
	this_cpu()->nheld = 0;
}
