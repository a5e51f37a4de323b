/*
 * Read-only flattened device tree parser.
 *
 * Design: the blob is treated as untrusted input. fdt_init() checks the
 * header once and records the bounds of the three blocks; after that, all
 * access to the structure block goes through fdt_next_tag(), which checks
 * that the token, a node name (NUL-terminated inside the block) or a
 * property (header and value inside the block, name offset inside the
 * strings block) fits before returning the offset of the next token.
 * Every walk only moves forward by at least one token (4 bytes), so it
 * ends after at most size_struct / 4 steps whatever the blob contains.
 *
 * Nothing is cached: a node is its offset, and questions that need
 * context (a node's parent, for reg decoding) rescan from the root. Device
 * trees are a few kilobytes, so this stays cheap and keeps the parser
 * stateless and allocation-free.
 *
 * The kernel is freestanding and this file may not use libc, so the few
 * string helpers it needs are defined here.
 */
#include <lib/fdt.h>
#include <lib/errno.h>

#define FDT_V16_HEADER_SIZE	36	/* v16 lacks size_dt_struct */
#define FDT_MAX_TOTAL_SIZE	0x7ffffff0u	/* node offsets are ints */
#define FDT_RSV_ENTRY_SIZE	16
#define FDT_PROP_HDR_SIZE	12	/* token, len, nameoff */

/* Header field offsets */
#define FDT_HDR_MAGIC		0
#define FDT_HDR_TOTALSIZE	4
#define FDT_HDR_OFF_STRUCT	8
#define FDT_HDR_OFF_STRINGS	12
#define FDT_HDR_OFF_RSVMAP	16
#define FDT_HDR_VERSION		20
#define FDT_HDR_LAST_COMP	24
#define FDT_HDR_SIZE_STRINGS	32
#define FDT_HDR_SIZE_STRUCT	36

/* ---- tiny freestanding string helpers ---- */

static size_t fdt_strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

static size_t fdt_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static bool fdt_memeq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* Position of c in the first n bytes of s, or n. */
static size_t fdt_memchr_idx(const char *s, char c, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] != c)
		i++;
	return i;
}

/* ---- header ---- */

uint32_t fdt_total_size(const void *blob)
{
	const uint8_t *b = blob;

	if (!b || fdt_be32(b + FDT_HDR_MAGIC) != FDT_MAGIC)
		return 0;
	return fdt_be32(b + FDT_HDR_TOTALSIZE);
}

/* Bytes from off_rsvmap to the next block (or the end of the blob). */
static uint32_t fdt_rsvmap_room(const struct fdt *fdt)
{
	uint32_t end = fdt->size;

	if (fdt->off_struct > fdt->off_rsvmap && fdt->off_struct < end)
		end = fdt->off_struct;
	if (fdt->off_strings > fdt->off_rsvmap && fdt->off_strings < end)
		end = fdt->off_strings;
	return end - fdt->off_rsvmap;
}

static int fdt_check_blocks(struct fdt *fdt, uint32_t hdr, uint32_t version)
{
	const uint8_t *b = fdt->blob;
	uint32_t total = fdt->size;

	fdt->off_struct = fdt_be32(b + FDT_HDR_OFF_STRUCT);
	fdt->off_strings = fdt_be32(b + FDT_HDR_OFF_STRINGS);
	fdt->off_rsvmap = fdt_be32(b + FDT_HDR_OFF_RSVMAP);
	fdt->size_strings = fdt_be32(b + FDT_HDR_SIZE_STRINGS);

	if (fdt->off_struct < hdr || fdt->off_struct > total ||
	    (fdt->off_struct & 3))
		return -EINVAL;
	if (version >= 17)
		fdt->size_struct = fdt_be32(b + FDT_HDR_SIZE_STRUCT);
	else
		fdt->size_struct = total - fdt->off_struct;
	if ((uint64_t)fdt->off_struct + fdt->size_struct > total)
		return -EINVAL;

	if (fdt->off_strings < hdr ||
	    (uint64_t)fdt->off_strings + fdt->size_strings > total)
		return -EINVAL;

	if (fdt->off_rsvmap < hdr || fdt->off_rsvmap > total)
		return -EINVAL;
	fdt->size_rsvmap = fdt_rsvmap_room(fdt);
	return 0;
}

