/*
 * epoll: epoll_create1 flags; epoll_ctl's errors (EBADF, EPERM for a
 * regular file, EINVAL for itself and bad EPOLLEXCLUSIVE, EEXIST, ENOENT,
 * ELOOP for a cycle and for too deep a nest); level- and edge-triggered
 * and one-shot items on pipes and eventfds; EPOLLHUP and EPOLLRDHUP-free
 * pipe ends; an epoll inside another and in poll(); an item leaving with
 * its file's last close (not with a dup's); a wait woken by another
 * process; epoll_pwait's mask and EINTR (epoll_pwait2 is
 * in ktests/events.c: qemu-riscv64 7.2 lacks it).
 */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

#define FILE_NAME "/tmp/utest-epoll"

/* A null buffer the compiler cannot see as null. */
static void *volatile bad_ptr;

static int add(int ep, int fd, uint32_t events, uint64_t data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static int mod(int ep, int fd, uint32_t events, uint64_t data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	return epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
}

/* Wait without blocking; print what came: "n: data/events ...". */
static int show(const char *what, int ep)
{
	struct epoll_event evs[8];
	int n = epoll_wait(ep, evs, 8, 0);

	printf("%s: %d", what, n);
	for (int i = 0; i < n; i++)
		printf(" %llu/%#x", (unsigned long long)evs[i].data.u64, evs[i].events);
	printf("\n");
	return n;
}

/* Each epoll inside the next: how far it goes. */
static void test_nest_depth(void)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int chain[7], r = 0, i;

	for (i = 0; i < 7; i++)
		chain[i] = epoll_create1(0);
	for (i = 1; i < 7 && r == 0; i++)
		r = epoll_ctl(chain[i], EPOLL_CTL_ADD, chain[i - 1], &ev);
	SAY("nest stops at %d, errno %d\n", i - 1, r ? errno : 0);
	for (i = 0; i < 7; i++)
		close(chain[i]);
}

static void test_errors(void)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int ep, ep2, efd, fd, p[2];

	CHECK_ERR(epoll_create1(1), EINVAL);
	ep = epoll_create1(EPOLL_CLOEXEC);
	CHECK(ep >= 0 && fcntl(ep, F_GETFD) == FD_CLOEXEC);
	efd = eventfd(0, 0);
	CHECK_ERR(epoll_ctl(-1, EPOLL_CTL_ADD, efd, &ev), EBADF);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, 999, &ev), EBADF);
	CHECK_ERR(epoll_ctl(efd, EPOLL_CTL_ADD, ep, &ev), EINVAL);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), EINVAL);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, efd, NULL), EFAULT);
	CHECK_ERR(epoll_ctl(ep, 7, efd, &ev), EINVAL);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_MOD, efd, &ev), ENOENT);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_DEL, efd, NULL), ENOENT);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) == 0);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev), EEXIST);
	CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, efd, NULL) == 0);
	ev.events = EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT;
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev), EINVAL);
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) == 0);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_MOD, efd, &ev), EINVAL);
	ev.events = EPOLLIN;
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_MOD, efd, &ev), EINVAL);
	fd = open(FILE_NAME, O_CREAT | O_RDWR | O_TRUNC, 0600);
	CHECK(fd >= 0);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev), EPERM);
	close(fd);
	unlink(FILE_NAME);
	/* epolls in epolls: no cycles, at most 4 levels under the outermost */
	ep2 = epoll_create1(0);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, ep2, &ev) == 0);
	CHECK_ERR(epoll_ctl(ep2, EPOLL_CTL_ADD, ep, &ev), ELOOP);
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	pipe(p);
	CHECK_ERR(epoll_ctl(p[0], EPOLL_CTL_ADD, ep2, &ev), EINVAL);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, ep2, &ev), EINVAL);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0);
	test_nest_depth();
	close(p[0]);
	close(p[1]);
	close(ep2);
	close(efd);
	close(ep);
}

