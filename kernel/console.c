/*
 * The console: one output driver (early SBI console until a UART driver
 * registers) and an input ring filled by the driver's receive interrupt.
 * Lost input when the ring is full is dropped, as a UART FIFO would.
 */
#include <kernel/console.h>
#include <kernel/spinlock.h>
#include <kernel/sched.h>

#define CONSOLE_IN_SIZE	1024

static struct console *active;		/* [printk lock] */
static struct spinlock out_lock = SPINLOCK_INIT("console_out", LOCK_CONSOLE_OUT);

static struct {
	struct spinlock lock;
	char buf[CONSOLE_IN_SIZE];	/* [lock] */
	size_t head, tail;		/* [lock] read at tail, write at head */
	struct wait_queue readers;
} in = {
	.lock = SPINLOCK_INIT("console_in", LOCK_CONSOLE_IN),
	.readers = WAIT_QUEUE_INIT(in.readers),
};

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

void console_input(const char *s, size_t n)
{
	spin_lock(&in.lock);
	for (size_t i = 0; i < n; i++) {
		if (in.head - in.tail == CONSOLE_IN_SIZE)
			break;
		in.buf[in.head++ % CONSOLE_IN_SIZE] = s[i];
	}
	spin_unlock(&in.lock);
	wake_up_all(&in.readers);
}

size_t console_input_avail(void)
{
	size_t n;

	spin_lock(&in.lock);
	n = in.head - in.tail;
	spin_unlock(&in.lock);
	return n;
}

struct wait_queue *console_input_waitq(void)
{
	return &in.readers;
}

size_t console_read(char *buf, size_t n)
{
	size_t got = 0;

	wait_event(&in.readers, console_input_avail() > 0);
	spin_lock(&in.lock);
	while (got < n && in.tail != in.head)
		buf[got++] = in.buf[in.tail++ % CONSOLE_IN_SIZE];
	spin_unlock(&in.lock);
	return got;
}
