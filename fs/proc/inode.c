/*
 * procfs: the super block, inodes, and the generic operations its
 * entries share (generated files, symlinks, tables of names). The root
 * directory is a table (fs/proc/info.c) followed by one directory per
 * process, by pid.
 */
#include "internal.h"
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

/* ---- inodes --------------------------------------------------------------- */

static struct inode *proc_alloc_inode(struct super_block *sb)
{
	struct proc_inode *pi = kzalloc(sizeof(*pi));

	(void)sb;
	return pi ? &pi->vfs : NULL;
}

static void proc_destroy_inode(struct inode *inode)
{
	kfree(PROC_I(inode));
}

static const struct inode_operations proc_link_iops;
static const struct file_operations proc_file_fops;

struct inode *proc_make_inode(struct super_block *sb, const struct proc_entry *e, int pid, int fd)
{
	struct inode *inode = new_inode(sb);
	struct proc_inode *pi;

	if (!inode)
		return NULL;
	pi = PROC_I(inode);
	pi->entry = e;
	pi->pid = pid;
	pi->fd = fd;
	inode->i_mode = e->mode;
	inode->i_nlink = S_ISDIR(e->mode) ? 2 : 1;
	inode->i_uid = inode->i_gid = 0;
	if (S_ISDIR(e->mode)) {
		inode->i_op = e->iops ? e->iops : &proc_table_iops;
		inode->i_fop = e->fops ? e->fops : &proc_table_fops;
	} else if (S_ISLNK(e->mode)) {
		inode->i_op = &proc_link_iops;
	} else {
		inode->i_fop = &proc_file_fops;
	}
	return inode;
}

int proc_instantiate(struct dentry *d, const struct proc_entry *e, int pid, int fd)
{
	struct inode *inode = proc_make_inode(d->d_sb, e, pid, fd);

	if (!inode)
		return -ENOMEM;
	d_instantiate(d, inode);
	return 0;
}

/* ---- generated files ---------------------------------------------------------- */

static int proc_file_open(struct inode *inode, struct file *f)
{
	struct proc_inode *pi = PROC_I(inode);
	struct pbuf *pb;
	size_t cap = PAGE_SIZE;
	int err;

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

static void proc_file_release(struct inode *inode, struct file *f)
{
	struct pbuf *pb = f->private_data;

	(void)inode;
	if (pb) {
		kfree(pb->buf);
		kfree(pb);
	}
}

static ssize_t proc_file_read(struct file *f, struct uio *u, loff_t *pos)
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

static const struct file_operations proc_file_fops = {
	.open = proc_file_open,
	.release = proc_file_release,
	.read = proc_file_read,
	.llseek = generic_file_llseek,
};

/* ---- symlinks ---------------------------------------------------------------------- */

static int proc_get_link(struct inode *inode, char *buf, size_t size)
{
	struct proc_inode *pi = PROC_I(inode);

	return pi->entry->link(pi, buf, size);
}

static const struct inode_operations proc_link_iops = {
	.get_link = proc_get_link,
};

/* ---- tables of names ------------------------------------------------------------------- */

int proc_table_lookup(struct inode *dir, struct dentry *d)
{
	struct proc_inode *pi = PROC_I(dir);

	for (const struct proc_entry *e = pi->entry->children; e && e->name; e++)
		if (strlen(e->name) == d->d_len && memcmp(e->name, d->d_name, d->d_len) == 0)
			return proc_instantiate(d, e, pi->pid, 0);
	return 0;
}

bool proc_table_emit(struct file *f, struct dir_context *ctx, const struct proc_entry *t,
		     loff_t base)
{
	(void)f;
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

static int proc_table_iterate(struct file *f, struct dir_context *ctx)
{
	if (!dir_emit_dots(f, ctx))
		return 0;
	proc_table_emit(f, ctx, PROC_I(f->f_inode)->entry->children, 2);
	return 0;
}

const struct inode_operations proc_table_iops = {
	.lookup = proc_table_lookup,
};

const struct file_operations proc_table_fops = {
	.read = generic_read_dir,
	.llseek = dir_llseek,
	.iterate = proc_table_iterate,
};

/* ---- the root: the table, then a directory per process ------------------------------ */

#define PID_POS_BASE	(1LL << 32)	/* getdents positions of pids: base + pid */

static int proc_root_lookup(struct inode *dir, struct dentry *d)
{
	int pid = 0, err = proc_table_lookup(dir, d);

	if (err || d_inode(d))
		return err;
	for (size_t i = 0; i < d->d_len; i++) {
		if (d->d_name[i] < '0' || d->d_name[i] > '9' || i > 9)
			return 0;
		pid = pid * 10 + (d->d_name[i] - '0');
	}
	if (d->d_len == 0 || d->d_name[0] == '0' || !proc_pid_exists(pid))
		return 0;
	return proc_instantiate(d, &proc_pid_entry, pid, 0);
}

static int proc_root_iterate(struct file *f, struct dir_context *ctx)
{
	int pids[32], n;

	if (!dir_emit_dots(f, ctx))
		return 0;
	if (!proc_table_emit(f, ctx, proc_root_entries, 2))
		return 0;
	if (ctx->pos < PID_POS_BASE)
		ctx->pos = PID_POS_BASE;
	do {
		n = proc_next_pids((int)(ctx->pos - PID_POS_BASE), pids, 32);
		for (int i = 0; i < n; i++) {
			char name[12];
			int len = snprintf(name, sizeof(name), "%d", pids[i]);

			ctx->pos = PID_POS_BASE + pids[i];
			if (!dir_emit(ctx, name, (size_t)len, (uint64_t)pids[i] << 16 | 1, DT_DIR))
				return 0;
			ctx->pos = PID_POS_BASE + pids[i] + 1;
		}
	} while (n == 32);
	return 0;
}

static const struct inode_operations proc_root_iops = {
	.lookup = proc_root_lookup,
};

static const struct file_operations proc_root_fops = {
	.read = generic_read_dir,
	.llseek = dir_llseek,
	.iterate = proc_root_iterate,
};

static const struct proc_entry proc_root = {
	.name = "/",
	.mode = S_IFDIR | 0555,
	.children = proc_root_entries,
	.iops = &proc_root_iops,
	.fops = &proc_root_fops,
};

static int proc_statfs(struct super_block *sb, struct kstatfs *st)
{
	(void)sb;
	*st = (struct kstatfs){
		.f_type = PROC_SUPER_MAGIC,
		.f_bsize = PAGE_SIZE,
		.f_frsize = PAGE_SIZE,
		.f_namelen = NAME_MAX,
	};
	return 0;
}

static const struct super_operations proc_sops = {
	.alloc_inode = proc_alloc_inode,
	.destroy_inode = proc_destroy_inode,
	.statfs = proc_statfs,
};

static int proc_fill_super(struct super_block *sb, const char *source, const void *data)
{
	struct inode *root;

	(void)source;
	(void)data;
	sb->s_op = &proc_sops;
	sb->s_magic = PROC_SUPER_MAGIC;
	sb->s_flags |= SB_NOCACHE;
	sb->s_blocksize = PAGE_SIZE;
	root = proc_make_inode(sb, &proc_root, 0, 0);
	if (!root)
		return -ENOMEM;
	sb->s_root = d_make_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}

static struct file_system_type proc_type = {
	.name = "proc",
	.fill_super = proc_fill_super,
};

void procfs_init(void)
{
	register_filesystem(&proc_type);
}
