/* Calls into the SBI firmware (OpenSBI) that runs in M-mode. */
#ifndef ASM_SBI_H
#define ASM_SBI_H

#include <lib/compiler.h>

#define SBI_EXT_LEGACY_PUTCHAR	0x01
#define SBI_EXT_BASE		0x10
#define SBI_EXT_TIME		0x54494d45
#define SBI_EXT_IPI		0x735049
#define SBI_EXT_HSM		0x48534d
#define SBI_EXT_SRST		0x53525354
#define SBI_EXT_RFENCE		0x52464e43

#define SBI_SRST_SHUTDOWN	0
#define SBI_SRST_COLD_REBOOT	1
#define SBI_SRST_REASON_NONE	0
#define SBI_SRST_REASON_FAILURE	1

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_call(unsigned long ext, unsigned long fid, unsigned long a0,
		       unsigned long a1, unsigned long a2, unsigned long a3);
void sbi_putchar(int c);
bool sbi_probe(unsigned long ext);
long sbi_set_timer(uint64_t when);
long sbi_send_ipi(unsigned long hart_mask, unsigned long hart_base);
long sbi_hart_start(unsigned long hartid, unsigned long start_pa, unsigned long opaque);
long sbi_remote_sfence_vma(unsigned long start, unsigned long size);
long sbi_remote_sfence_vma_mask(unsigned long hart_mask, unsigned long hart_base,
			      unsigned long start, unsigned long size);
void sbi_system_reset(unsigned long type, unsigned long reason) __noreturn;

#endif
