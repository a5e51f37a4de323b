/*
 * POSIX threads over the kernel's clone, futex and exit: many threads
 * created and joined, mutexes and condition variables under contention,
 * thread-local storage, thread ids, thread stacks of the caller's choice,
 * and how a multi-threaded process ends (exit_group from any thread, the
 * main thread leaving first).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "utest.h"

#define NTHREADS 64
#define NWORKERS 8
#define NINCR 20000

static pid_t gettid_raw(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* ---- create and join ---- */

static void *double_it(void *arg)
{
	return (void *)((uintptr_t)arg * 2);
}

static void test_create_join(void)
{
	pthread_t t[NTHREADS];
	int created = 0, right = 0, round, i;
	void *ret;

	SAY("create and join %d threads, 4 times\n", NTHREADS);
	for (round = 0; round < 4; round++) {
		for (i = 0; i < NTHREADS; i++)
			created += pthread_create(&t[i], NULL, double_it,
						  (void *)(uintptr_t)(i + round)) == 0;
		for (i = 0; i < NTHREADS; i++)
			if (pthread_join(t[i], &ret) == 0 &&
			    (uintptr_t)ret == (uintptr_t)(i + round) * 2)
				right++;
	}
	CHECK(created == 4 * NTHREADS);
	CHECK(right == 4 * NTHREADS);
}

/* ---- ids ---- */

struct ids {
	pid_t pid, tid, ppid;
};

static void *get_ids(void *arg)
{
	struct ids *ids = arg;

	ids->pid = getpid();
	ids->tid = gettid_raw();
	ids->ppid = getppid();
	return NULL;
}

