/* Id allocation (see <kernel/pid.h>): a bitmap searched from the last id. */
#include <kernel/pid.h>
#include <kernel/spinlock.h>
#include <lib/errno.h>

#define PID_WRAP_START	300	/* after a wrap, skip the daemons' ids, as Linux */

static struct spinlock pid_lock = SPINLOCK_INIT("pid", LOCK_PID);
static unsigned long pid_map[PID_MAX / (8 * sizeof(unsigned long))];	/* [pid_lock] */
static int last_pid;							/* [pid_lock] */

static bool pid_used(int pid)
{
	return pid_map[pid / 64] & (1UL << (pid % 64));
}

int pid_alloc(void)
{
	int pid = -EAGAIN;

	spin_lock(&pid_lock);
	for (int n = 0, p = last_pid + 1; n < PID_MAX; n++, p++) {
		if (p >= PID_MAX)
			p = PID_WRAP_START;
		if (!pid_used(p)) {
			pid_map[p / 64] |= 1UL << (p % 64);
			last_pid = p;
			pid = p;
			break;
		}
	}
	spin_unlock(&pid_lock);
	return pid;
}

void pid_free(int pid)
{
	if (pid <= 0 || pid >= PID_MAX)
		return;
	spin_lock(&pid_lock);
	pid_map[pid / 64] &= ~(1UL << (pid % 64));
	spin_unlock(&pid_lock);
}
