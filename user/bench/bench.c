/*
 * lmbench-style micro-benchmarks of the Linux system-call interface, run
 * unchanged on this kernel and on Linux (tools/bench.py, docs/bench.md).
 * The rows live in sys.c, files.c and procs.c; this file times them and
 * runs them.
 *
 * Each row prints one line on stdout:
 *
 *	BENCH <name> <value> <unit>		unit: us (per operation), MB/s,
 *						ms or KiB (the start-up rows)
 *	BENCH <name> n/a <why>			the kernel cannot do it
 *
 * A row's loop stops at the first failing operation (ENOSYS, say): the
 * row is then n/a with the error, never a made-up number. The loop runs
 * with a growing count until one run takes CALIBRATE_NS, is scaled to
 * RUN_NS and run REPEATS times; the fastest run counts, since what gets
 * in the way of a benchmark (other work on the host) only ever slows it.
 * Times come from clock_gettime(CLOCK_MONOTONIC).
 *
 * As pid 1 (the initramfs's /init) it first mounts what it needs: proc,
 * devtmpfs, a tmpfs on /tmp, the disk's FAT32 partition (VFAT_DEV) on
 * VFAT_DIR and, where the kernel has ext4, EXT4_DEV on EXT4_DIR; at the
 * end it powers off with reboot(2). Run as another process it measures
 * what it finds (a missing mount makes those rows n/a).
 *
 * `bench NAME...` runs only the rows whose names start with a NAME;
 * arguments that name no row are ignored.
 */
#include "bench.h"
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CALIBRATE_NS	50000000LL	/* a run this long sets the count */
#define RUN_NS		100000000LL	/* each timed run aims at this */
#define REPEATS		3
#define MAX_COUNT	100000000L

long page_size;
char chunk[CHUNK];

/* --- time and output --------------------------------------------------------- */

int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void out(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > 0 && write(1, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1) < 0)
		_exit(2);
}

void na(const char *name, const char *what, int err)
{
	out("BENCH %s n/a %s: %s\n", name, what, strerrorname_np(err) ?: strerror(err));
}

/* The best time of one operation, in ns; or -errno. */
double measure(loop_fn loop)
{
	long n = 1;
	int64_t t, best;

	for (;;) {
		t = loop(n);
		if (t < 0)
			return (double)t;
		if (t >= CALIBRATE_NS || n >= MAX_COUNT)
			break;
		/* grow at most 100-fold a step, so a cold first run cannot overshoot */
		if (t * 100 < CALIBRATE_NS)
			n *= 100;
		else
			n = (long)((double)n * 1.2 * CALIBRATE_NS / (double)t) + 1;
	}
	n = (long)((double)n * RUN_NS / (double)t) + 1;
	best = INT64_MAX;
	for (int i = 0; i < REPEATS; i++) {
		t = loop(n);
		if (t < 0)
			return (double)t;
		if (t < best)
			best = t;
	}
	return (double)best / (double)n;
}

/* Run a row whose operation is `us` per op; `bytes` per op makes it MB/s. */
void report(const char *name, loop_fn loop, long bytes)
{
	double ns = measure(loop);

	if (ns < 0)
		na(name, "failed", (int)-ns);
	else if (bytes)
		out("BENCH %s %.1f MB/s\n", name, (double)bytes * 1000.0 / ns);
	else
		out("BENCH %s %.3f us\n", name, ns / 1000.0);
}


/* Wait for a child of a row, which must exit 0. */
int64_t reap(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -errno;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -ECHILD;
	return 0;
}
/* --- start-up ---------------------------------------------------------------------- */

static void clock_row(const char *name, clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts))
		na(name, "clock_gettime", errno);
	else
		out("BENCH %s %.1f ms\n", name, ts.tv_sec * 1e3 + ts.tv_nsec / 1e6);
}

/* MemTotal - MemAvailable from /proc/meminfo, else sysinfo's total - free */
static void mem_row(void)
{
	char buf[4096], *p;
	long total = -1, avail = -1;
	struct sysinfo si;
	int fd = open("/proc/meminfo", O_RDONLY);

	if (fd >= 0) {
		ssize_t len = read(fd, buf, sizeof(buf) - 1);

		close(fd);
		buf[len > 0 ? len : 0] = '\0';
		if ((p = strstr(buf, "MemTotal:")))
			total = strtol(p + 9, NULL, 10);
		if ((p = strstr(buf, "MemAvailable:")))
			avail = strtol(p + 13, NULL, 10);
		if (total >= 0 && avail >= 0) {
			out("BENCH mem_used %ld KiB\n", total - avail);
			return;
		}
	}
	if (sysinfo(&si))
		na("mem_used", "/proc/meminfo and sysinfo", errno);
	else
		out("BENCH mem_used %llu KiB\n",
		    (unsigned long long)(si.totalram - si.freeram) * si.mem_unit / 1024);
}

/* --- the rows ---------------------------------------------------------------------- */

struct row {
	const char *name;
	loop_fn loop;
	long bytes;	/* per operation, for MB/s rows */
};

