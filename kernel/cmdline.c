/* Command line lookup: a private copy, scanned word by word. */
#include <kernel/cmdline.h>
#include <lib/string.h>

static char cmdline[CMDLINE_MAX];

void cmdline_init(const char *bootargs)
{
	strlcpy(cmdline, bootargs ? bootargs : "", sizeof(cmdline));
}

const char *cmdline_get(void)
{
	return cmdline;
}

static bool is_dashes(const char *p)
{
	return p[0] == '-' && p[1] == '-' && (p[2] == ' ' || !p[2]);
}

/*
 * Find key as a whole word before "--" (what follows is init's);
 * returns the char after the key, or NULL.
 */
static const char *find_key(const char *key)
{
	size_t klen = strlen(key);

	for (const char *p = cmdline; *p; ) {
		while (*p == ' ')
			p++;
		if (is_dashes(p))
			return NULL;
		if (!strncmp(p, key, klen) && (p[klen] == '=' || p[klen] == ' ' || !p[klen]))
			return p + klen;
		while (*p && *p != ' ')
			p++;
	}
	return NULL;
}

bool cmdline_has(const char *key)
{
	return find_key(key) != NULL;
}

bool cmdline_value(const char *key, char *buf, size_t size)
{
	const char *v = find_key(key);
	size_t n = 0;

	if (!v || *v != '=' || !size)
		return false;
	v++;
	while (v[n] && v[n] != ' ')
		n++;
	n = MIN(n, size - 1);
	memcpy(buf, v, n);
	buf[n] = '\0';
	return true;
}

int cmdline_init_args(char *buf, size_t size, const char **argv, int max)
{
	const char *p = cmdline;
	int n = 0;

	while (*p && !is_dashes(p)) {
		while (*p && *p != ' ')
			p++;
		while (*p == ' ')
			p++;
	}
	if (!*p || !size)
		return 0;
	strlcpy(buf, p + 2, size);
	for (char *w = buf; *w && n < max; ) {
		while (*w == ' ')
			*w++ = '\0';
		if (!*w)
			break;
		argv[n++] = w;
		while (*w && *w != ' ')
			w++;
	}
	return n;
}
