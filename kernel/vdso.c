/*
 * The vDSO's pages: one data page (struct vdso_data) and the image's
 * code pages, held in one shared-memory object that the kernel keeps a
 * reference to forever, so every mapping of it, in every process, sees
 * the same pages and none is ever freed. The areas may never become
 * writable (VM_NOMAYWRITE): a store would reach every process.
 */
#include <kernel/vdso.h>
#include <kernel/vdso_data.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/time.h>
#include <mm/page.h>
#include <mm/vm.h>
#include <lib/string.h>
#include <generated/vdso.h>

static struct vm_shared *vdso_obj;	/* [I] page 0: data, then the image */
static struct vdso_data *vdso_data;	/* [I] page 0, through the direct map */
static size_t image_pages;		/* [I] */

void vdso_init(void)
{
	size_t len = (size_t)(vdso_image_end - vdso_image_start);

	image_pages = ALIGN_UP(len, PAGE_SIZE) / PAGE_SIZE;
	vdso_obj = vm_shared_create(1 + image_pages);
	if (!vdso_obj)
		panic("vdso: no memory");
	for (size_t i = 0; i <= image_pages; i++) {
		struct page *p = alloc_pages(0, GFP_ZERO);

		if (!p)
			panic("vdso: no memory");
		vdso_obj->pages[i] = p;
	}
	memcpy(page_address(vdso_obj->pages[1]), vdso_image_start, len);
	vdso_data = page_address(vdso_obj->pages[0]);
	vdso_data->realtime_offset = time_realtime_offset();
	vdso_data->ns_per_tick = vdso_ns_per_tick(timebase_hz);
	__atomic_store_n(&vdso_data->timebase_hz, timebase_hz, __ATOMIC_RELEASE);
}

int vdso_map(struct mm *mm)
{
	long base = vm_map_shared(mm, 0, (1 + image_pages) * PAGE_SIZE, VM_READ, vdso_obj, 0,
				  "[vvar]");

	if (base < 0)
		return (int)base;
	/* the code replaces all but the first page of the same range */
	base = vm_map_shared(mm, (uintptr_t)base + PAGE_SIZE, image_pages * PAGE_SIZE,
			     VM_READ | VM_EXEC, vdso_obj, 1, "[vdso]");
	if (base < 0)
		return (int)base;
	mm->vdso = (uintptr_t)base;
	mm->sigtramp = mm->vdso + VDSO_SYM_rt_sigreturn;
	return 0;
}

void vdso_set_realtime_offset(uint64_t offset)
{
	if (vdso_data)
		__atomic_store_n(&vdso_data->realtime_offset, offset, __ATOMIC_RELEASE);
}
