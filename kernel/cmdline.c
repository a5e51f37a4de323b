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

/* Find key as a whole word; returns the char after the key, or NULL. */
static const char *find_key(const char *key)
{
	size_t klen = strlen(key);

	for (const char *p = cmdline; *p; ) {
		while (*p == ' ')
			p++;
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
