/*
 * boot_mem_subtract: free RAM = memory ranges minus reservations,
 * page-aligned inwards and sorted. Checked against a page-by-page model
 * on random layouts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <mm/boot_mem.h>
#include <asm/memlayout.h>

#define MODEL_PAGES	4096		/* model physical pages 0 .. 16 MiB */

static void expect_ranges(const struct phys_range *got, int n,
			  const struct phys_range *want, int m)
{
	assert_int_equal(n, m);
	for (int i = 0; i < n; i++) {
		assert_int_equal(got[i].start, want[i].start);
		assert_int_equal(got[i].end, want[i].end);
	}
}

static void test_simple(void **state)
{
	struct phys_range ram[] = { { 0x80000000, 0xa0000000 } };
	struct phys_range resv[] = {
		{ 0x80000000, 0x80080000 },	/* firmware */
		{ 0x80200000, 0x80232000 },	/* kernel */
		{ 0x9fe00100, 0x9fe01100 },	/* unaligned device tree */
	};
	struct phys_range want[] = {
		{ 0x80080000, 0x80200000 },
		{ 0x80232000, 0x9fe00000 },
		{ 0x9fe02000, 0xa0000000 },
	};
	struct phys_range out[8];
	int n = boot_mem_subtract(ram, 1, resv, 3, out, 8);

	(void)state;
	expect_ranges(out, n, want, 3);
}

static void test_edges(void **state)
{
	/* reservation covering all, touching edges, outside RAM, unaligned RAM */
	struct phys_range ram[] = { { 0x2000, 0x6000 }, { 0x10100, 0x20f00 } };
	struct phys_range resv[] = { { 0x0, 0x1000 }, { 0x6000, 0x7000 }, { 0x2000, 0x3000 } };
	struct phys_range want[] = { { 0x3000, 0x6000 }, { 0x11000, 0x20000 } };
	struct phys_range out[8];
	struct phys_range all[] = { { 0, 0x100000 } };

	(void)state;
	expect_ranges(out, boot_mem_subtract(ram, 2, resv, 3, out, 8), want, 2);
	assert_int_equal(boot_mem_subtract(ram, 2, all, 1, out, 8), 0);
}

static void test_random(void **state)
{
	(void)state;
	srand(7);
	for (int iter = 0; iter < 2000; iter++) {
		static bool model[MODEL_PAGES];
		struct phys_range ram[4], resv[12], out[BOOT_MEM_MAX_RANGES];
		int nr = 1 + rand() % 4, nv = rand() % 12, n;
		uint64_t prev_end = 0;

		for (int i = 0; i < MODEL_PAGES; i++)
			model[i] = false;
		for (int i = 0; i < nr; i++) {	/* disjoint RAM ranges */
			uint64_t s = prev_end + (uint64_t)(rand() % 300) * 13;
			uint64_t e = s + 1 + (uint64_t)(rand() % 700000);

			if (e > (uint64_t)MODEL_PAGES * PAGE_SIZE)
				e = (uint64_t)MODEL_PAGES * PAGE_SIZE;
			ram[i] = (struct phys_range){ s, e };
			prev_end = e;
			for (uint64_t p = (s + PAGE_SIZE - 1) / PAGE_SIZE; p < e / PAGE_SIZE; p++)
				model[p] = true;
		}
		for (int i = 0; i < nv; i++) {
			uint64_t s = (uint64_t)rand() % ((uint64_t)MODEL_PAGES * PAGE_SIZE);
			uint64_t e = s + 1 + (uint64_t)(rand() % 200000);

			resv[i] = (struct phys_range){ s, e };
			for (uint64_t p = s / PAGE_SIZE; p < (e + PAGE_SIZE - 1) / PAGE_SIZE &&
			     p < MODEL_PAGES; p++)
				model[p] = false;
		}
		/* with too little room, ranges may be lost but none may be wrong */
		n = boot_mem_subtract(ram, nr, resv, nv, out, 2);
		for (int i = 0; i < n; i++)
			for (uint64_t p = out[i].start / PAGE_SIZE; p < out[i].end / PAGE_SIZE; p++)
				assert_true(model[p]);
		n = boot_mem_subtract(ram, nr, resv, nv, out, BOOT_MEM_MAX_RANGES);
		for (int i = 0; i < n; i++) {
			assert_true(out[i].start < out[i].end);
			assert_int_equal(out[i].start % PAGE_SIZE, 0);
			assert_int_equal(out[i].end % PAGE_SIZE, 0);
			if (i)
				assert_true(out[i - 1].end <= out[i].start);
			for (uint64_t p = out[i].start / PAGE_SIZE; p < out[i].end / PAGE_SIZE; p++) {
				assert_true(model[p]);
				model[p] = false;	/* each free page once */
			}
		}
		for (int i = 0; i < MODEL_PAGES; i++)
			assert_false(model[i]);	/* no free page missed */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
