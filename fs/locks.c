/*
 * Advisory locks (see <fs/locks.h>).
 *
 * Each inode keeps its locks in i_locks, all under one mutex: a lock
 * request may allocate (splitting a range in two) and may sleep. A
 * request that conflicts with another owner's lock either fails (-EAGAIN)
 * or waits: it notes locks_gen, drops the mutex and sleeps on locks_wait
 * until a lock is released anywhere (locks_gen moves), then tries again.
 *
 * An owner's ranges never overlap: setting a range first cuts the
 * owner's old locks out of it, then inserts the new one and merges it
 * with adjacent ranges of the same type, as Linux does, so F_GETLK
 * reports the same ranges Linux would.
 */
#include "internal.h"
#include <fs/locks.h>
#include <kernel/sched.h>
#include <mm/kmalloc.h>
#include <lib/errno.h>

#define OFFSET_MAX	INT64_MAX

enum lock_kind {
	LK_POSIX,		/* owner: a files_struct */
	LK_OFD,			/* owner: a struct file; conflicts with POSIX */
	LK_FLOCK,		/* owner: a struct file; a space of its own */
};

struct file_lock {
	struct list_head node;		/* in inode->i_locks */
	const void *owner;
	enum lock_kind kind;
	int pid;			/* F_GETLK's l_pid: -1 for OFD locks */
	short type;			/* F_RDLCK or F_WRLCK */
	loff_t start, end;		/* inclusive; end OFFSET_MAX: to the end */
};

static struct mutex file_lock_mutex = MUTEX_INIT(file_lock_mutex, "file_lock");
static struct wait_queue locks_wait = WAIT_QUEUE_INIT(locks_wait);
static unsigned long locks_gen;		/* [file_lock_mutex] bumped on each release */

static bool same_space(enum lock_kind a, enum lock_kind b)
{
	return (a == LK_FLOCK) == (b == LK_FLOCK);
}

static bool overlap(const struct file_lock *l, loff_t start, loff_t end)
{
	return l->start <= end && start <= l->end;
}

/* The first lock of another owner that a lock (type over [start, end]) would meet. */
static struct file_lock *find_conflict(struct inode *inode, const void *owner,
				       enum lock_kind kind, short type, loff_t start, loff_t end)
{
	struct file_lock *l;

	list_for_each_entry(l, &inode->i_locks, node) {
		if (l->owner == owner || !same_space(l->kind, kind) || !overlap(l, start, end))
			continue;
		if (type == F_WRLCK || l->type == F_WRLCK)
			return l;
	}
	return NULL;
}

static void released(void)
{
	locks_gen++;
	wake_up_all(&locks_wait);
}

/*
 * Set type over [start, end] for owner (F_UNLCK: remove). spare holds
 * two preallocated locks; the ones used are taken (set to NULL).
 * Caller holds file_lock_mutex and has checked for conflicts.
 */
static void set_range(struct inode *inode, const void *owner, enum lock_kind kind, int pid,
		      short type, loff_t start, loff_t end, struct file_lock **spare)
{
	struct file_lock *l, *n, *new = NULL;
	bool freed = false;

	list_for_each_entry_safe(l, n, &inode->i_locks, node) {
		if (l->owner != owner || l->kind != kind || !overlap(l, start, end))
			continue;
		freed = true;
		if (l->start < start && l->end > end) {
			/* the new range is inside: split l around it */
			struct file_lock *tail = spare[1];

			spare[1] = NULL;
			*tail = *l;
			tail->start = end + 1;
			list_add(&tail->node, &l->node);
			l->end = start - 1;
		} else if (l->start < start) {
			l->end = start - 1;
		} else if (l->end > end) {
			l->start = end + 1;
		} else {
			list_del(&l->node);
			kfree(l);
		}
	}
	if (type != F_UNLCK) {
		new = spare[0];
		spare[0] = NULL;
		*new = (struct file_lock){ .owner = owner, .kind = kind, .pid = pid, .type = type,
					   .start = start, .end = end };
		/* merge with touching ranges of the same owner and type */
		list_for_each_entry_safe(l, n, &inode->i_locks, node) {
			if (l->owner != owner || l->kind != kind || l->type != type)
				continue;
			if ((l->end != OFFSET_MAX && l->end + 1 == new->start) ||
			    (new->end != OFFSET_MAX && new->end + 1 == l->start)) {
				new->start = MIN(new->start, l->start);
				new->end = MAX(new->end, l->end);
				list_del(&l->node);
				kfree(l);
			}
		}
		list_add_tail(&new->node, &inode->i_locks);
	}
	if (freed || type == F_UNLCK)
		released();
}

