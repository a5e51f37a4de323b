/*
 * The console's terminal (/dev/ttyS0): its line discipline, ioctls and
 * job control, checked from inside. Input is "typed" with TIOCSTI (root
 * may push bytes into any terminal), so no one needs to type; echo is
 * off while the line discipline is checked, and the settings are put
 * back at the end. Each part runs in a session of its own that takes the
 * terminal as its controlling terminal (the runner has none):
 *
 *   editing    canonical lines: erase, word erase, kill, EOF, EOL, LNEXT,
 *              partial reads, FIONREAD, poll, ICRNL/IGNCR, flushes;
 *              non-canonical reads with VMIN/VTIME, mode switches
 *   signals    ^C, ^\ and ^Z to the foreground group, flushing unless
 *              NOFLSH; TIOCSWINSZ's SIGWINCH
 *   jobs       a background reader stops with SIGTTIN (EIO if it ignores
 *              it), a TOSTOP writer or a tcsetattr with SIGTTOU; a
 *              foreground child stopped by ^Z, continued, ended by ^C;
 *              TIOCSPGRP's checks; /dev/console skips the checks
 *   hangup     the session leader exits: its foreground group gets
 *              SIGHUP, its open terminal files read EOF and fail writes;
 *              a stopped job orphaned by its parent's exit gets SIGHUP
 *   ctty       O_NOCTTY, /dev/console never acquired, TIOCNOTTY,
 *              TIOCSCTTY (and stealing), /proc/PID/stat's tty_nr and tpgid
 */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include "utest.h"

#define TTY	"/dev/ttyS0"

static int tty;			/* this session's terminal */
static struct termios saved;
static volatile sig_atomic_t got[65];

static void count(int sig)
{
	got[sig]++;
}

static void catch(int sig)
{
	struct sigaction sa = { .sa_handler = count };

	sigaction(sig, &sa, NULL);
}

static void set_sig(int sig, void (*h)(int))
{
	struct sigaction sa = { .sa_handler = h };

	sigaction(sig, &sa, NULL);
}

/* Type s on the terminal. */
static void type(const char *s)
{
	for (; *s; s++)
		ioctl(tty, TIOCSTI, s);
}

static int inq(void)
{
	int n = -1;

	ioctl(tty, FIONREAD, &n);
	return n;
}

/* Read once; the bytes (NUL-terminated) in buf. */
static long rd(char *buf, size_t n)
{
	long r = read(tty, buf, n - 1);

	buf[r > 0 ? r : 0] = '\0';
	return r;
}

static void lflag(tcflag_t on, tcflag_t off)
{
	struct termios t;

	tcgetattr(tty, &t);
	t.c_lflag = (t.c_lflag | on) & ~off;
	tcsetattr(tty, TCSANOW, &t);
}

static void iflag(tcflag_t on, tcflag_t off)
{
	struct termios t;

	tcgetattr(tty, &t);
	t.c_iflag = (t.c_iflag | on) & ~off;
	tcsetattr(tty, TCSANOW, &t);
}

static void vmin_vtime(int vmin, int vtime)
{
	struct termios t;

	tcgetattr(tty, &t);
	t.c_cc[VMIN] = (cc_t)vmin;
	t.c_cc[VTIME] = (cc_t)vtime;
	tcsetattr(tty, TCSANOW, &t);
}

/* A new session, with the terminal as its controlling terminal. */
static int new_session(void)
{
	if (setsid() != getpid())
		return -1;
	tty = open(TTY, O_RDWR);
	return tty;
}

