/*
 * vsnprintf: C99 formatting into a bounded buffer (see <lib/printf.h>).
 *
 * Output goes through struct out, which stores what fits and counts
 * everything, so the return value is the untruncated length and a padding
 * of a million spaces costs one memset, not a million calls. Each conversion
 * is parsed into a struct spec (flags, width, precision, length modifier,
 * conversion letter); integers are then laid out as
 *
 *	[spaces] [sign or 0x] [zeros] digits [spaces]
 *
 * where the zeros come from the precision, or from the width under the '0'
 * flag when there is no precision and no '-'. Helpers read arguments
 * through a pointer to a va_copy of ap, not &ap: where va_list is an array
 * type (x86-64, the host test build) the parameter ap has decayed to a
 * pointer and &ap would have the wrong type.
 */
#include <lib/compiler.h>
#include <lib/errno.h>
#include <lib/printf.h>
#include <lib/string.h>

enum {
	FL_LEFT		= 1 << 0,	/* '-': pad on the right */
	FL_ZERO		= 1 << 1,	/* '0': zero-pad numbers */
	FL_PLUS		= 1 << 2,	/* '+': '+' on positives */
	FL_SPACE	= 1 << 3,	/* ' ': ' ' on positives */
	FL_ALT		= 1 << 4,	/* '#': 0x, or octal 0 */
};

enum length {
	LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J,
	LEN_BIG_L,	/* 'L': long double, only consumed */
};

struct spec {
	unsigned int flags;
	int width;		/* 0: none */
	int prec;		/* -1: none */
	enum length len;
	char conv;
};

struct out {
	char *buf;
	size_t size;
	size_t len;		/* bytes produced so far, stored or not */
};

#define INT_MAX_VAL	__INT_MAX__
#define NUM_DIGITS_MAX	22	/* octal digits of a 64-bit value */
BUILD_BUG_ON(sizeof(unsigned long long) != 8);

static void out_mem(struct out *o, const char *s, size_t n)
{
	if (o->len < o->size) {
		size_t room = o->size - o->len;

		memcpy(o->buf + o->len, s, n < room ? n : room);
	}
	o->len += n;
}

static void out_fill(struct out *o, char c, size_t n)
{
	if (o->len < o->size) {
		size_t room = o->size - o->len;

		memset(o->buf + o->len, c, n < room ? n : room);
	}
	o->len += n;
}

static unsigned int flag_bit(char c)
{
	switch (c) {
	case '-': return FL_LEFT;
	case '0': return FL_ZERO;
	case '+': return FL_PLUS;
	case ' ': return FL_SPACE;
	case '#': return FL_ALT;
	default: return 0;
	}
}

/* Decimal field from fmt, saturating instead of overflowing. */
static int parse_num(const char **fmt)
{
	const char *f = *fmt;
	int v = 0;

	for (; *f >= '0' && *f <= '9'; f++) {
		if (v > (INT_MAX_VAL - 9) / 10)
			v = INT_MAX_VAL;
		else
			v = v * 10 + (*f - '0');
	}
	*fmt = f;
	return v;
}

static const char *parse_length(const char *f, enum length *len)
{
	switch (*f) {
	case 'h':
		*len = f[1] == 'h' ? LEN_HH : LEN_H;
		return f + (f[1] == 'h' ? 2 : 1);
	case 'l':
		*len = f[1] == 'l' ? LEN_LL : LEN_L;
		return f + (f[1] == 'l' ? 2 : 1);
	case 'z': *len = LEN_Z; return f + 1;
	case 't': *len = LEN_T; return f + 1;
	case 'j': *len = LEN_J; return f + 1;
	case 'L': *len = LEN_BIG_L; return f + 1;
	default: *len = LEN_NONE; return f;
	}
}

/* Parse what follows a '%'; returns the address of the conversion letter. */
static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	unsigned int bit;

	for (sp->flags = 0; (bit = flag_bit(*f)); f++)
		sp->flags |= bit;
	if (*f == '*') {
		int w = va_arg(*ap, int);

		f++;
		if (w < 0) {	/* a negative * width means '-' */
			sp->flags |= FL_LEFT;
			w = w < -INT_MAX_VAL ? INT_MAX_VAL : -w;
		}
		sp->width = w;
	} else {
		sp->width = parse_num(&f);
	}
	sp->prec = -1;
	if (*f == '.') {
		f++;
		if (*f == '*') {
			int p = va_arg(*ap, int);

			f++;
			sp->prec = p < 0 ? -1 : p;	/* as if omitted */
		} else {
			sp->prec = parse_num(&f);
		}
	}
	f = parse_length(f, &sp->len);
	sp->conv = *f;
	return f;
}

static unsigned long long fetch_unsigned(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH: return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H: return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L: return va_arg(*ap, unsigned long);
	case LEN_LL: return va_arg(*ap, unsigned long long);
	case LEN_Z:
	case LEN_T: return va_arg(*ap, size_t);
	case LEN_J: return va_arg(*ap, uintmax_t);
	default: return va_arg(*ap, unsigned int);
	}
}

static long long fetch_signed(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH: return (signed char)va_arg(*ap, int);
	case LEN_H: return (short)va_arg(*ap, int);
	case LEN_L: return va_arg(*ap, long);
	case LEN_LL: return va_arg(*ap, long long);
	case LEN_Z:
	case LEN_T: return va_arg(*ap, ptrdiff_t);
	case LEN_J: return va_arg(*ap, intmax_t);
	default: return va_arg(*ap, int);
	}
}

