/*
 * Host tests for kernel/platform.c.
 *
 * Real trees come from $DTB_DIR (tests/host/fdt.mk): QEMU virt dumps with
 * 1, 4 and 8 harts, one with bootargs and an initrd, one with OpenSBI-style
 * reservations, and the HiFive Unmatched (FU740) board. Corner cases the
 * real trees lack (several memory nodes, 1-cell initrd, stdout options,
 * riscv,isa-extensions, full tables) use trees built here with a small
 * writer. Finally platform_parse() must survive truncated and bit-flipped
 * blobs (run under AddressSanitizer).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <kernel/platform.h>
#include <lib/errno.h>
#include "dtb_file.h"

/* Parse $DTB_DIR/name into a new platform; *bufp gets the blob to free. */
static struct platform *parse_dtb(const char *name, uint8_t **bufp)
{
	struct platform *p = calloc(1, sizeof(*p));
	size_t len;

	*bufp = load_file(name, &len);
	assert_int_equal(platform_parse(p, *bufp, len), 0);
	return p;
}

static int path(const struct platform *p, const char *path)
{
	return fdt_path_offset(&p->fdt, path);
}

/* ---- QEMU virt ---- */

static void check_virt_cpus(const struct platform *p, unsigned int ncpu)
{
	assert_int_equal(p->nr_cpus, ncpu);
	assert_int_equal(p->cpus_dropped, 0);
	for (unsigned int i = 0; i < ncpu; i++) {
		const struct platform_cpu *c = &p->cpus[i];
		int intc = fdt_node_by_phandle(&p->fdt, c->intc_phandle);

		assert_int_equal(c->hart_id, i);
		assert_true(c->usable);
		assert_true(c->has_sstc);
		assert_memory_equal(c->isa, "rv64imafdc", 10);
		assert_ptr_equal(platform_cpu_by_hart(p, i), c);
		assert_ptr_equal(platform_cpu_by_intc(p, c->intc_phandle), c);
		assert_true(intc > 0);
		assert_true(fdt_is_compatible(&p->fdt, intc, "riscv,cpu-intc"));
		assert_int_equal(fdt_parent(&p->fdt, intc), c->node);
	}
	assert_null(platform_cpu_by_hart(p, ncpu));
	assert_null(platform_cpu_by_intc(p, 0));
}

static void test_virt(void **state)
{
	static const struct {
		const char *dtb;
		unsigned int ncpu;
		uint64_t mem;
	} cases[] = {
		{ "virt-smp1.dtb", 1, 128ull << 20 },
		{ "virt-smp4.dtb", 4, 512ull << 20 },
		{ "virt-smp8.dtb", 8, 2ull << 30 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t *buf;
		struct platform *p = parse_dtb(cases[i].dtb, &buf);

		assert_string_equal(p->model, "riscv-virtio,qemu");
		assert_int_equal(p->nr_mem, 1);
		assert_int_equal(p->mem[0].base, 0x80000000);
		assert_int_equal(p->mem[0].size, cases[i].mem);
		assert_int_equal(p->nr_resv, 0);
		check_virt_cpus(p, cases[i].ncpu);
		assert_int_equal(p->timebase_freq, 10000000);
		assert_string_equal(p->bootargs, "");
		assert_false(p->has_initrd);
		assert_string_equal(p->stdout_path, "/soc/serial@10000000");
		assert_string_equal(p->stdout_opts, "");
		assert_int_equal(p->stdout_node,
				 path(p, "/soc/serial@10000000"));
		assert_true(fdt_is_compatible(&p->fdt, p->stdout_node,
					      "ns16550a"));
		free(p);
		free(buf);
	}
}

static void test_virt_initrd(void **state)
{
	uint8_t *buf, *initrd;
	struct platform *p = parse_dtb("virt-initrd.dtb", &buf);
	size_t initrd_len;

	(void)state;
	initrd = load_file("initrd.img", &initrd_len);
	assert_string_equal(p->bootargs, "console=ttyS0 foo=bar");
	assert_true(p->has_initrd);
	assert_int_equal(p->initrd_end - p->initrd_start, initrd_len);
	assert_true(p->initrd_start >= p->mem[0].base);
	assert_true(p->initrd_end <= p->mem[0].base + p->mem[0].size);
	assert_int_equal(p->mem[0].size, 256ull << 20);
	free(initrd);
	free(p);
	free(buf);
}

static void test_virt_resv(void **state)
{
	static const struct platform_resv want[] = {
		{ 0x87e00000, 0x200000, false, true },	/* /memreserve/ */
		{ 0x80000000, 0x40000, true, false },	/* mmode_resv1 */
		{ 0x80040000, 0x20000, true, false },	/* mmode_resv0 */
		{ 0x87000000, 0x100000, false, false },	/* framebuffer */
	};	/* off@86000000 is disabled, pool has no reg */
	uint8_t *buf;
	struct platform *p = parse_dtb("virt-resv.dtb", &buf);

	(void)state;
	assert_int_equal(p->nr_resv, 4);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(p->resv[i].base, want[i].base);
		assert_int_equal(p->resv[i].size, want[i].size);
		assert_int_equal(p->resv[i].no_map, want[i].no_map);
		assert_int_equal(p->resv[i].from_rsvmap, want[i].from_rsvmap);
	}
	assert_int_equal(p->nr_mem, 1);
	free(p);
	free(buf);
}

