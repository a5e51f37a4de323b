/*
 * Host tests for the newc cpio parser (lib/cpio.c): an archive made by
 * cpio(1) (see fs.mk), every truncation of it and single-byte damage
 * (each copied into a buffer of exactly its size, so AddressSanitizer
 * catches any read past the end), and hand-made archives for device
 * nodes, checksums, concatenation and malformed headers.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lib/cpio.h>
#include <lib/errno.h>

static unsigned char *archive;
static size_t archive_len;

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static int setup(void **state)
{
	(void)state;
	archive = slurp(CPIO_DIR "/test.cpio", &archive_len);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(archive);
	return 0;
}

/* Parse all of buf; the entries counted in *n, the final result returned. */
static int parse_all(const void *buf, size_t len, int *n)
{
	struct cpio_reader r;
	struct cpio_entry e;
	int got;

	*n = 0;
	cpio_init(&r, buf, len);
	while ((got = cpio_next(&r, &e)) > 0) {
		assert_true(e.namelen == strlen(e.name));
		assert_true((const unsigned char *)e.data + e.size <= (const unsigned char *)buf + len);
		(*n)++;
	}
	return got;
}

static void test_real_archive(void **state)
{
	static const struct {
		const char *name;
		unsigned int mode;
		size_t size;
	} want[] = {
		{ ".", 040755, 0 },
		{ "abs", 0120777, 8 },
		{ "dir", 040750, 0 },
		/* the links of a file come together, the data with the last */
		{ "big", 0100755, 0 },
		{ "dir/big2", 0100755, 5000 },
		{ "dir/hello.txt", 0100644, 17 },
		{ "dir/sub", 040755, 0 },
		{ "empty", 0100600, 0 },
		{ "link", 0120777, 13 },
	};
	struct cpio_reader r;
	struct cpio_entry e;
	size_t i = 0, biglen;
	unsigned char *big = slurp(CPIO_DIR "/tree/big", &biglen);
	uint32_t big_ino = 0;

	(void)state;
	cpio_init(&r, archive, archive_len);
	while (cpio_next(&r, &e) == 1) {
		assert_true(i < sizeof(want) / sizeof(want[0]));
		assert_string_equal(e.name, want[i].name);
		if (strcmp(e.name, ".") != 0) {
			assert_int_equal(e.mode, want[i].mode);
			assert_int_equal(e.mtime, 1234567890);
		}
		assert_int_equal(e.size, want[i].size);
		if (strcmp(e.name, "big") == 0) {
			assert_int_equal(e.nlink, 2);
			big_ino = e.ino;
		}
		if (strcmp(e.name, "dir/big2") == 0) {
			assert_int_equal(e.ino, big_ino);
			assert_int_equal(biglen, 5000);
			assert_memory_equal(e.data, big, 5000);
		}
		if (strcmp(e.name, "link") == 0)
			assert_memory_equal(e.data, "dir/hello.txt", 13);
		if (strcmp(e.name, "dir/hello.txt") == 0)
			assert_memory_equal(e.data, "hello, initramfs\n", 17);
		i++;
	}
	assert_int_equal(i, sizeof(want) / sizeof(want[0]));
	assert_int_equal(cpio_next(&r, &e), 0);
	assert_int_equal(cpio_next(&r, &e), 0);
	free(big);
}

/* The offset just past the trailer entry: where only padding is left. */
static size_t trailer_end(void)
{
	const char *t = memmem(archive, archive_len, "TRAILER!!!", 10);

	assert_non_null(t);
	return (size_t)(t - (const char *)archive) + 11;	/* the name and its NUL */
}

static void test_truncations(void **state)
{
	size_t end = trailer_end();
	int n, full;

	(void)state;
	assert_int_equal(parse_all(archive, archive_len, &full), 0);
	for (size_t len = 0; len <= archive_len; len++) {
		unsigned char *copy = malloc(len ? len : 1);
		int got;

		memcpy(copy, archive, len);
		got = parse_all(copy, len, &n);
		if (len == 0 || len >= end) {
			assert_int_equal(got, 0);
			assert_int_equal(n, len ? full : 0);
		} else {
			assert_int_equal(got, -EINVAL);
			assert_true(n <= full);
		}
		free(copy);
	}
}

static void test_damage(void **state)
{
	unsigned char *copy = malloc(archive_len);
	int n;

	(void)state;
	for (size_t i = 0; i < archive_len; i++) {
		static const unsigned char junk[] = { 0, 'g', '9', 0xff, '/' };

		for (size_t j = 0; j < sizeof(junk); j++) {
			int got;

			memcpy(copy, archive, archive_len);
			copy[i] = junk[j];
			got = parse_all(copy, archive_len, &n);
			assert_true(got == 0 || got == -EINVAL);
		}
	}
	free(copy);
}

/* ---- hand-made archives ---- */

struct entry_spec {
	const char *magic;
	const char *name;
	unsigned int mode, rmajor, rminor;
	const char *data;
	unsigned int check;
};