int fdt_init(struct fdt *fdt, const void *blob, size_t max_size)
{
	const uint8_t *b = blob;
	uint32_t version, hdr, total;
	int ret;

	if (!fdt)
		return -EINVAL;
	/* a failed init leaves nothing usable */
	*fdt = (struct fdt){ 0 };
	if (!b || max_size < FDT_V16_HEADER_SIZE)
		return -EINVAL;
	if (fdt_be32(b + FDT_HDR_MAGIC) != FDT_MAGIC)
		return -EINVAL;
	version = fdt_be32(b + FDT_HDR_VERSION);
	if (version < FDT_FIRST_VERSION ||
	    fdt_be32(b + FDT_HDR_LAST_COMP) > FDT_LAST_VERSION)
		return -EINVAL;
	hdr = version >= 17 ? FDT_HEADER_SIZE : FDT_V16_HEADER_SIZE;
	total = fdt_be32(b + FDT_HDR_TOTALSIZE);
	if (max_size < hdr || total < hdr || total > max_size ||
	    total > FDT_MAX_TOTAL_SIZE)
		return -EINVAL;

	fdt->blob = b;
	fdt->size = total;
	ret = fdt_check_blocks(fdt, hdr, version);
	if (!ret) {
		ret = fdt_num_mem_rsv(fdt);	/* must be terminated */
		if (ret >= 0)
			ret = fdt_root(fdt);
	}
	if (ret < 0) {
		*fdt = (struct fdt){ 0 };
		return ret;
	}
	return 0;
}

/* ---- memory reservation block ---- */

int fdt_num_mem_rsv(const struct fdt *fdt)
{
	uint32_t max = fdt->size_rsvmap / FDT_RSV_ENTRY_SIZE;
	const uint8_t *p;

	for (uint32_t i = 0; i < max; i++) {
		p = fdt->blob + fdt->off_rsvmap + i * FDT_RSV_ENTRY_SIZE;
		if (fdt_be64(p + 8) == 0)
			return (int)i;
	}
	return -EINVAL;		/* no terminator */
}

int fdt_get_mem_rsv(const struct fdt *fdt, int i, uint64_t *addr,
		    uint64_t *size)
{
	int n = fdt_num_mem_rsv(fdt);
	const uint8_t *p;

	if (n < 0)
		return n;
	if (i < 0 || i >= n)
		return -ENOENT;
	p = fdt->blob + fdt->off_rsvmap + (uint32_t)i * FDT_RSV_ENTRY_SIZE;
	if (addr)
		*addr = fdt_be64(p);
	if (size)
		*size = fdt_be64(p + 8);
	return 0;
}

/* ---- structure block tokens ---- */

static const uint8_t *fdt_struct(const struct fdt *fdt)
{
	return fdt->blob + fdt->off_struct;
}

/* Whether [off, off + n) lies inside the structure block. */
static bool fdt_struct_has(const struct fdt *fdt, int off, uint64_t n)
{
	return off >= 0 && (uint64_t)off + n <= fdt->size_struct;
}

static int fdt_align4(uint64_t x)
{
	return (int)((x + 3) & ~(uint64_t)3);
}

/*
 * Check the token at off and return it (FDT_BEGIN_NODE ...), setting *next
 * to the offset just past it. -EINVAL if anything is out of bounds.
 */
