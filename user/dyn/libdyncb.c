/*
 * A library that dyn_dlopen loads with dlopen(): it calls back into the
 * program (dyn_callback, exported by -rdynamic), has a constructor and a
 * destructor, and data the program reads through dlsym.
 */
#include <stdio.h>

int dyn_callback(int x);		/* in the program */

int dyncb_loaded;
const char dyncb_name[] = "libdyncb";

__attribute__((constructor)) static void dyncb_init(void)
{
	dyncb_loaded = 42;
}

__attribute__((destructor)) static void dyncb_fini(void)
{
	printf("libdyncb: destructor\n");
}

int dyncb_run(int n)
{
	int sum = 0;

	for (int i = 1; i <= n; i++)
		sum += dyn_callback(i);
	return sum;
}
