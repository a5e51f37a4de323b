/*
 * Kernel object allocator: kmem caches of fixed-size objects carved from
 * pages (slabs), with a per-cpu stack of free objects in front of each
 * cache. kmalloc() picks the cache of the smallest size class that fits;
 * larger requests get whole pages. Failure returns NULL.
 */
#ifndef MM_KMALLOC_H
#define MM_KMALLOC_H

#include <lib/compiler.h>
#include <mm/page.h>

#define KMALLOC_MAX_CACHE_SIZE	2048	/* above: whole pages */

struct kmem_cache;

struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align);
void *kmem_cache_alloc(struct kmem_cache *c, unsigned int gfp);
void kmem_cache_free(struct kmem_cache *c, void *obj);

void kmalloc_init(void);
void *kmalloc(size_t size, unsigned int gfp);
void *kzalloc(size_t size);
void kfree(const void *p);
/* Usable size of a kmalloc() block. */
size_t ksize(const void *p);

/*
 * Give every cached free object (per-cpu magazines) back to its slab and
 * every empty slab back to the page allocator. kmalloc does this itself
 * before failing; tests call it to check nothing leaked.
 */
void kmalloc_shrink(void);

#endif
