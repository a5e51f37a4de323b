/*
 * Host stand-in for the current thread and cpu: each pthread plays one
 * cpu, named by a thread-local pointer. The main thread starts as cpu 0;
 * a new pthread must call host_cpu_enter() before using the kernel code.
 */
#ifndef ASM_CURRENT_H
#define ASM_CURRENT_H

struct thread;
struct cpu;

extern __thread struct cpu *host_cpu;
extern __thread struct thread *host_current;

static inline struct thread *get_current(void)
{
	return host_current;
}

static inline void set_current(struct thread *t)
{
	host_current = t;
}

#define current get_current()

static inline struct cpu *this_cpu(void)
{
	return host_cpu;
}

/* Make the calling pthread run as cpus[id] (and count it in nr_cpus). */
void host_cpu_enter(int id);

#endif
