/*
 * The vDSO: a small shared object every process gets at exec, with the
 * clock calls that need no kernel entry and the signal return. Its code
 * (arch/<arch>/vdso/) is built with the kernel and embedded in it; its
 * pages and the data page below them are the kernel's, mapped read-only
 * into every address space and shared by all.
 */
#ifndef KERNEL_VDSO_H
#define KERNEL_VDSO_H

#include <lib/compiler.h>

struct mm;

/* The embedded image, from the arch (vdso_image.S). */
extern const char vdso_image_start[], vdso_image_end[];

/* Copy the image into pages of its own and fill the data page. */
void vdso_init(void);
/*
 * Map the data page ([vvar]) and the code ([vdso]) into mm, below its
 * mmap base; sets mm->vdso (the image's address, for AT_SYSINFO_EHDR)
 * and mm->sigtramp (where signal handlers return to).
 */
int vdso_map(struct mm *mm);
/* The wall clock moved: tell the data page. */
void vdso_set_realtime_offset(uint64_t offset);

#endif
