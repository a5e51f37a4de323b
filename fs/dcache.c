/*
 * The dentry cache: every name the VFS has looked up, hashed by (parent
 * dentry, name), positive (with its inode) or negative (known missing).
 *
 * One spinlock, dcache_lock, covers the hash chains, the parent/child
 * lists and d_parent/d_name. Reference counts are atomic, but a count
 * only reaches zero under dcache_lock, and lookups take their reference
 * under it, so a dentry is never found while being freed.
 *
 * A dentry whose count reaches zero stays cached if it is hashed and
 * positive; it is freed at once if it is negative or was dropped
 * (unlinked, renamed over). Freeing drops the parent's reference in
 * turn. (A shrinker for cached dentries comes with memory pressure.)
 */
#include "internal.h"
#include <mm/kmalloc.h>
#include <lib/errno.h>
#include <lib/string.h>

#define DHASH_BITS	10
#define DHASH_SIZE	(1U << DHASH_BITS)

struct spinlock dcache_lock = SPINLOCK_INIT("dcache", LOCK_DCACHE);
static struct list_head dhash[DHASH_SIZE];	/* [dcache_lock] */
static long nr_dentries;			/* [dcache_lock] */

static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* On a case-folding file system (s_casefold), names equal but for ASCII case are one. */
static uint32_t d_hash_name(const struct dentry *parent, const char *name, size_t len)
{
	bool ci = parent->d_sb && parent->d_sb->s_casefold;
	uint64_t h = 0xcbf29ce484222325ULL ^ (uintptr_t)parent;

	for (size_t i = 0; i < len; i++) {
		h ^= ci ? fold((unsigned char)name[i]) : (unsigned char)name[i];
		h *= 0x100000001b3ULL;
	}
	return (uint32_t)(h ^ (h >> 32));
}

static bool d_name_equal(const struct dentry *d, const char *name, size_t len)
{
	if (d->d_len != len)
		return false;
	if (!d->d_sb->s_casefold)
		return memcmp(d->d_name, name, len) == 0;
	for (size_t i = 0; i < len; i++)
		if (fold((unsigned char)d->d_name[i]) != fold((unsigned char)name[i]))
			return false;
	return true;
}

/* Caller holds dcache_lock. */
static struct list_head *d_bucket(uint32_t hash)
{
	struct list_head *b = &dhash[hash & (DHASH_SIZE - 1)];

	if (!b->next)
		list_init(b);
	return b;
}

/* A copy of name: inline when short. NULL without memory. */
static char *d_name_alloc(struct dentry *d, const char *name, size_t len)
{
	char *s = len < DNAME_INLINE_LEN ? d->d_iname : kmalloc(len + 1, 0);

	if (s) {
		memcpy(s, name, len);
		s[len] = '\0';
	}
	return s;
}

static void d_name_free(struct dentry *d, const char *name)
{
	if (name != d->d_iname)
		kfree(name);
}

static struct dentry *d_new(struct super_block *sb, const char *name, size_t len)
{
	struct dentry *d = kzalloc(sizeof(*d));

	if (!d)
		return NULL;
	d->d_name = d_name_alloc(d, name, len);
	if (!d->d_name) {
		kfree(d);
		return NULL;
	}
	d->d_len = (uint32_t)len;
	d->d_count = 1;
	d->d_sb = sb;
	d->d_parent = d;
	list_init(&d->d_hash);
	list_init(&d->d_child);
	list_init(&d->d_subdirs);
	spin_lock(&dcache_lock);
	nr_dentries++;
	spin_unlock(&dcache_lock);
	return d;
}

struct dentry *d_alloc(struct dentry *parent, const char *name, size_t len)
{
	struct dentry *d = d_new(parent->d_sb, name, len);

	if (!d)
		return NULL;
	d->d_parent = dget(parent);
	d->d_hashval = d_hash_name(parent, name, len);
	spin_lock(&dcache_lock);
	list_add(&d->d_child, &parent->d_subdirs);
	spin_unlock(&dcache_lock);
	return d;
}

struct dentry *d_alloc_anon(struct super_block *sb, const char *name)
{
	return d_new(sb, name, strlen(name));
}

