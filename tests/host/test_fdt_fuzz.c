/*
 * Host tests for lib/fdt.c on malformed blobs: real DTBs truncated and
 * bit-flipped, and hand-made ones, each in a heap buffer of exactly its
 * size so that AddressSanitizer catches any read past the end; every call
 * must return in bounded time with either a sane result or an error.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <lib/fdt.h>
#include <lib/errno.h>
#include "dtb_file.h"

/* ---- robustness: truncated, bit-flipped and hand-made blobs ---- */

/*
 * The O(tree) calls run on every DEEP_EVERY-th node only, starting at a
 * different node on each call, to keep the fuzz loops fast.
 */
#define DEEP_EVERY	4

static bool in_blob(const struct fdt *fdt, const void *p, size_t n)
{
	const uint8_t *b = p;

	return b >= fdt->blob && b + n <= fdt->blob + fdt->size;
}

static void poke_props(const struct fdt *fdt, int node)
{
	static const char *const props[] = {
		"compatible", "reg", "status", "phandle", "#address-cells",
		"device_type", "model", "stdout-path",
	};
	const char *s;
	const void *v;
	uint32_t u32;
	uint64_t u64;
	int len, n;

	for (size_t i = 0; i < ARRAY_SIZE(props); i++) {
		v = fdt_getprop(fdt, node, props[i], &len);
		if (v)
			assert_true(len >= 0 && in_blob(fdt, v, (size_t)len));
		else
			assert_true(len == -ENOENT || len == -EINVAL);
		s = fdt_prop_string(fdt, node, props[i]);
		if (s)
			assert_true(in_blob(fdt, s, strlen(s) + 1));
		fdt_prop_u32(fdt, node, props[i], &u32);
		fdt_prop_u64(fdt, node, props[i], &u64);
		n = fdt_stringlist_count(fdt, node, props[i]);
		for (int j = 0; j < n && j < 4; j++) {
			s = fdt_stringlist_get(fdt, node, props[i], j);
			assert_non_null(s);
			assert_true(in_blob(fdt, s, strlen(s) + 1));
		}
	}
	fdt_is_compatible(fdt, node, "ns16550a");
}

/* O(tree) calls: parent, reg decoding, phandle lookup. */
static void poke_deep(const struct fdt *fdt, int node)
{
	uint64_t a, s;
	uint32_t ph;
	int r, count;

	r = fdt_parent(fdt, node);
	assert_true(r < node);
	count = fdt_reg_count(fdt, node);
	for (int i = 0; i < count && i < 3; i++) {
		r = fdt_get_reg(fdt, node, i, &a, &s);
		assert_true(r == 0 || r == -EOVERFLOW);
	}
	ph = fdt_get_phandle(fdt, node);
	if (ph && ph != 0xffffffff) {
		r = fdt_node_by_phandle(fdt, ph);
		assert_true(r >= 0 && r <= node);
	}
}

static void poke_node(const struct fdt *fdt, int node, bool deep)
{
	const char *name = fdt_node_name(fdt, node);
	int r;

	assert_non_null(name);
	assert_true(in_blob(fdt, name, strlen(name) + 1));
	poke_props(fdt, node);
	r = fdt_first_child(fdt, node);
	assert_true(r == -ENOENT || r == -EINVAL || r > node);
	r = fdt_next_sibling(fdt, node);
	assert_true(r == -ENOENT || r == -EINVAL || r > node);
	r = fdt_address_cells(fdt, node);
	assert_true(r == -EINVAL || (r >= 0 && r <= FDT_MAX_CELLS));
	r = fdt_size_cells(fdt, node);
	assert_true(r == -EINVAL || (r >= 0 && r <= FDT_MAX_CELLS));
	if (deep)
		poke_deep(fdt, node);
}

static void poke_paths(const struct fdt *fdt)
{
	static const char *const paths[] = {
		"/", "/chosen", "/cpus/cpu@1", "/soc/serial", "serial0",
		"serial0/x", "/aliases", "/memory", "/reserved-memory/x",
	};
	int r, n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
		r = fdt_path_offset(fdt, paths[i]);
		assert_true(r >= -EINVAL && r < (int)fdt->size_struct);
	}
	for (r = -1; (r = fdt_find_compatible(fdt, r, "riscv,cpu-intc")) >= 0;)
		assert_true(++n <= (int)fdt->size_struct / 8);
}

