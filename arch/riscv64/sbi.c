/*
 * SBI calls: ecall with the extension id in a7, the function in a6, and
 * arguments in a0-a2; the firmware answers with an error and a value.
 */
#include <asm/sbi.h>
#include <asm/processor.h>

struct sbiret sbi_call(unsigned long ext, unsigned long fid, unsigned long a0,
		       unsigned long a1, unsigned long a2, unsigned long a3)
{
	register unsigned long r_a0 __asm__("a0") = a0;
	register unsigned long r_a1 __asm__("a1") = a1;
	register unsigned long r_a2 __asm__("a2") = a2;
	register unsigned long r_a3 __asm__("a3") = a3;
	register unsigned long r_a6 __asm__("a6") = fid;
	register unsigned long r_a7 __asm__("a7") = ext;

	__asm__ __volatile__("ecall"
			     : "+r"(r_a0), "+r"(r_a1)
			     : "r"(r_a2), "r"(r_a3), "r"(r_a6), "r"(r_a7)
			     : "memory");
	return (struct sbiret){ .error = (long)r_a0, .value = (long)r_a1 };
}

/* The legacy console: the only output before the UART driver is up. */
void sbi_putchar(int c)
{
	sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned long)c, 0, 0, 0);
}

bool sbi_probe(unsigned long ext)
{
	struct sbiret r = sbi_call(SBI_EXT_BASE, 3, ext, 0, 0, 0);

	return r.error == 0 && r.value != 0;
}

long sbi_set_timer(uint64_t when)
{
	return sbi_call(SBI_EXT_TIME, 0, when, 0, 0, 0).error;
}

long sbi_send_ipi(unsigned long hart_mask, unsigned long hart_base)
{
	return sbi_call(SBI_EXT_IPI, 0, hart_mask, hart_base, 0, 0).error;
}

long sbi_hart_start(unsigned long hartid, unsigned long start_pa, unsigned long opaque)
{
	return sbi_call(SBI_EXT_HSM, 0, hartid, start_pa, opaque, 0).error;
}

void sbi_system_reset(unsigned long type, unsigned long reason)
{
	sbi_call(SBI_EXT_SRST, 0, type, reason, 0, 0);
	for (;;)
		wait_for_interrupt();
}

/* sfence.vma of [start, start+size) on every hart (hart_mask_base -1). */
long sbi_remote_sfence_vma(unsigned long start, unsigned long size)
{
	return sbi_call(SBI_EXT_RFENCE, 1, 0, (unsigned long)-1, start, size).error;
}

long sbi_remote_sfence_vma_mask(unsigned long hart_mask, unsigned long hart_base,
				unsigned long start, unsigned long size)
{
	return sbi_call(SBI_EXT_RFENCE, 1, hart_mask, hart_base, start, size).error;
}
