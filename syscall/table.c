/*
 * The system-call table and dispatcher.
 *
 * The table is generated from syscall/syscall.tbl (see <syscall/syscall.h>):
 * one entry per number, holding a wrapper that narrows the six argument
 * registers to the handler's parameter types, the handler itself (a weak
 * reference, NULL until someone writes sys_NAME), the name and how to
 * trace the arguments. A number with no entry or no handler returns
 * -ENOSYS and says so on the console, once per number.
 */
#include <syscall/syscall.h>
#include <kernel/printk.h>
#include <lib/errno.h>

#include <generated/syscall_table.c>

#define BITS_PER_LONG	(8 * sizeof(unsigned long))

/*
 * One bit per number already reported; the last bit stands for every
 * number at or above NR_SYSCALLS, reported once.
 */
static unsigned long enosys_reported[DIV_ROUND_UP(NR_SYSCALLS + 1, BITS_PER_LONG)];	/* [a] */

/* True the first time it is called for bit. */
static bool first_report(unsigned long bit)
{
	unsigned long mask = 1UL << (bit % BITS_PER_LONG);
	unsigned long *word = &enosys_reported[bit / BITS_PER_LONG];

	if (__atomic_load_n(word, __ATOMIC_RELAXED) & mask)
		return false;
	return !(__atomic_fetch_or(word, mask, __ATOMIC_RELAXED) & mask);
}

const struct syscall_desc *syscall_lookup(unsigned long nr)
{
	if (nr >= NR_SYSCALLS || !syscall_table[nr].name)
		return NULL;
	return &syscall_table[nr];
}

static __noinline long syscall_enosys(unsigned long nr)
{
	const struct syscall_desc *d = syscall_lookup(nr);

	if (d) {
		if (first_report(nr))
			pr_warn("syscall %s (%lu) is not implemented\n", d->name, nr);
	} else if (first_report(MIN(nr, (unsigned long)NR_SYSCALLS))) {
		pr_warn("unknown syscall %lu%s\n", nr, nr >= NR_SYSCALLS ?
			" (the first one this high; no more are reported)" : "");
	}
	return -ENOSYS;
}

long syscall_call(unsigned long nr, const unsigned long args[SYSCALL_MAX_ARGS])
{
	const struct syscall_desc *d;

	if (unlikely(nr >= NR_SYSCALLS))
		return syscall_enosys(nr);
	d = &syscall_table[nr];
	if (unlikely(!d->handler))
		return syscall_enosys(nr);
	return d->call(d->handler, args);
}

long syscall_invoke(unsigned long nr, const unsigned long args[SYSCALL_MAX_ARGS])
{
	if (unlikely(READ_ONCE(syscall_trace_state) != SYSCALL_TRACE_OFF))
		return syscall_trace(nr, args);
	return syscall_call(nr, args);
}
