/*
 * The terminal ioctls on files that are not terminals, and /dev/tty
 * without a controlling terminal: what a program sees on a pipe, a
 * regular file or /dev/null is ENOTTY for every terminal request
 * (tcgetattr, tcsetattr, isatty, the window size, the foreground group,
 * TIOCSCTTY ...), EBADF for a closed descriptor, and ENXIO from opening
 * /dev/tty in a process with no controlling terminal (the test runs in
 * a session without one, under qemu-riscv64 and on the kernel).
 * Standard input and output are left alone: they are the console on the
 * kernel and not a terminal under qemu-riscv64.
 */
#define _GNU_SOURCE
#include <sys/ioctl.h>
#include <termios.h>
#include "utest.h"

/* Every terminal request on fd fails with ENOTTY. */
static void not_a_tty(int fd)
{
	struct termios t;
	struct winsize ws = { 24, 80, 0, 0 };
	int v = 0;
	char name[64];

	CHECK(!isatty(fd));
	CHECK(errno == ENOTTY);
	CHECK_ERR(tcgetattr(fd, &t), ENOTTY);
	memset(&t, 0, sizeof(t));
	CHECK_ERR(tcsetattr(fd, TCSANOW, &t), ENOTTY);
	CHECK_ERR(tcsetattr(fd, TCSADRAIN, &t), ENOTTY);
	CHECK_ERR(tcsetattr(fd, TCSAFLUSH, &t), ENOTTY);
	CHECK_ERR(ioctl(fd, TIOCGWINSZ, &ws), ENOTTY);
	CHECK_ERR(ioctl(fd, TIOCSWINSZ, &ws), ENOTTY);
	CHECK_ERR(tcgetpgrp(fd), ENOTTY);
	CHECK_ERR(tcsetpgrp(fd, getpgrp()), ENOTTY);
	CHECK_ERR(tcgetsid(fd), ENOTTY);
	CHECK_ERR(ioctl(fd, TIOCSCTTY, 0), ENOTTY);
	CHECK_ERR(ioctl(fd, TIOCNOTTY), ENOTTY);
	CHECK_ERR(tcflush(fd, TCIFLUSH), ENOTTY);
	CHECK_ERR(tcflow(fd, TCOON), ENOTTY);
	CHECK_ERR(tcdrain(fd), ENOTTY);
	CHECK_ERR(tcsendbreak(fd, 0), ENOTTY);
	CHECK_ERR(ioctl(fd, TIOCOUTQ, &v), ENOTTY);
	CHECK_ERR(ioctl(fd, TIOCGETD, &v), ENOTTY);
	CHECK_ERR(ioctl(fd, TIOCEXCL), ENOTTY);
	CHECK(ttyname_r(fd, name, sizeof(name)) == ENOTTY);
}

int main(void)
{
	struct termios t;
	int p[2], fd, v;

	utest_start("termios");

	SAY("a pipe\n");
	CHECK(pipe(p) == 0);
	not_a_tty(p[0]);
	not_a_tty(p[1]);
	CHECK(write(p[1], "abc", 3) == 3);
	CHECK(ioctl(p[0], FIONREAD, &v) == 0 && v == 3);	/* a pipe's own */
	close(p[0]);
	close(p[1]);

	SAY("a regular file\n");
	fd = open("termios.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0);
	not_a_tty(fd);
	close(fd);
	unlink("termios.tmp");

	SAY("/dev/null\n");
	fd = open("/dev/null", O_RDWR);
	CHECK(fd >= 0);
	not_a_tty(fd);
	close(fd);

	SAY("a closed descriptor\n");
	CHECK_ERR(tcgetattr(fd, &t), EBADF);
	CHECK_ERR(ioctl(fd, TIOCGWINSZ, &v), EBADF);
	CHECK(!isatty(fd));
	CHECK(errno == EBADF);

	SAY("no controlling terminal\n");
	CHECK_ERR(open("/dev/tty", O_RDWR), ENXIO);
	CHECK_ERR(open("/dev/tty", O_RDONLY | O_NOCTTY), ENXIO);
	return utest_done();
}