struct dentry *d_make_root(struct inode *root)
{
	struct dentry *d = d_alloc_anon(root->i_sb, "/");

	if (!d) {
		iput(root);
		return NULL;
	}
	d_instantiate(d, root);
	return d;
}

struct dentry *dget(struct dentry *d)
{
	__atomic_add_fetch(&d->d_count, 1, __ATOMIC_RELAXED);
	return d;
}

struct dentry *dget_parent(struct dentry *d)
{
	struct dentry *p;

	spin_lock(&dcache_lock);
	p = d->d_parent;
	dget(p);
	spin_unlock(&dcache_lock);
	return p;
}

/* Drop a reference unless it is the last: the common case takes no lock. */
static bool d_count_dec_not_last(struct dentry *d)
{
	int c = __atomic_load_n(&d->d_count, __ATOMIC_RELAXED);

	while (c > 1)
		if (__atomic_compare_exchange_n(&d->d_count, &c, c - 1, false,
						__ATOMIC_RELEASE, __ATOMIC_RELAXED))
			return true;
	return false;
}

void dput(struct dentry *d)
{
	while (d) {
		struct dentry *parent;

		if (d_count_dec_not_last(d))
			return;
		spin_lock(&dcache_lock);
		if (__atomic_sub_fetch(&d->d_count, 1, __ATOMIC_ACQ_REL) != 0 ||
		    ((d->d_flags & DCACHE_HASHED) && d->d_inode &&
		     !(d->d_sb->s_flags & SB_NOCACHE))) {
			spin_unlock(&dcache_lock);
			return;
		}
		if (d->d_flags & DCACHE_HASHED)
			list_del(&d->d_hash);
		d->d_flags &= ~DCACHE_HASHED;
		list_del(&d->d_child);
		nr_dentries--;
		spin_unlock(&dcache_lock);

		parent = d->d_parent == d ? NULL : d->d_parent;
		if (d->d_inode)
			iput(d->d_inode);
		d_name_free(d, d->d_name);
		kfree(d);
		d = parent;
	}
}

void d_instantiate(struct dentry *d, struct inode *inode)
{
	__atomic_store_n(&d->d_inode, inode, __ATOMIC_RELEASE);
}

void d_rehash(struct dentry *d)
{
	spin_lock(&dcache_lock);
	if (!(d->d_flags & DCACHE_HASHED)) {
		list_add(&d->d_hash, d_bucket(d->d_hashval));
		d->d_flags |= DCACHE_HASHED;
	}
	spin_unlock(&dcache_lock);
}

struct dentry *d_lookup(struct dentry *parent, const char *name, size_t len)
{
	uint32_t hash = d_hash_name(parent, name, len);
	struct dentry *d, *found = NULL;
	struct list_head *b;

	spin_lock(&dcache_lock);
	b = d_bucket(hash);
	list_for_each_entry(d, b, d_hash) {
		if (d->d_hashval == hash && d->d_parent == parent && d_name_equal(d, name, len)) {
			found = dget(d);
			break;
		}
	}
	spin_unlock(&dcache_lock);
	return found;
}

void d_drop(struct dentry *d)
{
	spin_lock(&dcache_lock);
	if (d->d_flags & DCACHE_HASHED) {
		list_del(&d->d_hash);
		d->d_flags &= ~DCACHE_HASHED;
	}
	spin_unlock(&dcache_lock);
}

bool d_unhashed(struct dentry *d)
{
	bool r;

	spin_lock(&dcache_lock);
	r = !(d->d_flags & DCACHE_HASHED);
	spin_unlock(&dcache_lock);
	return r;
}

/*
 * d takes target's place. Without memory for a long name d is dropped
 * instead: the next lookup asks the file system, which has the new name.
 */