static void test_ids(void)
{
	struct ids ids[4];
	pthread_t t[4];
	int i, j, distinct = 1;

	SAY("thread ids\n");
	for (i = 0; i < 4; i++)
		CHECK(pthread_create(&t[i], NULL, get_ids, &ids[i]) == 0);
	for (i = 0; i < 4; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	for (i = 0; i < 4; i++) {
		CHECK(ids[i].pid == getpid());
		CHECK(ids[i].ppid == getppid());
		CHECK(ids[i].tid != getpid());
		CHECK(ids[i].tid > 0);
		for (j = 0; j < i; j++)
			distinct &= ids[i].tid != ids[j].tid;
	}
	CHECK(distinct);
	CHECK(gettid_raw() == getpid());
}

/* ---- mutex under contention ---- */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *add_locked(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < NINCR; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		if (i % 1000 == 0)
			sched_yield();
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static void test_mutex(void)
{
	pthread_t t[NWORKERS];
	int i;

	SAY("mutex: %d threads x %d increments\n", NWORKERS, NINCR);
	counter = 0;
	for (i = 0; i < NWORKERS; i++)
		CHECK(pthread_create(&t[i], NULL, add_locked, NULL) == 0);
	for (i = 0; i < NWORKERS; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	SAY("counter %ld\n", counter);
	CHECK(counter == (long)NWORKERS * NINCR);
	CHECK(pthread_mutex_trylock(&lock) == 0);
	CHECK(pthread_mutex_trylock(&lock) == EBUSY);
	CHECK(pthread_mutex_unlock(&lock) == 0);
}

/* ---- condition variables: a bounded queue ---- */

#define QSIZE 4
#define NITEMS 5000

static struct {
	pthread_mutex_t lock;
	pthread_cond_t not_empty, not_full;
	int items[QSIZE];
	int head, count;
} q = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER };

static void put(int v)
{
	pthread_mutex_lock(&q.lock);
	while (q.count == QSIZE)
		pthread_cond_wait(&q.not_full, &q.lock);
	q.items[(q.head + q.count++) % QSIZE] = v;
	pthread_cond_signal(&q.not_empty);
	pthread_mutex_unlock(&q.lock);
}

static int get(void)
{
	int v;

	pthread_mutex_lock(&q.lock);
	while (q.count == 0)
		pthread_cond_wait(&q.not_empty, &q.lock);
	v = q.items[q.head];
	q.head = (q.head + 1) % QSIZE;
	q.count--;
	pthread_cond_signal(&q.not_full);
	pthread_mutex_unlock(&q.lock);
	return v;
}

static void *producer(void *arg)
{
	int i;

	(void)arg;
	for (i = 1; i <= NITEMS; i++)
		put(i);
	return NULL;
}

static void *consumer(void *arg)
{
	long sum = 0;
	int v;

	(void)arg;
	while ((v = get()) != 0)
		sum += v;
	return (void *)sum;
}

static void test_condvar(void)
{
	pthread_t p[4], c[4];
	long total = 0;
	void *ret;
	int i;

	SAY("condition variables: 4 producers, 4 consumers, queue of %d\n", QSIZE);
	for (i = 0; i < 4; i++) {
		CHECK(pthread_create(&c[i], NULL, consumer, NULL) == 0);
		CHECK(pthread_create(&p[i], NULL, producer, NULL) == 0);
	}
	for (i = 0; i < 4; i++)
		CHECK(pthread_join(p[i], NULL) == 0);
	for (i = 0; i < 4; i++)
		put(0);
	for (i = 0; i < 4; i++) {
		CHECK(pthread_join(c[i], &ret) == 0);
		total += (long)ret;
	}
	SAY("sum %ld\n", total);
	CHECK(total == 4L * NITEMS * (NITEMS + 1) / 2);
}

/* A broadcast releases every waiter. */
static pthread_cond_t gate_cv = PTHREAD_COND_INITIALIZER;
static int gate_open, gate_waiting, gate_passed;

static void *wait_gate(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	gate_waiting++;
	while (!gate_open)
		pthread_cond_wait(&gate_cv, &lock);
	gate_passed++;
	pthread_mutex_unlock(&lock);
	return NULL;
}

static void test_broadcast(void)
{
	struct timespec ts = { 0, 1000000 };
	pthread_t t[6];
	int i, waiting = 0;

	SAY("broadcast\n");
	for (i = 0; i < 6; i++)
		CHECK(pthread_create(&t[i], NULL, wait_gate, NULL) == 0);
	while (waiting < 6) {
		pthread_mutex_lock(&lock);
		waiting = gate_waiting;
		pthread_mutex_unlock(&lock);
		nanosleep(&ts, NULL);
	}
	pthread_mutex_lock(&lock);
	gate_open = 1;
	CHECK(pthread_cond_broadcast(&gate_cv) == 0);
	pthread_mutex_unlock(&lock);
	for (i = 0; i < 6; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	CHECK(gate_passed == 6);
}

/* ---- thread-local storage ---- */

static __thread int tls_init = 5;
static __thread long tls_zero[64];

static void *use_tls(void *arg)
{
	int me = (int)(uintptr_t)arg, ok = 1, i, k;

	ok &= tls_init == 5;
	for (i = 0; i < 64; i++)
		ok &= tls_zero[i] == 0;
	tls_init = me;
	for (k = 0; k < 100; k++) {
		for (i = 0; i < 64; i++)
			tls_zero[i] = me * 1000 + i;
		sched_yield();
		for (i = 0; i < 64; i++)
			ok &= tls_zero[i] == me * 1000 + i;
		ok &= tls_init == me;
	}
	/* Each thread's variable has its own address. */
	return ok ? (void *)&tls_init : NULL;
}

static void test_tls(void)
{
	pthread_t t[8];
	void *addr[8];
	int i, j, distinct = 1, ok = 1;

	SAY("thread-local storage\n");
	tls_init = 77;
	for (i = 0; i < 8; i++)
		CHECK(pthread_create(&t[i], NULL, use_tls, (void *)(uintptr_t)(i + 1)) == 0);
	for (i = 0; i < 8; i++) {
		CHECK(pthread_join(t[i], &addr[i]) == 0);
		ok &= addr[i] != NULL;
		distinct &= addr[i] != (void *)&tls_init;
		for (j = 0; j < i; j++)
			distinct &= addr[i] != addr[j];
	}
	CHECK(ok);
	CHECK(distinct);
	CHECK(tls_init == 77);
}

/* ---- stacks ---- */

static void *stack_user(void *arg)
{
	volatile char buf[16 * 1024];

	buf[0] = 1;
	buf[sizeof(buf) - 1] = 2;
	*(void **)arg = (void *)buf;
	return (void *)(uintptr_t)(buf[0] + buf[sizeof(buf) - 1]);
}

static void test_stacks(void)
{
	size_t size = 256 * 1024;
	pthread_attr_t attr;
	pthread_t t;
	void *ret, *where = NULL;
	char *stack;

	SAY("thread stacks\n");
	CHECK(pthread_attr_init(&attr) == 0);
	CHECK(pthread_attr_setstacksize(&attr, 64 * 1024) == 0);
	CHECK(pthread_create(&t, &attr, stack_user, &where) == 0);
	CHECK(pthread_join(t, &ret) == 0);
	CHECK((uintptr_t)ret == 3);

	stack = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(stack != MAP_FAILED);
	CHECK(pthread_attr_setstack(&attr, stack, size) == 0);
	CHECK(pthread_create(&t, &attr, stack_user, &where) == 0);
	CHECK(pthread_join(t, &ret) == 0);
	CHECK((uintptr_t)ret == 3);
	CHECK((char *)where >= stack && (char *)where < stack + size);
	CHECK(pthread_attr_destroy(&attr) == 0);
	munmap(stack, size);
}

/* ---- how the process ends ---- */

static void *sleep_forever(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void *exit_group_7(void *arg)
{
	struct timespec ts = { 0, 20000000 };

	(void)arg;
	nanosleep(&ts, NULL);
	syscall(SYS_exit_group, 7);
	return NULL;
}

static void *exit_3_later(void *arg)
{
	struct timespec ts = { 0, 50000000 };

	(void)arg;
	nanosleep(&ts, NULL);
	exit(3);
}

static int child_status(void (*body)(void))
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		body();
		_exit(99);
	}
	waitpid(pid, &status, 0);
	return status;
}

/* A thread's exit_group ends the main thread and the sleeping ones. */
static void body_exit_group(void)
{
	pthread_t t;
	int i;

	for (i = 0; i < 4; i++)
		pthread_create(&t, NULL, sleep_forever, NULL);
	pthread_create(&t, NULL, exit_group_7, NULL);
	pthread_join(t, NULL);
	for (;;)
		pause();
}

/* The main thread leaves first; the process lives on until exit(3). */
static void body_main_leaves(void)
{
	pthread_t t;

	pthread_create(&t, NULL, exit_3_later, NULL);
	pthread_exit(NULL);
}

/* A fatal signal in one thread kills them all. */
static void *kill_self(void *arg)
{
	(void)arg;
	raise(SIGTERM);
	return NULL;
}

static void body_signal(void)
{
	pthread_t t;

	pthread_create(&t, NULL, sleep_forever, NULL);
	pthread_create(&t, NULL, kill_self, NULL);
	for (;;)
		pause();
}

static void test_endings(void)
{
	int status;

	SAY("how a threaded process ends\n");
	status = child_status(body_exit_group);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);
	status = child_status(body_main_leaves);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 3);
	status = child_status(body_signal);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
}

/* fork from a thread: the child has only that thread. */
static void *fork_from_thread(void *arg)
{
	int status = -1;
	pid_t pid;

	(void)arg;
	pid = fork();
	if (pid == 0)
		_exit(gettid_raw() == getpid() ? 12 : 13);
	waitpid(pid, &status, 0);
	return (void *)(uintptr_t)(WIFEXITED(status) ? WEXITSTATUS(status) : 0);
}

static void test_fork_in_thread(void)
{
	pthread_t t;
	void *ret;

	SAY("fork from a thread\n");
	CHECK(pthread_create(&t, NULL, fork_from_thread, NULL) == 0);
	CHECK(pthread_join(t, &ret) == 0);
	CHECK((uintptr_t)ret == 12);
}

int main(void)
{
	utest_start("thread");
	test_create_join();
	test_ids();
	test_mutex();
	test_condvar();
	test_broadcast();
	test_tls();
	test_stacks();
	test_endings();
	test_fork_in_thread();
	return utest_done();
}