/* Run fn in a child, wait for it; true if it exited 0. */
static int in_child(int (*fn)(void))
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	waitpid(pid, &status, 0);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void editing(void)
{
	char buf[128];
	struct pollfd pfd = { .fd = 0, .events = POLLIN };
	struct termios t;
	int fl;

	SAY("canonical\n");
	type("abx\x7f" "c\n");
	CHECK(inq() == 4);
	CHECK(rd(buf, sizeof(buf)) == 4 && !strcmp(buf, "abc\n"));
	type("one two\x17three\n");
	CHECK(rd(buf, sizeof(buf)) == 10 && !strcmp(buf, "one three\n"));
	type("junk\x15ok\n");
	CHECK(rd(buf, sizeof(buf)) == 3 && !strcmp(buf, "ok\n"));
	type("\x7f\x7fz\n");
	CHECK(rd(buf, sizeof(buf)) == 2 && !strcmp(buf, "z\n"));
	type("ab\x04");
	CHECK(rd(buf, sizeof(buf)) == 2 && !strcmp(buf, "ab"));
	type("\x04");
	CHECK(rd(buf, sizeof(buf)) == 0);
	type("hello\n");
	CHECK(rd(buf, 3) == 2 && !strcmp(buf, "he"));
	CHECK(rd(buf, sizeof(buf)) == 4 && !strcmp(buf, "llo\n"));
	type("a\nb\n");
	CHECK(rd(buf, sizeof(buf)) == 2 && !strcmp(buf, "a\n"));
	CHECK(rd(buf, sizeof(buf)) == 2 && !strcmp(buf, "b\n"));
	type("\x16\x15x\n");
	CHECK(rd(buf, sizeof(buf)) == 3 && !strcmp(buf, "\x15x\n"));
	type("cr\r");
	CHECK(rd(buf, sizeof(buf)) == 3 && !strcmp(buf, "cr\n"));
	iflag(IGNCR, 0);
	type("x\ry\n");
	CHECK(rd(buf, sizeof(buf)) == 3 && !strcmp(buf, "xy\n"));
	iflag(0, IGNCR);
	tcgetattr(tty, &t);
	t.c_cc[VEOL] = '!';
	tcsetattr(tty, TCSANOW, &t);
	type("hi!");
	CHECK(rd(buf, sizeof(buf)) == 3 && !strcmp(buf, "hi!"));
	t.c_cc[VEOL] = 0;
	tcsetattr(tty, TCSANOW, &t);

	SAY("a partial line is not readable\n");
	pfd.fd = tty;
	type("par");
	CHECK(inq() == 0);
	CHECK(poll(&pfd, 1, 0) == 0);
	fl = fcntl(tty, F_GETFL);
	fcntl(tty, F_SETFL, fl | O_NONBLOCK);
	CHECK_ERR(read(tty, buf, sizeof(buf)), EAGAIN);
	fcntl(tty, F_SETFL, fl);
	type("\n");
	CHECK(inq() == 4);
	CHECK(poll(&pfd, 1, 0) == 1 && pfd.revents == POLLIN);
	CHECK(rd(buf, sizeof(buf)) == 4);

	SAY("flushing\n");
	type("gone\n");
	CHECK(tcflush(tty, TCIFLUSH) == 0);
	CHECK(inq() == 0);
	type("gone\n");
	tcgetattr(tty, &t);
	CHECK(tcsetattr(tty, TCSAFLUSH, &t) == 0);
	CHECK(inq() == 0);
	CHECK_ERR(tcflush(tty, 7), EINVAL);

	SAY("non-canonical\n");
	type("pend");
	lflag(0, ICANON);
	CHECK(inq() == 4);
	CHECK(rd(buf, sizeof(buf)) == 4 && !strcmp(buf, "pend"));
	vmin_vtime(0, 0);
	CHECK(rd(buf, sizeof(buf)) == 0);
	vmin_vtime(0, 1);
	CHECK(rd(buf, sizeof(buf)) == 0);	/* a tenth of a second, then nothing */
	vmin_vtime(2, 0);
	type("xy\x7f");
	CHECK(rd(buf, sizeof(buf)) == 3 && !strcmp(buf, "xy\x7f"));
	iflag(INLCR | ISTRIP, ICRNL);
	type("\n\xc1");
	CHECK(rd(buf, sizeof(buf)) == 2 && !strcmp(buf, "\rA"));
	iflag(ICRNL, INLCR | ISTRIP);
	vmin_vtime(1, 0);
	type("raw");
	lflag(ICANON, 0);
	CHECK(inq() == 3);
	CHECK(rd(buf, sizeof(buf)) == 3 && !strcmp(buf, "raw"));
}

