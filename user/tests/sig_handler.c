/*
 * Signal handlers: what rt_sigaction accepts and keeps, the mask while a
 * handler runs (sa_mask, SA_NODEFER) and after, SA_RESETHAND, siginfo
 * from kill, tgkill and sigqueue, nested handlers, the ucontext (the
 * interrupted mask; a handler that moves the pc past a faulting
 * instruction), fault codes (SIGSEGV, SIGILL, SIGTRAP), FP registers kept
 * across a handler, and the alternate signal stack.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>
#include "utest.h"

/*
 * Handlers with a mask are installed with the raw call: Linux reads
 * sa_mask right after sa_flags, but musl 1.2.3 puts an sa_restorer there
 * (so on Linux its handlers get a mask made of that address) and
 * qemu-riscv64 7.2 reads sa_mask 8 bytes later, past an sa_restorer. The
 * mask is written in both places, so all three agree.
 */
struct ksigaction_both {	/* Linux's struct sigaction, and 8 bytes more */
	void *handler;
	unsigned long flags;
	uint64_t mask, mask_again;
};

static volatile int got_sig, got_code, got_pid, got_value, depth, max_depth;
static volatile void *got_addr;
static volatile uint64_t mask_in_handler, uc_mask;
static volatile uintptr_t handler_sp;

static uint64_t current_mask(void)
{
	uint64_t m = 0;

	syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &m, 8);
	return m;
}

#define BIT(sig)	(1ULL << ((sig) - 1))

static void on_info(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	volatile char here;

	got_sig = sig;
	got_code = si->si_code;
	got_pid = si->si_pid;
	got_value = si->si_value.sival_int;
	got_addr = si->si_addr;
	mask_in_handler = current_mask();
	memcpy((void *)&uc_mask, &uc->uc_sigmask, 8);
	handler_sp = (uintptr_t)&here;
	if (++depth > max_depth)
		max_depth = depth;
	if (sig == SIGUSR1 && depth == 1)
		raise(SIGUSR2);		/* not blocked: runs nested */
	depth--;
}

static void set_action(int sig, void (*fn)(int, siginfo_t *, void *), int flags, int also_block)
{
	struct ksigaction_both k = { (void *)fn, SA_SIGINFO | (unsigned int)flags, 0, 0 };

	if (also_block)
		k.mask = k.mask_again = BIT(also_block);
	CHECK(syscall(SYS_rt_sigaction, sig, &k, NULL, 8) == 0);
}

static void test_sigaction_checks(void)
{
	struct ksigaction_both k = { (void *)1, 0, 0, 0 }, old;

	SAY("rt_sigaction checks\n");
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGKILL, &k, NULL, 8), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGSTOP, &k, NULL, 8), EINVAL);
	CHECK(syscall(SYS_rt_sigaction, SIGKILL, NULL, &old, 8) == 0);
	CHECK_ERR(syscall(SYS_rt_sigaction, 0, NULL, &old, 8), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigaction, 65, NULL, &old, 8), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, NULL, &old, 4), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, (void *)8, NULL, 8), EFAULT);
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, NULL, (void *)8, 8), EFAULT);
	/*
	 * (Linux also drops unknown flags and SIGKILL/SIGSTOP from sa_mask;
	 * qemu-riscv64 keeps them, so that is not compared here.)
	 */
	k.flags = SA_RESTART | SA_ONSTACK;
	k.mask = k.mask_again = BIT(SIGUSR2);
	CHECK(syscall(SYS_rt_sigaction, SIGUSR1, &k, NULL, 8) == 0);
	CHECK(syscall(SYS_rt_sigaction, SIGUSR1, NULL, &old, 8) == 0);
	CHECK(old.flags == (SA_RESTART | SA_ONSTACK));
	CHECK(old.mask == BIT(SIGUSR2));
	CHECK(old.handler == (void *)1);
	signal(SIGUSR1, SIG_DFL);
}

static void test_sigprocmask_checks(void)
{
	uint64_t set = BIT(SIGKILL) | BIT(SIGSTOP) | BIT(SIGUSR1), old;

	SAY("rt_sigprocmask checks\n");
	CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 4), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigprocmask, 7, &set, NULL, 8), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, (void *)8, NULL, 8), EFAULT);
	CHECK(syscall(SYS_rt_sigprocmask, 7, NULL, &old, 8) == 0);	/* how unused */
	CHECK(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &old, 8) == 0);
	CHECK(current_mask() == (old | BIT(SIGUSR1)));	/* never KILL or STOP */
	CHECK(syscall(SYS_rt_sigprocmask, SIG_SETMASK, &old, NULL, 8) == 0);
	CHECK_ERR(syscall(SYS_rt_sigpending, &set, 16), EINVAL);
}