static size_t put(char *buf, size_t off, const struct entry_spec *s)
{
	size_t size = s->data ? strlen(s->data) : 0, namesize = strlen(s->name) + 1;

	off += (size_t)sprintf(buf + off, "%s%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X",
			       s->magic ? s->magic : "070701", 7, s->mode, 0, 0, 1, 0, size,
			       0, 0, s->rmajor, s->rminor, namesize, s->check);
	memcpy(buf + off, s->name, namesize);
	off += namesize;
	while (off % 4)
		buf[off++] = 0;
	memcpy(buf + off, s->data ? s->data : "", size);
	off += size;
	while (off % 4)
		buf[off++] = 0;
	return off;
}

static size_t put_trailer(char *buf, size_t off)
{
	return put(buf, off, &(struct entry_spec){ .name = "TRAILER!!!" });
}

static void test_handmade(void **state)
{
	char buf[4096];
	struct cpio_reader r;
	struct cpio_entry e;
	size_t len;
	int n;

	(void)state;
	/* a device node, then a second archive after NUL padding */
	len = put(buf, 0, &(struct entry_spec){ .name = "dev/null", .mode = 020666,
						  .rmajor = 1, .rminor = 3 });
	len = put_trailer(buf, len);
	memset(buf + len, 0, 512);
	len += 512;
	len = put(buf, len, &(struct entry_spec){ .name = "x", .mode = 0100644, .data = "abc" });
	len = put_trailer(buf, len);
	cpio_init(&r, buf, len);
	assert_int_equal(cpio_next(&r, &e), 1);
	assert_string_equal(e.name, "dev/null");
	assert_int_equal(e.mode, 020666);
	assert_int_equal(e.rdevmajor, 1);
	assert_int_equal(e.rdevminor, 3);
	assert_int_equal(cpio_next(&r, &e), 1);
	assert_string_equal(e.name, "x");
	assert_memory_equal(e.data, "abc", 3);
	assert_int_equal(cpio_next(&r, &e), 0);

	/* 070702: the checksum is the sum of the data bytes */
	len = put(buf, 0, &(struct entry_spec){ .magic = "070702", .name = "c", .mode = 0100644,
						  .data = "AB", .check = 'A' + 'B' });
	len = put_trailer(buf, len);
	assert_int_equal(parse_all(buf, len, &n), 0);
	assert_int_equal(n, 1);
	len = put(buf, 0, &(struct entry_spec){ .magic = "070702", .name = "c", .mode = 0100644,
						  .data = "AB", .check = 1 });
	assert_int_equal(parse_all(buf, len, &n), -EINVAL);

	/* no trailer: truncated */
	len = put(buf, 0, &(struct entry_spec){ .name = "a", .mode = 0100644 });
	assert_int_equal(parse_all(buf, len, &n), -EINVAL);
	assert_int_equal(n, 1);

	/* junk after the trailer, and a misaligned second archive */
	len = put_trailer(buf, 0);
	memcpy(buf + len, "junk", 4);
	assert_int_equal(parse_all(buf, len + 4, &n), -EINVAL);
	len = put_trailer(buf, 0);
	buf[len] = 0;
	len = put(buf, len + 1, &(struct entry_spec){ .name = "a", .mode = 0100644 });
	assert_int_equal(parse_all(buf, len, &n), -EINVAL);

	/* old binary and odc formats are not newc */
	memcpy(buf, "070707", 6);
	assert_int_equal(parse_all(buf, 200, &n), -EINVAL);

	/* a header field that is not hex; a name size of 0; a NUL inside the name */
	len = put(buf, 0, &(struct entry_spec){ .name = "a", .mode = 0100644 });
	len = put_trailer(buf, len);
	buf[20] = 'x';
	assert_int_equal(parse_all(buf, len, &n), -EINVAL);
	len = put(buf, 0, &(struct entry_spec){ .name = "a", .mode = 0100644 });
	memcpy(buf + 94, "00000000", 8);
	assert_int_equal(parse_all(buf, len, &n), -EINVAL);
	len = put(buf, 0, &(struct entry_spec){ .name = "abc", .mode = 0100644 });
	len = put_trailer(buf, len);
	buf[CPIO_HEADER_SIZE + 1] = 0;
	assert_int_equal(parse_all(buf, len, &n), -EINVAL);

	/* a file size past the end of the data */
	len = put(buf, 0, &(struct entry_spec){ .name = "a", .mode = 0100644, .data = "x" });
	memcpy(buf + 54, "FFFFFFFF", 8);
	assert_int_equal(parse_all(buf, len, &n), -EINVAL);

	/* nothing at all, or only padding: no entries, no error */
	assert_int_equal(parse_all(buf, 0, &n), 0);
	memset(buf, 0, 64);
	assert_int_equal(parse_all(buf, 64, &n), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_archive),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_damage),
		cmocka_unit_test(test_handmade),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
