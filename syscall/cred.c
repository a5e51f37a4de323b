/*
 * User and group ids, Linux's rules: a process with effective uid 0 may
 * set any id; any other may only move its ids among its real, effective
 * and saved ones. The file system's fsuid follows the effective id.
 * Ids are per process here (glibc and musl make them so across threads).
 */
#include <syscall/syscall.h>
#include <kernel/proc.h>
#include <mm/kmalloc.h>
#include <mm/uaccess.h>
#include <lib/errno.h>
#include <lib/string.h>

#define NGROUPS_MAX	65536
#define NO_ID		((uint32_t)-1)

long sys_getuid(void) { return current_proc()->cred.uid; }
long sys_geteuid(void) { return current_proc()->cred.euid; }
long sys_getgid(void) { return current_proc()->cred.gid; }
long sys_getegid(void) { return current_proc()->cred.egid; }

static long put_ids(uint32_t a, uint32_t b, uint32_t c, uint32_t __user *ua,
		    uint32_t __user *ub, uint32_t __user *uc)
{
	if (put_user(a, ua) || put_user(b, ub) || put_user(c, uc))
		return -EFAULT;
	return 0;
}

long sys_getresuid(uid_t __user *ruid, uid_t __user *euid, uid_t __user *suid)
{
	struct cred *c = &current_proc()->cred;

	return put_ids(c->uid, c->euid, c->suid, ruid, euid, suid);
}

long sys_getresgid(gid_t __user *rgid, gid_t __user *egid, gid_t __user *sgid)
{
	struct cred *c = &current_proc()->cred;

	return put_ids(c->gid, c->egid, c->sgid, rgid, egid, sgid);
}

/* The three ids of one kind (user or group) and the rules that change them. */
struct idset {
	uint32_t *r, *e, *s, *fs;
};

static struct idset uids(struct cred *c)
{
	return (struct idset){ &c->uid, &c->euid, &c->suid, &c->fsuid };
}

static struct idset gids(struct cred *c)
{
	return (struct idset){ &c->gid, &c->egid, &c->sgid, &c->fsgid };
}

static bool one_of(uint32_t id, const struct idset *ids)
{
	return id == *ids->r || id == *ids->e || id == *ids->s;
}

/* setresuid/setresgid: NO_ID leaves an id as it is. */
static long set_res(bool groups, uint32_t r, uint32_t e, uint32_t s)
{
	struct process *p = current_proc();
	struct idset ids;
	bool root;

	spin_lock(&p->lock);
	root = p->cred.euid == 0;
	ids = groups ? gids(&p->cred) : uids(&p->cred);
	if (!root && ((r != NO_ID && !one_of(r, &ids)) || (e != NO_ID && !one_of(e, &ids)) ||
		      (s != NO_ID && !one_of(s, &ids)))) {
		spin_unlock(&p->lock);
		return -EPERM;
	}
	if (r != NO_ID)
		*ids.r = r;
	if (e != NO_ID)
		*ids.e = e;
	if (s != NO_ID)
		*ids.s = s;
	*ids.fs = *ids.e;
	spin_unlock(&p->lock);
	return 0;
}

static long set_one(bool groups, uint32_t id)
{
	struct process *p = current_proc();
	struct idset ids;
	long err = 0;

	if (id == NO_ID)
		return -EINVAL;
	spin_lock(&p->lock);
	ids = groups ? gids(&p->cred) : uids(&p->cred);
	if (p->cred.euid == 0)
		*ids.r = *ids.e = *ids.s = id;
	else if (id == *ids.r || id == *ids.s)
		*ids.e = id;
	else
		err = -EPERM;
	*ids.fs = *ids.e;
	spin_unlock(&p->lock);
	return err;
}

