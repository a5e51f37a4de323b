/*
 * Thread-local storage in a library dyn_tls loads with dlopen(): its
 * blocks are allocated by the loader on a thread's first access.
 */
__thread long dyntls2_value = 7;
__thread long dyntls2_array[64];

long dyntls2_add(long x)
{
	dyntls2_array[x & 63] += x;
	dyntls2_value += x;
	return dyntls2_value;
}