/* Run the whole API over buf; returns whether fdt_init accepted it. */
static bool exercise(const uint8_t *buf, size_t len)
{
	static unsigned int salt;
	struct fdt fdt;
	int node, n = 0, rsv;
	uint64_t a, s;

	if (fdt_init(&fdt, buf, len))
		return false;
	assert_true(fdt.size <= len);
	rsv = fdt_num_mem_rsv(&fdt);
	assert_true(rsv >= 0);
	for (int i = 0; i <= rsv; i++)
		assert_int_equal(fdt_get_mem_rsv(&fdt, i, &a, &s),
				 i < rsv ? 0 : -ENOENT);
	for (node = fdt_next_node(&fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(&fdt, node, NULL)) {
		/* a node takes at least 8 bytes: no endless walk */
		assert_true(++n <= (int)fdt.size_struct / 8);
		assert_true(node % 4 == 0 && node < (int)fdt.size_struct);
		poke_node(&fdt, node, (n + salt) % DEEP_EVERY == 0);
	}
	assert_true(node == -ENOENT || node == -EINVAL);
	poke_paths(&fdt);
	salt++;
	return true;
}

/* Copy good[0..l) to its own exact-size buffer, fix up the header sizes. */
static void check_truncated(const uint8_t *good, uint32_t l)
{
	uint8_t *buf = malloc(l ? l : 1);
	uint32_t off, size;

	memcpy(buf, good, l);
	assert_false(exercise(buf, l));
	if (l >= FDT_HEADER_SIZE) {
		put_be32(buf + 4, l);
		off = fdt_be32(buf + 8);
		size = fdt_be32(buf + 36);
		if (off <= l && off + size > l)
			put_be32(buf + 36, l - off);
		off = fdt_be32(buf + 12);
		size = fdt_be32(buf + 32);
		if (off <= l && off + size > l)
			put_be32(buf + 32, l - off);
		exercise(buf, l);
	}
	free(buf);
}

static void test_truncated(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(all_dtbs); i++) {
		size_t len;
		uint8_t *good = load_file(all_dtbs[i], &len);
		uint32_t total = fdt_total_size(good);

		for (uint32_t l = 0; l < total; l++)
			check_truncated(good, l);
		free(good);
	}
}

static uint32_t rng_state = 0x2545f491;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

#define FLIP_ROUNDS	1000

static void test_bitflips(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(all_dtbs); i++) {
		size_t len;
		uint8_t *good = load_file(all_dtbs[i], &len);
		uint32_t total = fdt_total_size(good);
		uint8_t *buf = malloc(total);
		int accepted = 0;

		for (int round = 0; round < FLIP_ROUNDS; round++) {
			int flips = 1 + rng() % 4;

			memcpy(buf, good, total);
			for (int f = 0; f < flips; f++) {
				/* one round in 8 aims at the header */
				uint32_t pos = round % 8 ? rng() % total :
						rng() % FDT_HEADER_SIZE;
				buf[pos] ^= 1u << (rng() % 8);
			}
			accepted += exercise(buf, total);
		}
		/* most flips hit property data and leave a valid header */
		assert_true(accepted > FLIP_ROUNDS / 2);
		free(buf);
		free(good);
	}
}

/* A tiny writer for hand-made (and deliberately broken) blobs. */
struct raw {
	uint8_t st[16384];	/* structure block */
	size_t n;
	char str[256];		/* strings block */
	size_t slen;
};

static void raw_u32(struct raw *r, uint32_t v)
{
	assert_true(r->n + 4 <= sizeof(r->st));
	put_be32(r->st + r->n, v);
	r->n += 4;
}

static void raw_bytes(struct raw *r, const void *p, size_t len)
{
	assert_true(r->n + len + 3 <= sizeof(r->st));
	memcpy(r->st + r->n, p, len);
	r->n += len;
	while (r->n % 4)
		r->st[r->n++] = 0;
}

static void raw_begin(struct raw *r, const char *name)
{
	raw_u32(r, FDT_BEGIN_NODE);
	raw_bytes(r, name, strlen(name) + 1);
}

static void raw_prop(struct raw *r, const char *name, const void *val,
		     uint32_t len)
{
	size_t l = strlen(name) + 1;

	assert_true(r->slen + l <= sizeof(r->str));
	raw_u32(r, FDT_PROP);
	raw_u32(r, len);
	raw_u32(r, (uint32_t)r->slen);
	memcpy(r->str + r->slen, name, l);
	r->slen += l;
	raw_bytes(r, val, len);
}

static void raw_prop_cells(struct raw *r, const char *name, int n,
			   const uint32_t *cells)
{
	uint8_t buf[64];

	for (int i = 0; i < n; i++)
		put_be32(buf + 4 * i, cells[i]);
	raw_prop(r, name, buf, 4 * (uint32_t)n);
}