/* Take or change a lock, waiting for conflicts when wait is set. */
static int lock_range(struct inode *inode, const void *owner, enum lock_kind kind, int pid,
		      short type, loff_t start, loff_t end, bool wait)
{
	struct file_lock *spare[2] = { kmalloc(sizeof(struct file_lock), 0),
				       kmalloc(sizeof(struct file_lock), 0) };
	int err = 0;

	if (!spare[0] || !spare[1]) {
		err = -ENOLCK;
		goto out;
	}
	for (;;) {
		unsigned long seen;

		mutex_lock(&file_lock_mutex);
		if (type == F_UNLCK || !find_conflict(inode, owner, kind, type, start, end)) {
			set_range(inode, owner, kind, pid, type, start, end, spare);
			mutex_unlock(&file_lock_mutex);
			break;
		}
		seen = locks_gen;
		mutex_unlock(&file_lock_mutex);
		if (!wait) {
			err = -EAGAIN;
			break;
		}
		if (wait_event_interruptible(&locks_wait, READ_ONCE(locks_gen) != seen)) {
			err = -ERESTARTSYS;
			break;
		}
	}
out:
	kfree(spare[0]);
	kfree(spare[1]);
	return err;
}

/* struct flock's range on f, in absolute inclusive bounds. */
static int flock_range(struct file *f, const struct flock *fl, loff_t *start, loff_t *end)
{
	loff_t base, s, e;

	switch (fl->l_whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->f_pos;
		break;
	case SEEK_END:
		mutex_lock(&f->f_inode->i_mutex);
		base = f->f_inode->i_size;
		mutex_unlock(&f->f_inode->i_mutex);
		break;
	default:
		return -EINVAL;
	}
	if (__builtin_add_overflow(base, (loff_t)fl->l_start, &s))
		return -EOVERFLOW;
	if (fl->l_len > 0) {
		if (__builtin_add_overflow(s, (loff_t)fl->l_len - 1, &e))
			return -EOVERFLOW;
	} else if (fl->l_len < 0) {
		e = s - 1;
		s += fl->l_len;
	} else {
		e = OFFSET_MAX;
	}
	if (s < 0)
		return -EINVAL;
	*start = s;
	*end = e;
	return 0;
}

long vfs_fcntl_lock(struct file *f, struct files_struct *files, unsigned int cmd,
		    struct flock *fl)
{
	bool ofd = cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
	bool get = cmd == F_GETLK || cmd == F_OFD_GETLK;
	bool wait = cmd == F_SETLKW || cmd == F_OFD_SETLKW;
	const void *owner = ofd ? (const void *)f : (const void *)files;
	enum lock_kind kind = ofd ? LK_OFD : LK_POSIX;
	struct inode *inode = f->f_inode;
	struct file_lock *l;
	loff_t start, end;
	int err;

	if (ofd && fl->l_pid != 0)
		return -EINVAL;
	if (fl->l_type != F_RDLCK && fl->l_type != F_WRLCK && fl->l_type != F_UNLCK)
		return -EINVAL;
	err = flock_range(f, fl, &start, &end);
	if (err)
		return err;
	if (get) {
		if (fl->l_type == F_UNLCK)
			return -EINVAL;
		mutex_lock(&file_lock_mutex);
		l = find_conflict(inode, owner, kind, fl->l_type, start, end);
		if (l) {
			fl->l_type = l->type;
			fl->l_whence = SEEK_SET;
			fl->l_start = l->start;
			fl->l_len = l->end == OFFSET_MAX ? 0 : l->end - l->start + 1;
			fl->l_pid = l->pid;
		} else {
			fl->l_type = F_UNLCK;
		}
		mutex_unlock(&file_lock_mutex);
		return 0;
	}
	if ((fl->l_type == F_RDLCK && !(f->f_mode & FMODE_READ)) ||
	    (fl->l_type == F_WRLCK && !(f->f_mode & FMODE_WRITE)))
		return -EBADF;
	return lock_range(inode, owner, kind, ofd ? -1 : fs_cred_pid(), fl->l_type, start,
			  end, wait);
}

int vfs_flock(struct file *f, unsigned int op)
{
	short type;

	switch (op & ~LOCK_NB) {
	case LOCK_SH:
		type = F_RDLCK;
		break;
	case LOCK_EX:
		type = F_WRLCK;
		break;
	case LOCK_UN:
		type = F_UNLCK;
		break;
	default:
		return -EINVAL;
	}
	if (f->f_mode & FMODE_PATH)
		return -EBADF;
	return lock_range(f->f_inode, f, LK_FLOCK, fs_cred_pid(), type, 0, OFFSET_MAX,
			  !(op & LOCK_NB));
}

/* Drop every lock of owner and kind on inode. */
static void remove_owner(struct inode *inode, const void *owner, int kinds)
{
	struct file_lock *l, *n;
	bool freed = false;

	if (list_empty(&inode->i_locks))
		return;
	mutex_lock(&file_lock_mutex);
	list_for_each_entry_safe(l, n, &inode->i_locks, node) {
		if (l->owner == owner && ((1 << l->kind) & kinds)) {
			list_del(&l->node);
			kfree(l);
			freed = true;
		}
	}
	if (freed)
		released();
	mutex_unlock(&file_lock_mutex);
}

void locks_remove_posix(struct file *f, struct files_struct *files)
{
	if (f && files)
		remove_owner(f->f_inode, files, 1 << LK_POSIX);
}

void locks_remove_file(struct file *f)
{
	remove_owner(f->f_inode, f, (1 << LK_OFD) | (1 << LK_FLOCK));
}
