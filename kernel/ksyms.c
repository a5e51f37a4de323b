/*
 * Symbol lookup for backtraces, over the table the build embeds
 * (tools/mksyms.py): sorted addresses and their names.
 */
#include <kernel/ksyms.h>

extern const uint64_t ksyms_count;
extern const uint64_t ksyms_addrs[];
extern const uint32_t ksyms_names[];
extern const char ksyms_strings[];
extern char _etext[];

const char *ksym_lookup(uintptr_t addr, uintptr_t *offset)
{
	uint64_t lo = 0, hi = ksyms_count;

	if (!ksyms_count || addr < ksyms_addrs[0] || addr >= (uintptr_t)_etext)
		return NULL;
	while (hi - lo > 1) {		/* last entry <= addr */
		uint64_t mid = lo + (hi - lo) / 2;

		if (ksyms_addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*offset = addr - ksyms_addrs[lo];
	return ksyms_strings + ksyms_names[lo];
}