static void signals(void)
{
	struct winsize ws = { .ws_row = 30, .ws_col = 100 }, ws2;
	char buf[64];

	SAY("signals to the foreground group\n");
	catch(SIGINT);
	catch(SIGQUIT);
	catch(SIGTSTP);
	catch(SIGWINCH);
	type("abc\n\x03");
	CHECK(got[SIGINT] == 1);
	CHECK(inq() == 0);
	type("abc\n\x1c");
	CHECK(got[SIGQUIT] == 1);
	CHECK(inq() == 0);
	type("\x1a");
	CHECK(got[SIGTSTP] == 1);
	lflag(NOFLSH, 0);
	type("abc\n\x03");
	CHECK(got[SIGINT] == 2);
	CHECK(inq() == 4);
	CHECK(rd(buf, sizeof(buf)) == 4);
	lflag(0, NOFLSH | ISIG);
	type("\x03\n");
	CHECK(got[SIGINT] == 2);
	CHECK(rd(buf, sizeof(buf)) == 2 && buf[0] == 3);
	lflag(ISIG, 0);

	SAY("window size\n");
	CHECK(ioctl(tty, TIOCSWINSZ, &ws) == 0);
	CHECK(got[SIGWINCH] == 1);
	CHECK(ioctl(tty, TIOCGWINSZ, &ws2) == 0 && ws2.ws_row == 30 && ws2.ws_col == 100);
	CHECK(ioctl(tty, TIOCSWINSZ, &ws) == 0);
	CHECK(got[SIGWINCH] == 1);		/* no change, no signal */
	memset(&ws, 0, sizeof(ws));
	ioctl(tty, TIOCSWINSZ, &ws);
}

static void ioctls(void)
{
	char path[64], buf[512];
	int v = -1;
	char *p;

	SAY("ioctls\n");
	CHECK(ioctl(tty, TIOCGETD, &v) == 0 && v == 0);
	v = 0;
	CHECK(ioctl(tty, TIOCSETD, &v) == 0);
	v = 5;
	CHECK_ERR(ioctl(tty, TIOCSETD, &v), EINVAL);
	CHECK(ioctl(tty, TIOCOUTQ, &v) == 0 && v == 0);
	CHECK(tcflow(tty, TCOOFF) == 0 && tcflow(tty, TCOON) == 0);
	CHECK_ERR(tcflow(tty, 9), EINVAL);
	CHECK(tcdrain(tty) == 0);
	CHECK(tcsendbreak(tty, 0) == 0);
	CHECK(ioctl(tty, TIOCEXCL) == 0);
	CHECK(ioctl(tty, TIOCGEXCL, &v) == 0 && v == 1);
	CHECK(ioctl(tty, TIOCNXCL) == 0);
	CHECK_ERR(ioctl(tty, TIOCMGET, &v), ENOTTY);
	CHECK_ERR(ioctl(tty, TCGETS, (void *)8), EFAULT);
	v = -1;
	CHECK_ERR(ioctl(tty, TIOCSPGRP, &v), EINVAL);
	v = 999999;
	CHECK_ERR(ioctl(tty, TIOCSPGRP, &v), ESRCH);
	CHECK_ERR(tcsetpgrp(tty, 1), EPERM);		/* init's group: another session */
	CHECK(ioctl(tty, TIOCSCTTY, 0) == 0);		/* ours already */
	CHECK(tcgetsid(tty) == getpid());
	CHECK(tcgetpgrp(tty) == getpgrp());

	SAY("/proc/self/stat\n");
	snprintf(path, sizeof(path), "/proc/%d/stat", getpid());
	CHECK(utest_slurp(path, buf, sizeof(buf)) > 0);
	p = strrchr(buf, ')');
	if (p) {
		int ppid, pgrp, sid, tty_nr, tpgid;
		char state;

		CHECK(sscanf(p + 2, "%c %d %d %d %d %d", &state, &ppid, &pgrp, &sid, &tty_nr,
			     &tpgid) == 6);
		CHECK(tty_nr == (4 << 8 | 64));
		CHECK(tpgid == getpgrp());
	}
}

