/*
 * What the parts of the benchmark program share (user/bench/bench.c has
 * the design): the row loops, their timing and output, and the files and
 * sizes they use.
 */
#ifndef BENCH_H
#define BENCH_H

#define _GNU_SOURCE
#include <stdint.h>
#include <sys/types.h>

#define NOP_PROGRAM	"/bin/bench-nop"	/* exits, or execs itself N times */
#define TMP_DIR		"/tmp"
#define TMP_FILE	TMP_DIR "/bench.file"	/* IO_SIZE bytes, for the file rows */
#define VFAT_DIR	"/mnt/vfat"
#define EXT4_DIR	"/mnt/ext4"
#define VFAT_DEV	"/dev/vda1"
#define EXT4_DEV	"/dev/vda2"

#define CHUNK		(64 * 1024)		/* pipe and file throughput */
#define FILE_WRAP	(16 * 1024 * 1024)	/* throughput files stay below */
#define IO_SIZE		4096			/* pread, pwrite, write+fsync */
#define FAULT_PAGES	1024			/* one mapping of the fault row */
#define MAP_SIZE	(64 * 1024)		/* the munmap and mmap rows */

extern long page_size;
extern char chunk[CHUNK];		/* CHUNK bytes of 'x' */

/*
 * A row's loop does n operations and returns how long they took, in ns,
 * timing only what the row measures; or -errno when an operation failed.
 */
typedef int64_t (*loop_fn)(long n);

int64_t now_ns(void);
void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void na(const char *name, const char *what, int err);
double measure(loop_fn loop);
void report(const char *name, loop_fn loop, long bytes);
int64_t reap(pid_t pid);

/* sys.c: system calls, devices, pipes, signals */
int64_t loop_getppid(long n);
int64_t loop_getpid(long n);
int64_t loop_clock_libc(long n);
int64_t loop_clock_syscall(long n);
int64_t loop_sched_yield(long n);
int64_t loop_read_zero(long n);
int64_t loop_write_null(long n);
int64_t loop_pipe_self(long n);
int64_t loop_pipe_roundtrip(long n);
int64_t loop_pipe_bandwidth(long n);
int64_t loop_sigaction(long n);
int64_t loop_signal(long n);

/* files.c */
int64_t loop_open_close(long n);
int64_t loop_stat(long n);
int64_t loop_fstat(long n);
int64_t loop_create_unlink(long n);
int64_t loop_pread(long n);
int64_t loop_pwrite(long n);
void file_rows(const char *fs, const char *dir, int with_fsync, int mount_err);

/* procs.c: processes, threads, futexes, memory */
int64_t loop_fork(long n);
int64_t loop_fork_exec(long n);
int64_t loop_vfork_exec(long n);
int64_t loop_exec(long n);
int64_t loop_thread(long n);
int64_t loop_futex(long n);
int64_t loop_page_fault(long n);
int64_t loop_munmap(long n);
int64_t loop_mmap_munmap(long n);
int64_t loop_brk(long n);

#endif