/* ---- SiFive FU740 (HiFive Unmatched) ---- */

static void test_fu740(void **state)
{
	uint8_t *buf;
	struct platform *p = parse_dtb("hifive-unmatched-a00.dtb", &buf);

	(void)state;
	assert_string_equal(p->model, "SiFive HiFive Unmatched A00");
	assert_int_equal(p->nr_mem, 1);
	assert_int_equal(p->mem[0].base, 0x80000000);
	assert_int_equal(p->mem[0].size, 16ull << 30);
	assert_int_equal(p->timebase_freq, 1000000);

	assert_int_equal(p->nr_cpus, 5);
	for (unsigned int i = 0; i < 5; i++) {
		const struct platform_cpu *c = &p->cpus[i];

		assert_int_equal(c->hart_id, i);
		/* hart 0 is the S7 monitor core: no MMU, not for us */
		assert_int_equal(c->usable, i != 0);
		assert_false(c->has_sstc);
		assert_string_equal(c->isa, i ? "rv64imafdc" : "rv64imac");
		assert_true(c->intc_phandle != 0);
		assert_ptr_equal(platform_cpu_by_intc(p, c->intc_phandle), c);
	}

	assert_string_equal(p->stdout_path, "serial0");
	assert_int_equal(p->stdout_node, path(p, "/soc/serial@10010000"));
	assert_true(p->stdout_node > 0);
	assert_string_equal(p->bootargs, "");
	assert_false(p->has_initrd);
	assert_int_equal(p->nr_resv, 0);
	free(p);
	free(buf);
}

/* ---- hand-made trees ---- */

/* A minimal well-formed DTB writer. */
struct dtw {
	uint8_t st[65536];	/* structure block */
	size_t n;
	char str[4096];		/* strings block */
	size_t slen;
	uint64_t rsv[64][2];	/* reservation map */
	int nr_rsv;
};

static void dtw_u32(struct dtw *w, uint32_t v)
{
	assert_true(w->n + 4 <= sizeof(w->st));
	put_be32(w->st + w->n, v);
	w->n += 4;
}

static void dtw_bytes(struct dtw *w, const void *p, size_t len)
{
	assert_true(w->n + len + 3 <= sizeof(w->st));
	memcpy(w->st + w->n, p, len);
	w->n += len;
	while (w->n % 4)
		w->st[w->n++] = 0;
}

static void dtw_begin(struct dtw *w, const char *name)
{
	dtw_u32(w, FDT_BEGIN_NODE);
	dtw_bytes(w, name, strlen(name) + 1);
}

static void dtw_end(struct dtw *w)
{
	dtw_u32(w, FDT_END_NODE);
}

