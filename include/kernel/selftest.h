/*
 * In-kernel self-tests, chosen on the command line: selftest=NAME[,NAME...]
 * or selftest=all (every test not marked to run by name only: those that
 * end in a panic on purpose or wait for console input). Each test
 * returns 0 on success; results print as "selftest NAME: PASS|FAIL", then
 * "selftest summary: N passed, N failed" and the machine powers off.
 */
#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H

#include <lib/compiler.h>
#include <kernel/printk.h>

struct selftest {
	const char *name;
	int (*fn)(void);
	bool by_name;		/* not part of selftest=all */
};

#define SELFTEST(tname, tfn)						\
	static const struct selftest __selftest_##tfn __used		\
	__section(".selftests") __aligned(8) = { .name = tname, .fn = tfn }
#define SELFTEST_BY_NAME(tname, tfn)					\
	static const struct selftest __selftest_##tfn __used		\
	__section(".selftests") __aligned(8) = { .name = tname, .fn = tfn, .by_name = true }

/* Report a failed check and make the test fail. */
#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			pr_err("selftest check failed: %s (%s:%d)\n",	\
			       #cond, __FILE__, __LINE__);		\
			return 1;					\
		}							\
	} while (0)

/* Run the tests the command line asks for; false if none were asked. */
bool selftest_run_from_cmdline(void);

#endif
