/*
 * Bit scans that gcc turns __builtin_clz/ctz into on cores without Zbb.
 * The kernel does not link libgcc (its float ABI differs), so they live here.
 */
#include <lib/compiler.h>

int __ctzsi2(unsigned int x);
int __ctzdi2(unsigned long x);
int __clzsi2(unsigned int x);
int __clzdi2(unsigned long x);

int __ctzdi2(unsigned long x)
{
	int n = 0;

	if (!(x & 0xffffffffUL)) { n += 32; x >>= 32; }
	if (!(x & 0xffffUL)) { n += 16; x >>= 16; }
	if (!(x & 0xffUL)) { n += 8; x >>= 8; }
	if (!(x & 0xfUL)) { n += 4; x >>= 4; }
	if (!(x & 0x3UL)) { n += 2; x >>= 2; }
	if (!(x & 0x1UL)) { n += 1; }
	return n;
}

int __ctzsi2(unsigned int x)
{
	return __ctzdi2(x);
}

int __clzdi2(unsigned long x)
{
	int n = 0;

	if (!(x >> 32)) { n += 32; x <<= 32; }
	if (!(x >> 48)) { n += 16; x <<= 16; }
	if (!(x >> 56)) { n += 8; x <<= 8; }
	if (!(x >> 60)) { n += 4; x <<= 4; }
	if (!(x >> 62)) { n += 2; x <<= 2; }
	if (!(x >> 63)) { n += 1; }
	return n;
}

int __clzsi2(unsigned int x)
{
	return __clzdi2(x) - 32;
}
