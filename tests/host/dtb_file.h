/*
 * Reading the device tree blobs the host tests run on: $DTB_DIR is set by
 * the test runner (tools/runtests.py) to the DTBs tests/host/fdt.mk makes.
 * Include after <cmocka.h> and <stdio.h>/<stdlib.h>.
 */
#ifndef TESTS_HOST_DTB_FILE_H
#define TESTS_HOST_DTB_FILE_H

/* Every DTB fdt.mk makes. */
static const char *const all_dtbs[] = {
	"virt-smp1.dtb", "virt-smp4.dtb", "virt-smp8.dtb", "virt-initrd.dtb",
	"virt-resv.dtb", "hifive-unmatched-a00.dtb",
};

static inline void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* Read $DTB_DIR/name; *lenp gets the file size. */
static inline uint8_t *load_file(const char *name, size_t *lenp)
{
	const char *dir = getenv("DTB_DIR");
	char path[512];
	uint8_t *buf;
	FILE *f;
	long len;

	if (!dir)
		fail_msg("DTB_DIR is not set (run through make)");
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	assert_true(len > 0);
	buf = malloc((size_t)len);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*lenp = (size_t)len;
	return buf;
}

#endif
