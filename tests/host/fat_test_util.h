/*
 * What the FAT host tests share: disks copied from base.img, mounted on
 * new directories, file contents, listings and fsck.fat. Include once,
 * after fs_test_util.h, fat_stubs.h and fs/fat/fat_internal.h.
 */
#ifndef HOST_FAT_TEST_UTIL_H
#define HOST_FAT_TEST_UTIL_H

int getpid(void);
int unlink(const char *path);
int truncate(const char *path, long length);

static int nr_mounts;

struct disk {
	char path[256];		/* the image file */
	char name[16];		/* the block device */
	struct block_device *b;
};

static inline int setup(void **state)
{
	static bool registered;
	int err = fs_test_setup(state);

	if (!registered) {
		fat_init();
		registered = true;
	}
	return err;
}

/* A fresh copy of the image src as a disk. */
static inline void disk_copy(struct disk *d, const char *src)
{
	char cmd[600];
	static int seq;

	snprintf(d->path, sizeof(d->path), "%s/work-%d-%d.img", FAT_IMG_DIR, (int)getpid(), seq);
	snprintf(d->name, sizeof(d->name), "fat%d", seq++);
	snprintf(cmd, sizeof(cmd), "cp %s/%s %s", FAT_IMG_DIR, src, d->path);
	assert_int_equal(system(cmd), 0);
	d->b = host_disk_file(d->name, d->path);
}

/* Mount the disk on a new directory; its path in mp. */
static inline int mount_disk(struct disk *d, char *mp, size_t size)
{
	char dev[32];

	snprintf(mp, size, "/mnt%d", nr_mounts++);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, mp, 0755), 0);
	snprintf(dev, sizeof(dev), "/dev/%s", d->name);
	return vfs_mount("vfat", dev, mp, 0, NULL);
}

/* fsck.fat -n on the closed image: 0 if it found nothing to say. */
static inline int fsck(const char *path)
{
	char cmd[600], line[512];
	int bad = 0, status;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "%s -n %s 2>&1", FSCK_FAT, path);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p)) {
		if (strncmp(line, "fsck.fat ", 9) == 0 || strstr(line, " files, "))
			continue;
		fprintf(stderr, "fsck: %s", line);
		bad = 1;
	}
	status = pclose(p);
	return bad || status != 0;	/* exited with 0 */
}

/* Unmount what is mounted on mp (its super block goes). */
static inline void umount_path(const char *mp)
{
	struct path p;

	assert_int_equal(vfs_path_lookup(AT_FDCWD, mp, LOOKUP_FOLLOW, &p), 0);
	assert_int_equal(vfs_umount(&p), 0);
}

static inline void disk_done(struct disk *d, bool check)
{
	assert_int_equal(host_buf_busy(), 0);
	host_disk_close(d->b);
	if (check)
		assert_int_equal(fsck(d->path), 0);
	unlink(d->path);
}

static inline char *at(const char *mp, const char *rel)
{
	static char bufs[4][512];
	static int n;
	char *b = bufs[n++ % 4];

	snprintf(b, 512, "%s/%s", mp, rel);
	return b;
}

static inline int write_at(const char *path, const void *data, size_t len, loff_t pos)
{
	struct file *f = vfs_openat(AT_FDCWD, path, O_CREAT | O_WRONLY, 0644);
	ssize_t n;

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	n = kernel_write(f, data, len, pos);
	fput(f);
	return n < 0 ? (int)n : (size_t)n == len ? 0 : -EIO;
}

static inline void assert_content(const char *path, const char *want, size_t len)
{
	char *buf = malloc(len + 16);
	ssize_t n = read_path(path, buf, len + 16, 0);

	assert_int_equal(n, (ssize_t)len);
	assert_memory_equal(buf, want, len);
	free(buf);
}

/* ---- directory listings ---- */

struct listing {
	struct dir_context ctx;
	char names[512][64];
	uint64_t inos[512];
	unsigned int types[512];
	int n;
};

static inline bool collect(struct dir_context *ctx, const char *name, size_t len,
		    uint64_t ino, unsigned int dtype)
{
	struct listing *l = (struct listing *)ctx;

	if (l->n == 512)
		return false;
	snprintf(l->names[l->n], sizeof(l->names[0]), "%.*s", (int)len, name);
	l->inos[l->n] = ino;
	l->types[l->n++] = dtype;
	return true;
}

static inline struct listing *list_dir(const char *path)
{
	struct listing *l = calloc(1, sizeof(*l));
	struct file *f = vfs_openat(AT_FDCWD, path, O_RDONLY | O_DIRECTORY, 0);

	assert_false(IS_ERR(f));
	l->ctx.actor = collect;
	assert_int_equal(vfs_iterate_dir(f, &l->ctx), 0);
	fput(f);
	return l;
}

static inline int listed(const struct listing *l, const char *name)
{
	int count = 0;

	for (int i = 0; i < l->n; i++)
		count += strcmp(l->names[i], name) == 0;
	return count;
}

/* The short entry of path's name in directory dir (white box). */
static inline void short_entry(const char *dir, const char *name, struct fat_slot_info *si)
{
	struct path p;
	struct inode *inode;
	struct fat_sb *s;

	assert_int_equal(vfs_path_lookup(AT_FDCWD, dir, LOOKUP_FOLLOW, &p), 0);
	inode = d_inode(p.dentry);
	s = FAT_SB(inode->i_sb);
	mutex_lock(&s->lock);
	assert_int_equal(fat_find(inode, name, strlen(name), si), 0);
	mutex_unlock(&s->lock);
	path_put(&p);
}

static inline uint64_t free_clusters(const char *mp)
{
	struct path p;
	struct kstatfs st;

	assert_int_equal(vfs_path_lookup(AT_FDCWD, mp, LOOKUP_FOLLOW, &p), 0);
	assert_int_equal(vfs_statfs(&p, &st), 0);
	path_put(&p);
	assert_int_equal(st.f_type, MSDOS_SUPER_MAGIC);
	return st.f_bfree;
}

/* ---- tests ---- */

#endif
