/* mount(2) and umount2(2) flags: Linux's values (include/uapi/linux/mount.h, fs.h). */
#ifndef UAPI_LINUX_MOUNT_H
#define UAPI_LINUX_MOUNT_H

#define MS_RDONLY	(1UL << 0)
#define MS_NOSUID	(1UL << 1)
#define MS_NODEV	(1UL << 2)
#define MS_NOEXEC	(1UL << 3)
#define MS_SYNCHRONOUS	(1UL << 4)
#define MS_REMOUNT	(1UL << 5)
#define MS_MANDLOCK	(1UL << 6)
#define MS_DIRSYNC	(1UL << 7)
#define MS_NOSYMFOLLOW	(1UL << 8)
#define MS_NOATIME	(1UL << 10)
#define MS_NODIRATIME	(1UL << 11)
#define MS_BIND		(1UL << 12)
#define MS_MOVE		(1UL << 13)
#define MS_REC		(1UL << 14)
#define MS_SILENT	(1UL << 15)
#define MS_POSIXACL	(1UL << 16)
#define MS_UNBINDABLE	(1UL << 17)
#define MS_PRIVATE	(1UL << 18)
#define MS_SLAVE	(1UL << 19)
#define MS_SHARED	(1UL << 20)
#define MS_RELATIME	(1UL << 21)
#define MS_KERNMOUNT	(1UL << 22)
#define MS_I_VERSION	(1UL << 23)
#define MS_STRICTATIME	(1UL << 24)
#define MS_LAZYTIME	(1UL << 25)
#define MS_NOUSER	(1UL << 31)

#define MS_MGC_VAL	0xC0ED0000UL	/* old magic in the top half, ignored */
#define MS_MGC_MSK	0xffff0000UL

/* umount2(2) */
#define MNT_FORCE	0x1
#define MNT_DETACH	0x2
#define MNT_EXPIRE	0x4
#define UMOUNT_NOFOLLOW	0x8

#endif
