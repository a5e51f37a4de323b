/*
 * System calls: the table, the dispatcher and tracing.
 *
 * syscall/syscall.tbl lists every riscv64 Linux 6.1 system call with the
 * parameters of its handler; tools/gensyscalls.py turns it into
 * <generated/syscalls.h> (one prototype per call) and the table in
 * syscall/table.c. A handler is written anywhere under syscall/ as
 *
 *	long sys_read(unsigned int fd, char __user *buf, size_t count)
 *
 * with exactly the prototype's types; a call that nobody implements has no
 * handler (the table refers to handlers weakly) and returns -ENOSYS, with
 * one "not implemented" line per call on the console.
 *
 * The word "strace" on the kernel command line traces every call, one
 * line each, as qemu-riscv64 -strace does:
 *	TID name(arg, arg, ...) = result
 */
#ifndef SYSCALL_SYSCALL_H
#define SYSCALL_SYSCALL_H

#include <lib/compiler.h>
#include <syscall/types.h>
#include <generated/syscalls.h>		/* sys_* prototypes, NR_SYSCALLS */

#define SYSCALL_MAX_ARGS	6

/*
 * Run system call nr with the six argument registers a0-a5 and return what
 * goes back in a0: the handler's result, or -ENOSYS for a number that is
 * not a system call or has no handler.
 */
long syscall_invoke(unsigned long nr, const unsigned long args[SYSCALL_MAX_ARGS]);

/* Turn tracing on or off (the first call reads the command line). */
void syscall_trace_set(bool on);

/* --- the table, for syscall/ and tests ------------------------------------ */

/* How the tracer prints an argument: the low 4 bits of an arg byte. */
enum syscall_arg_kind {
	SC_ARG_SDEC,		/* signed decimal */
	SC_ARG_UDEC,		/* unsigned decimal */
	SC_ARG_HEX,		/* flags, addresses */
	SC_ARG_OCT,		/* file modes */
	SC_ARG_PTR,		/* user pointer: NULL or hex */
	SC_ARG_STR,		/* NUL-terminated user string (a path, a name) */
};
/* An arg byte: the kind and the C type's size in bytes (2, 4 or 8). */
#define SC_ARG(kind, size)	((uint8_t)((kind) | (size) << 4))
#define SC_ARG_KIND(arg)	((arg) & 0xf)
#define SC_ARG_SIZE(arg)	((arg) >> 4)

/* syscall_desc.flags */
#define SC_NORETURN	0x1	/* does not return on success: trace before */
#define SC_RET_ADDR	0x2	/* the result is an address: trace in hex */

struct syscall_desc {
	/* Convert the registers to the declared types and call fn. */
	long (*call)(const void *fn, const unsigned long args[SYSCALL_MAX_ARGS]);
	const void *handler;	/* sys_NAME, NULL if no one defines it */
	const char *name;	/* NULL: no system call has this number */
	uint8_t nargs;
	uint8_t flags;
	uint8_t arg[SYSCALL_MAX_ARGS];	/* SC_ARG(kind, size) */
};

extern const struct syscall_desc syscall_table[NR_SYSCALLS];

/* The entry of a system-call number, NULL for a number that is none. */
const struct syscall_desc *syscall_lookup(unsigned long nr);

/* The dispatcher without tracing (syscall/table.c). */
long syscall_call(unsigned long nr, const unsigned long args[SYSCALL_MAX_ARGS]);

/*
 * Tracing (syscall/trace.c). syscall_invoke takes the traced path whenever
 * syscall_trace_state is not SYSCALL_TRACE_OFF; it starts undecided.
 */
enum { SYSCALL_TRACE_OFF, SYSCALL_TRACE_ON, SYSCALL_TRACE_UNDECIDED };
extern int syscall_trace_state;		/* [a] */
long syscall_trace(unsigned long nr, const unsigned long args[SYSCALL_MAX_ARGS]);

/*
 * Format "name(arg, ...)" and "= result" for a trace line into buf;
 * return the length (truncated output still ends with a NUL). Strings are
 * read from the current address space.
 */
size_t syscall_format_call(char *buf, size_t size, unsigned long nr,
			   const unsigned long args[SYSCALL_MAX_ARGS]);
size_t syscall_format_result(char *buf, size_t size, unsigned long nr, long ret);

#endif
