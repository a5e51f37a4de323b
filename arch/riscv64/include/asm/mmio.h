/* Device register access, ordered against other memory accesses. */
#ifndef ASM_MMIO_H
#define ASM_MMIO_H

#include <lib/compiler.h>

static inline uint32_t readl(const volatile void *addr)
{
	uint32_t v = *(const volatile uint32_t *)addr;

	__asm__ __volatile__("fence i,r" ::: "memory");
	return v;
}

static inline void writel(uint32_t v, volatile void *addr)
{
	__asm__ __volatile__("fence w,o" ::: "memory");
	*(volatile uint32_t *)addr = v;
}

static inline uint8_t readb(const volatile void *addr)
{
	uint8_t v = *(const volatile uint8_t *)addr;

	__asm__ __volatile__("fence i,r" ::: "memory");
	return v;
}

static inline void writeb(uint8_t v, volatile void *addr)
{
	__asm__ __volatile__("fence w,o" ::: "memory");
	*(volatile uint8_t *)addr = v;
}

#endif
