/*
 * In the kernel, tp holds the running thread (user tp is saved in the trap
 * frame), so the current thread and cpu are a register away.
 */
#ifndef ASM_CURRENT_H
#define ASM_CURRENT_H

struct thread;
struct cpu;

static inline struct thread *get_current(void)
{
	struct thread *t;
	__asm__ ("mv %0, tp" : "=r"(t));
	return t;
}

static inline void set_current(struct thread *t)
{
	__asm__ __volatile__("mv tp, %0" :: "r"(t) : "memory");
}

#define current get_current()

/* The first field of struct thread is its cpu: see <kernel/thread.h>. */
static inline struct cpu *this_cpu(void)
{
	return *(struct cpu **)get_current();
}

#endif