/* A background child (its own group) runs fn; how did it end or stop? */
static int background(int (*fn)(void))
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		setpgid(0, 0);
		_exit(fn());
	}
	setpgid(pid, pid);
	waitpid(pid, &status, WUNTRACED);
	if (WIFSTOPPED(status)) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return 1000 + WSTOPSIG(status);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

static int bg_read(void)
{
	char c;

	return read(tty, &c, 1) == -1 ? errno : 0;
}

static int bg_read_ignoring(void)
{
	signal(SIGTTIN, SIG_IGN);
	return bg_read();
}

static int bg_write(void)
{
	return write(tty, "", 0) == 0 ? 0 : errno;
}

static int bg_write_ignoring(void)
{
	signal(SIGTTOU, SIG_IGN);
	return bg_write();
}

static int bg_setattr(void)
{
	struct termios t;

	tcgetattr(tty, &t);
	return tcsetattr(tty, TCSANOW, &t) == 0 ? 0 : errno;
}

static int bg_setattr_blocking(void)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGTTOU);
	sigprocmask(SIG_BLOCK, &s, NULL);
	return bg_setattr();
}

/* Through /dev/console: no job control checks (the line is typed first). */
static int bg_console(void)
{
	int fd = open("/dev/console", O_RDWR);
	char buf[16];

	if (fd < 0 || read(fd, buf, sizeof(buf)) != 4 || write(fd, "", 0) != 0)
		return 1;
	return 0;
}

/* Take the foreground, then give it back to the parent's group. */
static int bg_setpgrp(void)
{
	signal(SIGTTOU, SIG_IGN);
	if (tcsetpgrp(tty, getpgrp()) || tcgetpgrp(tty) != getpgrp())
		return 1;
	return tcsetpgrp(tty, getpgid(getppid())) ? 2 : 0;
}

static int go[2];

/* Read once in the foreground (the parent says when it gave the terminal). */
static int fg_reader(void)
{
	char c;

	read(go[0], &c, 1);
	return (int)read(tty, &c, 1);
}

static void jobs(void)
{
	int status = -1;
	sigset_t ttou, old;
	pid_t pid;

	SAY("background jobs\n");
	CHECK(background(bg_read) == 1000 + SIGTTIN);
	CHECK(background(bg_read_ignoring) == EIO);
	CHECK(background(bg_write) == 0);
	lflag(TOSTOP, 0);
	CHECK(background(bg_write) == 1000 + SIGTTOU);
	CHECK(background(bg_write_ignoring) == 0);
	type("con\n");
	CHECK(background(bg_console) == 0);
	lflag(0, TOSTOP);
	CHECK(background(bg_setattr) == 1000 + SIGTTOU);
	CHECK(background(bg_setattr_blocking) == 0);
	CHECK(background(bg_setpgrp) == 0);
	CHECK(tcgetpgrp(tty) == getpgrp());

	SAY("a foreground job: ^Z, continue, ^C\n");
	sigemptyset(&ttou);
	sigaddset(&ttou, SIGTTOU);
	sigprocmask(SIG_BLOCK, &ttou, &old);
	signal(SIGTSTP, SIG_DFL);	/* the child's from its start */
	signal(SIGINT, SIG_DFL);
	CHECK(pipe(go) == 0);
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		sigprocmask(SIG_SETMASK, &old, NULL);
		_exit(fg_reader());
	}
	setpgid(pid, pid);
	CHECK(tcsetpgrp(tty, pid) == 0);
	signal(SIGTSTP, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	write(go[1], "g", 1);
	type("\x1a");
	CHECK(waitpid(pid, &status, WUNTRACED) == pid && WIFSTOPPED(status) &&
	      WSTOPSIG(status) == SIGTSTP);
	CHECK(kill(pid, SIGCONT) == 0);
	CHECK(waitpid(pid, &status, WCONTINUED) == pid && WIFCONTINUED(status));
	type("\x03");
	CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
	      WTERMSIG(status) == SIGINT);
	CHECK(tcsetpgrp(tty, getpgrp()) == 0);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static int drop_ctty(void)
{
	if (ioctl(tty, TIOCNOTTY) != 0)
		return 1;
	if (open("/dev/tty", O_RDWR) != -1 || errno != ENXIO)
		return 2;
	return ioctl(tty, TIOCGPGRP, &(int){ 0 }) == -1 && errno == ENOTTY ? 0 : 3;
}

