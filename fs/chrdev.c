/*
 * The character-device registry (see <fs/chrdev.h>): a short table of
 * (major, minor range) -> file_operations, filled at boot by the drivers
 * and read at every open of a device node.
 */
#include "internal.h"
#include <fs/chrdev.h>
#include <lib/errno.h>

#define MAX_CHRDEVS	32

struct chrdev {
	unsigned int major, minor, count;
	const char *name;
	const struct file_operations *fops;
};

static struct spinlock chrdev_lock = SPINLOCK_INIT("chrdev", LOCK_CHRDEV);
static struct chrdev chrdevs[MAX_CHRDEVS];	/* [chrdev_lock] */
static unsigned int nr_chrdevs;			/* [chrdev_lock] */

static bool overlaps(const struct chrdev *c, unsigned int major, unsigned int minor,
		     unsigned int count)
{
	return c->major == major && minor < c->minor + c->count && c->minor < minor + count;
}

int chrdev_register(unsigned int major, unsigned int minor, unsigned int count,
		    const char *name, const struct file_operations *fops)
{
	int err = 0;

	if (!count || minor + count - 1 > MINORMASK)
		return -EINVAL;
	spin_lock(&chrdev_lock);
	for (unsigned int i = 0; i < nr_chrdevs; i++)
		if (overlaps(&chrdevs[i], major, minor, count))
			err = -EBUSY;
	if (!err && nr_chrdevs == MAX_CHRDEVS)
		err = -ENOMEM;
	if (!err)
		chrdevs[nr_chrdevs++] = (struct chrdev){ major, minor, count, name, fops };
	spin_unlock(&chrdev_lock);
	return err;
}

const struct file_operations *chrdev_lookup(dev_t dev)
{
	const struct file_operations *fops = NULL;

	spin_lock(&chrdev_lock);
	for (unsigned int i = 0; i < nr_chrdevs; i++)
		if (overlaps(&chrdevs[i], MAJOR(dev), MINOR(dev), 1))
			fops = chrdevs[i].fops;
	spin_unlock(&chrdev_lock);
	return fops;
}

static int chrdev_open(struct inode *inode, struct file *f)
{
	const struct file_operations *fops = chrdev_lookup(inode->i_rdev);

	if (!fops)
		return -ENXIO;
	f->f_op = fops;
	return fops->open ? fops->open(inode, f) : 0;
}

const struct file_operations chrdev_open_fops = {
	.open = chrdev_open,
};

void chrdev_init(void)
{
	mem_devices_init();
	tty_devices_init();
}
