/* The host and domain names (see <kernel/utsname.h>). */
#include <kernel/utsname.h>
#include <kernel/mutex.h>
#include <lib/string.h>

static struct mutex uts_lock = MUTEX_INIT(uts_lock, "uts");
static char hostname[UTS_NAME_LEN + 1] = "(none)";	/* [uts_lock] */
static char domainname[UTS_NAME_LEN + 1] = "(none)";	/* [uts_lock] */

static void get(char *buf, const char *name)
{
	mutex_lock(&uts_lock);
	memcpy(buf, name, UTS_NAME_LEN + 1);
	mutex_unlock(&uts_lock);
}

static void set(char *name, const char *from, size_t len)
{
	mutex_lock(&uts_lock);
	memcpy(name, from, len);
	memset(name + len, 0, UTS_NAME_LEN + 1 - len);
	mutex_unlock(&uts_lock);
}

void uts_hostname(char *buf)
{
	get(buf, hostname);
}

void uts_domainname(char *buf)
{
	get(buf, domainname);
}

void uts_set_hostname(const char *name, size_t len)
{
	set(hostname, name, len);
}

void uts_set_domainname(const char *name, size_t len)
{
	set(domainname, name, len);
}
