/*
 * The machinery of proc and sysfs (see fs/pseudo.h): inodes made from
 * tables of entries, text files generated at open, computed symlinks,
 * and directories of tables and generated entries.
 */
#include "pseudo.h"
#include <lib/printf.h>
#include <mm/kmalloc.h>
#include <lib/errno.h>
#include <lib/string.h>
#include <asm/memlayout.h>

#define PBUF_MAX	(4UL << 20)	/* the largest generated file */

void pb_write(struct pbuf *pb, const void *data, size_t n)
{
	if (pb->len + n > pb->cap) {
		pb->overflow = true;
		n = pb->cap - pb->len;
	}
	memcpy(pb->buf + pb->len, data, n);
	pb->len += n;
}

void pb_printf(struct pbuf *pb, const char *fmt, ...)
{
	size_t room = pb->cap - pb->len;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(pb->buf + pb->len, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= room) {
		pb->overflow = true;
		pb->len = pb->cap;
		return;
	}
	pb->len += (size_t)n;
}

int pseudo_link_string(const char *s, char *buf, size_t size)
{
	size_t n = MIN(strlen(s), size);

	memcpy(buf, s, n);
	return (int)n;
}

/* ---- inodes --------------------------------------------------------------- */

static struct inode *pseudo_alloc_inode(struct super_block *sb)
{
	struct pseudo_inode *pi = kzalloc(sizeof(*pi));

	(void)sb;
	return pi ? &pi->vfs : NULL;
}

static void pseudo_destroy_inode(struct inode *inode)
{
	kfree(PSEUDO_I(inode));
}

static const struct inode_operations pseudo_link_iops, pseudo_magic_link_iops;
static const struct file_operations pseudo_file_fops;

struct inode *pseudo_make_inode(struct super_block *sb, const struct pseudo_entry *e, long id,
				long sub)
{
	struct inode *inode = new_inode(sb);
	struct pseudo_inode *pi;

	if (!inode)
		return NULL;
	pi = PSEUDO_I(inode);
	pi->entry = e;
	pi->id = id;
	pi->sub = sub;
	inode->i_mode = e->mode;
	inode->i_nlink = S_ISDIR(e->mode) ? 2 : 1;
	inode->i_uid = inode->i_gid = 0;
	if (S_ISDIR(e->mode)) {
		inode->i_op = e->iops ? e->iops : &pseudo_dir_iops;
		inode->i_fop = e->fops ? e->fops : &pseudo_dir_fops;
	} else if (S_ISLNK(e->mode)) {
		inode->i_op = e->path ? &pseudo_magic_link_iops : &pseudo_link_iops;
	} else {
		inode->i_fop = &pseudo_file_fops;
		inode->i_size = e->size;
	}
	return inode;
}

int pseudo_instantiate(struct dentry *d, const struct pseudo_entry *e, long id, long sub)
{
	struct inode *inode = pseudo_make_inode(d->d_sb, e, id, sub);

	if (!inode)
		return -ENOMEM;
	d_instantiate(d, inode);
	return 0;
}

/* ---- generated files ---------------------------------------------------------- */

static int pseudo_file_open(struct inode *inode, struct file *f)
{
	struct pseudo_inode *pi = PSEUDO_I(inode);
	struct pbuf *pb;
	size_t cap = PAGE_SIZE;
	int err;

	/* as kernfs with KERNFS_ROOT_EXTRA_OPEN_PERM_CHECK: no store, no writers */
	if (pi->entry->no_write_open && (f->f_mode & FMODE_WRITE))
		return -EACCES;
	pb = kzalloc(sizeof(*pb));
	if (!pb)
		return -ENOMEM;
	for (;;) {
		pb->buf = kmalloc(cap, 0);
		pb->cap = cap;
		pb->len = 0;
		pb->overflow = false;
		if (!pb->buf) {
			err = -ENOMEM;
			break;
		}
		err = pi->entry->show(pb, pi);
		if (err || !pb->overflow)
			break;
		kfree(pb->buf);
		pb->buf = NULL;
		if (cap >= PBUF_MAX) {
			err = -ENOMEM;
			break;
		}
		cap *= 2;
	}
	if (err) {
		kfree(pb->buf);
		kfree(pb);
		return err;
	}
	f->private_data = pb;
	return 0;
}

static void pseudo_file_release(struct inode *inode, struct file *f)
{
	struct pbuf *pb = f->private_data;

	(void)inode;
	if (pb) {
		kfree(pb->buf);
		kfree(pb);
	}
}

static ssize_t pseudo_file_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct pbuf *pb = f->private_data;
	ssize_t n;

	if (*pos < 0)
		return -EINVAL;
	if ((size_t)*pos >= pb->len)
		return 0;
	n = uio_copy_to(u, pb->buf + *pos, MIN(uio_resid(u), pb->len - (size_t)*pos));
	if (n > 0)
		*pos += n;
	return n;
}

