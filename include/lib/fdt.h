/*
 * Read-only parser for flattened device trees (DTB, devicetree spec v0.4).
 *
 * The blob is never modified and nothing is allocated. Every function
 * checks offsets and lengths against the sizes that fdt_init() validated,
 * so a corrupt or truncated blob yields -EINVAL, never an out-of-bounds read
 * or an endless loop.
 *
 * A node is named by its offset: the byte offset of its FDT_BEGIN_NODE token
 * inside the structure block (always >= 0). Functions returning an int
 * return such an offset (or a count, or 0) on success and -Exxx on failure:
 *   -ENOENT	no such node / property / entry (the normal "end" marker)
 *   -EINVAL	the blob (or a node offset passed in) is malformed
 *   -EOVERFLOW	a value does not fit in 64 bits
 * Pointers returned (names, property values) point into the blob and are
 * NULL on failure.
 */
#ifndef LIB_FDT_H
#define LIB_FDT_H

#include <lib/compiler.h>

#define FDT_MAGIC		0xd00dfeedu
#define FDT_HEADER_SIZE		40	/* v17 header */
#define FDT_FIRST_VERSION	16	/* oldest version accepted */
#define FDT_LAST_VERSION	17	/* newest layout understood */
#define FDT_MAX_CELLS		4	/* max #address-cells, #size-cells */

/* Structure block tokens */
#define FDT_BEGIN_NODE		0x1
#define FDT_END_NODE		0x2
#define FDT_PROP		0x3
#define FDT_NOP			0x4
#define FDT_END			0x9

/* A validated blob. All offsets are from the start of the blob. */
struct fdt {
	const uint8_t *blob;
	uint32_t size;		/* totalsize from the header */
	uint32_t off_struct;	/* structure block */
	uint32_t size_struct;
	uint32_t off_strings;	/* strings block */
	uint32_t size_strings;
	uint32_t off_rsvmap;	/* memory reservation block */
	uint32_t size_rsvmap;	/* bytes available to it, incl. terminator */
};

/* Big-endian loads; p may be unaligned. */
static inline uint32_t fdt_be32(const void *p)
{
	const uint8_t *b = p;

	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) |
	       ((uint32_t)b[2] << 8) | (uint32_t)b[3];
}

static inline uint64_t fdt_be64(const void *p)
{
	const uint8_t *b = p;

	return ((uint64_t)fdt_be32(b) << 32) | fdt_be32(b + 4);
}

/*
 * Header and blob. fdt_total_size() reads 8 bytes at blob and returns the
 * header's totalsize, or 0 if the magic is wrong: use it to learn how much
 * to map before fdt_init(). fdt_init() checks the header (magic, version,
 * totalsize <= max_size, every block inside totalsize) and fills *fdt.
 */
uint32_t fdt_total_size(const void *blob);
int fdt_init(struct fdt *fdt, const void *blob, size_t max_size);

/* Memory reservation block: number of entries, and entry i. */
int fdt_num_mem_rsv(const struct fdt *fdt);
int fdt_get_mem_rsv(const struct fdt *fdt, int i, uint64_t *addr,
		    uint64_t *size);

/*
 * Walking. fdt_first_child() and fdt_next_sibling() return -ENOENT at the
 * end. fdt_next_node() returns the next node in depth-first order; node -1
 * means "start" and returns the root. If depth is non-NULL it is adjusted
 * by the levels moved (+1 into a child, -1 per level left) and -ENOENT is
 * returned once it would drop below 0: start with *depth = 0 to walk the
 * subtree of node only. With depth NULL the walk covers the rest of the
 * tree. fdt_parent() of the root is -ENOENT.
 */
int fdt_root(const struct fdt *fdt);
int fdt_first_child(const struct fdt *fdt, int node);
int fdt_next_sibling(const struct fdt *fdt, int node);
int fdt_next_node(const struct fdt *fdt, int node, int *depth);
int fdt_parent(const struct fdt *fdt, int node);

/* "serial@10000000"; "" for the root. */
const char *fdt_node_name(const struct fdt *fdt, int node);

/*
 * Look a node up by path: "/", "/chosen", "/soc/serial@10000000". A path
 * component without a unit address ("serial") matches the first node whose
 * name before '@' equals it. A path not starting with '/' begins with an
 * alias from /aliases ("serial0" or "serial0/child"). The _n variant looks
 * only at the first len bytes of path (e.g. up to the ':' of stdout-path).
 */
int fdt_path_offset(const struct fdt *fdt, const char *path);
int fdt_path_offset_n(const struct fdt *fdt, const char *path, size_t len);

/*
 * Properties. fdt_getprop() returns the value and its length in *lenp
 * (which may be NULL), or NULL with -ENOENT / -EINVAL in *lenp.
 * fdt_prop_string() returns the value only if it is a NUL-terminated string.
 * fdt_prop_u32() needs a one-cell value; fdt_prop_u64() takes one or two
 * cells. Both return false (and leave *out alone) if absent or malformed.
 */
const void *fdt_getprop(const struct fdt *fdt, int node, const char *name,
			int *lenp);
const char *fdt_prop_string(const struct fdt *fdt, int node, const char *name);
bool fdt_prop_u32(const struct fdt *fdt, int node, const char *name,
		  uint32_t *out);
bool fdt_prop_u64(const struct fdt *fdt, int node, const char *name,
		  uint64_t *out);

/*
 * String lists ("a\0b\0c\0"): whether list (len bytes) holds str, the
 * index-th string of a property (NULL if none), and their count (-Exxx if
 * the property is absent or not NUL-terminated).
 */
bool fdt_stringlist_contains(const char *list, int len, const char *str);
const char *fdt_stringlist_get(const struct fdt *fdt, int node,
			       const char *name, int index);
int fdt_stringlist_count(const struct fdt *fdt, int node, const char *name);

/* compatible holds compat. */
bool fdt_is_compatible(const struct fdt *fdt, int node, const char *compat);
/* First node after 'after' (-1 = from the root) compatible with compat. */
int fdt_find_compatible(const struct fdt *fdt, int after, const char *compat);
/* The node whose phandle (or linux,phandle) is phandle. */
int fdt_node_by_phandle(const struct fdt *fdt, uint32_t phandle);
/* This node's phandle, 0 if it has none. */
uint32_t fdt_get_phandle(const struct fdt *fdt, int node);

/*
 * #address-cells / #size-cells of this node (what its children's reg use):
 * the property, or the spec's defaults 2 and 1; -EINVAL if above
 * FDT_MAX_CELLS.
 */
int fdt_address_cells(const struct fdt *fdt, int node);
int fdt_size_cells(const struct fdt *fdt, int node);

/*
 * Entry index of node's reg, decoded with the parent's #address-cells and
 * #size-cells. size may be NULL; it is 0 when #size-cells is 0. Returns 0,
 * -ENOENT past the last entry (or no reg), -EINVAL if malformed,
 * -EOVERFLOW if a value needs more than 64 bits.
 */
int fdt_get_reg(const struct fdt *fdt, int node, int index, uint64_t *addr,
		uint64_t *size);

/* Number of reg entries of node (0 if it has no reg), or -Exxx. */
int fdt_reg_count(const struct fdt *fdt, int node);

#endif
