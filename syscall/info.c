/* System information, random bytes and power: uname, sysinfo, getrandom, reboot. */
#include <syscall/syscall.h>
#include <kernel/proc.h>
#include <kernel/time.h>
#include <kernel/random.h>
#include <kernel/power.h>
#include <kernel/utsname.h>
#include <kernel/printk.h>
#include <mm/page.h>
#include <mm/uaccess.h>
#include <uapi/linux/misc.h>
#include <lib/errno.h>
#include <lib/string.h>

long sys_uname(struct new_utsname __user *name)
{
	struct new_utsname u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, "Linux", sizeof(u.sysname));
	uts_hostname(u.nodename);
	strlcpy(u.release, UTS_RELEASE, sizeof(u.release));
	strlcpy(u.version, UTS_VERSION, sizeof(u.version));
	strlcpy(u.machine, "riscv64", sizeof(u.machine));
	uts_domainname(u.domainname);
	return copy_to_user(name, &u, sizeof(u)) ? -EFAULT : 0;
}

/* sethostname and setdomainname: root only, up to 64 bytes, as Linux */
static long set_uts_name(const char __user *name, int len,
			 void (*set)(const char *name, size_t len))
{
	char buf[UTS_NAME_LEN];

	if (current_proc()->cred.euid != 0)
		return -EPERM;
	if (len < 0 || len > UTS_NAME_LEN)
		return -EINVAL;
	if (copy_from_user(buf, name, (size_t)len))
		return -EFAULT;
	set(buf, (size_t)len);
	return 0;
}

long sys_sethostname(char __user *name, int len)
{
	return set_uts_name(name, len, uts_set_hostname);
}

long sys_setdomainname(char __user *name, int len)
{
	return set_uts_name(name, len, uts_set_domainname);
}

long sys_sysinfo(struct sysinfo __user *info)
{
	struct sysinfo k;
	struct process *p;
	unsigned int procs = 0;

	memset(&k, 0, sizeof(k));
	k.uptime = (long)(time_ns() / NSEC_PER_SEC);
	k.totalram = pmm_total_count() * PAGE_SIZE;
	k.freeram = pmm_free_count() * PAGE_SIZE;
	spin_lock(&proctree_lock);
	list_for_each_entry(p, &all_procs, all_node)
		procs++;
	spin_unlock(&proctree_lock);
	k.procs = (uint16_t)procs;
	k.mem_unit = 1;
	return copy_to_user(info, &k, sizeof(k)) ? -EFAULT : 0;
}

long sys_getrandom(char __user *buf, size_t count, unsigned int flags)
{
	char chunk[256];
	size_t done = 0;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
		return -EINVAL;
	count = MIN(count, (size_t)INT32_MAX);
	while (done < count) {
		size_t n = MIN(count - done, sizeof(chunk));

		get_random_bytes(chunk, n);
		if (copy_to_user(buf + done, chunk, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return (long)done;
}

long sys_reboot(int magic1, int magic2, unsigned int cmd, void __user *arg)
{
	(void)arg;
	if (current_proc()->cred.euid != 0)
		return -EPERM;	/* CAP_SYS_BOOT */
	if ((unsigned int)magic1 != LINUX_REBOOT_MAGIC1 ||
	    (magic2 != LINUX_REBOOT_MAGIC2 && magic2 != LINUX_REBOOT_MAGIC2A &&
	     magic2 != LINUX_REBOOT_MAGIC2B && magic2 != LINUX_REBOOT_MAGIC2C))
		return -EINVAL;
	switch (cmd) {
	case LINUX_REBOOT_CMD_POWER_OFF:
	case LINUX_REBOOT_CMD_HALT:
		pr_info("reboot: power off\n");
		machine_power_off(false);
	case LINUX_REBOOT_CMD_RESTART:
		pr_info("reboot: restart\n");
		machine_restart();
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;
	default:
		return -EINVAL;
	}
}
