/*
 * The RISC-V platform-level interrupt controller. Each hart mode that can
 * take external interrupts is a "context"; interrupts-extended lists, per
 * context, the hart's local interrupt controller and the cause (9 for
 * supervisor external). Every source is enabled on every hart's S-mode
 * context at priority 1; whichever hart claims it first handles it.
 */
#include <kernel/driver.h>
#include <kernel/irq.h>
#include <kernel/platform.h>
#include <kernel/cpu.h>
#include <kernel/spinlock.h>
#include <kernel/printk.h>
#include <lib/errno.h>
#include <asm/mmio.h>

#define PLIC_PRIORITY(irq)	(4 * (irq))
#define PLIC_ENABLE(ctx)	(0x2000 + 0x80 * (ctx))
#define PLIC_THRESHOLD(ctx)	(0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx)		(0x200004 + 0x1000 * (ctx))
#define CAUSE_S_EXTERNAL	9

static struct {
	uint8_t *base;			/* [I] */
	uint32_t ndev;			/* [I] */
	struct spinlock lock;		/* enable bits */
} plic = { .lock = SPINLOCK_INIT("plic", LOCK_IRQ) };

static uint64_t hart_ctx[NR_CPUS * 2];	/* [I] hart id << 32 | context */
static int nr_hart_ctx;

static int ctx_for_hart(unsigned long hartid)
{
	for (int i = 0; i < nr_hart_ctx; i++)
		if (hart_ctx[i] >> 32 == hartid)
			return (int)(uint32_t)hart_ctx[i];
	return -1;
}

static int my_ctx(void)
{
	return ctx_for_hart(this_cpu()->hartid);
}

static void plic_enable(unsigned int irq)
{
	if (irq > plic.ndev)
		return;
	spin_lock(&plic.lock);
	writel(1, plic.base + PLIC_PRIORITY(irq));
	for (int i = 0; i < nr_hart_ctx; i++) {
		uint8_t *en = plic.base + PLIC_ENABLE((uint32_t)hart_ctx[i]) + irq / 32 * 4;

		writel(readl(en) | (1U << (irq % 32)), en);
	}
	spin_unlock(&plic.lock);
}

static unsigned int plic_claim(void)
{
	return readl(plic.base + PLIC_CLAIM(my_ctx()));
}

static void plic_complete(unsigned int irq)
{
	writel(irq, plic.base + PLIC_CLAIM(my_ctx()));
}

static void plic_init_cpu(void)
{
	int ctx = my_ctx();

	if (ctx >= 0)
		writel(0, plic.base + PLIC_THRESHOLD(ctx));
}

static struct irq_chip plic_chip = {
	.name = "plic",
	.enable = plic_enable,
	.claim = plic_claim,
	.complete = plic_complete,
	.init_cpu = plic_init_cpu,
};

/* interrupts-extended: <intc-phandle cause> per context. */
static int parse_contexts(const struct platform *p, int node)
{
	int len;
	const uint8_t *prop = fdt_getprop(&p->fdt, node, "interrupts-extended", &len);

	if (!prop || len % 8)
		return -EINVAL;
	for (int ctx = 0; ctx < len / 8; ctx++) {
		const uint8_t *c = prop + ctx * 8;
		uint32_t phandle = (uint32_t)c[0] << 24 | c[1] << 16 | c[2] << 8 | c[3];
		uint32_t cause = (uint32_t)c[4] << 24 | c[5] << 16 | c[6] << 8 | c[7];
		const struct platform_cpu *cpu = platform_cpu_by_intc(p, phandle);

		if (cause != CAUSE_S_EXTERNAL || !cpu || !cpu->usable)
			continue;
		if (nr_hart_ctx < (int)ARRAY_SIZE(hart_ctx))
			hart_ctx[nr_hart_ctx++] = cpu->hart_id << 32 | (uint32_t)ctx;
	}
	return 0;
}

static int plic_probe(const struct platform *p, int node)
{
	uint64_t size;
	int err;

	if (plic.base)
		return -EBUSY;
	if (!fdt_prop_u32(&p->fdt, node, "riscv,ndev", &plic.ndev))
		return -EINVAL;
	err = parse_contexts(p, node);
	if (err)
		return err;
	plic.base = driver_map_reg(p, node, 0, &size);
	if (!plic.base)
		return -ENOMEM;
	for (int i = 0; i < nr_hart_ctx; i++) {
		int ctx = (int)(uint32_t)hart_ctx[i];

		for (uint32_t w = 0; w <= plic.ndev / 32; w++)
			writel(0, plic.base + PLIC_ENABLE(ctx) + w * 4);
	}
	irq_set_chip(&plic_chip);
	pr_info("plic: %s, %u sources, %d hart contexts\n",
		fdt_node_name(&p->fdt, node), plic.ndev, nr_hart_ctx);
	return 0;
}

static const char *const plic_compat[] = { "riscv,plic0", "sifive,plic-1.0.0", NULL };
DRIVER(plic_driver) = {
	.name = "plic",
	.compatible = plic_compat,
	.stage = DRIVER_IRQCHIP,
	.probe = plic_probe,
};
