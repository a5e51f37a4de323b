/*
 * The machine as the device tree describes it: RAM, reserved regions,
 * harts, timer frequency and what the boot loader passed in /chosen.
 *
 * platform_parse() fills it once at boot from the DTB, using only the fdt
 * API, so it runs unchanged in host tests. Strings point into the blob,
 * which must therefore stay mapped (and reserved) for as long as the
 * struct is used. The blob itself is NOT listed in resv[]: the caller
 * knows where it lies and reserves [blob, blob + fdt.size) itself.
 * After parsing the struct is read-only [I].
 */
#ifndef KERNEL_PLATFORM_H
#define KERNEL_PLATFORM_H

#include <lib/compiler.h>
#include <lib/fdt.h>

#define PLATFORM_MAX_MEM	16
#define PLATFORM_MAX_RESV	32
#define PLATFORM_MAX_CPUS	64

struct platform_range {
	uint64_t base;
	uint64_t size;
};

struct platform_resv {
	uint64_t base;
	uint64_t size;
	bool no_map;		/* no-map set: must not be mapped at all */
	bool from_rsvmap;	/* from the header's memory reservation block */
};

struct platform_cpu {
	uint64_t hart_id;	/* reg of the cpu node */
	int node;		/* fdt offset of the cpu node */
	bool usable;		/* status okay/absent and has an MMU */
	bool has_sstc;		/* Sstc: stimecmp available in S-mode */
	const char *isa;	/* riscv,isa (or riscv,isa-base), "" if none */
	uint32_t intc_phandle;	/* phandle of its interrupt-controller, 0 */
};

struct platform {
	struct fdt fdt;		/* validated blob, for drivers' own lookups */
	const char *model;	/* root "model", "" if absent */

	/* RAM: every reg entry of every device_type = "memory" node */
	struct platform_range mem[PLATFORM_MAX_MEM];
	unsigned int nr_mem;
	unsigned int mem_dropped;	/* entries beyond PLATFORM_MAX_MEM */

	/* Memory reservation block entries, then /reserved-memory children */
	struct platform_resv resv[PLATFORM_MAX_RESV];
	unsigned int nr_resv;

	/* Harts, in device tree order (not necessarily by hart id) */
	struct platform_cpu cpus[PLATFORM_MAX_CPUS];
	unsigned int nr_cpus;
	unsigned int cpus_dropped;	/* cpu nodes beyond PLATFORM_MAX_CPUS */

	uint64_t timebase_freq;	/* Hz of the time CSR, 0 if not given */

	/* /chosen */
	const char *bootargs;	/* "" if absent */
	bool has_initrd;	/* initrd-start/end present and end > start */
	uint64_t initrd_start;
	uint64_t initrd_end;	/* exclusive */
	const char *stdout_path;	/* as given, "" if absent */
	const char *stdout_opts;	/* after ':' ("115200n8"), "" if none */
	int stdout_node;	/* resolved stdout-path, -ENOENT if none */
};

/*
 * Validate blob (at most max_size bytes) and describe the machine in *p.
 * Returns 0; -EINVAL for a malformed blob; -ENOENT if it lists no memory;
 * -E2BIG if there are more than PLATFORM_MAX_RESV reserved ranges (dropping
 * one could let the kernel overwrite firmware). Extra memory ranges and
 * cpus are dropped and counted instead. After an error *p holds only what
 * was parsed before it and must not be trusted.
 */
int platform_parse(struct platform *p, const void *blob, size_t max_size);

/* The cpu with this hart id, or NULL. */
const struct platform_cpu *platform_cpu_by_hart(const struct platform *p,
						uint64_t hart_id);

/* The cpu whose interrupt-controller child has this phandle, or NULL. */
const struct platform_cpu *platform_cpu_by_intc(const struct platform *p,
						uint32_t phandle);

#endif