/* The first session: everything but the hangup and stealing. */
static int session(void)
{
	struct termios t;
	int fd;

	CHECK(setsid() == getpid());
	CHECK_ERR(open("/dev/tty", O_RDWR), ENXIO);
	fd = open("/dev/console", O_RDWR);
	CHECK(fd >= 0);
	CHECK_ERR(tcgetsid(fd), ENOTTY);		/* /dev/console: never acquired */
	close(fd);
	fd = open(TTY, O_RDWR | O_NOCTTY);
	CHECK(fd >= 0);
	CHECK_ERR(tcgetsid(fd), ENOTTY);
	CHECK(isatty(fd));
	close(fd);
	tty = open(TTY, O_RDWR);
	CHECK(tty >= 0);
	CHECK(tcgetsid(tty) == getpid());
	CHECK(tcgetpgrp(tty) == getpgrp());
	fd = open("/dev/tty", O_RDWR);
	CHECK(fd >= 0 && tcgetpgrp(fd) == getpgrp());
	close(fd);

	SAY("the default settings\n");
	CHECK(tcgetattr(tty, &saved) == 0);
	CHECK((saved.c_lflag & (ICANON | ECHO | ECHOE | ECHOK | ISIG | IEXTEN | ECHOCTL)) ==
	      (ICANON | ECHO | ECHOE | ECHOK | ISIG | IEXTEN | ECHOCTL));
	CHECK((saved.c_iflag & (ICRNL | IXON)) == (ICRNL | IXON));
	CHECK((saved.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR));
	CHECK(saved.c_cc[VINTR] == 3 && saved.c_cc[VERASE] == 0x7f && saved.c_cc[VEOF] == 4 &&
	      saved.c_cc[VMIN] == 1 && saved.c_cc[VTIME] == 0);
	CHECK(cfgetospeed(&saved) == B115200);
	t = saved;
	t.c_lflag &= ~(tcflag_t)ECHO;			/* quiet from here on */
	CHECK(tcsetattr(tty, TCSANOW, &t) == 0);

	editing();
	signals();
	ioctls();
	jobs();
	SAY("TIOCNOTTY in a child\n");
	CHECK(in_child(drop_ctty));
	CHECK(tcgetsid(tty) == getpid());		/* the parent keeps it */
	CHECK(tcsetattr(tty, TCSANOW, &saved) == 0);
	return utest_done();
}

static volatile sig_atomic_t hup;

static void on_hup(int sig)
{
	(void)sig;
	hup = 1;
}

static int result_pipe[2];

