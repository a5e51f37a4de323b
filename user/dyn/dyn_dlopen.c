/*
 * dlopen() of a library found on the loader's search path (/lib), which
 * calls back into the program; dlsym of functions and data, the library's
 * constructor and destructor, dlclose, and the errors of a library or a
 * symbol that is not there.
 *
 * ldflags: -rdynamic
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include "utest.h"

int calls;

int dyn_callback(int x)
{
	calls++;
	return x * x;
}

int main(void)
{
	void *h;
	int (*run)(int);
	int *loaded;
	const char *name;

	utest_start("dyn_dlopen");
	CHECK(dlopen("libdyn-no-such-library.so", RTLD_NOW) == NULL);
	CHECK(dlerror() != NULL);
	h = dlopen("libdyncb.so", RTLD_NOW);
	CHECK(h != NULL);
	if (!h) {
		printf("dlerror: %s\n", dlerror());
		return utest_done();
	}
	run = (int (*)(int))dlsym(h, "dyncb_run");
	loaded = dlsym(h, "dyncb_loaded");
	name = dlsym(h, "dyncb_name");
	CHECK(run && loaded && name);
	if (run && loaded && name) {
		CHECK(*loaded == 42);	/* its constructor ran */
		CHECK(strcmp(name, "libdyncb") == 0);
		CHECK(run(4) == 1 + 4 + 9 + 16);
		CHECK(calls == 4);
	}
	CHECK(dlsym(h, "dyncb_no_such_symbol") == NULL);
	CHECK(dlsym(RTLD_DEFAULT, "dyn_callback") == (void *)dyn_callback);
	/* a second dlopen finds the same library */
	CHECK(dlopen("libdyncb.so", RTLD_NOW | RTLD_NOLOAD) == h);
	CHECK(dlclose(h) == 0);
	CHECK(dlclose(h) == 0);	/* the destructor runs here, or at exit (musl) */
	return utest_done();
}
