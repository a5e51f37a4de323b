/*
 * System-call tracing: with "strace" on the kernel command line every call
 * prints one line, in the format of qemu-riscv64 -strace:
 *
 *	12 openat(-100, "/etc/passwd", 0x80000, 0) = 3
 *	12 read(3, 0x3fffffe000, 4096) = -1 errno=14 (EFAULT)
 *
 * The call is formatted before it runs (its strings may not survive it:
 * execve replaces the address space) and printed with its result after.
 * Calls that do not return on success (exit, exit_group, execve) print
 * their line before, and a second "TID name = result" line if they return.
 *
 * When tracing is off the only cost is the one test in syscall_invoke.
 */
#include <syscall/syscall.h>
#include <kernel/cmdline.h>
#include <kernel/printk.h>
#include <kernel/thread.h>
#include <asm/current.h>
#include <mm/uaccess.h>
#include <lib/errno.h>
#include <lib/printf.h>
#include <lib/string.h>

#define TRACE_STR_MAX	64	/* characters of a string shown before "..." */
#define TRACE_CALL_MAX	400	/* "name(args)" */
#define TRACE_RET_MAX	48	/* "= result" */

int syscall_trace_state = SYSCALL_TRACE_UNDECIDED;

void syscall_trace_set(bool on)
{
	WRITE_ONCE(syscall_trace_state, on ? SYSCALL_TRACE_ON : SYSCALL_TRACE_OFF);
}

static const char *const errno_names[] = {
	[1] = "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG",
	"ENOEXEC", "EBADF", "ECHILD", "EAGAIN", "ENOMEM", "EACCES", "EFAULT",
	"ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR", "EISDIR",
	"EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC",
	"ESPIPE", "EROFS", "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK",
	"ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP",
	[42] = "ENOMSG", "EIDRM", "ECHRNG", "EL2NSYNC", "EL3HLT", "EL3RST",
	"ELNRNG", "EUNATCH", "ENOCSI", "EL2HLT", "EBADE", "EBADR", "EXFULL",
	"ENOANO", "EBADRQC", "EBADSLT",
	[59] = "EBFONT", "ENOSTR", "ENODATA", "ETIME", "ENOSR", "ENONET",
	"ENOPKG", "EREMOTE", "ENOLINK", "EADV", "ESRMNT", "ECOMM", "EPROTO",
	"EMULTIHOP", "EDOTDOT", "EBADMSG", "EOVERFLOW", "ENOTUNIQ", "EBADFD",
	"EREMCHG", "ELIBACC", "ELIBBAD", "ELIBSCN", "ELIBMAX", "ELIBEXEC",
	"EILSEQ", "ERESTART", "ESTRPIPE", "EUSERS", "ENOTSOCK", "EDESTADDRREQ",
	"EMSGSIZE", "EPROTOTYPE", "ENOPROTOOPT", "EPROTONOSUPPORT",
	"ESOCKTNOSUPPORT", "EOPNOTSUPP", "EPFNOSUPPORT", "EAFNOSUPPORT",
	"EADDRINUSE", "EADDRNOTAVAIL", "ENETDOWN", "ENETUNREACH", "ENETRESET",
	"ECONNABORTED", "ECONNRESET", "ENOBUFS", "EISCONN", "ENOTCONN",
	"ESHUTDOWN", "ETOOMANYREFS", "ETIMEDOUT", "ECONNREFUSED", "EHOSTDOWN",
	"EHOSTUNREACH", "EALREADY", "EINPROGRESS", "ESTALE", "EUCLEAN",
	"ENOTNAM", "ENAVAIL", "EISNAM", "EREMOTEIO", "EDQUOT", "ENOMEDIUM",
	"EMEDIUMTYPE", "ECANCELED", "ENOKEY", "EKEYEXPIRED", "EKEYREVOKED",
	"EKEYREJECTED", "EOWNERDEAD", "ENOTRECOVERABLE", "ERFKILL", "EHWPOISON",
};

/* Kernel-internal numbers (include/linux/errno.h) that should not escape. */
static const char *const errno_internal[] = {
	"ERESTARTSYS", "ERESTARTNOINTR", "ERESTARTNOHAND", "ENOIOCTLCMD",
	"ERESTART_RESTARTBLOCK",
};
#define ERRNO_INTERNAL_BASE	512

static const char *errno_name(long e)
{
	if (e > 0 && e < (long)ARRAY_SIZE(errno_names) && errno_names[e])
		return errno_names[e];
	if (e >= ERRNO_INTERNAL_BASE &&
	    e < ERRNO_INTERNAL_BASE + (long)ARRAY_SIZE(errno_internal))
		return errno_internal[e - ERRNO_INTERNAL_BASE];
	return "?";
}

