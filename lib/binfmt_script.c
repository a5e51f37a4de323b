/*
 * "#!" line parsing (see <lib/binfmt_script.h>). All positions are indexes
 * into out->buf, a NUL-padded copy of the first BINPRM_BUF_SIZE bytes; the
 * line ends at "end" (exclusive): the newline, or the buffer's last byte
 * when there is none.
 */
#include <lib/binfmt_script.h>
#include <lib/errno.h>
#include <lib/string.h>

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* First index in [i, end) that is not blank, or end. */
static size_t skip_blanks(const char *s, size_t i, size_t end)
{
	while (i < end && blank(s[i]))
		i++;
	return i;
}

/* First index in [i, end) that is blank or NUL, or end. */
static size_t skip_word(const char *s, size_t i, size_t end)
{
	while (i < end && !blank(s[i]) && s[i])
		i++;
	return i;
}

int script_parse(const char *buf, size_t len, struct script_line *out)
{
	char *s = out->buf;
	size_t end, name, sep, arg;

	memset(s, 0, BINPRM_BUF_SIZE);
	memcpy(s, buf, MIN(len, (size_t)BINPRM_BUF_SIZE));
	out->interp = out->arg = NULL;
	if (s[0] != '#' || s[1] != '!')
		return -ENOEXEC;

	/* The newline, looked for only up to the first NUL (strnchr). */
	for (end = 2; end < BINPRM_BUF_SIZE && s[end] && s[end] != '\n'; end++)
		;
	if (end == BINPRM_BUF_SIZE || s[end] != '\n') {
		/* Truncated: the name must end inside the buffer. */
		end = BINPRM_BUF_SIZE - 1;
		name = skip_blanks(s, 2, BINPRM_BUF_SIZE);
		if (name == BINPRM_BUF_SIZE ||
		    skip_word(s, name, BINPRM_BUF_SIZE) == BINPRM_BUF_SIZE)
			return -ENOEXEC;
	}
	while (blank(s[end - 1]))
		end--;

	/*
	 * A NUL here gives an empty name, as on Linux: not -ENOEXEC, but the
	 * caller's lookup of "" then fails with -ENOENT.
	 */
	name = skip_blanks(s, 2, end);
	if (name == end)
		return -ENOEXEC;
	sep = skip_word(s, name, end);
	if (sep < end && s[sep]) {
		arg = skip_blanks(s, sep, end);
		if (arg < end)
			out->arg = s + arg;
		s[sep] = '\0';
	}
	s[end] = '\0';
	out->interp = s + name;
	return 0;
}