static void raw_prop_u32(struct raw *r, const char *name, uint32_t v)
{
	raw_prop_cells(r, name, 1, &v);
}

static void raw_close(struct raw *r)
{
	raw_u32(r, FDT_END_NODE);
	raw_u32(r, FDT_END);
}

/* Header + empty reservation map + blocks, in an exact-size buffer. */
static uint8_t *raw_blob(const struct raw *r, size_t *lenp)
{
	size_t off_st = FDT_HEADER_SIZE + 16, off_str = off_st + r->n;
	size_t total = off_str + r->slen;
	uint8_t *b = calloc(1, total);
	const uint32_t hdr[] = { FDT_MAGIC, total, off_st, off_str,
				 FDT_HEADER_SIZE, 17, 16, 0, r->slen, r->n };

	for (int i = 0; i < 10; i++)
		put_be32(b + 4 * i, hdr[i]);
	memcpy(b + off_st, r->st, r->n);
	memcpy(b + off_str, r->str, r->slen);
	*lenp = total;
	return b;
}

/* Build, init (expecting init_ret), exercise; returns the blob. */
static uint8_t *raw_check(const struct raw *r, struct fdt *fdt, int init_ret)
{
	size_t len;
	uint8_t *b = raw_blob(r, &len);

	assert_int_equal(fdt_init(fdt, b, len), init_ret);
	assert_int_equal(exercise(b, len), init_ret == 0);
	return b;
}

static void test_crafted_tokens(void **state)
{
	struct raw *r = calloc(1, sizeof(*r));
	struct fdt fdt;
	uint8_t *b;
	int len;

	(void)state;
	/* minimal valid tree, root after NOPs */
	raw_u32(r, FDT_NOP);
	raw_begin(r, "");
	raw_close(r);
	b = raw_check(r, &fdt, 0);
	assert_int_equal(fdt_root(&fdt), 4);
	assert_int_equal(fdt_first_child(&fdt, 4), -ENOENT);
	assert_int_equal(fdt_next_node(&fdt, 4, NULL), -ENOENT);
	assert_int_equal(fdt_path_offset(&fdt, "/"), 4);
	free(b);

	/* root name runs off the end of the block */
	memset(r, 0, sizeof(*r));
	raw_u32(r, FDT_BEGIN_NODE);
	raw_u32(r, 0x41414141);
	free(raw_check(r, &fdt, -EINVAL));

	/* a property before the root; an unknown token */
	memset(r, 0, sizeof(*r));
	raw_prop_u32(r, "x", 1);
	free(raw_check(r, &fdt, -EINVAL));
	memset(r, 0, sizeof(*r));
	raw_u32(r, 7);
	free(raw_check(r, &fdt, -EINVAL));

	/* property length far past the block, name offset past strings */
	memset(r, 0, sizeof(*r));
	raw_begin(r, "");
	raw_u32(r, FDT_PROP);
	raw_u32(r, 0xfffffff0);
	raw_u32(r, 0);
	raw_close(r);
	b = raw_check(r, &fdt, 0);
	assert_null(fdt_getprop(&fdt, 0, "a", &len));
	assert_int_equal(len, -EINVAL);
	assert_int_equal(fdt_first_child(&fdt, 0), -EINVAL);
	assert_int_equal(fdt_next_node(&fdt, 0, NULL), -EINVAL);
	free(b);
	memset(r, 0, sizeof(*r));
	raw_begin(r, "");
	raw_prop_u32(r, "abc", 1);
	put_be32(r->st + 16, 1000);			/* nameoff */
	raw_close(r);
	b = raw_check(r, &fdt, 0);
	assert_null(fdt_getprop(&fdt, 0, "abc", &len));
	assert_int_equal(len, -EINVAL);
	free(b);

	/* property name not NUL-terminated inside the strings block */
	memset(r, 0, sizeof(*r));
	raw_begin(r, "");
	raw_prop_u32(r, "abc", 1);
	r->slen = 3;
	raw_close(r);
	b = raw_check(r, &fdt, 0);
	assert_null(fdt_getprop(&fdt, 0, "abc", &len));
	free(b);
	free(r);
}

