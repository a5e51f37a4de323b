/* Power off through the SBI system reset extension. */
#include <kernel/power.h>
#include <kernel/printk.h>
#include <asm/sbi.h>
#include <asm/processor.h>

void machine_power_off(bool failure)
{
	sbi_system_reset(SBI_SRST_SHUTDOWN,
			 failure ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE);
}

void machine_restart(void)
{
	sbi_system_reset(SBI_SRST_COLD_REBOOT, SBI_SRST_REASON_NONE);
}