/* s[0..n) padded to the field width with spaces ('0' is ignored, as glibc). */
static void fmt_padded(struct out *o, const struct spec *sp, const char *s,
		       size_t n)
{
	size_t pad = (size_t)sp->width > n ? (size_t)sp->width - n : 0;

	if (!(sp->flags & FL_LEFT))
		out_fill(o, ' ', pad);
	out_mem(o, s, n);
	if (sp->flags & FL_LEFT)
		out_fill(o, ' ', pad);
}

/* Sign or base prefix of an integer conversion; returns its length. */
static size_t number_prefix(const struct spec *sp, bool neg, bool zero,
			    char prefix[2])
{
	bool is_signed = sp->conv == 'd' || sp->conv == 'i';
	bool is_hex = sp->conv == 'x' || sp->conv == 'X';

	if (neg || (is_signed && (sp->flags & (FL_PLUS | FL_SPACE)))) {
		prefix[0] = neg ? '-' : (sp->flags & FL_PLUS) ? '+' : ' ';
		return 1;
	}
	if (sp->conv == 'p' || (is_hex && (sp->flags & FL_ALT) && !zero)) {
		prefix[0] = '0';
		prefix[1] = sp->conv == 'X' ? 'X' : 'x';
		return 2;
	}
	return 0;
}

/* Integer conversions d i u o x X p: v is the magnitude. */
static void fmt_number(struct out *o, const struct spec *sp,
		       unsigned long long v, bool neg)
{
	bool hex = sp->conv == 'x' || sp->conv == 'X' || sp->conv == 'p';
	unsigned int base = sp->conv == 'o' ? 8 : hex ? 16 : 10;
	const char *set = sp->conv == 'X' ? "0123456789ABCDEF"
					  : "0123456789abcdef";
	char digits[NUM_DIGITS_MAX], prefix[2];
	size_t ndig = 0, npre, zeros, pad, total;
	size_t prec = sp->prec < 0 ? 1 : (size_t)sp->prec;

	npre = number_prefix(sp, neg, v == 0, prefix);
	for (; v; v /= base)
		digits[sizeof(digits) - ++ndig] = set[v % base];
	if (sp->conv == 'o' && (sp->flags & FL_ALT) && prec <= ndig)
		prec = ndig + 1;	/* '#' makes the first octal digit 0 */
	zeros = prec > ndig ? prec - ndig : 0;
	total = npre + zeros + ndig;
	pad = (size_t)sp->width > total ? (size_t)sp->width - total : 0;
	if ((sp->flags & (FL_ZERO | FL_LEFT)) == FL_ZERO && sp->prec < 0) {
		zeros += pad;
		pad = 0;
	}
	if (!(sp->flags & FL_LEFT))
		out_fill(o, ' ', pad);
	out_mem(o, prefix, npre);
	out_fill(o, '0', zeros);
	out_mem(o, digits + sizeof(digits) - ndig, ndig);
	if (sp->flags & FL_LEFT)
		out_fill(o, ' ', pad);
}

static void fmt_string(struct out *o, const struct spec *sp, const char *s)
{
	/* Like glibc, "(null)" or nothing: never a part of it. */
	if (!s)
		s = sp->prec < 0 || sp->prec >= 6 ? "(null)" : "";
	fmt_padded(o, sp, s, sp->prec < 0 ? strlen(s) : strnlen(s, sp->prec));
}

static void fmt_pointer(struct out *o, const struct spec *sp, const void *p)
{
	if (!p)
		fmt_padded(o, sp, "(nil)", 5);
	else
		fmt_number(o, sp, (uintptr_t)p, false);
}

/*
 * Format the conversion that starts at the '%' at pct; returns where the
 * literal text after it starts.
 */
static const char *format_one(struct out *o, const char *pct, va_list *ap)
{
	struct spec sp;
	const char *f = parse_spec(pct + 1, &sp, ap);
	unsigned long long mag;
	long long sv;
	char c;

	switch (sp.conv) {
	case 'd':
	case 'i':
		sv = fetch_signed(ap, sp.len);
		mag = sv < 0 ? -(unsigned long long)sv : (unsigned long long)sv;
		fmt_number(o, &sp, mag, sv < 0);
		break;
	case 'u':
	case 'o':
	case 'x':
	case 'X':
		fmt_number(o, &sp, fetch_unsigned(ap, sp.len), false);
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		fmt_padded(o, &sp, &c, 1);
		break;
	case 's':
		fmt_string(o, &sp, va_arg(*ap, const char *));
		break;
	case 'p':
		fmt_pointer(o, &sp, va_arg(*ap, const void *));
		break;
	case '%':
		out_mem(o, "%", 1);
		break;
	case 'n':
		(void)va_arg(*ap, void *);
		break;
	case 'f': case 'F': case 'e': case 'E':
	case 'g': case 'G': case 'a': case 'A':
		if (sp.len == LEN_BIG_L)
			(void)va_arg(*ap, long double);
		else
			(void)va_arg(*ap, double);
		out_mem(o, pct, f + 1 - pct);
		break;
	case '\0':
		return f;	/* lone '%' at the end: nothing */
	default:
		out_mem(o, pct, f + 1 - pct);
		break;
	}
	return f + 1;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size, .len = 0 };
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		size_t n = 0;

		while (fmt[n] && fmt[n] != '%')
			n++;
		out_mem(&o, fmt, n);
		fmt += n;
		if (*fmt == '%')
			fmt = format_one(&o, fmt, &args);
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len > INT_MAX_VAL ? -EOVERFLOW : (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return len;
}
