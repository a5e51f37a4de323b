/*
 * Thread-local storage in a library the program is linked against
 * (dyn_tls): initialized and zeroed __thread data, which every thread
 * gets its own copy of.
 */
__thread int dyntls_counter = 1000;
__thread char dyntls_zeroed[256];
__thread const char *dyntls_label = "initial";

int dyntls_bump(int by)
{
	dyntls_counter += by;
	dyntls_zeroed[by & 255]++;
	return dyntls_counter;
}

int dyntls_zero_sum(void)
{
	int s = 0;

	for (int i = 0; i < 256; i++)
		s += dyntls_zeroed[i];
	return s;
}

int *dyntls_counter_addr(void)
{
	return &dyntls_counter;
}
