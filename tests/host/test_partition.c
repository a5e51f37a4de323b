/*
 * Host tests for the partition table parser (lib/partition.c), on the
 * images partition.mk makes with tools/mkdisk.py: MBR with primaries and
 * with logical partitions, GPT with gaps and 4096-byte sectors, the
 * partition number limit, damaged CRCs, truncated images; plus read
 * errors, hand-made loops of EBRs and the CRC32 itself. Where Linux and
 * libblkid agree, the results are also compared with util-linux's partx.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lib/partition.h>
#include <lib/errno.h>

#define MIB_512		2048	/* 512-byte sectors in a MiB */

struct image {
	unsigned char *data;
	size_t len;
	unsigned int lba_size;
	uint64_t fail_lba;	/* reads of this LBA fail (UINT64_MAX: none) */
	unsigned int reads;
};

static struct image load(const char *name, unsigned int lba_size)
{
	char path[512];
	struct image im = { .lba_size = lba_size, .fail_lba = UINT64_MAX };
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s", PART_DIR, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	im.data = malloc((size_t)n);
	assert_non_null(im.data);
	assert_int_equal(fread(im.data, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	im.len = (size_t)n;
	return im;
}

static int read_image(void *ctx, uint64_t lba, void *buf)
{
	struct image *im = ctx;

	im->reads++;
	assert_true((lba + 1) * im->lba_size <= im->len);	/* never past the end */
	if (lba == im->fail_lba)
		return -EIO;
	memcpy(buf, im->data + lba * im->lba_size, im->lba_size);
	return 0;
}

static int scan(struct image *im, struct part_table *t)
{
	unsigned char *buf = malloc(im->lba_size);
	struct part_disk d = {
		.read = read_image, .ctx = im, .lba_size = im->lba_size,
		.nr_lbas = im->len / im->lba_size, .limit = PART_MAX, .buf = buf,
	};
	int r;

	assert_non_null(buf);
	r = partition_scan(&d, t);
	free(buf);
	return r;
}

struct expect {
	unsigned int nr;
	uint64_t start, len;
	uint8_t mbr_type;
};

/* Exactly the expected partitions, no others. */
static void check_parts(const struct part_table *t, const struct expect *e, size_t n)
{
	unsigned int present = 0;

	for (unsigned int i = 1; i < PART_MAX; i++)
		if (t->part[i].nr_lbas)
			present++;
	for (size_t i = 0; i < n; i++) {
		const struct part_entry *p = &t->part[e[i].nr];

		printf("  part %u: %llu+%llu (want %llu+%llu)\n", e[i].nr,
		       (unsigned long long)p->start, (unsigned long long)p->nr_lbas,
		       (unsigned long long)e[i].start, (unsigned long long)e[i].len);
		assert_int_equal(p->start, e[i].start);
		assert_int_equal(p->nr_lbas, e[i].len);
		assert_int_equal(p->mbr_type, e[i].mbr_type);
	}
	assert_int_equal(present, n);
}

/*
 * The same partitions as partx lists (libblkid), except that Linux gives
 * an extended partition 2 sectors where libblkid gives its whole length.
 */
static void check_partx(const char *name, const struct part_table *t)
{
	char cmd[600], line[256];
	unsigned int seen = 0, present = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "partx -g -o NR,START,SECTORS %s/%s 2>/dev/null", PART_DIR, name);
	p = popen(cmd, "r");
	if (!p)
		return;
	while (fgets(line, sizeof(line), p)) {
		unsigned int nr;
		unsigned long long start, len;

		if (sscanf(line, "%u %llu %llu", &nr, &start, &len) != 3)
			continue;
		assert_true(nr < PART_MAX);
		assert_int_equal(t->part[nr].start, start);
		if (t->part[nr].mbr_type != MBR_TYPE_DOS_EXTENDED)
			assert_int_equal(t->part[nr].nr_lbas, len);
		seen++;
	}
	if (pclose(p) != 0 && seen == 0) {
		printf("  (partx not available: no comparison)\n");
		return;
	}
	for (unsigned int i = 1; i < PART_MAX; i++)
		if (t->part[i].nr_lbas)
			present++;
	assert_int_equal(seen, present);
}

static void test_crc32(void **state)
{
	(void)state;
	assert_int_equal(part_crc32(0, "123456789", 9), 0xcbf43926);
	assert_int_equal(part_crc32(part_crc32(0, "1234", 4), "56789", 5), 0xcbf43926);
	assert_int_equal(part_crc32(0, "", 0), 0);
}

static void test_mbr_primaries(void **state)
{
	static const struct expect e[] = {
		{ 1, 1 * MIB_512, 1 * MIB_512, 0x83 }, { 2, 2 * MIB_512, 2 * MIB_512, 0x82 },
		{ 3, 4 * MIB_512, 1 * MIB_512, 0x0c }, { 4, 5 * MIB_512, 3 * MIB_512, 0x83 },
	};
	struct image im = load("mbr4.img", 512);
	struct part_table t;

	(void)state;
	assert_int_equal(scan(&im, &t), 1);
	assert_int_equal(t.scheme, PART_SCHEME_MBR);
	assert_int_equal(t.warnings, 0);
	check_parts(&t, e, ARRAY_SIZE(e));
	check_partx("mbr4.img", &t);
	free(im.data);
}

static void test_mbr_logicals(void **state)
{
	/* the extended partition itself is 2 sectors long, as in Linux */
	static const struct expect e[] = {
		{ 1, 2048, 4096, 0x83 }, { 2, 6144, 2048, 0x83 }, { 3, 8192, 2, 0x05 },
		{ 4, 24576, 2048, 0x83 }, { 5, 10240, 4096, 0x83 }, { 6, 16384, 2048, 0x83 },
		{ 7, 20480, 1024, 0x82 },
	};
	struct image im = load("mbr-ext.img", 512);
	struct part_table t;

	(void)state;
	assert_int_equal(scan(&im, &t), 1);
	assert_int_equal(t.scheme, PART_SCHEME_MBR);
	check_parts(&t, e, ARRAY_SIZE(e));
	check_partx("mbr-ext.img", &t);
	free(im.data);
}

static void test_mbr_limit(void **state)
{
	struct expect e[PART_MAX];
	struct image im = load("mbr-many.img", 512);
	struct part_table t;
	size_t n = 0;

	(void)state;
	/* --align 8: p1 at 8; the extended at 2056; each logical after its EBR */
	e[n++] = (struct expect){ 1, 8, 2048, 0x83 };
	e[n++] = (struct expect){ 2, 2056, 2, 0x05 };
	for (unsigned int i = 5; i < PART_MAX; i++)
		e[n++] = (struct expect){ i, 2056 + 8 + (i - 5) * 520, 512, 0x83 };
	assert_int_equal(scan(&im, &t), 1);
	check_parts(&t, e, n);
	free(im.data);
}

static void test_mbr_truncated(void **state)
{
	static const struct expect e[] = {
		{ 1, 2048, 2048, 0x83 }, { 2, 4096, 8192, 0x83 },
		{ 3, 12288, 4096, 0x83 },	/* 8 MiB long on a disk cut at 8 MiB */
	};
	struct image im = load("mbr-trunc.img", 512);
	struct part_table t;

	(void)state;
	assert_int_equal(im.len, 8 << 20);
	assert_int_equal(scan(&im, &t), 1);
	assert_int_equal(t.warnings, PART_WARN_TRUNCATED | PART_WARN_BEYOND_END);
	check_parts(&t, e, ARRAY_SIZE(e));
	free(im.data);
}

static const uint8_t guid_efi[16] = {	/* C12A7328-F81F-11D2-BA4B-00A0C93EC93B */
	0x28, 0x73, 0x2a, 0xc1, 0x1f, 0xf8, 0xd2, 0x11,
	0xba, 0x4b, 0x00, 0xa0, 0xc9, 0x3e, 0xc9, 0x3b,
};
static const uint8_t guid_linux[16] = {	/* 0FC63DAF-8483-4772-8E79-3D69D8477DE4 */
	0xaf, 0x3d, 0xc6, 0x0f, 0x83, 0x84, 0x72, 0x47,
	0x8e, 0x79, 0x3d, 0x69, 0xd8, 0x47, 0x7d, 0xe4,
};

static const struct expect gpt_expect[] = {
	{ 1, 2048, 4096, 0 }, { 3, 6144, 6144, 0 }, { 7, 12288, 2048, 0 }, { 8, 14336, 2048, 0 },
};

static void test_gpt(void **state)
{
	struct image im = load("gpt.img", 512);
	struct part_table t;

	(void)state;
	assert_int_equal(scan(&im, &t), 1);
	assert_int_equal(t.scheme, PART_SCHEME_GPT);
	assert_int_equal(t.warnings, 0);
	check_parts(&t, gpt_expect, ARRAY_SIZE(gpt_expect));
	assert_memory_equal(t.part[1].type_guid, guid_efi, 16);
	assert_memory_equal(t.part[3].type_guid, guid_linux, 16);
	assert_memory_not_equal(t.part[1].uuid, t.part[3].uuid, 16);
	check_partx("gpt.img", &t);
	free(im.data);
}

static void test_gpt_4k(void **state)
{
	/* in 4096-byte LBAs: 1 MiB is 256 */
	static const struct expect e[] = { { 1, 256, 512, 0 }, { 2, 768, 1024, 0 } };
	struct image im = load("gpt-4k.img", 4096);
	struct part_table t;

	(void)state;
	assert_int_equal(scan(&im, &t), 1);
	assert_int_equal(t.scheme, PART_SCHEME_GPT);
	assert_int_equal(t.warnings, 0);
	check_parts(&t, e, ARRAY_SIZE(e));
	free(im.data);
}

static void test_gpt_limit(void **state)
{
	struct expect e[PART_MAX];
	struct image im = load("gpt-many.img", 512);
	struct part_table t;
	size_t n = 0;

	(void)state;
	for (unsigned int i = 1; i < PART_MAX; i++)
		e[n++] = (struct expect){ i, 40 + (i - 1) * 512, 512, 0 };
	assert_int_equal(scan(&im, &t), 1);
	check_parts(&t, e, n);
	free(im.data);
}

/* A damaged primary GPT: no partitions at all (the MBR is protective). */
static void check_no_table(const char *name)
{
	struct image im = load(name, 512);
	struct part_table t;

	assert_int_equal(scan(&im, &t), 0);
	assert_int_equal(t.scheme, PART_SCHEME_NONE);
	for (unsigned int i = 0; i < PART_MAX; i++)
		assert_int_equal(t.part[i].nr_lbas, 0);
	free(im.data);
}

static void test_gpt_bad_header_crc(void **state)
{
	(void)state;
	check_no_table("gpt-badcrc.img");
}

static void test_gpt_bad_entries_crc(void **state)
{
	(void)state;
	check_no_table("gpt-badent.img");
}

static void test_gpt_truncated(void **state)
{
	(void)state;
	check_no_table("gpt-trunc.img");
}

static void test_gpt_bad_alternate(void **state)
{
	struct image im = load("gpt-badalt.img", 512);
	struct part_table t;

	(void)state;
	assert_int_equal(scan(&im, &t), 1);
	assert_int_equal(t.scheme, PART_SCHEME_GPT);
	assert_int_equal(t.warnings, PART_WARN_ALT_GPT);
	check_parts(&t, gpt_expect, ARRAY_SIZE(gpt_expect));
	free(im.data);
}

/* Every truncation to a whole number of MiB: never a read past the end. */
static void test_every_truncation(void **state)
{
	static const char *const names[] = { "mbr-ext.img", "gpt.img", "mbr-many.img" };

	(void)state;
	for (size_t k = 0; k < ARRAY_SIZE(names); k++) {
		struct image im = load(names[k], 512);
		size_t full = im.len;

		for (size_t len = 0; len < full; len += 1 << 20) {
			struct part_table t;
			int r;

			im.len = len;
			r = scan(&im, &t);
			assert_true(r == 0 || r == 1);
			for (unsigned int i = 1; i < PART_MAX; i++)
				if (t.part[i].nr_lbas)
					assert_true(t.part[i].start + t.part[i].nr_lbas <= len / 512);
		}
		free(im.data);
	}
}

static void test_read_errors(void **state)
{
	struct image im = load("mbr-ext.img", 512);
	struct part_table t;

	(void)state;
	im.fail_lba = 0;
	assert_int_equal(scan(&im, &t), -EIO);
	assert_int_equal(t.scheme, PART_SCHEME_NONE);
	/* the second EBR fails: the logicals before it stay */
	im.fail_lba = 14336;
	assert_int_equal(scan(&im, &t), 1);
	assert_int_equal(t.warnings, PART_WARN_IO);
	assert_int_equal(t.part[5].nr_lbas, 4096);
	assert_int_equal(t.part[6].nr_lbas, 0);
	assert_int_equal(t.part[4].nr_lbas, 2048);
	free(im.data);

	/* a GPT entry array that cannot be read: no GPT, and no MBR either */
	im = load("gpt.img", 512);
	im.fail_lba = 2;
	assert_int_equal(scan(&im, &t), -EIO);
	free(im.data);
}

static void put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void test_handmade(void **state)
{
	struct image im = { .lba_size = 512, .fail_lba = UINT64_MAX, .len = 64 * 512 };
	unsigned char *ebr, *e;
	struct part_table t;

	(void)state;
	im.data = calloc(1, im.len);
	assert_non_null(im.data);
	/* all zeros: nothing */
	assert_int_equal(scan(&im, &t), 0);

	/* an extended partition whose EBR links to itself: ends after 100 links */
	im.data[510] = 0x55;
	im.data[511] = 0xaa;
	e = im.data + 0x1be;
	e[4] = 0x05;
	put_le32(e + 8, 8);
	put_le32(e + 12, 32);
	ebr = im.data + 8 * 512;
	ebr[510] = 0x55;
	ebr[511] = 0xaa;
	e = ebr + 0x1be + 16;	/* entry 2: the link, to the EBR itself */
	e[4] = 0x05;
	put_le32(e + 8, 0);
	put_le32(e + 12, 32);
	im.reads = 0;
	assert_int_equal(scan(&im, &t), 1);
	assert_true(im.reads < 110);
	assert_int_equal(t.part[1].nr_lbas, 2);
	assert_int_equal(t.part[5].nr_lbas, 0);

	/* now with a data entry in it: it repeats until the numbers run out */
	e = ebr + 0x1be;
	e[4] = 0x83;
	put_le32(e + 8, 1);
	put_le32(e + 12, 4);
	assert_int_equal(scan(&im, &t), 1);
	for (unsigned int i = 5; i < PART_MAX; i++) {
		assert_int_equal(t.part[i].start, 9);
		assert_int_equal(t.part[i].nr_lbas, 4);
	}

	/* a bad boot indicator: a boot sector, not a partition table */
	im.data[0x1be] = 0x12;
	assert_int_equal(scan(&im, &t), 0);
	im.data[0x1be] = 0x80;
	assert_int_equal(scan(&im, &t), 1);

	/* a 0xEE entry without a valid GPT: neither GPT nor MBR */
	im.data[0x1be + 16 + 4] = 0xee;
	put_le32(im.data + 0x1be + 16 + 8, 1);
	put_le32(im.data + 0x1be + 16 + 12, 63);
	assert_int_equal(scan(&im, &t), 0);
	free(im.data);
}

static void test_bad_arguments(void **state)
{
	unsigned char buf[512];
	struct part_table t;
	struct part_disk d = { .read = read_image, .lba_size = 512, .nr_lbas = 1,
			       .limit = PART_MAX, .buf = buf };

	(void)state;
	d.lba_size = 768;
	assert_int_equal(partition_scan(&d, &t), -EINVAL);
	d.lba_size = 512;
	d.limit = PART_MAX + 1;
	assert_int_equal(partition_scan(&d, &t), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32),
		cmocka_unit_test(test_mbr_primaries),
		cmocka_unit_test(test_mbr_logicals),
		cmocka_unit_test(test_mbr_limit),
		cmocka_unit_test(test_mbr_truncated),
		cmocka_unit_test(test_gpt),
		cmocka_unit_test(test_gpt_4k),
		cmocka_unit_test(test_gpt_limit),
		cmocka_unit_test(test_gpt_bad_header_crc),
		cmocka_unit_test(test_gpt_bad_entries_crc),
		cmocka_unit_test(test_gpt_truncated),
		cmocka_unit_test(test_gpt_bad_alternate),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_read_errors),
		cmocka_unit_test(test_handmade),
		cmocka_unit_test(test_bad_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