static const struct file_operations pseudo_file_fops = {
	.open = pseudo_file_open,
	.release = pseudo_file_release,
	.read = pseudo_file_read,
	.llseek = generic_file_llseek,
};

/* ---- symlinks ---------------------------------------------------------------------- */

static int pseudo_get_link(struct inode *inode, char *buf, size_t size)
{
	struct pseudo_inode *pi = PSEUDO_I(inode);

	return pi->entry->link(pi, buf, size);
}

static const struct inode_operations pseudo_link_iops = {
	.get_link = pseudo_get_link,
};

static int pseudo_get_path(struct inode *inode, struct path *out)
{
	struct pseudo_inode *pi = PSEUDO_I(inode);

	return pi->entry->path(pi, out);
}

static const struct inode_operations pseudo_magic_link_iops = {
	.get_link = pseudo_get_link,
	.get_path = pseudo_get_path,
};

/* ---- directories: a table, then generated entries ----------------------------------- */

static size_t table_len(const struct pseudo_entry *t)
{
	size_t n = 0;

	while (t && t[n].name)
		n++;
	return n;
}

int pseudo_dir_lookup(struct inode *dir, struct dentry *d)
{
	struct pseudo_inode *pi = PSEUDO_I(dir);
	const struct pseudo_entry *e = pi->entry;
	struct pseudo_child c;

	for (const struct pseudo_entry *t = e->children; t && t->name; t++)
		if (strlen(t->name) == d->d_len && memcmp(t->name, d->d_name, d->d_len) == 0)
			return pseudo_instantiate(d, t, pi->id, 0);
	for (long i = 0; e->child && e->child(pi, i, &c); i++)
		if (strlen(c.name) == d->d_len && memcmp(c.name, d->d_name, d->d_len) == 0)
			return pseudo_instantiate(d, c.entry, c.id, 0);
	return 0;
}

bool pseudo_table_emit(struct dir_context *ctx, const struct pseudo_entry *t, loff_t base)
{
	for (loff_t i = 0; t && t[i].name; i++) {
		if (ctx->pos > base + i)
			continue;
		if (!dir_emit(ctx, t[i].name, strlen(t[i].name), (uint64_t)(base + i + 1) << 8,
			      dt_type(t[i].mode)))
			return false;
		ctx->pos = base + i + 1;
	}
	return true;
}

static int pseudo_dir_iterate(struct file *f, struct dir_context *ctx)
{
	struct pseudo_inode *pi = PSEUDO_I(f->f_inode);
	const struct pseudo_entry *e = pi->entry;
	loff_t base = 2 + (loff_t)table_len(e->children);
	struct pseudo_child c;

	if (!dir_emit_dots(f, ctx))
		return 0;
	if (!pseudo_table_emit(ctx, e->children, 2))
		return 0;
	for (long i = (long)(ctx->pos - base); e->child && e->child(pi, i, &c); i++) {
		if (!dir_emit(ctx, c.name, strlen(c.name), (uint64_t)(base + i + 1) << 8,
			      dt_type(c.entry->mode)))
			return 0;
		ctx->pos = base + i + 1;
	}
	return 0;
}

const struct inode_operations pseudo_dir_iops = {
	.lookup = pseudo_dir_lookup,
};

const struct file_operations pseudo_dir_fops = {
	.read = generic_read_dir,
	.llseek = dir_llseek,
	.iterate = pseudo_dir_iterate,
};

/* ---- super blocks -------------------------------------------------------------------- */

static int pseudo_statfs(struct super_block *sb, struct kstatfs *st)
{
	*st = (struct kstatfs){
		.f_type = (long)sb->s_magic,
		.f_bsize = PAGE_SIZE,
		.f_frsize = PAGE_SIZE,
		.f_namelen = NAME_MAX,
	};
	return 0;
}

static const struct super_operations pseudo_sops = {
	.alloc_inode = pseudo_alloc_inode,
	.destroy_inode = pseudo_destroy_inode,
	.statfs = pseudo_statfs,
};

int pseudo_fill_super(struct super_block *sb, unsigned long magic,
		      const struct pseudo_entry *root)
{
	struct inode *inode;

	sb->s_op = &pseudo_sops;
	sb->s_magic = magic;
	sb->s_flags |= SB_NOCACHE;
	sb->s_blocksize = PAGE_SIZE;
	inode = pseudo_make_inode(sb, root, 0, 0);
	if (!inode)
		return -ENOMEM;
	sb->s_root = d_make_root(inode);
	return sb->s_root ? 0 : -ENOMEM;
}
