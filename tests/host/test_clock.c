/*
 * Host tests for the counter-to-nanoseconds conversion the kernel and the
 * vDSO share (include/kernel/vdso_data.h): the multiplication used when a
 * tick is a whole number of nanoseconds gives exactly what the quotients
 * give, for common and odd timebases, at small and century-long uptimes,
 * and other timebases keep the quotients.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <kernel/vdso_data.h>

static uint64_t by_quotients(uint64_t ticks, uint64_t hz)
{
	return ticks / hz * 1000000000ULL + ticks % hz * 1000000000ULL / hz;
}

static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void test_exact_rates(void **state)
{
	static const uint64_t rates[] = { 1, 1000000, 10000000, 25000000, 1000000000 };
	uint64_t seed = 88172645463325252ULL;

	(void)state;
	for (size_t r = 0; r < sizeof(rates) / sizeof(rates[0]); r++) {
		uint64_t hz = rates[r], k = vdso_ns_per_tick(hz);
		/* a century of ticks stays far from overflow */
		uint64_t limit = 100ULL * 365 * 24 * 3600 * hz;

		assert_int_equal(k, 1000000000ULL / hz);
		for (int i = 0; i < 100000; i++) {
			uint64_t t = i < 1000 ? (uint64_t)i : next(&seed) % limit;

			assert_int_equal(vdso_ticks_to_ns(t, hz, k), by_quotients(t, hz));
		}
	}
}

static void test_other_rates(void **state)
{
	static const uint64_t rates[] = { 3, 32768, 24000000, 3000000000ULL };

	(void)state;
	for (size_t r = 0; r < sizeof(rates) / sizeof(rates[0]); r++) {
		assert_int_equal(vdso_ns_per_tick(rates[r]), 0);
		for (uint64_t t = 0; t < 5000000000ULL; t = t * 3 + 7)
			assert_int_equal(vdso_ticks_to_ns(t, rates[r], 0), by_quotients(t, rates[r]));
	}
	assert_int_equal(vdso_ns_per_tick(0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_rates),
		cmocka_unit_test(test_other_rates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
