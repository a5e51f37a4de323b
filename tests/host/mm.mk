# Host tests for the page allocator and kmalloc (mm/page_alloc.c,
# mm/kmalloc.c), run on the asm/ stubs in tests/host/include with one
# pthread per simulated cpu.

HOST_TESTS += page_alloc kmalloc
host_page_alloc_SRCS := mm/page_alloc.c kernel/spinlock.c tests/host/stubs.c
host_kmalloc_SRCS := mm/kmalloc.c mm/page_alloc.c kernel/spinlock.c tests/host/stubs.c

HOST_TESTS += boot_mem
host_boot_mem_SRCS := mm/boot_mem.c mm/page_alloc.c kernel/spinlock.c tests/host/stubs.c