static int fdt_next_tag(const struct fdt *fdt, int off, int *next)
{
	const uint8_t *s;
	uint32_t tag, len, nameoff;
	uint64_t end;
	size_t max, n;

	if ((off & 3) || !fdt_struct_has(fdt, off, 4))
		return -EINVAL;
	s = fdt_struct(fdt);
	tag = fdt_be32(s + off);
	switch (tag) {
	case FDT_BEGIN_NODE:
		max = fdt->size_struct - (uint32_t)off - 4;
		n = fdt_strnlen((const char *)s + off + 4, max);
		if (n == max)
			return -EINVAL;
		*next = fdt_align4((uint64_t)off + 4 + n + 1);
		return (int)tag;
	case FDT_PROP:
		if (!fdt_struct_has(fdt, off, FDT_PROP_HDR_SIZE))
			return -EINVAL;
		len = fdt_be32(s + off + 4);
		nameoff = fdt_be32(s + off + 8);
		end = (uint64_t)off + FDT_PROP_HDR_SIZE + len;
		if (nameoff >= fdt->size_strings || end > fdt->size_struct)
			return -EINVAL;
		*next = fdt_align4(end);
		return (int)tag;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		*next = off + 4;
		return (int)tag;
	default:
		return -EINVAL;
	}
}

/* Offset just past node's BEGIN_NODE token and name; -EINVAL if no node. */
static int fdt_node_body(const struct fdt *fdt, int node)
{
	int next, tag = fdt_next_tag(fdt, node, &next);

	if (tag < 0)
		return tag;
	return tag == FDT_BEGIN_NODE ? next : -EINVAL;
}

/* Skip NOPs (and properties, if props) from off; return the next offset. */
static int fdt_skip(const struct fdt *fdt, int off, bool props, int *tagp)
{
	int next, tag;

	for (;;) {
		tag = fdt_next_tag(fdt, off, &next);
		if (tag < 0)
			return tag;
		if (tag != FDT_NOP && !(props && tag == FDT_PROP))
			break;
		off = next;
	}
	*tagp = tag;
	return off;
}

/* ---- nodes ---- */

int fdt_root(const struct fdt *fdt)
{
	int tag, off = fdt_skip(fdt, 0, false, &tag);

	if (off < 0)
		return off;
	return tag == FDT_BEGIN_NODE ? off : -EINVAL;
}

const char *fdt_node_name(const struct fdt *fdt, int node)
{
	if (fdt_node_body(fdt, node) < 0)
		return NULL;
	return (const char *)fdt_struct(fdt) + node + 4;
}

int fdt_first_child(const struct fdt *fdt, int node)
{
	int tag, off = fdt_node_body(fdt, node);

	if (off < 0)
		return off;
	off = fdt_skip(fdt, off, true, &tag);
	if (off < 0)
		return off;
	if (tag == FDT_BEGIN_NODE)
		return off;
	return tag == FDT_END_NODE ? -ENOENT : -EINVAL;
}

int fdt_next_sibling(const struct fdt *fdt, int node)
{
	int tag, next, depth = 0, off = node;

	if (fdt_node_body(fdt, node) < 0)
		return -EINVAL;
	/* Skip node's whole subtree */
	do {
		tag = fdt_next_tag(fdt, off, &next);
		if (tag < 0)
			return tag;
		if (tag == FDT_BEGIN_NODE)
			depth++;
		else if (tag == FDT_END_NODE)
			depth--;
		else if (tag == FDT_END)
			return -EINVAL;
		off = next;
	} while (depth > 0);

	off = fdt_skip(fdt, off, false, &tag);
	if (off < 0)
		return off;
	if (tag == FDT_BEGIN_NODE)
		return off;
	return (tag == FDT_END_NODE || tag == FDT_END) ? -ENOENT : -EINVAL;
}

int fdt_next_node(const struct fdt *fdt, int node, int *depth)
{
	int tag, next, off;

	if (node == -1)
		return fdt_root(fdt);
	off = fdt_node_body(fdt, node);
	if (off < 0)
		return off;
	for (;; off = next) {
		tag = fdt_next_tag(fdt, off, &next);
		if (tag < 0)
			return tag;
		if (tag == FDT_BEGIN_NODE) {
			if (depth)
				(*depth)++;
			return off;
		}
		if (tag == FDT_END_NODE && depth && --(*depth) < 0)
			return -ENOENT;
		if (tag == FDT_END)
			return -ENOENT;
	}
}

