/*
 * start_kernel: after memory is up, bind drivers, start interrupts and
 * the other harts, say what the machine is, then hand over to the init
 * thread and become the boot hart's idle loop. The init thread runs what
 * the command line asks for; with nothing to run it says so and powers off.
 */
#include <kernel/vdso.h>
#include <kernel/main.h>
#include <kernel/platform.h>
#include <kernel/driver.h>
#include <kernel/cmdline.h>
#include <kernel/selftest.h>
#include <kernel/printk.h>
#include <kernel/power.h>
#include <kernel/panic.h>
#include <kernel/sched.h>
#include <kernel/time.h>
#include <kernel/cpu.h>
#include <mm/page.h>
#include <kernel/proc.h>
#include <kernel/exec.h>
#include <fs/fs.h>
#include <fs/fat.h>
#include <fs/pseudofs.h>
#include <fs/fdtable.h>
#include <uapi/linux/fcntl.h>
#include <lib/string.h>
#include <lib/errno.h>
#include <asm/trap.h>
#include <asm/irq.h>
#include <asm/timer.h>

extern uint64_t boot_ticks;
extern char _kernel_start[], _kernel_end[];

static void print_banner(const struct platform *p)
{
	uint64_t ram = 0;
	uint64_t us = ticks_to_ns(time_ticks() - boot_ticks) / NSEC_PER_USEC;

	for (unsigned int i = 0; i < p->nr_mem; i++)
		ram += p->mem[i].size;
	pr_info("Kernel for riscv64 (%s), %lu us from entry to banner\n",
		p->model[0] ? p->model : "unknown machine", (unsigned long)us);
	pr_info("command line: %s\n", cmdline_get());
	pr_info("memory: %lu MiB RAM, %lu MiB free, image %lu KiB\n",
		(unsigned long)(ram >> 20), (pmm_free_count() * PAGE_SIZE) >> 20,
		(unsigned long)(_kernel_end - _kernel_start) >> 10);
	pr_info("timer: %lu Hz, %s\n", (unsigned long)timebase_hz,
		arch_timer_uses_sstc() ? "Sstc" : "SBI");
	if (p->has_initrd)
		pr_info("initrd: %lx-%lx\n", (unsigned long)p->initrd_start,
			(unsigned long)p->initrd_end);
}

/* Open /dev/console as fds 0, 1 and 2 of the first process. */
static int open_console(void)
{
	for (int fd = 0; fd < 3; fd++) {
		struct file *f = kernel_open("/dev/console", O_RDWR, 0);
		int r;

		if (IS_ERR(f))
			return (int)PTR_ERR(f);
		r = fd_install(f, 0);
		if (r != fd)
			return r < 0 ? r : -EBADF;
	}
	return 0;
}

#define INIT_MAX_ARGS	16

/*
 * exec path as pid 1, with the command line's words after "--" as its
 * arguments, and go to user mode; returns the error if exec failed.
 */
static int start_init(const char *path)
{
	static const char *const envp[] = { "HOME=/", "TERM=linux", NULL };
	static char words[CMDLINE_MAX];
	const char *argv[INIT_MAX_ARGS + 2] = { path };
	int n = cmdline_init_args(words, sizeof(words), argv + 1, INIT_MAX_ARGS);
	int err;

	argv[n + 1] = NULL;
	err = kernel_execve(path, argv, envp);

	if (err)
		return err;
	acct_leave_kernel();
	arch_enter_user(user_frame(current));
}

/*
 * Become pid 1 and run init, the way Linux chooses it: the initramfs's
 * rdinit= (default /init) when it has one; else, with root=, the disk
 * mounted as the root (fs/root.c); then init=, or the first of Linux's
 * default inits that runs. Returns only on failure.
 */
static void run_init(const struct platform *p)
{
	static const char *const default_inits[] = {
		"/sbin/init", "/etc/init", "/bin/init", "/bin/sh",
	};
	char path[256] = "/init";
	int err;

	vfs_init();
	procfs_init();
	sysfs_init();
	tmpfs_init();
	devtmpfs_init();
	fat_init();
	if (p->has_initrd) {
		err = initramfs_unpack(phys_to_virt(p->initrd_start),
				       p->initrd_end - p->initrd_start);
		if (err)
			pr_warn("initramfs: unpacking failed (%d); what was read is kept\n", err);
	}
	fs_populate_root();
	vdso_init();
	cmdline_value("rdinit", path, sizeof(path));
	err = proc_init_first();
	if (!err)
		err = open_console();
	if (err) {
		pr_err("init: cannot set up the first process (%d)\n", err);
		return;
	}
	if (vfs_accessat(AT_FDCWD, path, X_OK, 0) == 0) {
		err = start_init(path);
		pr_err("init: cannot run %s (%d)\n", path, err);
		return;
	}
	err = fs_mount_root();
	if (err && err != -ENOENT)
		return;
	if (cmdline_value("init", path, sizeof(path))) {
		err = start_init(path);
		pr_err("init: requested init %s failed (%d)\n", path, err);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(default_inits); i++)
		start_init(default_inits[i]);
	pr_err("init: no working init found; try passing init= (see docs/processes.md)\n");
}

/* The first real thread: what the machine boots to do. */
static void kernel_init(void *arg)
{
	const struct platform *p = arg;

	if (selftest_run_from_cmdline())
		machine_power_off(false);
	if (p->has_initrd || cmdline_has("root")) {
		run_init(p);
		machine_power_off(true);
	}
	pr_info("no init to run (no initramfs, no root=): powering off\n");
	machine_power_off(false);
}

void start_kernel(const struct platform *p)
{
	char level[8];

	cmdline_init(p->bootargs);
	if (cmdline_value("loglevel", level, sizeof(level)))
		console_loglevel = level[0] - '0';
	drivers_probe(p);
	arch_late_init(p);
	print_banner(p);
	arch_irq_enable();
	smp_boot_secondaries_from(p);
	pr_info("smp: %d harts online\n", nr_cpus);

	elf_hwcap = arch_elf_hwcap(p);
	if (!kthread_create("init", kernel_init, (void *)p, 0))
		panic("cannot create the init thread");
	sched_start();	/* this thread is now cpu 0's idle loop */
}
