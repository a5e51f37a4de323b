/*
 * Error numbers. The kernel uses Linux's numbers everywhere, so the system
 * call layer returns them unchanged: functions return 0 or -Exxx.
 */
#ifndef LIB_ERRNO_H
#define LIB_ERRNO_H

#define EPERM		1
#define ENOENT		2
#define ESRCH		3
#define EINTR		4
#define EIO		5
#define ENXIO		6
#define E2BIG		7
#define ENOEXEC		8
#define EBADF		9
#define ECHILD		10
#define EAGAIN		11
#define ENOMEM		12
#define EACCES		13
#define EFAULT		14
#define ENOTBLK		15
#define EBUSY		16
#define EEXIST		17
#define EXDEV		18
#define ENODEV		19
#define ENOTDIR		20
#define EISDIR		21
#define EINVAL		22
#define ENFILE		23
#define EMFILE		24
#define ENOTTY		25
#define ETXTBSY		26
#define EFBIG		27
#define ENOSPC		28
#define ESPIPE		29
#define EROFS		30
#define EMLINK		31
#define EPIPE		32
#define EDOM		33
#define ERANGE		34
#define EDEADLK		35
#define ENAMETOOLONG	36
#define ENOLCK		37
#define ENOSYS		38
#define ENOTEMPTY	39
#define ELOOP		40
#define ENOMSG		42
#define ENODATA		61
#define ETIME		62
#define EOVERFLOW	75
#define ELIBBAD		80	/* an interpreter exec cannot load */
#define EILSEQ		84
#define ENOTSOCK	88
#define EOPNOTSUPP	95
#define EADDRINUSE	98
#define ETIMEDOUT	110
#define ECONNREFUSED	111

/*
 * Kernel-internal: a sleep ended by a signal. The return to user turns
 * them into EINTR or a restart of the call (Linux's values and rules):
 * RESTARTSYS restarts if the handler has SA_RESTART (or none runs),
 * RESTARTNOINTR always, RESTARTNOHAND only when no handler runs;
 * RESTART_RESTARTBLOCK then goes on through restart_syscall with
 * current->restart_fn instead (a sleep's time left).
 */
#define ERESTARTSYS	512
#define ERESTARTNOINTR	513
#define ERESTARTNOHAND	514
#define ERESTART_RESTARTBLOCK 516

#define MAX_ERRNO	4095
#define IS_ERR_VALUE(x)	((unsigned long)(x) >= (unsigned long)-MAX_ERRNO)

static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline int IS_ERR(const void *ptr) { return IS_ERR_VALUE((unsigned long)ptr); }

#endif
