/*
 * The Goldfish RTC of QEMU's virt machine: read once at boot to set the
 * wall clock (CLOCK_REALTIME); the timer counter keeps time after that.
 * Reading TIME_LOW latches the high half into TIME_HIGH.
 */
#include <kernel/driver.h>
#include <kernel/platform.h>
#include <kernel/printk.h>
#include <kernel/time.h>
#include <lib/errno.h>
#include <asm/mmio.h>

#define RTC_TIME_LOW	0x00
#define RTC_TIME_HIGH	0x04

static int goldfish_rtc_probe(const struct platform *p, int node)
{
	void *base = driver_map_reg(p, node, 0, NULL);
	uint64_t lo, hi;

	if (!base)
		return -ENOMEM;
	lo = readl((char *)base + RTC_TIME_LOW);
	hi = readl((char *)base + RTC_TIME_HIGH);
	time_set_realtime(hi << 32 | lo);
	pr_info("rtc: goldfish, %llu seconds since 1970\n",
		(unsigned long long)((hi << 32 | lo) / NSEC_PER_SEC));
	return 0;
}

static const char *const goldfish_rtc_compat[] = { "google,goldfish-rtc", NULL };
DRIVER(goldfish_rtc_driver) = {
	.name = "goldfish-rtc",
	.compatible = goldfish_rtc_compat,
	.stage = DRIVER_DEVICE,
	.probe = goldfish_rtc_probe,
};
