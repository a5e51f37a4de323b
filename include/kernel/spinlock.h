/*
 * Spinlocks. Taking a lock disables interrupts on this CPU until the last
 * lock it holds is released (irq_push_off/irq_pop_off count the nesting),
 * so an interrupt handler can never spin on a lock its own CPU holds.
 *
 * Every lock has a level from <kernel/lockorder.h>. A CPU may only take a
 * lock whose level is higher than that of every ordered lock it holds;
 * debug builds (KERNEL_DEBUG) check this, and check that a lock is not
 * taken twice or released by a CPU that does not hold it.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include <lib/compiler.h>
#include <kernel/lockorder.h>

struct spinlock {
	uint32_t locked;	/* [a] 1 while held */
	int16_t cpu;		/* [l] id of the holding cpu, -1 when free */
	uint16_t level;		/* [I] lock order level, LOCK_UNORDERED for none */
	const char *name;	/* [I] for messages */
};

#define SPINLOCK_INIT(nm, lvl) \
	{ .locked = 0, .cpu = -1, .level = (lvl), .name = (nm) }

void spin_init(struct spinlock *l, const char *name, int level);
void spin_lock(struct spinlock *l);
/* Take a second lock of the same level: the order between them is the caller's. */
void spin_lock_nested(struct spinlock *l);
bool spin_trylock(struct spinlock *l);
void spin_unlock(struct spinlock *l);
/* True if this CPU holds l. Call with interrupts off. */
bool spin_holding(const struct spinlock *l);

/* Interrupt disabling that nests: off at the first push, restored at the last pop. */
void irq_push_off(void);
void irq_pop_off(void);

/* Drop every lock record of this CPU: only for the panic path. */
void spin_forget_all(void);

#endif
