/*
 * Thread-local storage: the program's own __thread data, a linked
 * library's (libdyntls), and a dlopen()ed library's (libdyntls2), in the
 * main thread and in threads started before and after the dlopen. Each
 * thread starts from the initial values and sees only its own changes.
 *
 * ldflags: -ldyntls
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include "utest.h"

extern __thread int dyntls_counter;
extern __thread const char *dyntls_label;
int dyntls_bump(int by);
int dyntls_zero_sum(void);
int *dyntls_counter_addr(void);

static __thread int own = 5;
static long (*tls2_add)(long);

struct result {
	int counter, zeros, own;
	long tls2;
	int *addr;
	int label_ok;
};

static void *worker(void *arg)
{
	struct result *r = arg;
	int id = r->counter;	/* in: the thread's number */

	r->label_ok = strcmp(dyntls_label, "initial") == 0;
	dyntls_label = "worker";
	for (int i = 0; i <= id; i++)
		dyntls_bump(id + 1);
	r->counter = dyntls_counter;
	r->zeros = dyntls_zero_sum();
	r->addr = dyntls_counter_addr();
	own += id;
	r->own = own;
	r->tls2 = tls2_add ? tls2_add(id) : -1;
	return NULL;
}

static void run_threads(const char *when)
{
	enum { N = 4 };
	pthread_t t[N];
	struct result r[N];
	int distinct = 1;

	for (int i = 0; i < N; i++) {
		memset(&r[i], 0, sizeof(r[i]));
		r[i].counter = i;
		CHECK(pthread_create(&t[i], NULL, worker, &r[i]) == 0);
	}
	for (int i = 0; i < N; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	for (int i = 0; i < N; i++) {
		printf("%s thread %d: counter %d zeros %d own %d tls2 %ld label %s\n", when, i,
		       r[i].counter, r[i].zeros, r[i].own, r[i].tls2,
		       r[i].label_ok ? "initial" : "wrong");
		for (int j = 0; j < i; j++)
			distinct &= r[i].addr != r[j].addr;
		distinct &= r[i].addr != dyntls_counter_addr();
	}
	CHECK(distinct);	/* every thread had its own copy */
}

int main(void)
{
	void *h;

	utest_start("dyn_tls");
	CHECK(dyntls_counter == 1000);
	CHECK(dyntls_bump(1) == 1001);
	CHECK(&dyntls_counter == dyntls_counter_addr());
	CHECK(own == 5);
	run_threads("before dlopen");
	CHECK(dyntls_counter == 1001);	/* the threads changed their own copies */
	CHECK(strcmp(dyntls_label, "initial") == 0);

	h = dlopen("libdyntls2.so", RTLD_NOW);
	CHECK(h != NULL);
	if (h)
		tls2_add = (long (*)(long))dlsym(h, "dyntls2_add");
	CHECK(tls2_add != NULL);
	if (tls2_add) {
		CHECK(tls2_add(3) == 10);
		CHECK(tls2_add(3) == 13);
	}
	run_threads("after dlopen");
	if (tls2_add)
		CHECK(tls2_add(1) == 14);
	return utest_done();
}
