/*
 * ELF executable checks (see <lib/elf.h>): everything execve must know is
 * sane before it maps a byte. Linux 6.1's fs/binfmt_elf.c decides what is
 * accepted; where it relies on a later failure (mmap of an offset that is
 * not page-aligned) the same error comes from here, earlier. Two checks
 * are stricter than Linux, which would map the file and fault later:
 * file ranges must lie inside the file, and PT_LOADs must be sorted by
 * address, as the gABI requires.
 */
#include <lib/elf.h>
#include <lib/errno.h>
#include <lib/string.h>

/* Little-endian fields read from bytes: buf need not be aligned. */
static uint16_t get16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)get16(p) | (uint32_t)get16(p + 2) << 16;
}

static uint64_t get64(const unsigned char *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

#define FIELD(buf, field)	((const unsigned char *)(buf) + offsetof(Elf64_Ehdr, field))

int elf_check_header(const void *buf, size_t len, struct elf_image *out)
{
	const unsigned char *ident = buf;
	uint64_t phoff;
	unsigned int phnum;

	memset(out, 0, sizeof(*out));
	if (len < sizeof(Elf64_Ehdr) || memcmp(ident, ELFMAG, SELFMAG) ||
	    ident[EI_CLASS] != ELFCLASS64 || ident[EI_DATA] != ELFDATA2LSB ||
	    ident[EI_VERSION] != EV_CURRENT ||
	    get32(FIELD(buf, e_version)) != EV_CURRENT)
		return -ENOEXEC;
	if (get16(FIELD(buf, e_machine)) != EM_RISCV)
		return -ENOEXEC;
	out->type = get16(FIELD(buf, e_type));
	if (out->type != ET_EXEC && out->type != ET_DYN)
		return -ENOEXEC;
	if (get16(FIELD(buf, e_phentsize)) != sizeof(Elf64_Phdr))
		return -ENOEXEC;
	phnum = get16(FIELD(buf, e_phnum));
	if (phnum == 0 || phnum * sizeof(Elf64_Phdr) > ELF_MAX_PHDR_BYTES)
		return -ENOEXEC;
	phoff = get64(FIELD(buf, e_phoff));
	if (phoff > UINT64_MAX - phnum * sizeof(Elf64_Phdr))
		return -ENOEXEC;
	out->entry = get64(FIELD(buf, e_entry));
	out->phoff = phoff;
	out->phnum = (uint16_t)phnum;
	return 0;
}

/* True if [off, off + size) lies inside a file of file_size bytes. */
static bool in_file(uint64_t off, uint64_t size, uint64_t file_size)
{
	return off <= file_size && size <= file_size - off;
}

static int check_load(const Elf64_Phdr *p, uint64_t file_size, uint64_t user_top)
{
	if (p->p_filesz > p->p_memsz)
		return -EINVAL;
	if (!in_file(p->p_offset, p->p_filesz, file_size))
		return -ENOEXEC;
	if (p->p_memsz > user_top || p->p_vaddr > user_top - p->p_memsz)
		return -EINVAL;
	if (p->p_filesz && (p->p_vaddr - p->p_offset) % ELF_PAGE_SIZE)
		return -EINVAL;
	return 0;
}

/* Where the headers are mapped, as Linux 6.1 finds it for AT_PHDR. */
static void note_phdr(const Elf64_Phdr *p, struct elf_image *out)
{
	if (p->p_offset <= out->phoff && out->phoff - p->p_offset < p->p_filesz)
		out->phdr_vaddr = out->phoff - p->p_offset + p->p_vaddr;
}

int elf_check_phdrs(const Elf64_Phdr *ph, unsigned int n, uint64_t file_size,
		    uint64_t user_top, struct elf_image *out)
{
	uint64_t lo = UINT64_MAX, hi = 0, align = ELF_PAGE_SIZE, pt_phdr = 0;
	uint64_t prev_vaddr = 0;
	int err;

	if (n == 0 || n * sizeof(Elf64_Phdr) > ELF_MAX_PHDR_BYTES ||
	    !in_file(out->phoff, n * sizeof(Elf64_Phdr), file_size))
		return -ENOEXEC;
	out->nload = 0;
	out->phdr_vaddr = 0;
	out->has_interp = out->has_gnu_stack = out->exec_stack = false;
	for (const Elf64_Phdr *p = ph; p < ph + n; p++) {
		switch (p->p_type) {
		case PT_LOAD:
			err = check_load(p, file_size, user_top);
			if (err)
				return err;
			if (out->nload && p->p_vaddr < prev_vaddr)
				return -ENOEXEC;
			prev_vaddr = p->p_vaddr;
			out->nload++;
			lo = MIN(lo, ALIGN_DOWN(p->p_vaddr, ELF_PAGE_SIZE));
			hi = MAX(hi, p->p_vaddr + p->p_memsz);
			if (p->p_align && !(p->p_align & (p->p_align - 1)))
				align = MAX(align, p->p_align);
			note_phdr(p, out);
			break;
		case PT_INTERP:
			if (out->has_interp)
				break;
			if (p->p_filesz < 2 || p->p_filesz > ELF_INTERP_MAX ||
			    !in_file(p->p_offset, p->p_filesz, file_size))
				return -ENOEXEC;
			out->has_interp = true;
			out->interp_offset = p->p_offset;
			out->interp_size = p->p_filesz;
			break;
		case PT_GNU_STACK:
			out->has_gnu_stack = true;
			out->exec_stack = p->p_flags & PF_X;
			break;
		case PT_PHDR:
			pt_phdr = p->p_vaddr;
			break;
		}
	}
	if (!out->nload)
		return out->type == ET_DYN ? -EINVAL : -ENOEXEC;
	if (hi > UINT64_MAX - (ELF_PAGE_SIZE - 1))	/* a user_top near 2^64 */
		return -EINVAL;
	if (!out->phdr_vaddr)
		out->phdr_vaddr = pt_phdr;
	out->load_lo = lo;
	out->load_hi = ALIGN_UP(hi, ELF_PAGE_SIZE);
	out->max_align = align;
	return 0;
}
