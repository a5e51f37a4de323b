/*
 * printk: format into a line buffer on the stack, prefix the time since
 * boot, and write it to the console under one lock, so lines from
 * different harts never interleave. During a panic only the panicking
 * hart prints, and it writes without the lock.
 */
#include <kernel/printk.h>
#include <kernel/console.h>
#include <kernel/spinlock.h>
#include <kernel/time.h>
#include <kernel/panic.h>
#include <lib/printf.h>
#include <lib/string.h>

#define PRINTK_LINE_MAX	512

int console_loglevel = LOG_INFO;
uint64_t boot_ticks;			/* counter at kernel entry */
extern bool panic_in_progress;

static struct spinlock printk_lock = SPINLOCK_INIT("printk", LOCK_PRINTK);

static void emit(const char *s, size_t n)
{
	if (panic_in_progress) {
		console_write_raw(s, n);
		return;
	}
	spin_lock(&printk_lock);
	console_write_raw(s, n);
	spin_unlock(&printk_lock);
}

void vprintk(int level, const char *fmt, va_list ap)
{
	char line[PRINTK_LINE_MAX];
	uint64_t ns = 0;
	int n;

	if (level > console_loglevel)
		return;
	if (timebase_hz)
		ns = ticks_to_ns(time_ticks() - boot_ticks);
	n = snprintf(line, sizeof(line), "[%5llu.%06llu] ",
		     (unsigned long long)(ns / NSEC_PER_SEC),
		     (unsigned long long)(ns % NSEC_PER_SEC / NSEC_PER_USEC));
	n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	if (n >= (int)sizeof(line)) {
		n = sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	emit(line, (size_t)n);
}

void printk(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(level, fmt, ap);
	va_end(ap);
}

void printk_raw(const char *fmt, ...)
{
	char line[PRINTK_LINE_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	emit(line, (size_t)n);
}