/* Offset of name in the strings block, added if new. */
static uint32_t dtw_string(struct dtw *w, const char *name)
{
	size_t l = strlen(name) + 1;

	for (size_t off = 0; off < w->slen; off += strlen(w->str + off) + 1)
		if (!strcmp(w->str + off, name))
			return (uint32_t)off;
	assert_true(w->slen + l <= sizeof(w->str));
	memcpy(w->str + w->slen, name, l);
	w->slen += l;
	return (uint32_t)(w->slen - l);
}

static void dtw_prop(struct dtw *w, const char *name, const void *val,
		     size_t len)
{
	dtw_u32(w, FDT_PROP);
	dtw_u32(w, (uint32_t)len);
	dtw_u32(w, dtw_string(w, name));
	dtw_bytes(w, val, len);
}

static void dtw_str(struct dtw *w, const char *name, const char *val)
{
	dtw_prop(w, name, val, strlen(val) + 1);
}

/* n cells given as unsigned ints */
static void dtw_cells(struct dtw *w, const char *name, int n, ...)
{
	uint8_t buf[64];
	va_list ap;

	va_start(ap, n);
	for (int i = 0; i < n; i++)
		put_be32(buf + 4 * i, va_arg(ap, unsigned int));
	va_end(ap);
	dtw_prop(w, name, buf, 4 * (size_t)n);
}

static uint8_t *dtw_finish(struct dtw *w, size_t *lenp)
{
	size_t off_rsv = FDT_HEADER_SIZE;
	size_t off_st = off_rsv + 16 * ((size_t)w->nr_rsv + 1);
	size_t off_str = off_st + w->n + 4, total = off_str + w->slen;
	const uint32_t hdr[] = { FDT_MAGIC, total, off_st, off_str, off_rsv,
				 17, 16, 0, w->slen, w->n + 4 };
	uint8_t *b = calloc(1, total);

	dtw_u32(w, FDT_END);
	for (int i = 0; i < 10; i++)
		put_be32(b + 4 * i, hdr[i]);
	for (int i = 0; i < w->nr_rsv; i++) {
		uint8_t *e = b + off_rsv + 16 * i;

		put_be32(e, w->rsv[i][0] >> 32);
		put_be32(e + 4, (uint32_t)w->rsv[i][0]);
		put_be32(e + 8, w->rsv[i][1] >> 32);
		put_be32(e + 12, (uint32_t)w->rsv[i][1]);
	}
	memcpy(b + off_st, w->st, w->n);
	memcpy(b + off_str, w->str, w->slen);
	*lenp = total;
	return b;
}

/* Root with 2/2 cells; the caller adds nodes and closes the root. */
static struct dtw *dtw_new(void)
{
	struct dtw *w = calloc(1, sizeof(*w));

	dtw_begin(w, "");
	dtw_cells(w, "#address-cells", 1, 2);
	dtw_cells(w, "#size-cells", 1, 2);
	return w;
}

static void dtw_memory(struct dtw *w, const char *name, uint32_t base_hi)
{
	dtw_begin(w, name);
	dtw_str(w, "device_type", "memory");
	dtw_cells(w, "reg", 4, base_hi, 0, 0, 0x1000);
	dtw_end(w);
}

/* A cpu node, left open for more properties: close with dtw_cpu_close. */
static void dtw_cpu_open(struct dtw *w, uint32_t hart, const char *isa,
			 const char *mmu, const char *status)
{
	char name[32];

	snprintf(name, sizeof(name), "cpu@%x", hart);
	dtw_begin(w, name);
	dtw_str(w, "device_type", "cpu");
	dtw_cells(w, "reg", 1, hart);
	if (isa)
		dtw_str(w, "riscv,isa", isa);
	if (mmu)
		dtw_str(w, "mmu-type", mmu);
	if (status)
		dtw_str(w, "status", status);
}

/* Add the interrupt-controller child (phandle intc) and close the cpu. */
static void dtw_cpu_close(struct dtw *w, uint32_t intc)
{
	dtw_begin(w, "interrupt-controller");
	dtw_prop(w, "interrupt-controller", "", 0);
	dtw_cells(w, "linux,phandle", 1, intc);
	dtw_end(w);
	dtw_end(w);
}

