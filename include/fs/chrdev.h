/*
 * Character devices: a registry of file_operations by (major, minor).
 * Opening a character-device inode looks its i_rdev up here and switches
 * the file to the driver's operations (-ENXIO when none is registered).
 *
 * Built in: 1:3 null, 1:5 zero, 1:7 full, 1:8 random, 1:9 urandom,
 * The terminals register themselves (drivers/tty): 4:64 ttyS0, 5:0 tty,
 * 5:1 console.
 */
#ifndef FS_CHRDEV_H
#define FS_CHRDEV_H

#include <fs/vfs.h>

#define MEM_MAJOR		1
#define MEM_NULL_MINOR		3
#define MEM_ZERO_MINOR		5
#define MEM_FULL_MINOR		7
#define MEM_RANDOM_MINOR	8
#define MEM_URANDOM_MINOR	9
#define TTYAUX_MAJOR		5
#define TTY_MINOR		0
#define CONSOLE_MINOR		1
#define TTY_MAJOR		4
#define TTYS0_MINOR		64

/* Register fops for minors [minor, minor + count) of major: 0, -EBUSY, -ENOMEM. */
int chrdev_register(unsigned int major, unsigned int minor, unsigned int count,
		    const char *name, const struct file_operations *fops);
/* The operations for dev, or NULL. */
const struct file_operations *chrdev_lookup(dev_t dev);
/* What a character-device inode's i_fop is: open finds the driver. */
extern const struct file_operations chrdev_open_fops;

void chrdev_init(void);		/* the built-in devices */
void mem_devices_init(void);	/* fs/memdev.c */
void tty_devices_init(void);	/* drivers/tty/tty_io.c */

#endif
