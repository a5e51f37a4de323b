/*
 * The 16550-compatible UART (QEMU virt's console): the console printk
 * writes to, and a tty (ttyS0, /dev/console). Output polls the
 * transmitter-empty bit; input is interrupt driven: the receive interrupt
 * drains the FIFO into the tty's line discipline. The baud rate is left
 * as the firmware set it.
 */
#include <kernel/driver.h>
#include <kernel/console.h>
#include <drivers/tty.h>
#include <kernel/irq.h>
#include <kernel/platform.h>
#include <kernel/printk.h>
#include <lib/errno.h>
#include <lib/string.h>
#include <asm/mmio.h>
#include <asm/processor.h>

#define UART_RBR	0	/* receive buffer (read) */
#define UART_THR	0	/* transmit holding (write) */
#define UART_IER	1	/* interrupt enable */
#define UART_FCR	2	/* FIFO control (write) */
#define UART_LSR	5	/* line status */
#define IER_RX_AVAIL	0x01
#define FCR_ENABLE	0x01
#define FCR_CLEAR	0x06
#define LSR_DATA_READY	0x01
#define LSR_THR_EMPTY	0x20

struct ns16550 {
	uint8_t *base;
	unsigned int shift;	/* reg-shift */
	unsigned int width;	/* reg-io-width: 1 or 4 */
	struct console con;
	struct tty tty;
};

static struct ns16550 uart0;	/* [I] one console UART */

static uint8_t uart_in(struct ns16550 *u, unsigned int reg)
{
	void *a = u->base + (reg << u->shift);

	return u->width == 4 ? (uint8_t)readl(a) : readb(a);
}

static void uart_out(struct ns16550 *u, unsigned int reg, uint8_t v)
{
	void *a = u->base + (reg << u->shift);

	if (u->width == 4)
		writel(v, a);
	else
		writeb(v, a);
}

static void uart_putc(struct ns16550 *u, char c)
{
	while (!(uart_in(u, UART_LSR) & LSR_THR_EMPTY))
		cpu_relax();
	uart_out(u, UART_THR, (uint8_t)c);
}

/* The tty's output: the bytes as they are. */
static void uart_tty_write(struct tty *tty, const char *s, size_t n)
{
	struct ns16550 *u = tty->priv;

	for (size_t i = 0; i < n; i++)
		uart_putc(u, s[i]);
}

static const struct tty_ops uart_tty_ops = {
	.write = uart_tty_write,
};

/* printk's output: a new line starts at the left margin. */
static void uart_write(struct console *con, const char *s, size_t n)
{
	struct ns16550 *u = con->priv;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_putc(u, '\r');
		uart_putc(u, s[i]);
	}
}

static void uart_interrupt(void *arg)
{
	struct ns16550 *u = arg;
	char buf[32];
	size_t n = 0;

	while (uart_in(u, UART_LSR) & LSR_DATA_READY) {
		buf[n++] = (char)uart_in(u, UART_RBR);
		if (n == sizeof(buf)) {
			tty_receive(&u->tty, buf, n);
			n = 0;
		}
	}
	if (n)
		tty_receive(&u->tty, buf, n);
}

static bool is_stdout(const struct platform *p, int node)
{
	return p->stdout_node == node;
}

static int ns16550_probe(const struct platform *p, int node)
{
	struct ns16550 *u = &uart0;
	uint32_t shift = 0, width = 1;
	unsigned int irq;

	if (u->base || (p->stdout_node >= 0 && !is_stdout(p, node)))
		return 0;	/* only the console UART */
	fdt_prop_u32(&p->fdt, node, "reg-shift", &shift);
	fdt_prop_u32(&p->fdt, node, "reg-io-width", &width);
	u->shift = shift;
	u->width = width;
	u->base = driver_map_reg(p, node, 0, NULL);
	if (!u->base)
		return -ENOMEM;
	u->con = (struct console){ .name = "ns16550", .write = uart_write, .priv = u };
	uart_out(u, UART_FCR, FCR_ENABLE | FCR_CLEAR);
	console_register(&u->con);
	u->tty.ops = &uart_tty_ops;
	u->tty.priv = u;
	tty_register(&u->tty);
	irq = driver_irq(p, node);
	if (irq && irq_request(irq, uart_interrupt, u) == 0)
		uart_out(u, UART_IER, IER_RX_AVAIL);
	pr_info("ns16550: %s, irq %u, console\n", fdt_node_name(&p->fdt, node), irq);
	return 0;
}

static const char *const ns16550_compat[] = { "ns16550a", "ns16550", NULL };
DRIVER(ns16550_driver) = {
	.name = "ns16550",
	.compatible = ns16550_compat,
	.stage = DRIVER_DEVICE,
	.probe = ns16550_probe,
};