/* Depth of node below the root (root = 0), or -Exxx. */
static int fdt_node_depth(const struct fdt *fdt, int root, int node)
{
	int depth = 0, cur = root;

	while (cur >= 0 && cur != node)
		cur = fdt_next_node(fdt, cur, &depth);
	return cur < 0 ? cur : depth;
}

int fdt_parent(const struct fdt *fdt, int node)
{
	int root = fdt_root(fdt);
	int target, depth = 0, cur, parent;

	if (root < 0)
		return root;
	if (fdt_node_body(fdt, node) < 0)
		return -EINVAL;
	if (node == root)
		return -ENOENT;
	target = fdt_node_depth(fdt, root, node);
	if (target < 0)
		return target;

	/* The parent is the last node at depth target - 1 before node. */
	parent = cur = root;
	while (cur != node) {
		if (depth == target - 1)
			parent = cur;
		cur = fdt_next_node(fdt, cur, &depth);
		if (cur < 0)
			return cur;
	}
	return parent;
}

/* ---- properties ---- */

/* Value of the property called name[0..namelen) of node, or NULL. */
static const uint8_t *fdt_find_prop(const struct fdt *fdt, int node,
				    const char *name, size_t namelen,
				    int *lenp)
{
	const uint8_t *s = fdt_struct(fdt);
	const char *strings = (const char *)fdt->blob + fdt->off_strings;
	int tag, next, off = fdt_node_body(fdt, node);
	uint32_t nameoff;
	size_t room;

	for (; off >= 0; off = next) {
		tag = fdt_next_tag(fdt, off, &next);
		if (tag < 0) {
			off = tag;
			break;
		}
		if (tag == FDT_NOP)
			continue;
		if (tag != FDT_PROP) {
			off = -ENOENT;
			break;
		}
		nameoff = fdt_be32(s + off + 8);
		room = fdt->size_strings - nameoff;
		if (fdt_strnlen(strings + nameoff, room) == namelen &&
		    namelen < room &&
		    fdt_memeq(strings + nameoff, name, namelen)) {
			*lenp = (int)fdt_be32(s + off + 4);
			return s + off + FDT_PROP_HDR_SIZE;
		}
	}
	*lenp = off;
	return NULL;
}

const void *fdt_getprop(const struct fdt *fdt, int node, const char *name,
			int *lenp)
{
	const uint8_t *val;
	int len;

	val = fdt_find_prop(fdt, node, name, fdt_strlen(name), &len);
	if (lenp)
		*lenp = len;
	return val;
}

const char *fdt_prop_string(const struct fdt *fdt, int node, const char *name)
{
	int len;
	const char *val = fdt_getprop(fdt, node, name, &len);

	if (!val || len < 1 || val[len - 1] != '\0')
		return NULL;
	return val;
}

bool fdt_prop_u32(const struct fdt *fdt, int node, const char *name,
		  uint32_t *out)
{
	int len;
	const void *val = fdt_getprop(fdt, node, name, &len);

	if (!val || len != 4)
		return false;
	*out = fdt_be32(val);
	return true;
}

bool fdt_prop_u64(const struct fdt *fdt, int node, const char *name,
		  uint64_t *out)
{
	int len;
	const void *val = fdt_getprop(fdt, node, name, &len);

	if (!val || (len != 4 && len != 8))
		return false;
	*out = len == 4 ? fdt_be32(val) : fdt_be64(val);
	return true;
}

/* ---- string lists ---- */

/*
 * Iterate over the string list "a\0b\0": store the index-th string in *out and
 * return the number of strings seen (stops at index+1), or -EINVAL if the
 * list is not NUL-terminated.
 */
