/* File-system limits of the Linux ABI. */
#ifndef UAPI_LINUX_LIMITS_H
#define UAPI_LINUX_LIMITS_H

#define NAME_MAX	255	/* bytes in a file name, without the NUL */
#define PATH_MAX	4096	/* bytes in a path, with the NUL */
#define PIPE_BUF	4096	/* bytes a pipe write keeps together */
#define MAXSYMLINKS	40	/* links followed in one path walk */
#define IOV_MAX		1024
#define NR_OPEN_DEFAULT	1024	/* RLIMIT_NOFILE soft limit */
#define NR_OPEN_MAX	(1U << 20)	/* the most fds a process may have (fs.nr_open) */

#endif
