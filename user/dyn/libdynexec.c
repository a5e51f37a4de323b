/*
 * A library that needs an executable stack: its GCC nested function
 * makes a trampoline on the stack, so the linker gives it a PT_GNU_STACK
 * with PF_X. glibc's loader, when dlopen() brings it in, makes the
 * stack executable: mprotect(PROT_READ|PROT_WRITE|PROT_EXEC|
 * PROT_GROWSDOWN) of the stack's top page, which Linux applies from the
 * start of the stack area (and to what it grows into later).
 *
 * ldflags: -Wl,-z,execstack -Wl,--no-warn-execstack
 */
static int apply(int (*f)(int), int x)
{
	return f(x);
}

/* Recurse depth frames down, then call through a trampoline there: 1 + x. */
int dynexec_deep(int depth, int x)
{
	volatile char pad[1024];
	int add(int y)
	{
		return y + x + depth;
	}

	pad[0] = (char)depth;
	if (depth > 0)
		return dynexec_deep(depth - 1, x) + pad[0] - depth;
	return apply(add, 1);
}