static void test_crafted_nesting(void **state)
{
	struct raw *r = calloc(1, sizeof(*r));
	struct fdt fdt;
	uint8_t *b;
	int node, depth = 0, prev = 0, n = 0;

	(void)state;
	/* 200 nested nodes, never closed */
	raw_begin(r, "");
	for (int i = 0; i < 200; i++)
		raw_begin(r, "n");
	b = raw_check(r, &fdt, 0);
	assert_int_equal(fdt_next_sibling(&fdt, 0), -EINVAL);
	for (node = 0; (node = fdt_next_node(&fdt, node, &depth)) >= 0; n++)
		prev = node;
	assert_int_equal(node, -EINVAL);
	assert_int_equal(n, 200);
	assert_int_equal(depth, 200);
	assert_int_equal(fdt_parent(&fdt, prev), prev - 8);
	free(b);

	/* 1000 nested nodes, properly closed, plus a stray END_NODE */
	memset(r, 0, sizeof(*r));
	raw_begin(r, "");
	for (int i = 0; i < 1000; i++)
		raw_begin(r, "n");
	for (int i = 0; i < 1001; i++)
		raw_u32(r, FDT_END_NODE);
	raw_close(r);
	b = raw_check(r, &fdt, 0);
	assert_int_equal(fdt_path_offset(&fdt, "/n/n/n"), 24);
	assert_int_equal(fdt_parent(&fdt, 8 * 1000), 8 * 999);
	assert_int_equal(fdt_next_sibling(&fdt, 8), -ENOENT);
	assert_int_equal(fdt_next_sibling(&fdt, 0), -ENOENT);
	free(b);
	free(r);
}

static void test_crafted_cells(void **state)
{
	static const uint32_t reg3[] = { 0, 0x1, 0x1000, 0x10 };
	static const uint32_t big3[] = { 1, 0x1, 0x1000, 0x10 };
	struct raw *r = calloc(1, sizeof(*r));
	struct fdt fdt;
	uint64_t a, s;
	uint8_t *b;
	int n;

	(void)state;
	raw_begin(r, "");
	raw_prop_u32(r, "#address-cells", 3);
	raw_begin(r, "ok");
	raw_prop_cells(r, "reg", 4, reg3);
	raw_u32(r, FDT_END_NODE);
	raw_begin(r, "big");
	raw_prop_cells(r, "reg", 4, big3);
	raw_u32(r, FDT_END_NODE);
	raw_begin(r, "odd");
	raw_prop_cells(r, "reg", 3, reg3);
	raw_prop_u32(r, "#address-cells", 5);
	raw_prop_cells(r, "#size-cells", 2, reg3);
	raw_begin(r, "kid");
	raw_prop_cells(r, "reg", 4, reg3);
	raw_u32(r, FDT_END_NODE);
	raw_u32(r, FDT_END_NODE);
	raw_begin(r, "zero");
	raw_prop_u32(r, "#address-cells", 0);
	raw_prop_u32(r, "#size-cells", 0);
	raw_begin(r, "kid");
	raw_prop_u32(r, "reg", 1);
	raw_u32(r, FDT_END_NODE);
	raw_u32(r, FDT_END_NODE);
	raw_begin(r, "aliases");
	raw_prop(r, "rel", "ok", 3);
	raw_prop(r, "abs", "/ok", 4);
	raw_u32(r, FDT_END_NODE);
	raw_close(r);
	b = raw_check(r, &fdt, 0);

	n = fdt_path_offset(&fdt, "/ok");
	assert_int_equal(fdt_get_reg(&fdt, n, 0, &a, &s), 0);
	assert_int_equal(a, 0x100001000ull);
	assert_int_equal(s, 0x10);
	n = fdt_path_offset(&fdt, "/big");
	assert_int_equal(fdt_get_reg(&fdt, n, 0, &a, &s), -EOVERFLOW);
	n = fdt_path_offset(&fdt, "/odd");
	assert_int_equal(fdt_reg_count(&fdt, n), -EINVAL);
	assert_int_equal(fdt_address_cells(&fdt, n), -EINVAL);
	assert_int_equal(fdt_size_cells(&fdt, n), -EINVAL);
	n = fdt_path_offset(&fdt, "/odd/kid");
	assert_int_equal(fdt_get_reg(&fdt, n, 0, &a, &s), -EINVAL);
	n = fdt_path_offset(&fdt, "/zero/kid");
	assert_int_equal(fdt_reg_count(&fdt, n), -EINVAL);
	assert_int_equal(fdt_get_reg(&fdt, n, 0, &a, &s), -EINVAL);
	assert_int_equal(fdt_path_offset(&fdt, "abs"),
			 fdt_path_offset(&fdt, "/ok"));
	assert_int_equal(fdt_path_offset(&fdt, "rel"), -EINVAL);
	free(b);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bitflips),
		cmocka_unit_test(test_crafted_tokens),
		cmocka_unit_test(test_crafted_nesting),
		cmocka_unit_test(test_crafted_cells),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
