/*
 * ELF64 for RISC-V executables: the file format (the System V gABI and the
 * RISC-V psABI), the auxiliary-vector numbers of Linux 6.1
 * (uapi/linux/auxvec.h, arch/riscv/include/uapi/asm/auxvec.h), and the
 * checks execve makes on an executable before it maps anything
 * (lib/elf.c). Pure code on caller-supplied bytes, so it is tested on the
 * host with real binaries.
 *
 * The loader's steps:
 *	1. read the first bytes of the file (at least sizeof(Elf64_Ehdr));
 *	   elf_check_header() validates the ELF header;
 *	2. read image.phnum program headers at image.phoff;
 *	   elf_check_phdrs() validates them and fills in the rest of image;
 *	3. if image.has_interp, read the interpreter path (its last byte must
 *	   be NUL) and do the same for the interpreter;
 *	4. pick a load bias (0 for ET_EXEC; for ET_DYN, any multiple of
 *	   image.max_align that keeps [load_lo, load_hi) + bias in user
 *	   space) and map each PT_LOAD at p_vaddr + bias.
 */
#ifndef LIB_ELF_H
#define LIB_ELF_H

#include <lib/compiler.h>

typedef uint64_t	Elf64_Addr;
typedef uint64_t	Elf64_Off;
typedef uint16_t	Elf64_Half;
typedef uint32_t	Elf64_Word;
typedef int32_t		Elf64_Sword;
typedef uint64_t	Elf64_Xword;
typedef int64_t		Elf64_Sxword;

/* e_ident[] */
#define EI_MAG0		0
#define EI_MAG1		1
#define EI_MAG2		2
#define EI_MAG3		3
#define EI_CLASS	4
#define EI_DATA		5
#define EI_VERSION	6
#define EI_OSABI	7
#define EI_ABIVERSION	8
#define EI_NIDENT	16

#define ELFMAG		"\177ELF"
#define SELFMAG		4
#define ELFCLASS32	1
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define ELFDATA2MSB	2
#define EV_CURRENT	1

/* e_type */
#define ET_NONE		0
#define ET_REL		1
#define ET_EXEC		2
#define ET_DYN		3
#define ET_CORE		4

/* e_machine */
#define EM_RISCV	243

/* e_flags of RISC-V */
#define EF_RISCV_RVC			0x0001
#define EF_RISCV_FLOAT_ABI		0x0006
#define EF_RISCV_FLOAT_ABI_SOFT		0x0000
#define EF_RISCV_FLOAT_ABI_SINGLE	0x0002
#define EF_RISCV_FLOAT_ABI_DOUBLE	0x0004
#define EF_RISCV_FLOAT_ABI_QUAD		0x0006

typedef struct {
	unsigned char	e_ident[EI_NIDENT];
	Elf64_Half	e_type;
	Elf64_Half	e_machine;
	Elf64_Word	e_version;
	Elf64_Addr	e_entry;
	Elf64_Off	e_phoff;
	Elf64_Off	e_shoff;
	Elf64_Word	e_flags;
	Elf64_Half	e_ehsize;
	Elf64_Half	e_phentsize;
	Elf64_Half	e_phnum;
	Elf64_Half	e_shentsize;
	Elf64_Half	e_shnum;
	Elf64_Half	e_shstrndx;
} Elf64_Ehdr;

/* p_type */
#define PT_NULL		0
#define PT_LOAD		1
#define PT_DYNAMIC	2
#define PT_INTERP	3
#define PT_NOTE		4
#define PT_SHLIB	5
#define PT_PHDR		6
#define PT_TLS		7
#define PT_LOOS		0x60000000
#define PT_GNU_EH_FRAME	0x6474e550
#define PT_GNU_STACK	0x6474e551
#define PT_GNU_RELRO	0x6474e552
#define PT_GNU_PROPERTY	0x6474e553
#define PT_HIOS		0x6fffffff
#define PT_LOPROC	0x70000000
#define PT_RISCV_ATTRIBUTES 0x70000003
#define PT_HIPROC	0x7fffffff

/* p_flags */
#define PF_X		0x1
#define PF_W		0x2
#define PF_R		0x4

typedef struct {
	Elf64_Word	p_type;
	Elf64_Word	p_flags;
	Elf64_Off	p_offset;
	Elf64_Addr	p_vaddr;
	Elf64_Addr	p_paddr;
	Elf64_Xword	p_filesz;
	Elf64_Xword	p_memsz;
	Elf64_Xword	p_align;
} Elf64_Phdr;

_Static_assert(sizeof(Elf64_Ehdr) == 64, "Elf64_Ehdr");
_Static_assert(sizeof(Elf64_Phdr) == 56, "Elf64_Phdr");