static int fdt_stringlist_walk(const char *list, int len, int index,
			       const char **out)
{
	int count = 0, pos = 0;
	size_t n;

	if (!list || len <= 0)
		return 0;
	while (pos < len) {
		n = fdt_strnlen(list + pos, (size_t)(len - pos));
		if (n == (size_t)(len - pos))
			return -EINVAL;
		if (count == index) {
			*out = list + pos;
			return count + 1;
		}
		count++;
		pos += (int)n + 1;
	}
	return count;
}

bool fdt_stringlist_contains(const char *list, int len, const char *str)
{
	size_t slen = fdt_strlen(str), n;
	int pos = 0;

	if (!list)
		return false;
	while (pos < len) {
		n = fdt_strnlen(list + pos, (size_t)(len - pos));
		if (n == (size_t)(len - pos))
			return false;	/* unterminated */
		if (n == slen && fdt_memeq(list + pos, str, n))
			return true;
		pos += (int)n + 1;
	}
	return false;
}

const char *fdt_stringlist_get(const struct fdt *fdt, int node,
			       const char *name, int index)
{
	const char *s = NULL;
	int len, count;
	const char *list = fdt_getprop(fdt, node, name, &len);

	if (!list || index < 0)
		return NULL;
	count = fdt_stringlist_walk(list, len, index, &s);
	return count == index + 1 ? s : NULL;
}

int fdt_stringlist_count(const struct fdt *fdt, int node, const char *name)
{
	int len;
	const char *list = fdt_getprop(fdt, node, name, &len);

	if (!list)
		return len;
	return fdt_stringlist_walk(list, len, -1, NULL);
}

/* ---- searches ---- */

bool fdt_is_compatible(const struct fdt *fdt, int node, const char *compat)
{
	int len;
	const char *list = fdt_getprop(fdt, node, "compatible", &len);

	return list && fdt_stringlist_contains(list, len, compat);
}

int fdt_find_compatible(const struct fdt *fdt, int after, const char *compat)
{
	int node = after;

	do {
		node = fdt_next_node(fdt, node, NULL);
	} while (node >= 0 && !fdt_is_compatible(fdt, node, compat));
	return node;
}

uint32_t fdt_get_phandle(const struct fdt *fdt, int node)
{
	uint32_t ph;

	if (fdt_prop_u32(fdt, node, "phandle", &ph) ||
	    fdt_prop_u32(fdt, node, "linux,phandle", &ph))
		return ph;
	return 0;
}

int fdt_node_by_phandle(const struct fdt *fdt, uint32_t phandle)
{
	int node = -1;

	if (phandle == 0 || phandle == 0xffffffffu)
		return -ENOENT;
	do {
		node = fdt_next_node(fdt, node, NULL);
	} while (node >= 0 && fdt_get_phandle(fdt, node) != phandle);
	return node;
}

/* ---- paths ---- */

/* Whether node name matches comp[0..n); a comp without '@' ignores units. */
static bool fdt_name_matches(const char *name, const char *comp, size_t n)
{
	/* comp holds no NUL, so fdt_memeq() stops at the end of name */
	if (!name || !fdt_memeq(name, comp, n))
		return false;
	if (name[n] == '\0')
		return true;
	return name[n] == '@' && fdt_memchr_idx(comp, '@', n) == n;
}

static int fdt_subnode_n(const struct fdt *fdt, int parent, const char *comp,
			 size_t n)
{
	int child = fdt_first_child(fdt, parent);

	while (child >= 0) {
		if (fdt_name_matches(fdt_node_name(fdt, child), comp, n))
			return child;
		child = fdt_next_sibling(fdt, child);
	}
	return child;
}

/* Node the alias name[0..n) stands for. */
static int fdt_alias_n(const struct fdt *fdt, const char *name, size_t n)
{
	int aliases = fdt_path_offset(fdt, "/aliases");
	const char *val;
	int len;

	if (aliases < 0)
		return aliases;
	val = (const char *)fdt_find_prop(fdt, aliases, name, n, &len);
	if (!val)
		return len;
	if (len < 2 || val[0] != '/' || val[len - 1] != '\0')
		return -EINVAL;		/* aliases must be absolute paths */
	return fdt_path_offset_n(fdt, val, (size_t)len - 1);
}