static void test_level_edge(void)
{
	int ep = epoll_create1(0), p[2], efd = eventfd(0, EFD_NONBLOCK);
	uint64_t v = 1;
	char c;

	pipe(p);
	CHECK(add(ep, p[0], EPOLLIN, 10) == 0);
	CHECK(add(ep, p[1], EPOLLOUT | EPOLLET, 11) == 0);
	CHECK(add(ep, efd, EPOLLIN | EPOLLET, 12) == 0);
	show("start", ep);
	show("again", ep);
	write(p[1], "ab", 2);
	show("pipe written", ep);
	show("level stays", ep);
	read(p[0], &c, 1);
	show("one byte left", ep);
	read(p[0], &c, 1);
	show("drained", ep);
	write(efd, &v, 8);
	show("eventfd edge", ep);
	show("edge gone", ep);
	write(efd, &v, 8);
	show("edge again", ep);
	/* one-shot: once, then nothing until modified */
	CHECK(mod(ep, efd, EPOLLIN | EPOLLONESHOT, 13) == 0);
	show("oneshot", ep);
	write(efd, &v, 8);
	show("oneshot disabled", ep);
	CHECK(mod(ep, efd, EPOLLIN, 14) == 0);
	show("re-armed", ep);
	CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, efd, NULL) == 0);
	show("deleted", ep);
	/* the reader sees EPOLLHUP when the writer goes, the writer EPOLLERR */
	CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL) == 0);
	close(p[1]);
	show("writer closed", ep);
	close(p[0]);
	show("reader closed", ep);
	pipe(p);
	CHECK(add(ep, p[1], EPOLLOUT, 15) == 0);
	close(p[0]);
	show("reader gone", ep);
	close(p[1]);
	close(efd);
	close(ep);
}

static void test_close(void)
{
	int ep = epoll_create1(0), efd = eventfd(1, 0), dupfd;
	struct epoll_event evs[2];

	CHECK(add(ep, efd, EPOLLIN, 20) == 0);
	dupfd = dup(efd);
	close(efd);
	show("dup keeps it", ep);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_DEL, efd, NULL), EBADF);
	close(dupfd);
	show("last close", ep);
	/* bad arguments of epoll_wait */
	CHECK_ERR(epoll_wait(ep, evs, 0, 0), EINVAL);
	CHECK_ERR(epoll_wait(-1, evs, 1, 0), EBADF);
	efd = eventfd(1, 0);
	CHECK_ERR(epoll_wait(efd, evs, 1, 0), EINVAL);
	CHECK(add(ep, efd, EPOLLIN, 21) == 0);
	CHECK_ERR(epoll_wait(ep, bad_ptr, 1, 0), EFAULT);
	show("still there", ep);
	close(efd);
	close(ep);
}

static void test_nested(void)
{
	int outer = epoll_create1(0), inner = epoll_create1(0), efd = eventfd(0, 0);
	uint64_t v = 1;
	struct pollfd pf = { .fd = inner, .events = POLLIN };

	CHECK(add(inner, efd, EPOLLIN, 30) == 0);
	CHECK(add(outer, inner, EPOLLIN, 31) == 0);
	show("outer idle", outer);
	CHECK(poll(&pf, 1, 0) == 0);
	write(efd, &v, 8);
	CHECK(poll(&pf, 1, 0) == 1 && pf.revents == POLLIN);
	show("outer sees inner", outer);
	show("inner", inner);
	read(efd, &v, 8);
	show("outer after read", outer);
	close(efd);
	close(inner);
	close(outer);
}

static void test_blocking(void)
{
	int ep = epoll_create1(0), efd = eventfd(0, 0);
	struct epoll_event ev;
	pid_t pid;

	CHECK(add(ep, efd, EPOLLIN, 40) == 0);
	pid = fork();
	if (pid == 0) {
		uint64_t v = 5;

		usleep(20000);
		_exit(write(efd, &v, 8) == 8 ? 0 : 1);
	}
	CHECK(epoll_wait(ep, &ev, 1, -1) == 1 && ev.data.u64 == 40);
	waitpid(pid, NULL, 0);
	CHECK(epoll_wait(ep, &ev, 1, 10) == 1);
	uint64_t v;
	read(efd, &v, 8);
	CHECK(epoll_wait(ep, &ev, 1, 10) == 0);
	close(efd);
	close(ep);
}

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1++;
}

static void test_sigmask(void)
{
	int ep = epoll_create1(0);
	struct epoll_event ev;
	sigset_t block, empty, now;

	signal(SIGUSR1, on_usr1);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigemptyset(&empty);
	sigprocmask(SIG_BLOCK, &block, NULL);
	raise(SIGUSR1);
	CHECK(got_usr1 == 0);
	CHECK_ERR(syscall(SYS_epoll_pwait, ep, &ev, 1, -1, &empty, 4), EINVAL);
	CHECK_ERR(epoll_pwait(ep, &ev, 1, -1, &empty), EINTR);
	CHECK(got_usr1 == 1);
	sigprocmask(SIG_SETMASK, NULL, &now);
	CHECK(sigismember(&now, SIGUSR1));
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	signal(SIGUSR1, SIG_DFL);
	close(ep);
}

int main(void)
{
	utest_start("epoll");
	test_errors();
	test_level_edge();
	test_close();
	test_nested();
	test_blocking();
	test_sigmask();
	return utest_done();
}