/* Auxiliary vector types (a_type of the initial stack's auxv pairs). */
#define AT_NULL		0	/* end of vector */
#define AT_IGNORE	1
#define AT_EXECFD	2	/* file descriptor of the program */
#define AT_PHDR		3	/* program headers of the program */
#define AT_PHENT	4	/* size of a program header */
#define AT_PHNUM	5	/* number of program headers */
#define AT_PAGESZ	6
#define AT_BASE		7	/* load address of the interpreter */
#define AT_FLAGS	8
#define AT_ENTRY	9	/* entry point of the program */
#define AT_NOTELF	10
#define AT_UID		11
#define AT_EUID		12
#define AT_GID		13
#define AT_EGID		14
#define AT_PLATFORM	15	/* string naming the cpu */
#define AT_HWCAP	16	/* riscv: one bit per single-letter extension */
#define AT_CLKTCK	17	/* times() frequency */
#define AT_SECURE	23
#define AT_BASE_PLATFORM 24
#define AT_RANDOM	25	/* address of 16 random bytes */
#define AT_HWCAP2	26
#define AT_EXECFN	31	/* file name of the program */
#define AT_SYSINFO_EHDR	33	/* the vDSO */
#define AT_L1I_CACHESIZE	40
#define AT_L1I_CACHEGEOMETRY	41
#define AT_L1D_CACHESIZE	42
#define AT_L1D_CACHEGEOMETRY	43
#define AT_L2_CACHESIZE		44
#define AT_L2_CACHEGEOMETRY	45
#define AT_L3_CACHESIZE		46
#define AT_L3_CACHEGEOMETRY	47
#define AT_MINSIGSTKSZ	51	/* minimal stack for signal delivery */

/* Linux's limits (fs/binfmt_elf.c, include/uapi/linux/limits.h). */
#define ELF_PAGE_SIZE		4096UL	/* ELF_MIN_ALIGN on riscv64 */
#define ELF_MAX_PHDR_BYTES	4096	/* min(64 KiB, ELF_MIN_ALIGN) */
#define ELF_INTERP_MAX		4096	/* PATH_MAX, with the NUL */

/*
 * What the checks learn about an executable. Addresses are the file's,
 * before any load bias.
 */
struct elf_image {
	/* elf_check_header() */
	uint16_t type;		/* ET_EXEC or ET_DYN */
	uint64_t entry;		/* e_entry */
	uint64_t phoff;		/* file offset of the program headers */
	uint16_t phnum;		/* how many (each sizeof(Elf64_Phdr)) */

	/* elf_check_phdrs() */
	uint64_t load_lo;	/* lowest PT_LOAD p_vaddr, page-aligned down */
	uint64_t load_hi;	/* highest PT_LOAD p_vaddr + p_memsz, page-aligned up */
	uint64_t max_align;	/* largest power-of-two PT_LOAD p_align, >= page */
	unsigned int nload;	/* PT_LOAD headers (at least 1) */
	/*
	 * Where the program headers are in memory, for AT_PHDR: as Linux
	 * 6.1, inside the PT_LOAD whose file range holds e_phoff; else the
	 * PT_PHDR's p_vaddr; else 0 (not mapped).
	 */
	uint64_t phdr_vaddr;
	bool has_interp;	/* PT_INTERP (the first one counts) */
	uint64_t interp_offset;	/* its file range: 2..ELF_INTERP_MAX bytes, */
	uint64_t interp_size;	/* the caller checks that the last is NUL */
	bool has_gnu_stack;	/* PT_GNU_STACK present (the last one counts) */
	bool exec_stack;	/* and asks for an executable stack */
};

/*
 * Check the ELF header in the first len bytes of a file: "\177ELF",
 * 64-bit, little-endian, version 1, RISC-V, ET_EXEC or ET_DYN, program
 * headers of the right size, 1..ELF_MAX_PHDR_BYTES of them, at an offset
 * that does not overflow. Fills type, entry, phoff and phnum of *out and
 * clears the rest. Returns 0 or -ENOEXEC.
 */
int elf_check_header(const void *buf, size_t len, struct elf_image *out);

/*
 * Check the n program headers of a file of file_size bytes whose header
 * elf_check_header() accepted into *out, for an address space whose user
 * part ends at user_top, and fill in the rest of *out. The headers must
 * lie inside the file (-ENOEXEC), and each PT_LOAD must have:
 *	- p_filesz <= p_memsz (-EINVAL, as Linux);
 *	- p_offset + p_filesz inside the file, without overflow (-ENOEXEC);
 *	- p_vaddr + p_memsz <= user_top, without overflow (-EINVAL, as Linux);
 *	  for ET_DYN the caller checks the range again with its bias;
 *	- p_vaddr congruent to p_offset modulo the page size when p_filesz
 *	  is not 0, since the file is mapped page by page (-EINVAL: Linux's
 *	  mmap fails so);
 *	- p_vaddr not below the previous PT_LOAD's (-ENOEXEC).
 * There must be a PT_LOAD (-ENOEXEC; -EINVAL for ET_DYN, as Linux). A
 * PT_INTERP must be 2..ELF_INTERP_MAX bytes inside the file (-ENOEXEC).
 * Returns 0 or the error.
 */
int elf_check_phdrs(const Elf64_Phdr *ph, unsigned int n, uint64_t file_size,
		    uint64_t user_top, struct elf_image *out);

#endif