/* The hangup: a leader gives its foreground to a child, then exits. */
static int hangup_leader(void)
{
	int ready[2];
	sigset_t ttou;
	pid_t pid;
	char c;

	if (new_session() < 0 || pipe(ready))
		return 1;
	pid = fork();
	if (pid == 0) {
		sigset_t none, block;

		sigemptyset(&block);
		sigaddset(&block, SIGHUP);
		sigprocmask(SIG_BLOCK, &block, &none);
		sigdelset(&none, SIGHUP);
		set_sig(SIGHUP, on_hup);
		setpgid(0, 0);
		write(ready[1], "r", 1);
		while (!hup)
			sigsuspend(&none);
		c = (char)(read(tty, &c, 1) == 0 &&			/* end of file */
			   write(tty, "x", 1) == -1 && errno == EIO &&
			   tcgetpgrp(tty) == -1 && errno == EIO &&
			   open("/dev/tty", O_RDWR) == -1 && errno == ENXIO);
		write(result_pipe[1], &c, 1);
		_exit(0);
	}
	setpgid(pid, pid);
	read(ready[0], &c, 1);
	sigemptyset(&ttou);
	sigaddset(&ttou, SIGTTOU);
	sigprocmask(SIG_BLOCK, &ttou, NULL);
	tcsetpgrp(tty, pid);
	return 0;			/* the session leader exits */
}

static int steal_pipe[2];

/* Stealing: a second session takes the terminal with TIOCSCTTY 1, then waits. */
static int thief(void)
{
	char ok;
	int fd;

	ok = setsid() == getpid() &&
	     (fd = open(TTY, O_RDWR)) >= 0 &&
	     tcgetsid(fd) == -1 &&			/* the first session's: not acquired */
	     ioctl(fd, TIOCSCTTY, 0) == -1 && errno == EPERM &&
	     ioctl(fd, TIOCSCTTY, 1) == 0 && tcgetsid(fd) == getpid();
	write(steal_pipe[1], &ok, 1);
	pause();				/* until killed */
	return 0;
}

static int steal(void)
{
	char ok = 0;
	pid_t pid;

	if (new_session() < 0 || tcgetsid(tty) != getpid() || pipe(steal_pipe))
		return 1;
	pid = fork();
	if (pid == 0)
		_exit(thief());
	read(steal_pipe[0], &ok, 1);
	if (!ok)
		return 2;
	if (tcgetpgrp(tty) != -1 || errno != ENOTTY)	/* ours no more */
		return 3;
	if (open("/dev/tty", O_RDWR) != -1 || errno != ENXIO)
		return 4;
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return 0;
}

static int orphan_pipe[2];

static void orphan_hup(int sig)
{
	char c = (char)sig;

	write(orphan_pipe[1], &c, 1);
	_exit(0);
}

/*
 * A stopped job whose group the exit of its parent orphans gets SIGHUP
 * and SIGCONT: the parent (in another group of the session) exits.
 */
static int orphaning_parent(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		set_sig(SIGHUP, orphan_hup);
		setpgid(0, 0);
		raise(SIGSTOP);
		_exit(1);
	}
	setpgid(pid, pid);
	if (waitpid(pid, &status, WUNTRACED) != pid || !WIFSTOPPED(status))
		return 1;
	return 0;		/* the stopped child's group is orphaned now */
}

static int non_leader(void)
{
	int fd = open(TTY, O_RDWR);

	return ioctl(fd, TIOCSCTTY, 0) == -1 && errno == EPERM ? 0 : 1;
}

int main(void)
{
	char c = 0;

	utest_start("tty");
	if (access(TTY, F_OK))
		mknod(TTY, S_IFCHR | 0600, makedev(4, 64));
	CHECK(in_child(session));

	SAY("the session leader exits: hangup\n");
	CHECK(pipe(result_pipe) == 0);
	CHECK(in_child(hangup_leader));
	CHECK(read(result_pipe[0], &c, 1) == 1 && c == 1);

	SAY("an orphaned group with a stopped job: SIGHUP and SIGCONT\n");
	CHECK(pipe(orphan_pipe) == 0);
	CHECK(in_child(orphaning_parent));
	CHECK(read(orphan_pipe[0], &c, 1) == 1 && c == SIGHUP);

	SAY("TIOCSCTTY\n");
	CHECK(in_child(non_leader));
	CHECK(in_child(steal));
	return utest_done();
}
