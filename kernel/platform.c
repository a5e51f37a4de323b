/*
 * Machine description from the device tree.
 *
 * Design: one pass per question, each a short function over the fdt API:
 * memory nodes anywhere in the tree (matched by device_type, as the spec
 * says, not by name), reservations from the header block and from
 * /reserved-memory, harts under /cpus, and /chosen. Nothing here touches
 * hardware or allocates, so host tests run it on real DTBs.
 *
 * Failure policy: a malformed blob is -EINVAL. Running out of room drops
 * memory ranges and cpus (the kernel merely uses less) but is an error for
 * reservations, since forgetting one could let the kernel overwrite
 * firmware. A memory reg entry that cannot be decoded is skipped for the
 * same reason in reverse: not using RAM is safe, using a bogus range is not.
 */
#include <kernel/platform.h>
#include <lib/errno.h>

static bool plat_streq(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static char plat_tolower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool plat_isdigit(char c)
{
	return c >= '0' && c <= '9';
}

/* status absent, "okay" or the older "ok" */
static bool plat_node_enabled(const struct fdt *fdt, int node)
{
	const char *status;
	int len;

	if (!fdt_getprop(fdt, node, "status", &len))
		return true;
	status = fdt_prop_string(fdt, node, "status");
	return plat_streq(status, "okay") || plat_streq(status, "ok");
}

/* ---- memory ---- */

static void plat_add_mem(struct platform *p, uint64_t base, uint64_t size)
{
	if (size == 0)
		return;
	if (p->nr_mem == PLATFORM_MAX_MEM) {
		p->mem_dropped++;
		return;
	}
	p->mem[p->nr_mem].base = base;
	p->mem[p->nr_mem].size = size;
	p->nr_mem++;
}

static void plat_mem_node(struct platform *p, int node)
{
	const struct fdt *fdt = &p->fdt;
	int count = fdt_reg_count(fdt, node);
	uint64_t base, size;

	for (int i = 0; i < count; i++)
		if (fdt_get_reg(fdt, node, i, &base, &size) == 0)
			plat_add_mem(p, base, size);
}

static int plat_parse_memory(struct platform *p)
{
	const struct fdt *fdt = &p->fdt;
	const char *type;
	int node;

	for (node = fdt_next_node(fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		type = fdt_prop_string(fdt, node, "device_type");
		if (plat_streq(type, "memory") && plat_node_enabled(fdt, node))
			plat_mem_node(p, node);
	}
	if (node != -ENOENT)
		return node;
	return p->nr_mem ? 0 : -ENOENT;
}

/* ---- reservations ---- */

static int plat_add_resv(struct platform *p, uint64_t base, uint64_t size,
			 bool no_map, bool from_rsvmap)
{
	struct platform_resv *r;

	if (size == 0)
		return 0;
	if (p->nr_resv == PLATFORM_MAX_RESV)
		return -E2BIG;
	r = &p->resv[p->nr_resv++];
	r->base = base;
	r->size = size;
	r->no_map = no_map;
	r->from_rsvmap = from_rsvmap;
	return 0;
}

static int plat_resv_node(struct platform *p, int node)
{
	const struct fdt *fdt = &p->fdt;
	int len, ret, count = fdt_reg_count(fdt, node);
	bool no_map = fdt_getprop(fdt, node, "no-map", &len) != NULL;
	uint64_t base, size;

	if (count < 0)
		return count;
	for (int i = 0; i < count; i++) {
		ret = fdt_get_reg(fdt, node, i, &base, &size);
		if (!ret)
			ret = plat_add_resv(p, base, size, no_map, false);
		if (ret)
			return ret;
	}
	return 0;
}

static int plat_parse_resv(struct platform *p)
{
	const struct fdt *fdt = &p->fdt;
	int n = fdt_num_mem_rsv(fdt), node, ret;
	uint64_t base, size;

	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		ret = fdt_get_mem_rsv(fdt, i, &base, &size);
		if (!ret)
			ret = plat_add_resv(p, base, size, false, true);
		if (ret)
			return ret;
	}

	node = fdt_path_offset(fdt, "/reserved-memory");
	if (node < 0)
		return node == -ENOENT ? 0 : node;
	for (node = fdt_first_child(fdt, node); node >= 0;
	     node = fdt_next_sibling(fdt, node)) {
		if (!plat_node_enabled(fdt, node))
			continue;
		ret = plat_resv_node(p, node);	/* no reg: allocated later */
		if (ret)
			return ret;
	}
	return node == -ENOENT ? 0 : node;
}

/* ---- cpus ---- */

/*
 * Whether tok[0..n) names extension ext, allowing a version suffix such
 * as "sstc1p0".
 */
static bool plat_ext_token(const char *tok, size_t n, const char *ext)
{
	size_t i = 0;

	for (; ext[i]; i++)
		if (i == n || plat_tolower(tok[i]) != ext[i])
			return false;
	if (i == n)
		return true;
	if (!plat_isdigit(tok[i]))
		return false;
	for (; i < n; i++)
		if (!plat_isdigit(tok[i]) && tok[i] != 'p')
			return false;
	return true;
}

/*
 * Whether riscv,isa lists multi-letter extension ext (lower case). Those
 * follow the base and single-letter extensions, each after a '_':
 * "rv64imafdc_zicsr_sstc".
 */
static bool plat_isa_has(const char *isa, const char *ext)
{
	size_t n;

	while (*isa && *isa != '_')	/* skip "rv64imafdc" */
		isa++;
	while (*isa == '_') {
		isa++;
		for (n = 0; isa[n] && isa[n] != '_'; n++)
			;
		if (plat_ext_token(isa, n, ext))
			return true;
		isa += n;
	}
	return false;
}

static bool plat_cpu_has_ext(const struct fdt *fdt, int node, const char *isa,
			     const char *ext)
{
	int len;
	const char *list = fdt_getprop(fdt, node, "riscv,isa-extensions", &len);

	if (list && fdt_stringlist_contains(list, len, ext))
		return true;
	return plat_isa_has(isa, ext);
}

/* Phandle of the cpu's local interrupt controller child, 0 if none. */
static uint32_t plat_cpu_intc(const struct fdt *fdt, int cpu)
{
	int len, child;

	for (child = fdt_first_child(fdt, cpu); child >= 0;
	     child = fdt_next_sibling(fdt, child)) {
		if (fdt_getprop(fdt, child, "interrupt-controller", &len) ||
		    fdt_is_compatible(fdt, child, "riscv,cpu-intc"))
			return fdt_get_phandle(fdt, child);
	}
	return 0;
}

static void plat_cpu_node(struct platform *p, int node)
{
	const struct fdt *fdt = &p->fdt;
	struct platform_cpu *c;
	const char *mmu, *isa;
	uint64_t hart;

	if (fdt_get_reg(fdt, node, 0, &hart, NULL))
		return;		/* unaddressable: cannot be started */
	if (p->nr_cpus == PLATFORM_MAX_CPUS) {
		p->cpus_dropped++;
		return;
	}
	c = &p->cpus[p->nr_cpus++];
	c->hart_id = hart;
	c->node = node;
	mmu = fdt_prop_string(fdt, node, "mmu-type");
	c->usable = plat_node_enabled(fdt, node) && mmu &&
		    !plat_streq(mmu, "riscv,none");
	isa = fdt_prop_string(fdt, node, "riscv,isa");
	if (!isa)
		isa = fdt_prop_string(fdt, node, "riscv,isa-base");
	c->isa = isa ? isa : "";
	c->has_sstc = plat_cpu_has_ext(fdt, node, c->isa, "sstc");
	c->intc_phandle = plat_cpu_intc(fdt, node);
	if (!p->timebase_freq)
		fdt_prop_u64(fdt, node, "timebase-frequency",
			     &p->timebase_freq);
}

static int plat_parse_cpus(struct platform *p)
{
	const struct fdt *fdt = &p->fdt;
	int cpus = fdt_path_offset(fdt, "/cpus"), node;
	const char *type;

	if (cpus < 0)
		return cpus == -ENOENT ? 0 : cpus;
	fdt_prop_u64(fdt, cpus, "timebase-frequency", &p->timebase_freq);
	for (node = fdt_first_child(fdt, cpus); node >= 0;
	     node = fdt_next_sibling(fdt, node)) {
		type = fdt_prop_string(fdt, node, "device_type");
		if (plat_streq(type, "cpu"))
			plat_cpu_node(p, node);
	}
	return node == -ENOENT ? 0 : node;
}

/* ---- /chosen ---- */

static void plat_parse_stdout(struct platform *p, int chosen)
{
	const struct fdt *fdt = &p->fdt;
	const char *path = fdt_prop_string(fdt, chosen, "stdout-path");
	size_t n = 0;

	if (!path)
		path = fdt_prop_string(fdt, chosen, "linux,stdout-path");
	if (!path || !*path)
		return;
	while (path[n] && path[n] != ':')
		n++;
	p->stdout_path = path;
	p->stdout_opts = path[n] ? path + n + 1 : "";
	p->stdout_node = n ? fdt_path_offset_n(fdt, path, n) : -ENOENT;
}

static int plat_parse_chosen(struct platform *p)
{
	const struct fdt *fdt = &p->fdt;
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *args;
	uint64_t start, end;

	if (chosen < 0)
		return chosen == -ENOENT ? 0 : chosen;
	args = fdt_prop_string(fdt, chosen, "bootargs");
	if (args)
		p->bootargs = args;
	if (fdt_prop_u64(fdt, chosen, "linux,initrd-start", &start) &&
	    fdt_prop_u64(fdt, chosen, "linux,initrd-end", &end) &&
	    end > start) {
		p->has_initrd = true;
		p->initrd_start = start;
		p->initrd_end = end;
	}
	plat_parse_stdout(p, chosen);
	return 0;
}

/* ---- entry points ---- */

static void plat_reset(struct platform *p)
{
	char *b = (char *)p;

	for (size_t i = 0; i < sizeof(*p); i++)
		b[i] = 0;
	p->model = "";
	p->bootargs = "";
	p->stdout_path = "";
	p->stdout_opts = "";
	p->stdout_node = -ENOENT;
}

int platform_parse(struct platform *p, const void *blob, size_t max_size)
{
	const char *model;
	int ret;

	plat_reset(p);
	ret = fdt_init(&p->fdt, blob, max_size);
	if (ret)
		return ret;
	model = fdt_prop_string(&p->fdt, fdt_root(&p->fdt), "model");
	if (model)
		p->model = model;

	ret = plat_parse_memory(p);
	if (!ret)
		ret = plat_parse_resv(p);
	if (!ret)
		ret = plat_parse_cpus(p);
	if (!ret)
		ret = plat_parse_chosen(p);
	return ret;
}

const struct platform_cpu *platform_cpu_by_hart(const struct platform *p,
						uint64_t hart_id)
{
	for (unsigned int i = 0; i < p->nr_cpus; i++)
		if (p->cpus[i].hart_id == hart_id)
			return &p->cpus[i];
	return NULL;
}

const struct platform_cpu *platform_cpu_by_intc(const struct platform *p,
						uint32_t phandle)
{
	if (phandle == 0)
		return NULL;
	for (unsigned int i = 0; i < p->nr_cpus; i++)
		if (p->cpus[i].intc_phandle == phandle)
			return &p->cpus[i];
	return NULL;
}