/* An output buffer that stops filling when full but keeps counting. */
struct out {
	char *buf;
	size_t size;
	size_t len;
};

static __printf(2, 3) void out_printf(struct out *o, const char *fmt, ...)
{
	size_t room = o->len < o->size ? o->size - o->len : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n;
}

static void out_string(struct out *o, unsigned long uptr)
{
	char s[TRACE_STR_MAX + 2];
	long n;

	if (!uptr) {
		out_printf(o, "NULL");
		return;
	}
	n = strncpy_from_user(s, (const char __user *)uptr, TRACE_STR_MAX + 1);
	if (n < 0 && n != -ENAMETOOLONG) {	/* unreadable: show the address */
		out_printf(o, "0x%lx", uptr);
		return;
	}
	s[TRACE_STR_MAX] = '\0';
	out_printf(o, "\"");
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '"' || c == '\\')
			out_printf(o, "\\%c", c);
		else if (c == '\n')
			out_printf(o, "\\n");
		else if (c == '\t')
			out_printf(o, "\\t");
		else if (c < 0x20 || c >= 0x7f)
			out_printf(o, "\\x%02x", c);
		else
			out_printf(o, "%c", c);
	}
	out_printf(o, n < 0 ? "\"..." : "\"");
}

static void out_arg(struct out *o, uint8_t arg, unsigned long v)
{
	unsigned int size = SC_ARG_SIZE(arg);

	if (size == 2)
		v = (unsigned short)v;
	else if (size == 4)
		v = SC_ARG_KIND(arg) == SC_ARG_SDEC ? (unsigned long)(long)(int)v
						    : (unsigned int)v;
	switch (SC_ARG_KIND(arg)) {
	case SC_ARG_SDEC:
		out_printf(o, "%ld", (long)v);
		break;
	case SC_ARG_UDEC:
		out_printf(o, "%lu", v);
		break;
	case SC_ARG_OCT:
		out_printf(o, v ? "0%lo" : "%lu", v);
		break;
	case SC_ARG_PTR:
		if (!v) {
			out_printf(o, "NULL");
			break;
		}
		/* fall through */
	case SC_ARG_HEX:
		out_printf(o, "0x%lx", v);
		break;
	case SC_ARG_STR:
		out_string(o, v);
		break;
	}
}

size_t syscall_format_call(char *buf, size_t size, unsigned long nr,
			   const unsigned long args[SYSCALL_MAX_ARGS])
{
	const struct syscall_desc *d = syscall_lookup(nr);
	struct out o = { buf, size, 0 };

	if (!d) {
		/* Unknown: all six registers, since nothing says how many. */
		out_printf(&o, "syscall_%lu(", nr);
		for (unsigned int i = 0; i < SYSCALL_MAX_ARGS; i++)
			out_printf(&o, "%s0x%lx", i ? ", " : "", args[i]);
	} else {
		out_printf(&o, "%s(", d->name);
		for (unsigned int i = 0; i < d->nargs; i++) {
			if (i)
				out_printf(&o, ", ");
			out_arg(&o, d->arg[i], args[i]);
		}
	}
	out_printf(&o, ")");
	return MIN(o.len, size ? size - 1 : 0);
}

size_t syscall_format_result(char *buf, size_t size, unsigned long nr, long ret)
{
	const struct syscall_desc *d = syscall_lookup(nr);
	struct out o = { buf, size, 0 };

	if (IS_ERR_VALUE(ret))
		out_printf(&o, "= -1 errno=%ld (%s)", -ret, errno_name(-ret));
	else if (d && (d->flags & SC_RET_ADDR))
		out_printf(&o, "= 0x%lx", (unsigned long)ret);
	else
		out_printf(&o, "= %ld", ret);
	return MIN(o.len, size ? size - 1 : 0);
}

long syscall_trace(unsigned long nr, const unsigned long args[SYSCALL_MAX_ARGS])
{
	const struct syscall_desc *d;
	char call[TRACE_CALL_MAX], ret_text[TRACE_RET_MAX];
	int tid = current->tid;
	long ret;

	if (READ_ONCE(syscall_trace_state) == SYSCALL_TRACE_UNDECIDED) {
		bool on = cmdline_has("strace");

		syscall_trace_set(on);
		if (!on)
			return syscall_call(nr, args);
	}
	d = syscall_lookup(nr);
	syscall_format_call(call, sizeof(call), nr, args);
	if (d && (d->flags & SC_NORETURN))
		pr_info("%d %s\n", tid, call);
	ret = syscall_call(nr, args);
	syscall_format_result(ret_text, sizeof(ret_text), nr, ret);
	if (d && (d->flags & SC_NORETURN))
		pr_info("%d %s %s\n", tid, d->name, ret_text);
	else
		pr_info("%d %s %s\n", tid, call, ret_text);
	return ret;
}
