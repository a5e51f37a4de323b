/*
 * Host tests for lib/fdt.c on real DTBs from $DTB_DIR (see
 * tests/host/fdt.mk): QEMU virt dumps and the HiFive Unmatched (FU740)
 * board tree. Malformed blobs are test_fdt_fuzz.c's.
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

/* Load a DTB and init *fdt on it; returns the buffer to free. */
static uint8_t *load_dtb(const char *name, struct fdt *fdt)
{
	size_t len;
	uint8_t *buf = load_file(name, &len);

	assert_int_equal(fdt_init(fdt, buf, len), 0);
	return buf;
}

static int path(const struct fdt *fdt, const char *p)
{
	return fdt_path_offset(fdt, p);
}

/* ---- header ---- */

static void test_header(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(all_dtbs); i++) {
		struct fdt fdt;
		size_t len;
		uint8_t *buf = load_file(all_dtbs[i], &len);
		uint32_t total = fdt_total_size(buf);

		assert_true(total >= FDT_HEADER_SIZE && total <= len);
		assert_int_equal(fdt_init(&fdt, buf, len), 0);
		assert_int_equal(fdt_init(&fdt, buf, total), 0);
		assert_int_equal(fdt.size, total);
		assert_int_equal(fdt_init(&fdt, buf, total - 1), -EINVAL);
		assert_int_equal(fdt_root(&fdt), -EINVAL);	/* cleared */
		free(buf);
	}
}

/* Patch a header field of a good blob and expect fdt_init to say -EINVAL. */
static void expect_bad_field(const uint8_t *good, size_t len, int off,
			     uint32_t val)
{
	uint8_t *buf = malloc(len);
	struct fdt fdt;

	memcpy(buf, good, len);
	put_be32(buf + off, val);
	assert_int_equal(fdt_init(&fdt, buf, len), -EINVAL);
	free(buf);
}

static void test_bad_header(void **state)
{
	size_t len;
	uint8_t *buf = load_file("virt-smp1.dtb", &len);
	uint32_t total = fdt_total_size(buf);
	struct fdt fdt;

	(void)state;
	len = total;
	assert_int_equal(fdt_init(&fdt, NULL, len), -EINVAL);
	assert_int_equal(fdt_init(&fdt, buf, 20), -EINVAL);
	expect_bad_field(buf, len, 0, 0xd00dfeee);		/* magic */
	expect_bad_field(buf, len, 4, total + 1);		/* totalsize */
	expect_bad_field(buf, len, 4, 8);
	expect_bad_field(buf, len, 8, total + 4);		/* off_struct */
	expect_bad_field(buf, len, 8, 0x3a);			/* unaligned */
	expect_bad_field(buf, len, 8, 0);			/* in header */
	expect_bad_field(buf, len, 12, total);		/* off_strings */
	expect_bad_field(buf, len, 16, total - 8);		/* no rsv end */
	expect_bad_field(buf, len, 16, 0xffffffff);
	expect_bad_field(buf, len, 20, 15);			/* version */
	expect_bad_field(buf, len, 24, 18);			/* last_comp */
	expect_bad_field(buf, len, 32, total);		/* size_strings */
	expect_bad_field(buf, len, 36, total);		/* size_struct */
	expect_bad_field(buf, len, 36, 0xfffffffc);

	/* wrong magic: fdt_total_size says 0 */
	buf[0] ^= 1;
	assert_int_equal(fdt_total_size(buf), 0);
	assert_int_equal(fdt_total_size(NULL), 0);
	buf[0] ^= 1;

	/* a v16 header (no size_dt_struct) is still accepted */
	put_be32(buf + 20, 16);
	put_be32(buf + 36, 0);
	assert_int_equal(fdt_init(&fdt, buf, len), 0);
	assert_int_equal(fdt.size_struct, total - fdt.off_struct);
	assert_true(path(&fdt, "/soc/serial@10000000") > 0);
	free(buf);
}

/* ---- walking ---- */

static int count_rec(const struct fdt *fdt, int node)
{
	int n = 1, c;

	for (c = fdt_first_child(fdt, node); c >= 0;
	     c = fdt_next_sibling(fdt, c))
		n += count_rec(fdt, c);
	assert_int_equal(c, -ENOENT);
	return n;
}

static void check_walk(const char *dtb)
{
	struct fdt fdt;
	uint8_t *buf = load_dtb(dtb, &fdt);
	int stack[64], depth = 0, n = 1, node, root = fdt_root(&fdt);

	assert_true(root >= 0);
	assert_string_equal(fdt_node_name(&fdt, root), "");
	assert_int_equal(fdt_parent(&fdt, root), -ENOENT);
	assert_int_equal(fdt_next_node(&fdt, -1, NULL), root);
	stack[0] = root;
	for (node = fdt_next_node(&fdt, root, &depth); node >= 0;
	     node = fdt_next_node(&fdt, node, &depth)) {
		assert_true(depth >= 1 && depth < 64);
		stack[depth] = node;
		assert_int_equal(fdt_parent(&fdt, node), stack[depth - 1]);
		n++;
	}
	assert_int_equal(node, -ENOENT);
	assert_int_equal(n, count_rec(&fdt, root));
	free(buf);
}