static void dtw_cpu(struct dtw *w, uint32_t hart, const char *isa,
		    const char *mmu, const char *status, uint32_t intc)
{
	dtw_cpu_open(w, hart, isa, mmu, status);
	dtw_cpu_close(w, intc);
}

/* Close the root, parse; returns platform_parse's result. */
static int dtw_parse(struct dtw *w, struct platform *p, uint8_t **bufp)
{
	size_t len;

	dtw_end(w);
	*bufp = dtw_finish(w, &len);
	free(w);
	return platform_parse(p, *bufp, len);
}

static void test_handmade(void **state)
{
	/* cpu@3: riscv,none; cpu@4: disabled; cpu@5: no mmu-type */
	static const bool usable[] = { 1, 1, 1, 0, 0, 0, 1 };
	static const bool sstc[] = { 0, 1, 0, 1, 0, 0, 1 };
	struct platform *p = calloc(1, sizeof(*p));
	struct dtw *w = dtw_new();
	uint8_t *buf;

	(void)state;
	w->rsv[w->nr_rsv][0] = 0x90000000;
	w->rsv[w->nr_rsv++][1] = 0x1000;
	dtw_memory(w, "memory@100000000", 1);
	dtw_begin(w, "memory@200000000");	/* two ranges, one empty */
	dtw_str(w, "device_type", "memory");
	dtw_cells(w, "reg", 12, 2, 0, 0, 0x2000, 3, 0, 0, 0, 4, 0, 1, 0);
	dtw_end(w);
	dtw_begin(w, "memory@500000000");	/* disabled */
	dtw_str(w, "device_type", "memory");
	dtw_str(w, "status", "disabled");
	dtw_cells(w, "reg", 4, 5, 0, 0, 0x1000);
	dtw_end(w);
	dtw_begin(w, "memory@600000000");	/* no device_type */
	dtw_cells(w, "reg", 4, 6, 0, 0, 0x1000);
	dtw_end(w);

	dtw_begin(w, "chosen");
	dtw_str(w, "bootargs", "init=/bin/sh");
	dtw_cells(w, "linux,initrd-start", 2, 0, 0x88000000);
	dtw_cells(w, "linux,initrd-end", 1, 0x88100000);
	dtw_str(w, "stdout-path", "/soc/uart:115200n8");
	dtw_end(w);
	dtw_begin(w, "soc");
	dtw_begin(w, "uart@1000");
	dtw_end(w);
	dtw_end(w);

	dtw_begin(w, "cpus");
	dtw_cells(w, "#address-cells", 1, 1);
	dtw_cells(w, "#size-cells", 1, 0);
	dtw_cpu_open(w, 0, "rv64imafdc", "riscv,sv39", NULL);
	dtw_cells(w, "timebase-frequency", 2, 1, 0);	/* in a cpu node */
	dtw_cpu_close(w, 10);
	dtw_cpu(w, 1, "rv64imafdc_zicsr_sstc1p0", "riscv,sv48", "ok", 11);
	dtw_cpu(w, 2, "rv64imafdc_sstcx_zsstc", "riscv,sv39", "okay", 12);
	dtw_cpu(w, 3, "RV64IMAFDC_SSTC", "riscv,none", NULL, 13);
	dtw_cpu(w, 4, NULL, "riscv,sv39", "disabled", 14);
	dtw_cpu(w, 5, "rv64imafdc", NULL, NULL, 15);
	dtw_begin(w, "cpu@6");			/* no reg: skipped */
	dtw_str(w, "device_type", "cpu");
	dtw_end(w);
	dtw_begin(w, "cpu@7");
	dtw_str(w, "device_type", "cpu");
	dtw_cells(w, "reg", 1, 7);
	dtw_str(w, "riscv,isa-base", "rv64i");
	dtw_prop(w, "riscv,isa-extensions", "i\0m\0sstc\0zicsr",
		 sizeof("i\0m\0sstc\0zicsr"));
	dtw_str(w, "mmu-type", "riscv,sv57");
	dtw_end(w);
	dtw_end(w);
	assert_int_equal(dtw_parse(w, p, &buf), 0);

	assert_int_equal(p->nr_mem, 3);
	assert_int_equal(p->mem[0].base, 0x100000000ull);
	assert_int_equal(p->mem[1].base, 0x200000000ull);
	assert_int_equal(p->mem[1].size, 0x2000);
	assert_int_equal(p->mem[2].base, 0x400000000ull);
	assert_int_equal(p->mem[2].size, 0x100000000ull);
	assert_int_equal(p->nr_resv, 1);
	assert_int_equal(p->resv[0].base, 0x90000000);
	assert_true(p->resv[0].from_rsvmap);

	assert_string_equal(p->bootargs, "init=/bin/sh");
	assert_true(p->has_initrd);
	assert_int_equal(p->initrd_start, 0x88000000);
	assert_int_equal(p->initrd_end, 0x88100000);
	assert_string_equal(p->stdout_opts, "115200n8");
	assert_int_equal(p->stdout_node, path(p, "/soc/uart@1000"));
	assert_int_equal(p->timebase_freq, 1ull << 32);

	assert_int_equal(p->nr_cpus, 7);
	for (int i = 0; i < 7; i++) {
		const struct platform_cpu *c = &p->cpus[i];

		assert_int_equal(c->hart_id, i < 6 ? i : 7);
		assert_int_equal(c->usable, usable[i]);
		assert_int_equal(c->has_sstc, sstc[i]);
		assert_int_equal(c->intc_phandle, i < 6 ? 10 + i : 0);
	}
	assert_string_equal(p->cpus[4].isa, "");
	assert_string_equal(p->cpus[6].isa, "rv64i");
	free(buf);
	free(p);
}