static void test_delivery(void)
{
	union sigval v = { .sival_int = 42 };
	struct sigaction sa;

	SAY("delivery and siginfo\n");
	set_action(SIGUSR1, on_info, 0, SIGTERM);
	set_action(SIGUSR2, on_info, 0, 0);
	got_sig = 0;
	CHECK(kill(getpid(), SIGUSR1) == 0);
	CHECK(got_sig == SIGUSR2);	/* the nested one finished last */
	CHECK(max_depth == 2);
	CHECK(depth == 0);
	got_sig = 0;
	CHECK(kill(getpid(), SIGUSR2) == 0);
	CHECK(got_sig == SIGUSR2 && got_code == SI_USER && got_pid == getpid());
	/* in the handler: its own signal and sa_mask blocked; uc_sigmask is the old mask */
	CHECK((mask_in_handler & BIT(SIGUSR2)) != 0);
	CHECK((mask_in_handler & BIT(SIGTERM)) == 0);
	CHECK((uc_mask & BIT(SIGUSR2)) == 0);
	CHECK((current_mask() & BIT(SIGUSR2)) == 0);	/* restored */
	CHECK(syscall(SYS_tgkill, getpid(), gettid(), SIGUSR2) == 0);
	CHECK(got_code == SI_TKILL && got_pid == getpid());
	CHECK(sigqueue(getpid(), SIGUSR2, v) == 0);
	CHECK(got_code == SI_QUEUE && got_value == 42);

	SAY("SA_NODEFER and SA_RESETHAND\n");
	set_action(SIGUSR2, on_info, SA_NODEFER | SA_RESETHAND, 0);
	raise(SIGUSR2);
	CHECK((mask_in_handler & BIT(SIGUSR2)) == 0);
	CHECK(sigaction(SIGUSR2, NULL, &sa) == 0);
	CHECK(sa.sa_handler == SIG_DFL);
	signal(SIGUSR1, SIG_DFL);
}

/* A handler that steps over the faulting 4-byte instruction. */
static void on_fault(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	got_sig = sig;
	got_code = si->si_code;
	got_addr = si->si_addr;
	uc->uc_mcontext.__gregs[0] += 4;	/* the pc */
}

static void test_faults(void)
{
	uintptr_t pc;
	long v = 5;

	SAY("fault codes, and going on past the fault\n");
	set_action(SIGSEGV, on_fault, 0, 0);
	set_action(SIGILL, on_fault, 0, 0);
	set_action(SIGTRAP, on_fault, 0, 0);
	got_sig = 0;
	__asm__ volatile(".option push\n.option norvc\n"
			 "ld %0, 0(%1)\n.option pop" : "+r"(v) : "r"(24L) : "memory");
	CHECK(got_sig == SIGSEGV && got_code == SEGV_MAPERR && got_addr == (void *)24);
	CHECK(v == 5);
	__asm__ volatile(".option push\n.option norvc\n"
			 "auipc %0, 0\ncsrw cycle, zero\n.option pop" : "=r"(pc) :: "memory");
	CHECK(got_sig == SIGILL && got_code == ILL_ILLOPC && got_addr == (void *)(pc + 4));
	__asm__ volatile(".option push\n.option norvc\n"
			 "auipc %0, 0\nebreak\n.option pop" : "=r"(pc) :: "memory");
	CHECK(got_sig == SIGTRAP && got_code == TRAP_BRKPT && got_addr == (void *)(pc + 4));
	signal(SIGSEGV, SIG_DFL);
	signal(SIGILL, SIG_DFL);
	signal(SIGTRAP, SIG_DFL);
}

static volatile double fp_seen;

static void on_fp(int sig)
{
	volatile double x = 1.0;

	for (int i = 0; i < 10; i++)
		x = x * 3.0 + sig;	/* uses the FP registers */
	fp_seen = x;
}

