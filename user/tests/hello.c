/*
 * The first program: one line, then its arguments. Also built as a
 * static PIE (hello-pie), which the kernel must load at a base of its
 * choosing.
 *
 * test-args: first second
 */
#include <stdio.h>

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("hello from user space\n");
	printf("argc %d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("argv[%d] %s\n", i, argv[i]);
	return 0;
}