static void test_walk(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(all_dtbs); i++)
		check_walk(all_dtbs[i]);
}

static void test_subtree_walk(void **state)
{
	struct fdt fdt;
	uint8_t *buf = load_dtb("virt-smp4.dtb", &fdt);
	int cpus = path(&fdt, "/cpus"), node = cpus, depth = 0, n = 0, cpu;

	(void)state;
	assert_true(cpus > 0);
	while ((node = fdt_next_node(&fdt, node, &depth)) >= 0) {
		assert_true(depth >= 1);
		n++;
	}
	assert_int_equal(node, -ENOENT);
	assert_int_equal(n + 1, count_rec(&fdt, cpus));

	/* children of /cpus: cpu@0..3 then cpu-map */
	cpu = fdt_first_child(&fdt, cpus);
	assert_string_equal(fdt_node_name(&fdt, cpu), "cpu@0");
	for (int i = 1; i < 4; i++)
		cpu = fdt_next_sibling(&fdt, cpu);
	assert_string_equal(fdt_node_name(&fdt, cpu), "cpu@3");
	cpu = fdt_next_sibling(&fdt, cpu);
	assert_string_equal(fdt_node_name(&fdt, cpu), "cpu-map");
	assert_int_equal(fdt_next_sibling(&fdt, cpu), -ENOENT);
	assert_int_equal(fdt_next_sibling(&fdt, fdt_root(&fdt)), -ENOENT);
	assert_int_equal(fdt_first_child(&fdt, path(&fdt, "/chosen")),
			 -ENOENT);
	free(buf);
}

static void test_bad_offsets(void **state)
{
	struct fdt fdt;
	uint8_t *buf = load_dtb("virt-smp1.dtb", &fdt);
	const int bad[] = { -2, -4, 1, 2, 8, (int)fdt.size_struct,
			    (int)fdt.size_struct - 4, 0x40000000, -0x40000000 };
	int len;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		int o = bad[i];

		assert_int_equal(fdt_first_child(&fdt, o), -EINVAL);
		assert_int_equal(fdt_next_sibling(&fdt, o), -EINVAL);
		assert_int_equal(fdt_parent(&fdt, o), -EINVAL);
		assert_null(fdt_node_name(&fdt, o));
		assert_null(fdt_getprop(&fdt, o, "reg", &len));
		assert_int_equal(len, -EINVAL);
		assert_int_equal(fdt_get_reg(&fdt, o, 0, NULL, NULL), -EINVAL);
		assert_false(fdt_is_compatible(&fdt, o, "riscv-virtio"));
		if (o != -1)
			assert_true(fdt_next_node(&fdt, o, NULL) < 0);
	}
	free(buf);
}

/* ---- paths ---- */

static void test_paths(void **state)
{
	struct fdt fdt;
	uint8_t *buf = load_dtb("virt-smp4.dtb", &fdt);
	int serial = path(&fdt, "/soc/serial@10000000");

	(void)state;
	assert_int_equal(path(&fdt, "/"), fdt_root(&fdt));
	assert_true(serial > 0);
	assert_string_equal(fdt_node_name(&fdt, serial), "serial@10000000");
	assert_int_equal(path(&fdt, "/soc/serial"), serial);
	assert_int_equal(path(&fdt, "//soc//serial@10000000/"), serial);
	assert_int_equal(fdt_path_offset_n(&fdt, "/soc/serial@10000000:1152",
					   20), serial);
	assert_int_equal(path(&fdt, "/soc/serial@10000001"), -ENOENT);
	assert_int_equal(path(&fdt, "/soc/seria"), -ENOENT);
	assert_int_equal(path(&fdt, "/soc/serial@"), -ENOENT);
	assert_int_equal(path(&fdt, "/nope"), -ENOENT);
	assert_int_equal(path(&fdt, "serial0"), -ENOENT); /* no aliases */
	assert_int_equal(path(&fdt, ""), -EINVAL);
	assert_string_equal(fdt_node_name(&fdt, path(&fdt, "/memory")),
			    "memory@80000000");
	assert_string_equal(fdt_node_name(&fdt,
			    path(&fdt, "/cpus/cpu@2/interrupt-controller")),
			    "interrupt-controller");
	assert_int_equal(path(&fdt, "/cpus/cpu@2/interrupt-controller/x"),
			 -ENOENT);
	free(buf);

	/* FU740: stdout-path is the alias "serial0" */
	buf = load_dtb("hifive-unmatched-a00.dtb", &fdt);
	serial = path(&fdt, "/soc/serial@10010000");
	assert_true(serial > 0);
	assert_int_equal(path(&fdt, "serial0"), serial);
	assert_int_equal(path(&fdt, "serial1"), path(&fdt,
			 "/soc/serial@10011000"));
	assert_int_equal(path(&fdt, "serial9"), -ENOENT);
	assert_int_equal(fdt_path_offset_n(&fdt, "serial0:115200", 7), serial);
	assert_true(path(&fdt, "/soc/i2c@10030000/pmic@58") > 0);
	free(buf);
}