void d_move(struct dentry *d, struct dentry *target)
{
	struct dentry *old_parent, *new_parent = target->d_parent;
	const char *old_ext = d->d_name != d->d_iname ? d->d_name : NULL;
	size_t len = target->d_len;
	char *ext = NULL;

	d_drop(target);
	if (len >= DNAME_INLINE_LEN) {
		ext = kmalloc(len + 1, 0);
		if (!ext) {
			d_drop(d);
			return;
		}
		memcpy(ext, target->d_name, len);
		ext[len] = '\0';
	}
	dget(new_parent);
	spin_lock(&dcache_lock);
	if (d->d_flags & DCACHE_HASHED)
		list_del(&d->d_hash);
	old_parent = d->d_parent;
	d->d_parent = new_parent;
	if (ext) {
		d->d_name = ext;
	} else {
		memcpy(d->d_iname, target->d_name, len);
		d->d_iname[len] = '\0';
		d->d_name = d->d_iname;
	}
	d->d_len = (uint32_t)len;
	d->d_hashval = target->d_hashval;
	list_del(&d->d_child);
	list_add(&d->d_child, &new_parent->d_subdirs);
	list_add(&d->d_hash, d_bucket(d->d_hashval));
	d->d_flags |= DCACHE_HASHED;
	spin_unlock(&dcache_lock);
	kfree(old_ext);
	dput(old_parent);
}

bool d_is_ancestor(struct dentry *anc, struct dentry *d)
{
	for (;;) {
		if (d == anc)
			return true;
		if (d->d_parent == d)
			return false;
		d = d->d_parent;
	}
}

/* An unused leaf of sb (every one if sb is NULL), unhashed and unlinked; NULL if none. */
static struct dentry *take_unused(struct super_block *sb)
{
	for (unsigned int b = 0; b < DHASH_SIZE; b++) {
		struct dentry *d;

		if (!dhash[b].next)
			continue;
		list_for_each_entry(d, &dhash[b], d_hash) {
			if ((sb && d->d_sb != sb) || d->d_parent == d ||
			    __atomic_load_n(&d->d_count, __ATOMIC_RELAXED) != 0 ||
			    !list_empty(&d->d_subdirs) || d->d_mounted)
				continue;
			list_del(&d->d_hash);
			d->d_flags &= ~DCACHE_HASHED;
			list_del(&d->d_child);
			nr_dentries--;
			return d;
		}
	}
	return NULL;
}

long dcache_shrink(struct super_block *sb)
{
	long freed = 0;

	for (;;) {
		struct dentry *d, *parent;

		spin_lock(&dcache_lock);
		d = take_unused(sb);
		spin_unlock(&dcache_lock);
		if (!d)
			return freed;
		parent = d->d_parent;
		if (d->d_inode)
			iput(d->d_inode);
		d_name_free(d, d->d_name);
		kfree(d);
		dput(parent);
		freed++;
	}
}

long dcache_count(void)
{
	long n;

	spin_lock(&dcache_lock);
	n = nr_dentries;
	spin_unlock(&dcache_lock);
	return n;
}

/* Put name (len bytes) and a '/' before *pos, which must stay >= buf. */
static int prepend(char *buf, char **pos, const char *name, size_t len)
{
	if ((size_t)(*pos - buf) < len + 1)
		return -ENAMETOOLONG;
	*pos -= len;
	memcpy(*pos, name, len);
	*--*pos = '/';
	return 0;
}

char *d_path(const struct path *p, const struct path *root, char *buf, size_t size)
{
	struct vfsmount *mnt = p->mnt;
	struct dentry *d = p->dentry;
	char *pos = buf + size - 1;
	int err = 0;

	*pos = '\0';
	spin_lock(&mount_lock);
	spin_lock(&dcache_lock);
	if (!(d->d_flags & DCACHE_HASHED) && d->d_parent != d)
		err = -ENOENT;
	while (!err && !(d == root->dentry && mnt == root->mnt)) {
		if (d == mnt->mnt_root) {
			if (mnt->mnt_parent == mnt)
				break;		/* not under root: stop at the top */
			d = mnt->mnt_mountpoint;
			mnt = mnt->mnt_parent;
			continue;
		}
		err = prepend(buf, &pos, d->d_name, d->d_len);
		d = d->d_parent;
	}
	spin_unlock(&dcache_lock);
	spin_unlock(&mount_lock);
	if (err)
		return ERR_PTR(err);
	if (!*pos) {
		if (pos == buf)
			return ERR_PTR(-ENAMETOOLONG);
		*--pos = '/';
	}
	return pos;
}
