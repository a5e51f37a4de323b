/*
 * procfs: the super block and its root directory, a table
 * (fs/proc/info.c) followed by one directory per process, by pid.
 */
#include "internal.h"
#include <lib/printf.h>
#include <lib/errno.h>

/* ---- the root: the table, then a directory per process ------------------------------ */

#define PID_POS_BASE	(1LL << 32)	/* getdents positions of pids: base + pid */

static int proc_root_lookup(struct inode *dir, struct dentry *d)
{
	int pid = 0, err = pseudo_dir_lookup(dir, d);

	if (err || d_inode(d))
		return err;
	for (size_t i = 0; i < d->d_len; i++) {
		if (d->d_name[i] < '0' || d->d_name[i] > '9' || i > 9)
			return 0;
		pid = pid * 10 + (d->d_name[i] - '0');
	}
	if (d->d_len == 0 || d->d_name[0] == '0' || !proc_pid_exists(pid))
		return 0;
	return pseudo_instantiate(d, &proc_pid_entry, pid, 0);
}

static int proc_root_iterate(struct file *f, struct dir_context *ctx)
{
	int pids[32], n;

	if (!dir_emit_dots(f, ctx))
		return 0;
	if (!pseudo_table_emit(ctx, proc_root_entries, 2))
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

static const struct pseudo_entry proc_root = {
	.name = "/",
	.mode = S_IFDIR | 0555,
	.children = proc_root_entries,
	.iops = &proc_root_iops,
	.fops = &proc_root_fops,
};

static int proc_fill_super(struct super_block *sb, const char *source, const void *data)
{
	(void)source;
	(void)data;
	return pseudo_fill_super(sb, PROC_SUPER_MAGIC, &proc_root);
}

static struct file_system_type proc_type = {
	.name = "proc",
	.fill_super = proc_fill_super,
};

void procfs_init(void)
{
	register_filesystem(&proc_type);
}
