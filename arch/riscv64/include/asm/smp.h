#ifndef ASM_SMP_H
#define ASM_SMP_H

struct cpu;

void arch_send_resched_ipi(struct cpu *c);
void arch_send_stop_ipi_all(void);

#endif