int fdt_path_offset_n(const struct fdt *fdt, const char *path, size_t len)
{
	size_t pos = 0, n;
	int node;

	len = fdt_strnlen(path, len);
	if (len == 0)
		return -EINVAL;
	if (path[0] == '/') {
		node = fdt_root(fdt);
	} else {
		pos = fdt_memchr_idx(path, '/', len);
		node = fdt_alias_n(fdt, path, pos);
	}
	while (node >= 0 && pos < len) {
		if (path[pos] == '/') {
			pos++;
			continue;
		}
		n = fdt_memchr_idx(path + pos, '/', len - pos);
		node = fdt_subnode_n(fdt, node, path + pos, n);
		pos += n;
	}
	return node;
}

int fdt_path_offset(const struct fdt *fdt, const char *path)
{
	return fdt_path_offset_n(fdt, path, fdt_strlen(path));
}

/* ---- addresses ---- */

static int fdt_cells(const struct fdt *fdt, int node, const char *name,
		     int dflt)
{
	int len;
	const void *val = fdt_getprop(fdt, node, name, &len);
	uint32_t cells;

	if (!val)
		return len == -ENOENT ? dflt : len;
	if (len != 4)
		return -EINVAL;
	cells = fdt_be32(val);
	return cells > FDT_MAX_CELLS ? -EINVAL : (int)cells;
}

int fdt_address_cells(const struct fdt *fdt, int node)
{
	return fdt_cells(fdt, node, "#address-cells", 2);
}

int fdt_size_cells(const struct fdt *fdt, int node)
{
	return fdt_cells(fdt, node, "#size-cells", 1);
}

/* Decode n big-endian cells at p into *out. */
static int fdt_read_cells(const uint8_t *p, int n, uint64_t *out)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++) {
		if (v >> 32)
			return -EOVERFLOW;
		v = (v << 32) | fdt_be32(p + 4 * i);
	}
	*out = v;
	return 0;
}

/* Find node's reg and its layout: entry count, cells per address/size. */
static int fdt_reg_layout(const struct fdt *fdt, int node, const uint8_t **regp,
			  int *ac, int *sc)
{
	int parent = fdt_parent(fdt, node);
	int len, stride;

	if (parent < 0)
		return parent;
	*ac = fdt_address_cells(fdt, parent);
	*sc = fdt_size_cells(fdt, parent);
	if (*ac < 0 || *sc < 0)
		return -EINVAL;
	*regp = fdt_getprop(fdt, node, "reg", &len);
	if (!*regp)
		return len == -ENOENT ? 0 : len;
	stride = (*ac + *sc) * 4;
	if (*ac == 0 || len % stride)
		return -EINVAL;
	return len / stride;
}

int fdt_reg_count(const struct fdt *fdt, int node)
{
	const uint8_t *reg;
	int ac, sc;

	return fdt_reg_layout(fdt, node, &reg, &ac, &sc);
}

int fdt_get_reg(const struct fdt *fdt, int node, int index, uint64_t *addr,
		uint64_t *size)
{
	const uint8_t *reg;
	uint64_t a, s = 0;
	int ac, sc, ret;
	int count = fdt_reg_layout(fdt, node, &reg, &ac, &sc);

	if (count < 0)
		return count;
	if (index < 0 || index >= count)
		return -ENOENT;
	reg += (size_t)index * (size_t)(ac + sc) * 4;
	ret = fdt_read_cells(reg, ac, &a);
	if (!ret)
		ret = fdt_read_cells(reg + 4 * ac, sc, &s);
	if (ret)
		return ret;
	if (addr)
		*addr = a;
	if (size)
		*size = s;
	return 0;
}