/* ---- properties ---- */

static void test_props(void **state)
{
	struct fdt fdt;
	uint8_t *buf = load_dtb("virt-smp4.dtb", &fdt);
	int root = fdt_root(&fdt), len, test = path(&fdt, "/soc/test");
	const char *s;
	uint32_t u32 = 7;
	uint64_t u64 = 7;

	(void)state;
	s = fdt_getprop(&fdt, root, "compatible", &len);
	assert_non_null(s);
	assert_int_equal(len, sizeof("riscv-virtio"));
	assert_string_equal(s, "riscv-virtio");
	assert_string_equal(fdt_prop_string(&fdt, root, "model"),
			    "riscv-virtio,qemu");
	assert_null(fdt_getprop(&fdt, root, "nope", &len));
	assert_int_equal(len, -ENOENT);
	assert_null(fdt_getprop(&fdt, root, "compatibl", NULL));
	assert_null(fdt_prop_string(&fdt, path(&fdt, "/fw-cfg"),
				    "dma-coherent"));	/* empty */
	assert_non_null(fdt_getprop(&fdt, path(&fdt, "/fw-cfg"),
				    "dma-coherent", &len));
	assert_int_equal(len, 0);

	assert_true(fdt_prop_u32(&fdt, root, "#address-cells", &u32));
	assert_int_equal(u32, 2);
	assert_false(fdt_prop_u32(&fdt, path(&fdt, "/memory"), "reg", &u32));
	assert_int_equal(u32, 2);
	assert_true(fdt_prop_u64(&fdt, path(&fdt, "/cpus"),
				 "timebase-frequency", &u64));
	assert_int_equal(u64, 10000000);
	assert_false(fdt_prop_u64(&fdt, root, "model", &u64));

	/* string lists */
	assert_int_equal(fdt_stringlist_count(&fdt, test, "compatible"), 3);
	assert_string_equal(fdt_stringlist_get(&fdt, test, "compatible", 0),
			    "sifive,test1");
	assert_string_equal(fdt_stringlist_get(&fdt, test, "compatible", 2),
			    "syscon");
	assert_null(fdt_stringlist_get(&fdt, test, "compatible", 3));
	assert_null(fdt_stringlist_get(&fdt, test, "compatible", -1));
	assert_int_equal(fdt_stringlist_count(&fdt, test, "nope"), -ENOENT);
	assert_int_equal(fdt_stringlist_count(&fdt, path(&fdt, "/soc/serial"),
					      "interrupts"), -EINVAL);
	assert_true(fdt_is_compatible(&fdt, test, "sifive,test0"));
	assert_true(fdt_is_compatible(&fdt, test, "syscon"));
	assert_false(fdt_is_compatible(&fdt, test, "sifive,test"));
	assert_false(fdt_is_compatible(&fdt, test, "syscon2"));
	assert_false(fdt_stringlist_contains("abc", 3, "abc"));	/* no NUL */
	assert_true(fdt_stringlist_contains("x\0abc", 5, "abc") == false);
	assert_true(fdt_stringlist_contains("x\0abc", 6, "abc"));
	free(buf);
}

static void test_search(void **state)
{
	struct fdt fdt;
	uint8_t *buf = load_dtb("virt-smp8.dtb", &fdt);
	int node, n = 0;
	uint32_t ph;

	(void)state;
	node = fdt_find_compatible(&fdt, -1, "ns16550a");
	assert_int_equal(node, path(&fdt, "/soc/serial@10000000"));
	assert_int_equal(fdt_find_compatible(&fdt, node, "ns16550a"), -ENOENT);
	assert_int_equal(fdt_find_compatible(&fdt, -1, "riscv-virtio"),
			 fdt_root(&fdt));
	for (node = -1; (node = fdt_find_compatible(&fdt, node,
					"riscv,cpu-intc")) >= 0; n++)
		assert_string_equal(fdt_node_name(&fdt, node),
				    "interrupt-controller");
	assert_int_equal(n, 8);
	assert_int_equal(fdt_find_compatible(&fdt, -1, "nope"), -ENOENT);

	/* every phandle leads back to its node */
	n = 0;
	for (node = fdt_root(&fdt); node >= 0;
	     node = fdt_next_node(&fdt, node, NULL)) {
		ph = fdt_get_phandle(&fdt, node);
		if (!ph)
			continue;
		assert_int_equal(fdt_node_by_phandle(&fdt, ph), node);
		n++;
	}
	assert_true(n >= 8 + 8 + 2);	/* cpus, intcs, plic, test... */
	assert_int_equal(fdt_node_by_phandle(&fdt, 0), -ENOENT);
	assert_int_equal(fdt_node_by_phandle(&fdt, 0xffffffff), -ENOENT);
	assert_int_equal(fdt_node_by_phandle(&fdt, 0xdead), -ENOENT);
	free(buf);
}

