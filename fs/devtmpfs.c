/*
 * devtmpfs: a tmpfs that starts with the device nodes the kernel has:
 * the memory devices, tty, console and ttyS0, and every registered block
 * device (disks and their partitions). Each mount is a fresh copy;
 * nodes made later are not added to mounted instances.
 */
#include "ramfs_internal.h"
#include <fs/blkdev.h>
#include <fs/chrdev.h>
#include <fs/pseudofs.h>
#include <lib/errno.h>
#include <lib/string.h>

static const struct {
	const char *name;
	umode_t mode;
	unsigned int major, minor;
} char_nodes[] = {
	{ "null",    S_IFCHR | 0666, MEM_MAJOR, MEM_NULL_MINOR },
	{ "zero",    S_IFCHR | 0666, MEM_MAJOR, MEM_ZERO_MINOR },
	{ "full",    S_IFCHR | 0666, MEM_MAJOR, MEM_FULL_MINOR },
	{ "random",  S_IFCHR | 0666, MEM_MAJOR, MEM_RANDOM_MINOR },
	{ "urandom", S_IFCHR | 0666, MEM_MAJOR, MEM_URANDOM_MINOR },
	{ "tty",     S_IFCHR | 0666, TTYAUX_MAJOR, TTY_MINOR },
	{ "console", S_IFCHR | 0600, TTYAUX_MAJOR, CONSOLE_MINOR },
	{ "ttyS0",   S_IFCHR | 0600, TTY_MAJOR, TTYS0_MINOR },
};

/* Make the node name in the (not yet mounted) root of sb. */
static int add_node(struct super_block *sb, const char *name, umode_t mode, dev_t dev)
{
	struct dentry *root = sb->s_root, *d;
	struct inode *dir = d_inode(root);
	int err;

	mutex_lock(&dir->i_mutex);
	d = d_alloc(root, name, strlen(name));
	if (!d) {
		mutex_unlock(&dir->i_mutex);
		return -ENOMEM;
	}
	err = dir->i_op->mknod(dir, d, mode, dev);
	if (!err) {
		d_inode(d)->i_mode = mode;	/* not the caller's umask */
		d_inode(d)->i_uid = d_inode(d)->i_gid = 0;
		d_rehash(d);
	}
	mutex_unlock(&dir->i_mutex);
	dput(d);
	return err;
}

struct blk_ctx {
	struct super_block *sb;
	int err;
};

static void add_blkdev(struct block_device *b, void *arg)
{
	struct blk_ctx *c = arg;

	if (!c->err)
		c->err = add_node(c->sb, b->name, S_IFBLK | 0660, b->dev);
}

static int devtmpfs_fill_super(struct super_block *sb, const char *source, const void *data)
{
	struct blk_ctx c = { sb, 0 };
	int err = tmpfs_fill(sb, data, 0755);

	(void)source;
	if (err)
		return err;
	for (size_t i = 0; i < ARRAY_SIZE(char_nodes) && !err; i++)
		err = add_node(sb, char_nodes[i].name, char_nodes[i].mode,
			       MKDEV(char_nodes[i].major, char_nodes[i].minor));
	if (!err) {
		blkdev_for_each(add_blkdev, &c);
		err = c.err;
	}
	if (err) {
		/* drop what was made, then the instance */
		dcache_shrink(sb);
		dput(sb->s_root);
		sb->s_op->put_super(sb);
	}
	return err;
}

static struct file_system_type devtmpfs_type = {
	.name = "devtmpfs",
	.fill_super = devtmpfs_fill_super,
};

void devtmpfs_init(void)
{
	register_filesystem(&devtmpfs_type);
}
