/*
 * The console: where printk() lines go (one output driver: the early SBI
 * console until a UART driver registers). Its input, and what user space
 * reads and writes through /dev/console, are the console's tty
 * (drivers/tty): the UART driver registers both.
 */
#include <kernel/console.h>
#include <kernel/spinlock.h>

static struct console *active;		/* [printk lock] */
static struct spinlock out_lock = SPINLOCK_INIT("console_out", LOCK_CONSOLE_OUT);

void console_register(struct console *con)
{
	active = con;
}

void console_write_raw(const char *s, size_t n)
{
	struct console *con = READ_ONCE(active);

	if (con)
		con->write(con, s, n);
	else
		early_console_write(s, n);
}

void console_write(const char *s, size_t n)
{
	spin_lock(&out_lock);
	console_write_raw(s, n);
	spin_unlock(&out_lock);
}
