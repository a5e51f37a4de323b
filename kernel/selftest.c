/* The self-test runner (see <kernel/selftest.h>). */
#include <kernel/selftest.h>
#include <kernel/cmdline.h>
#include <kernel/power.h>
#include <lib/string.h>

extern const struct selftest __selftests_start[], __selftests_end[];

static bool listed(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; *p; ) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && !strncmp(p, name, n))
			return true;
		p += len + (end ? 1 : 0);
	}
	return false;
}

bool selftest_run_from_cmdline(void)
{
	char list[256];
	int passed = 0, failed = 0;
	bool all;

	if (!cmdline_value("selftest", list, sizeof(list)))
		return false;
	all = !strcmp(list, "all");
	for (const struct selftest *t = __selftests_start; t < __selftests_end; t++) {
		int err;

		if (all ? t->by_name : !listed(list, t->name))
			continue;
		pr_info("selftest %s: start\n", t->name);
		err = t->fn();
		pr_info("selftest %s: %s\n", t->name, err ? "FAIL" : "PASS");
		if (err)
			failed++;
		else
			passed++;
	}
	pr_info("selftest summary: %d passed, %d failed\n", passed, failed);
	return true;
}