static void test_handmade_limits(void **state)
{
	struct platform *p = calloc(1, sizeof(*p));
	struct dtw *w = dtw_new();
	char name[32];
	uint8_t *buf;

	(void)state;
	/* no memory at all; initrd end before start */
	dtw_begin(w, "chosen");
	dtw_cells(w, "linux,initrd-start", 1, 0x2000);
	dtw_cells(w, "linux,initrd-end", 1, 0x1000);
	dtw_end(w);
	assert_int_equal(dtw_parse(w, p, &buf), -ENOENT);
	assert_false(p->has_initrd);
	free(buf);

	/* 20 memory nodes, 70 cpus: extra ones dropped and counted */
	w = dtw_new();
	for (uint32_t i = 1; i <= 20; i++) {
		snprintf(name, sizeof(name), "memory@%x00000000", i);
		dtw_memory(w, name, i);
	}
	dtw_begin(w, "cpus");
	dtw_cells(w, "#address-cells", 1, 1);
	dtw_cells(w, "#size-cells", 1, 0);
	for (uint32_t i = 0; i < 70; i++)
		dtw_cpu(w, i, "rv64imafdc", "riscv,sv39", NULL, 100 + i);
	dtw_end(w);
	assert_int_equal(dtw_parse(w, p, &buf), 0);
	assert_int_equal(p->nr_mem, PLATFORM_MAX_MEM);
	assert_int_equal(p->mem_dropped, 20 - PLATFORM_MAX_MEM);
	assert_int_equal(p->nr_cpus, PLATFORM_MAX_CPUS);
	assert_int_equal(p->cpus_dropped, 70 - PLATFORM_MAX_CPUS);
	assert_int_equal(p->cpus[63].hart_id, 63);
	assert_int_equal(p->timebase_freq, 0);
	free(buf);

	/* more reservations than fit: refuse rather than forget one */
	w = dtw_new();
	dtw_memory(w, "memory@100000000", 1);
	for (int i = 0; i < 20; i++) {
		w->rsv[w->nr_rsv][0] = 0x80000000 + 0x1000 * i;
		w->rsv[w->nr_rsv++][1] = 0x1000;
	}
	dtw_begin(w, "reserved-memory");
	dtw_cells(w, "#address-cells", 1, 2);
	dtw_cells(w, "#size-cells", 1, 2);
	for (int i = 0; i < 13; i++) {
		snprintf(name, sizeof(name), "r@%x", i);
		dtw_begin(w, name);
		dtw_cells(w, "reg", 4, 1, 0x1000 * i, 0, 0x1000);
		dtw_end(w);
	}
	dtw_end(w);
	assert_int_equal(dtw_parse(w, p, &buf), -E2BIG);
	free(buf);
	free(p);
}

