/*
 * Who the caller is, for the file layer: the ids of the calling process
 * (<kernel/proc.h>), read under its lock. Permission checks use the
 * file-system ids (fsuid/fsgid, normally the effective ones); access(2)
 * uses the real ones. A kernel thread with no process is root.
 *
 * Kept apart so host tests can replace it (tests/host/fs_stubs.c).
 */
#include "internal.h"
#include <kernel/proc.h>

uint32_t fs_cred_uid(bool real)
{
	struct process *p = current ? current_proc() : NULL;
	uint32_t uid;

	if (!p)
		return 0;
	spin_lock(&p->lock);
	uid = real ? p->cred.uid : p->cred.fsuid;
	spin_unlock(&p->lock);
	return uid;
}

uint32_t fs_cred_gid(bool real)
{
	struct process *p = current ? current_proc() : NULL;
	uint32_t gid;

	if (!p)
		return 0;
	spin_lock(&p->lock);
	gid = real ? p->cred.gid : p->cred.fsgid;
	spin_unlock(&p->lock);
	return gid;
}

int fs_cred_pid(void)
{
	struct process *p = current ? current_proc() : NULL;

	return p ? p->pid : 0;
}

bool fs_cred_in_group(uint32_t gid, bool real)
{
	struct process *p = current ? current_proc() : NULL;
	bool in;

	if (!p)
		return gid == 0;
	spin_lock(&p->lock);
	in = gid == (real ? p->cred.gid : p->cred.fsgid);
	for (unsigned int i = 0; !in && i < p->cred.ngroups; i++)
		in = p->cred.groups[i] == gid;
	spin_unlock(&p->lock);
	return in;
}
