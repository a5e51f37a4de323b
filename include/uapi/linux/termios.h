/*
 * Terminals: struct termios and its flags, the window size, and the tty
 * ioctl numbers, with Linux's values (asm-generic/termbits.h,
 * termbits-common.h, ioctls.h). The termios is also the terminal layer's
 * own state (drivers/tty keeps a struct termios2 per tty).
 */
#ifndef UAPI_LINUX_TERMIOS_H
#define UAPI_LINUX_TERMIOS_H

#include <lib/compiler.h>

typedef unsigned char cc_t;
typedef unsigned int speed_t;
typedef unsigned int tcflag_t;

#define NCCS		19

/* TCGETS / TCSETS* */
struct termios {
	tcflag_t c_iflag;
	tcflag_t c_oflag;
	tcflag_t c_cflag;
	tcflag_t c_lflag;
	cc_t c_line;
	cc_t c_cc[NCCS];
};

/* TCGETS2 / TCSETS*2: the same with the speeds */
struct termios2 {
	tcflag_t c_iflag;
	tcflag_t c_oflag;
	tcflag_t c_cflag;
	tcflag_t c_lflag;
	cc_t c_line;
	cc_t c_cc[NCCS];
	speed_t c_ispeed;
	speed_t c_ospeed;
};

struct winsize {
	unsigned short ws_row;
	unsigned short ws_col;
	unsigned short ws_xpixel;
	unsigned short ws_ypixel;
};

/* c_cc indices */
#define VINTR		0
#define VQUIT		1
#define VERASE		2
#define VKILL		3
#define VEOF		4
#define VTIME		5
#define VMIN		6
#define VSWTC		7
#define VSTART		8
#define VSTOP		9
#define VSUSP		10
#define VEOL		11
#define VREPRINT	12
#define VDISCARD	13
#define VWERASE		14
#define VLNEXT		15
#define VEOL2		16

/* c_iflag */
#define IGNBRK		0x001
#define BRKINT		0x002
#define IGNPAR		0x004
#define PARMRK		0x008
#define INPCK		0x010
#define ISTRIP		0x020
#define INLCR		0x040
#define IGNCR		0x080
#define ICRNL		0x100
#define IUCLC		0x0200
#define IXON		0x0400
#define IXANY		0x800
#define IXOFF		0x1000
#define IMAXBEL		0x2000
#define IUTF8		0x4000

/* c_oflag */
#define OPOST		0x01
#define OLCUC		0x02
#define ONLCR		0x04
#define OCRNL		0x08
#define ONOCR		0x10
#define ONLRET		0x20
#define OFILL		0x40
#define OFDEL		0x80
#define TABDLY		0x01800
#define XTABS		0x01800

/* c_cflag */
#define CBAUD		0x0000100f
#define B38400		0x0000000f
#define B115200		0x00001002
#define CSIZE		0x00000030
#define CS8		0x00000030
#define CREAD		0x00000080
#define HUPCL		0x00000400
#define CLOCAL		0x00000800

/* c_lflag */
#define ISIG		0x00001
#define ICANON		0x00002
#define XCASE		0x00004
#define ECHO		0x00008
#define ECHOE		0x00010
#define ECHOK		0x00020
#define ECHONL		0x00040
#define NOFLSH		0x00080
#define TOSTOP		0x00100
#define ECHOCTL		0x00200
#define ECHOPRT		0x00400
#define ECHOKE		0x00800
#define FLUSHO		0x01000
#define PENDIN		0x04000
#define IEXTEN		0x08000
#define EXTPROC		0x10000

/* TCXONC arguments */
#define TCOOFF		0
#define TCOON		1
#define TCIOFF		2
#define TCION		3
/* TCFLSH arguments */
#define TCIFLUSH	0
#define TCOFLUSH	1
#define TCIOFLUSH	2

/* ioctls */
#define TCGETS		0x5401
#define TCSETS		0x5402
#define TCSETSW		0x5403
#define TCSETSF		0x5404
#define TCSBRK		0x5409
#define TCXONC		0x540A
#define TCFLSH		0x540B
#define TIOCEXCL	0x540C
#define TIOCNXCL	0x540D
#define TIOCSCTTY	0x540E
#define TIOCGPGRP	0x540F
#define TIOCSPGRP	0x5410
#define TIOCOUTQ	0x5411
#define TIOCSTI		0x5412
#define TIOCGWINSZ	0x5413
#define TIOCSWINSZ	0x5414
#define TIOCINQ		0x541B		/* FIONREAD */
#define TIOCNOTTY	0x5422
#define TIOCSETD	0x5423
#define TIOCGETD	0x5424
#define TCSBRKP		0x5425
#define TIOCGSID	0x5429
#define TCGETS2		0x802c542a	/* _IOR('T', 0x2A, struct termios2) */
#define TCSETS2		0x402c542b	/* _IOW('T', 0x2B, struct termios2) */
#define TCSETSW2	0x402c542c
#define TCSETSF2	0x402c542d
#define TIOCGEXCL	0x80045440	/* _IOR('T', 0x40, int) */

#define N_TTY		0		/* the one line discipline */

_Static_assert(sizeof(struct termios) == 36, "struct termios");
_Static_assert(sizeof(struct termios2) == 44, "struct termios2");

#endif