/* ---- robustness ---- */

static bool in_blob(const struct platform *p, const char *s)
{
	const char *b = (const char *)p->fdt.blob;

	return s >= b && s + strlen(s) < b + p->fdt.size;
}

/* Parse buf; if accepted, the result must be self-consistent. */
static bool exercise(const uint8_t *buf, size_t len)
{
	static struct platform p;
	int ret = platform_parse(&p, buf, len);

	assert_true(ret == 0 || ret == -EINVAL || ret == -ENOENT ||
		    ret == -E2BIG || ret == -EOVERFLOW);
	if (ret)
		return false;
	assert_true(p.nr_mem >= 1 && p.nr_mem <= PLATFORM_MAX_MEM);
	assert_true(p.nr_resv <= PLATFORM_MAX_RESV);
	assert_true(p.nr_cpus <= PLATFORM_MAX_CPUS);
	for (unsigned int i = 0; i < p.nr_cpus; i++)
		assert_true(!*p.cpus[i].isa || in_blob(&p, p.cpus[i].isa));
	assert_true(!*p.bootargs || in_blob(&p, p.bootargs));
	assert_true(!*p.model || in_blob(&p, p.model));
	assert_true(!*p.stdout_path || in_blob(&p, p.stdout_path));
	assert_true(p.stdout_node < (int)p.fdt.size_struct);
	return true;
}

static const char *const fuzz_dtbs[] = {
	"virt-initrd.dtb", "virt-resv.dtb", "hifive-unmatched-a00.dtb",
};

static void put_field(uint8_t *b, int off, uint32_t v)
{
	put_be32(b + off, v);
}

static void test_truncated(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(fuzz_dtbs) / sizeof(fuzz_dtbs[0]); i++) {
		size_t len;
		uint8_t *good = load_file(fuzz_dtbs[i], &len);
		uint32_t total = fdt_total_size(good);

		for (uint32_t l = FDT_HEADER_SIZE; l < total; l++) {
			uint8_t *buf = malloc(l);
			uint32_t off_st = fdt_be32(good + 8);
			uint32_t off_str = fdt_be32(good + 12);

			memcpy(buf, good, l);
			assert_false(exercise(buf, l));
			/* make the header agree, so parsing goes deeper */
			put_field(buf, 4, l);
			if (off_st <= l && off_st + fdt_be32(good + 36) > l)
				put_field(buf, 36, l - off_st);
			if (off_str <= l && off_str + fdt_be32(good + 32) > l)
				put_field(buf, 32, l - off_str);
			exercise(buf, l);
			free(buf);
		}
		free(good);
	}
}

static uint32_t rng_state = 0x9e3779b9;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

#define FLIP_ROUNDS	2000

static void test_bitflips(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(fuzz_dtbs) / sizeof(fuzz_dtbs[0]); i++) {
		size_t len;
		uint8_t *good = load_file(fuzz_dtbs[i], &len);
		uint32_t total = fdt_total_size(good);
		uint8_t *buf = malloc(total);
		int accepted = 0;

		for (int round = 0; round < FLIP_ROUNDS; round++) {
			memcpy(buf, good, total);
			for (int f = 1 + rng() % 4; f > 0; f--)
				buf[rng() % total] ^= 1u << (rng() % 8);
			accepted += exercise(buf, total);
		}
		/* a flip in a token or length rejects the blob; not all */
		assert_true(accepted > FLIP_ROUNDS / 8);
		free(buf);
		free(good);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_virt),
		cmocka_unit_test(test_virt_initrd),
		cmocka_unit_test(test_virt_resv),
		cmocka_unit_test(test_fu740),
		cmocka_unit_test(test_handmade),
		cmocka_unit_test(test_handmade_limits),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bitflips),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