static long set_re(bool groups, uint32_t r, uint32_t e)
{
	struct process *p = current_proc();
	struct idset ids;
	uint32_t old_r;
	bool root;

	spin_lock(&p->lock);
	root = p->cred.euid == 0;
	ids = groups ? gids(&p->cred) : uids(&p->cred);
	old_r = *ids.r;
	if (!root && ((r != NO_ID && r != *ids.r && r != *ids.e) ||
		      (e != NO_ID && !one_of(e, &ids)))) {
		spin_unlock(&p->lock);
		return -EPERM;
	}
	if (r != NO_ID)
		*ids.r = r;
	if (e != NO_ID)
		*ids.e = e;
	if (r != NO_ID || (e != NO_ID && e != old_r))
		*ids.s = *ids.e;
	*ids.fs = *ids.e;
	spin_unlock(&p->lock);
	return 0;
}

long sys_setuid(uid_t uid) { return set_one(false, uid); }
long sys_setgid(gid_t gid) { return set_one(true, gid); }
long sys_setreuid(uid_t ruid, uid_t euid) { return set_re(false, ruid, euid); }
long sys_setregid(gid_t rgid, gid_t egid) { return set_re(true, rgid, egid); }
long sys_setresuid(uid_t ruid, uid_t euid, uid_t suid) { return set_res(false, ruid, euid, suid); }
long sys_setresgid(gid_t rgid, gid_t egid, gid_t sgid) { return set_res(true, rgid, egid, sgid); }

/* setfsuid/setfsgid: return the old id; change it only when allowed. */
static long set_fs(bool groups, uint32_t id)
{
	struct process *p = current_proc();
	struct idset ids;
	uint32_t old;

	spin_lock(&p->lock);
	ids = groups ? gids(&p->cred) : uids(&p->cred);
	old = *ids.fs;
	if (id != NO_ID && (p->cred.euid == 0 || one_of(id, &ids) || id == *ids.fs))
		*ids.fs = id;
	spin_unlock(&p->lock);
	return old;
}

long sys_setfsuid(uid_t uid) { return set_fs(false, uid); }
long sys_setfsgid(gid_t gid) { return set_fs(true, gid); }

long sys_getgroups(int gidsetsize, gid_t __user *grouplist)
{
	struct process *p = current_proc();
	uint32_t *copy = NULL;
	unsigned int n;
	long err;

	if (gidsetsize < 0)
		return -EINVAL;
	/* a snapshot under the lock: a sibling may setgroups meanwhile */
	for (n = READ_ONCE(p->cred.ngroups);;) {
		if (gidsetsize && n) {
			copy = kmalloc(n * sizeof(uint32_t), GFP_KERNEL);
			if (!copy)
				return -ENOMEM;
		}
		spin_lock(&p->lock);
		if (p->cred.ngroups == n)
			break;
		n = p->cred.ngroups;
		spin_unlock(&p->lock);
		kfree(copy);
		copy = NULL;
	}
	if (copy)
		memcpy(copy, p->cred.groups, n * sizeof(uint32_t));
	spin_unlock(&p->lock);
	if (gidsetsize == 0)
		err = n;
	else if ((unsigned int)gidsetsize < n)
		err = -EINVAL;
	else if (n && copy_to_user(grouplist, copy, n * sizeof(uint32_t)))
		err = -EFAULT;
	else
		err = n;
	kfree(copy);
	return err;
}

long sys_setgroups(int gidsetsize, gid_t __user *grouplist)
{
	struct process *p = current_proc();
	uint32_t *groups = NULL, *old;

	if (gidsetsize < 0 || gidsetsize > NGROUPS_MAX)
		return -EINVAL;
	if (p->cred.euid != 0)
		return -EPERM;
	if (gidsetsize) {
		groups = kmalloc((size_t)gidsetsize * sizeof(uint32_t), GFP_KERNEL);
		if (!groups)
			return -ENOMEM;
		if (copy_from_user(groups, grouplist, (size_t)gidsetsize * sizeof(uint32_t))) {
			kfree(groups);
			return -EFAULT;
		}
	}
	spin_lock(&p->lock);
	old = p->cred.groups;
	p->cred.groups = groups;
	p->cred.ngroups = (unsigned int)gidsetsize;
	spin_unlock(&p->lock);
	kfree(old);
	return 0;
}
