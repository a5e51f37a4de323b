/*
 * A program whose only PT_LOAD segment is readable, writable and
 * executable, at 0x1000 (linked with rwx.ld). It changes its own data,
 * its bss and one of its own instructions, and prints what it sees.
 */
#include "nolibc.h"

NOLIBC_START;

#define SEGMENT_START 0x1000UL
#define ADDI_A0_ZERO(imm) (0x00000513U | ((unsigned)(imm) << 20))

/*
 * Returns 1: "addi a0, zero, 1; ret", always 32-bit instructions so that
 * the immediate can be patched.
 */
__asm__("	.text\n"
	"	.balign 4\n"
	"	.globl one\n"
	"	.type one, @function\n"
	"one:\n"
	"	.option push\n"
	"	.option norvc\n"
	"	addi a0, zero, 1\n"
	"	ret\n"
	"	.option pop\n");
int one(void);

static char message[] = "rwx: data written in place\n";
/*
 * In bss, past the end of the file's bytes but in the same page as them:
 * the loader must zero it, since the file goes on (non-loaded sections).
 */
static unsigned long counter;
static int failed;

static void check(int ok, const char *what)
{
	nl_puts(ok ? "ok " : "FAIL ");
	nl_puts(what);
	nl_puts("\n");
	failed |= !ok;
}

void start_c(unsigned long *sp)
{
	(void)sp;
	nl_puts("rwx\n");
	check((unsigned long)&_start >= SEGMENT_START, "code is in the segment");
	check((unsigned long)message > (unsigned long)&_start, "data after the code");
	check(counter == 0, "bss starts zeroed");

	/* Data: "rwx:" becomes "RWX:". */
	for (int i = 0; i < 3; i++)
		message[i] -= 'a' - 'A';
	counter += 41;
	counter++;
	check(counter == 42, "bss is writable");
	nl_puts(message);

	/* Code: patch one() to return 2. */
	volatile unsigned *insn = (volatile unsigned *)(unsigned long)&one;
	check(one() == 1 && *insn == ADDI_A0_ZERO(1), "one() returns 1");
	*insn = ADDI_A0_ZERO(2);
	__asm__ volatile("fence.i" ::: "memory");
	check(one() == 2, "patched one() returns 2");

	nl_puts(failed ? "rwx: failed\n" : "rwx: all passed\n");
	nl_exit(failed);
}
