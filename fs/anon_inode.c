/*
 * Anonymous files: eventfd, timerfd, signalfd and epoll files have no
 * name in any tree. As Linux's anon_inodes, they share one inode (mode
 * 0600, no file type) of a private file system; each file has its own
 * dentry, named "anon_inode:[kind]", which is what /proc/PID/fd shows.
 */
#include "internal.h"
#include <kernel/panic.h>
#include <lib/errno.h>
#include <lib/string.h>

#define ANON_INODE_FS_MAGIC	0x09041934

static struct vfsmount *anon_mnt;	/* [I] after boot */
static struct inode *anon_inode;	/* [I] after boot */

struct file *anon_inode_getfile(const char *kind, const struct file_operations *fops,
				void *priv, int flags)
{
	static const char prefix[] = "anon_inode:";
	char name[48];
	struct dentry *d;
	struct path path;
	struct file *f;

	memcpy(name, prefix, sizeof(prefix) - 1);
	strlcpy(name + sizeof(prefix) - 1, kind, sizeof(name) - (sizeof(prefix) - 1));
	d = d_alloc_anon(anon_mnt->mnt_sb, name);
	if (!d)
		return ERR_PTR(-ENOMEM);
	d_instantiate(d, ihold(anon_inode));
	path = (struct path){ anon_mnt, d };
	f = alloc_file(&path, anon_inode, (unsigned int)flags & (O_ACCMODE | O_NONBLOCK), fops);
	dput(d);
	if (!f)
		return ERR_PTR(-ENOMEM);
	if (fops->llseek)
		f->f_mode |= FMODE_LSEEK;	/* as Linux's alloc_file; never pread */
	f->private_data = priv;
	return f;
}

bool is_anon_inode(const struct inode *inode)
{
	return inode == anon_inode;
}

static int anon_fill_super(struct super_block *sb, const char *source, const void *data)
{
	struct inode *root = new_inode(sb);

	(void)source;
	(void)data;
	if (!root)
		return -ENOMEM;
	root->i_mode = S_IFDIR | 0700;
	sb->s_magic = ANON_INODE_FS_MAGIC;
	sb->s_root = d_make_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}

static struct file_system_type anon_inode_fs_type = {
	.name = "anon_inodefs",
	.fill_super = anon_fill_super,
};

void anon_inode_init(void)
{
	register_filesystem(&anon_inode_fs_type);
	anon_mnt = vfs_kern_mount("anon_inodefs", 0, "anon_inodefs", NULL);
	if (IS_ERR(anon_mnt))
		panic("cannot mount anon_inodefs");
	anon_inode = new_inode(anon_mnt->mnt_sb);
	if (!anon_inode)
		panic("anon_inodefs: no memory");
	anon_inode->i_mode = S_IRUSR | S_IWUSR;	/* no type, as Linux's */
	anon_inode->i_uid = 0;
	anon_inode->i_gid = 0;
}
