/*
 * The only way the kernel touches user memory. A user pointer is marked
 * __user and is never dereferenced: these routines walk the current
 * address space's page table in software, fault pages in as a user
 * access would (demand paging, copy-on-write, stack growth) and copy
 * through the kernel's direct map, so sstatus.SUM is never set.
 *
 * Each returns 0 or -EFAULT: any byte that is unmapped, above the user
 * half, or lacks the needed permission fails the whole call (bytes
 * before it may have been copied, as on Linux).
 */
#ifndef MM_UACCESS_H
#define MM_UACCESS_H

#include <lib/compiler.h>

#ifndef __user
#define __user
#endif

int copy_from_user(void *dst, const void __user *src, size_t n);
int copy_to_user(void __user *dst, const void *src, size_t n);
int clear_user(void __user *dst, size_t n);
/*
 * Read n bytes at user address src of mm, which need not be the running
 * address space (/proc/PID/cmdline), faulting pages in as its own reads
 * would. The caller holds a reference to mm (mmgrab); an address space
 * already torn down reads as unmapped. 0 or -EFAULT.
 */
struct mm;
int copy_from_mm(struct mm *mm, void *dst, uintptr_t src, size_t n);
/*
 * Copy a NUL-terminated string of at most n - 1 characters plus its NUL.
 * Returns its length, -EFAULT, or -ENAMETOOLONG if no NUL came in n bytes.
 */
long strncpy_from_user(char *dst, const char __user *src, size_t n);

/*
 * An atomic read-modify-write of an aligned user word (futex WAKE_OP):
 * the old value in *old; 0, -EFAULT or -EINVAL.
 */
enum { UATOMIC_SET, UATOMIC_ADD, UATOMIC_OR, UATOMIC_ANDN, UATOMIC_XOR };
int user_atomic_op(uint32_t __user *uaddr, int op, uint32_t arg, uint32_t *old);

#define get_user(kvar, uptr)	copy_from_user(&(kvar), (uptr), sizeof(kvar))
#define put_user(kval, uptr)						\
	({ __typeof__(*(uptr)) __v = (kval); copy_to_user((uptr), &__v, sizeof(__v)); })

#endif