static void test_fp_kept(void)
{
	register double a = 1.5, b = 2.25;

	SAY("FP registers survive a handler\n");
	signal(SIGUSR1, on_fp);
	for (int i = 0; i < 3; i++) {
		a = a * 2.0;
		raise(SIGUSR1);
		b = b + a;
	}
	CHECK(a == 12.0 && b == 23.25);
	CHECK(fp_seen > 1000.0);
	signal(SIGUSR1, SIG_DFL);
}

static char altstack[16384] __attribute__((aligned(16)));
static volatile int alt_flags, alt_eperm;

static void on_alt(int sig, siginfo_t *si, void *ctx)
{
	stack_t ss;

	(void)si;
	(void)ctx;
	got_sig = sig;
	handler_sp = (uintptr_t)&ss;
	sigaltstack(NULL, &ss);
	alt_flags = ss.ss_flags;
	ss.ss_flags = SS_DISABLE;
	alt_eperm = sigaltstack(&ss, NULL) == -1 && errno == EPERM;
}

static void test_altstack(void)
{
	stack_t ss, old;

	SAY("sigaltstack\n");
	CHECK(sigaltstack(NULL, &old) == 0);
	CHECK(old.ss_flags == SS_DISABLE && old.ss_size == 0);
	ss.ss_sp = altstack;
	ss.ss_size = 1024;
	ss.ss_flags = 0;
	CHECK_ERR(sigaltstack(&ss, NULL), ENOMEM);
	ss.ss_size = sizeof(altstack);
	ss.ss_flags = 5;
	CHECK_ERR(sigaltstack(&ss, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_sigaltstack, (void *)8, NULL), EFAULT);	/* musl reads it first */
	ss.ss_flags = 0;
	CHECK(sigaltstack(&ss, NULL) == 0);
	CHECK(sigaltstack(NULL, &old) == 0);
	CHECK(old.ss_sp == altstack && old.ss_size == sizeof(altstack) && old.ss_flags == 0);
	set_action(SIGUSR1, on_alt, SA_ONSTACK, 0);
	raise(SIGUSR1);
	CHECK(handler_sp > (uintptr_t)altstack && handler_sp < (uintptr_t)altstack + sizeof(altstack));
	CHECK(alt_flags == SS_ONSTACK);
	CHECK(alt_eperm);
	set_action(SIGUSR1, on_alt, 0, 0);	/* without SA_ONSTACK: the normal stack */
	raise(SIGUSR1);
	CHECK(!(handler_sp > (uintptr_t)altstack && handler_sp < (uintptr_t)altstack + sizeof(altstack)));
	CHECK(alt_flags == 0);
	ss.ss_flags = SS_DISABLE;
	CHECK(sigaltstack(&ss, NULL) == 0);
	CHECK(sigaltstack(NULL, &old) == 0 && old.ss_flags == SS_DISABLE);
	signal(SIGUSR1, SIG_DFL);
}

/* A child does what; the parent reports how it ended. */
static void child_ends(const char *what, void (*fn)(void))
{
	int status = 0;
	pid_t pid = fork();

	if (pid == 0) {
		fn();
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	if (WIFSIGNALED(status))
		SAY("%s: signal %d%s\n", what, WTERMSIG(status), WCOREDUMP(status) ? " (core)" : "");
	else
		SAY("%s: exit %d\n", what, WEXITSTATUS(status));
}

static volatile int *volatile bad_ptr = (volatile int *)16;

static void segv_blocked(void)
{
	sigset_t set;

	set_action(SIGSEGV, on_fault, 0, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGSEGV);
	sigprocmask(SIG_BLOCK, &set, NULL);
	*bad_ptr = 1;
}

static void segv_ignored(void)
{
	signal(SIGSEGV, SIG_IGN);
	*bad_ptr = 1;
}

static void quit_default(void)
{
	raise(SIGQUIT);
}

static void term_blocked_then_unblocked(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGTERM);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	_exit(3);		/* not reached */
}

int main(void)
{
	utest_start("sig_handler");
	test_sigaction_checks();
	test_sigprocmask_checks();
	test_delivery();
	test_faults();
	test_fp_kept();
	test_altstack();
	child_ends("fault while blocked", segv_blocked);
	child_ends("fault while ignored", segv_ignored);
	child_ends("SIGQUIT", quit_default);
	child_ends("SIGTERM once unblocked", term_blocked_then_unblocked);
	return utest_done();
}