/* ---- addresses ---- */

static int reg_at(const struct fdt *fdt, const char *p, int i, uint64_t *a,
		  uint64_t *s)
{
	return fdt_get_reg(fdt, fdt_path_offset(fdt, p), i, a, s);
}

static void test_reg(void **state)
{
	struct fdt fdt;
	uint8_t *buf = load_dtb("virt-smp4.dtb", &fdt);
	int flash = path(&fdt, "/flash"), cpus = path(&fdt, "/cpus");
	int chosen = path(&fdt, "/chosen");
	uint64_t a, s;

	(void)state;
	assert_int_equal(fdt_address_cells(&fdt, fdt_root(&fdt)), 2);
	assert_int_equal(fdt_size_cells(&fdt, fdt_root(&fdt)), 2);
	assert_int_equal(fdt_address_cells(&fdt, cpus), 1);
	assert_int_equal(fdt_size_cells(&fdt, cpus), 0);
	assert_int_equal(fdt_address_cells(&fdt, chosen), 2);	/* defaults */
	assert_int_equal(fdt_size_cells(&fdt, chosen), 1);

	assert_int_equal(reg_at(&fdt, "/memory", 0, &a, &s), 0);
	assert_int_equal(a, 0x80000000);
	assert_int_equal(s, 512ull << 20);
	assert_int_equal(fdt_reg_count(&fdt, flash), 2);
	assert_int_equal(fdt_get_reg(&fdt, flash, 1, &a, &s), 0);
	assert_int_equal(a, 0x22000000);
	assert_int_equal(s, 0x2000000);
	assert_int_equal(fdt_get_reg(&fdt, flash, 2, &a, &s), -ENOENT);
	assert_int_equal(fdt_get_reg(&fdt, flash, -1, &a, &s), -ENOENT);
	s = 5;
	assert_int_equal(reg_at(&fdt, "/cpus/cpu@3", 0, &a, &s), 0);
	assert_int_equal(a, 3);
	assert_int_equal(s, 0);
	assert_int_equal(reg_at(&fdt, "/soc/serial", 0, &a, NULL), 0);
	assert_int_equal(a, 0x10000000);
	assert_int_equal(reg_at(&fdt, "/", 0, &a, &s), -ENOENT);
	assert_int_equal(fdt_reg_count(&fdt, chosen), 0);
	assert_int_equal(fdt_get_reg(&fdt, chosen, 0, &a, &s), -ENOENT);
	free(buf);

	/* FU740: 16 GiB needs the second size cell */
	buf = load_dtb("hifive-unmatched-a00.dtb", &fdt);
	assert_int_equal(reg_at(&fdt, "/memory", 0, &a, &s), 0);
	assert_int_equal(a, 0x80000000);
	assert_int_equal(s, 16ull << 30);
	assert_int_equal(reg_at(&fdt, "/soc/serial@10010000", 0, &a, &s), 0);
	assert_int_equal(a, 0x10010000);
	free(buf);
}

static void test_mem_rsv(void **state)
{
	struct fdt fdt;
	uint8_t *buf = load_dtb("virt-smp1.dtb", &fdt);
	uint64_t a, s;

	(void)state;
	assert_int_equal(fdt_num_mem_rsv(&fdt), 0);
	assert_int_equal(fdt_get_mem_rsv(&fdt, 0, &a, &s), -ENOENT);
	free(buf);

	buf = load_dtb("virt-resv.dtb", &fdt);
	assert_int_equal(fdt_num_mem_rsv(&fdt), 1);
	assert_int_equal(fdt_get_mem_rsv(&fdt, 0, &a, &s), 0);
	assert_int_equal(a, 0x87e00000);
	assert_int_equal(s, 0x200000);
	assert_int_equal(fdt_get_mem_rsv(&fdt, 1, &a, &s), -ENOENT);
	assert_int_equal(fdt_get_mem_rsv(&fdt, -1, &a, &s), -ENOENT);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_subtree_walk),
		cmocka_unit_test(test_bad_offsets),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_props),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_reg),
		cmocka_unit_test(test_mem_rsv),
			};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
