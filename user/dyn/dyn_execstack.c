/*
 * dlopen() of a library that needs an executable stack (libdynexec):
 * glibc's loader makes the stack executable with mprotect(...
 * PROT_GROWSDOWN), which must cover the whole stack area, below the page
 * it names too; the library then runs code from its stack frames, near
 * the top and several pages further down. glibc only: musl's loader
 * leaves the stack as it is.
 *
 * libc: glibc
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include "utest.h"

int main(void)
{
	int (*deep)(int, int);
	void *h;

	utest_start("dyn_execstack");
	h = dlopen("libdynexec.so", RTLD_NOW);
	CHECK(h != NULL);
	if (!h) {
		printf("dlerror: %s\n", dlerror());
		return utest_done();
	}
	deep = (int (*)(int, int))dlsym(h, "dynexec_deep");
	CHECK(deep != NULL);
	if (deep) {
		CHECK(deep(0, 10) == 11);
		CHECK(deep(8, 20) == 21);	/* about 8 KiB further down */
		CHECK(deep(64, 5) == 6);	/* 64 KiB down: the stack grew there */
	}
	return utest_done();
}