static const struct row rows[] = {
	{ "null_syscall", loop_getppid, 0 },
	{ "getpid", loop_getpid, 0 },
	{ "clock_gettime_libc", loop_clock_libc, 0 },
	{ "clock_gettime_syscall", loop_clock_syscall, 0 },
	{ "read_zero_1B", loop_read_zero, 0 },
	{ "write_null_1B", loop_write_null, 0 },
	{ "pipe_write_read", loop_pipe_self, 0 },
	{ "pipe_roundtrip", loop_pipe_roundtrip, 0 },
	{ "pipe_bandwidth", loop_pipe_bandwidth, CHUNK },
	{ "sigaction", loop_sigaction, 0 },
	{ "signal_delivery", loop_signal, 0 },
	{ "open_close", loop_open_close, 0 },
	{ "stat", loop_stat, 0 },
	{ "fstat", loop_fstat, 0 },
	{ "create_unlink", loop_create_unlink, 0 },
	{ "pread_4k", loop_pread, 0 },
	{ "pwrite_4k", loop_pwrite, 0 },
	{ "fork_exit_wait", loop_fork, 0 },
	{ "fork_exec", loop_fork_exec, 0 },
	{ "vfork_exec", loop_vfork_exec, 0 },
	{ "exec", loop_exec, 0 },
	{ "thread_create_join", loop_thread, 0 },
	{ "futex_roundtrip", loop_futex, 0 },
	{ "page_fault", loop_page_fault, 0 },
	{ "munmap_64k", loop_munmap, 0 },
	{ "mmap_munmap_64k", loop_mmap_munmap, 0 },
	{ "brk", loop_brk, 0 },
	{ "sched_yield", loop_sched_yield, 0 },
};

/* The rows main() runs besides rows[]: the file-system ones in groups. */
static const char *const other_rows[] = { "ctx_switch", "tmpfs_", "vfat_", "ext4_" };

static char **filters;		/* argv's words that choose rows */
static int nfilters;

static int starts(const char *name, const char *prefix)
{
	return !strncmp(name, prefix, strlen(prefix));
}

/* Does the row (or group of rows, a name ending in '_') run? */
static int wanted(const char *name)
{
	if (!nfilters)
		return 1;
	for (int i = 0; i < nfilters; i++)
		if (starts(name, filters[i]) || starts(filters[i], name))
			return 1;
	return 0;
}

/* Keep the arguments that start a row's name (others may be the kernel's). */
static void choose_rows(int argc, char **argv)
{
	filters = argv;
	for (int i = 1; i < argc; i++) {
		int known = 0;

		for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++)
			known |= starts(rows[r].name, argv[i]);
		for (size_t r = 0; r < sizeof(other_rows) / sizeof(other_rows[0]); r++)
			known |= starts(other_rows[r], argv[i]) || starts(argv[i], other_rows[r]);
		if (known)
			filters[nfilters++] = argv[i];
	}
}

/*
 * The context switch, as lmbench's lat_ctx: half a round trip between two
 * processes, less what passing the byte costs within one process.
 */
static void ctx_row(void)
{
	double rt = measure(loop_pipe_roundtrip);
	double self = measure(loop_pipe_self);

	if (rt < 0 || self < 0)
		na("ctx_switch", "pipe", (int)-(rt < 0 ? rt : self));
	else
		out("BENCH ctx_switch %.3f us\n", (rt - self) / 2 / 1000.0);
}

/* 0, or the errno of mounting dev on dir */
static int mount_fs(const char *dev, const char *dir, const char *type)
{
	mkdir(dir, 0755);
	if (mount(dev, dir, type, 0, NULL) && errno != EBUSY)
		return errno;
	return 0;
}

/* pid 1: the mounts the rows use */
static void init_mounts(int *vfat_err, int *ext4_err)
{
	mkdir("/proc", 0555);
	mkdir("/dev", 0755);
	mkdir("/tmp", 01777);
	mkdir("/mnt", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);	/* else the image's nodes */
	mount("tmpfs", "/tmp", "tmpfs", 0, NULL);
	*vfat_err = mount_fs(VFAT_DEV, VFAT_DIR, "vfat");
	*ext4_err = mount_fs(EXT4_DEV, EXT4_DIR, "ext4");
}

int main(int argc, char **argv)
{
	int is_init = getpid() == 1, vfat_err = 0, ext4_err = 0;
	struct stat st;
	int fd;

	/* the first line: tools/bench.py times the boot up to it */
	out("BENCH-INIT\n");
	clock_row("boot_boottime", CLOCK_BOOTTIME);
	clock_row("boot_monotonic", CLOCK_MONOTONIC);
	if (is_init)
		init_mounts(&vfat_err, &ext4_err);
	else {
		vfat_err = stat(VFAT_DIR, &st) ? errno : 0;
		ext4_err = stat(EXT4_DIR, &st) ? errno : 0;
	}
	mem_row();

	choose_rows(argc, argv);
	page_size = sysconf(_SC_PAGESIZE);
	memset(chunk, 'x', sizeof(chunk));
	fd = open(TMP_FILE, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd < 0 || write(fd, chunk, IO_SIZE) != IO_SIZE)
		out("bench: cannot write %s: %s\n", TMP_FILE, strerror(errno));
	close(fd);

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (wanted(rows[i].name))
			report(rows[i].name, rows[i].loop, rows[i].bytes);
	if (wanted("ctx_switch"))
		ctx_row();
	if (wanted("tmpfs_"))
		file_rows("tmpfs", TMP_DIR, 0, 0);
	if (wanted("vfat_"))
		file_rows("vfat", VFAT_DIR, 1, vfat_err);
	if (wanted("ext4_"))
		file_rows("ext4", EXT4_DIR, 1, ext4_err);
	unlink(TMP_FILE);
	out("BENCH-DONE\n");

	if (is_init) {
		sync();
		if (!vfat_err)
			umount(VFAT_DIR);
		if (!ext4_err)
			umount(EXT4_DIR);
		reboot(RB_POWER_OFF);
		out("bench: reboot: %s\n", strerror(errno));
	}
	return 0;
}
