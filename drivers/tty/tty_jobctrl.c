/*
 * Job control on a terminal, as Linux's tty_jobctrl.c: the controlling
 * terminal of a session, its foreground process group, and the checks
 * that stop background processes touching it.
 *
 * A session leader (sid == pid) with no controlling terminal acquires a
 * tty it opens for reading without O_NOCTTY (never through /dev/console)
 * or by TIOCSCTTY; the tty then belongs to the session (tty->session)
 * and its foreground group is the leader's (tty->pgrp). Processes forked
 * later inherit the terminal (struct process's tty); setsid() and
 * TIOCNOTTY drop it. A background process (its group is not tty->pgrp)
 * that reads its terminal gets SIGTTIN, or one that writes it with
 * TOSTOP or changes its settings gets SIGTTOU, unless it blocks or
 * ignores the signal (a read then fails with EIO, the other goes on) or
 * its group is orphaned (EIO).
 *
 * When a session leader with a terminal exits, the terminal hangs up:
 * its foreground group gets SIGHUP and SIGCONT, every process of the
 * session loses it, the unread input is dropped, and files opened
 * through /dev/ttyS0 or /dev/tty before read end of file and fail
 * writes with EIO (files of /dev/console go on working).
 *
 * Process groups and sessions are numbers here (a pgid or sid in use
 * while some process has it). Everything runs under proctree_lock.
 */
#include <drivers/tty.h>
#include <kernel/proc.h>
#include <kernel/signal.h>
#include <lib/errno.h>

static bool is_leader(struct process *p)
{
	return p->sid == p->pid;
}

bool tty_capable_admin(void)
{
	return READ_ONCE(current_proc()->cred.euid) == 0;
}

/* priv: from the kernel (SI_KERNEL), else from the caller (SI_USER). Tree locked. */
static void kill_pgrp_locked(int pgrp, int sig, bool priv)
{
	struct ksiginfo info = { .signo = sig, .code = priv ? SI_KERNEL_K : SI_USER_K };

	if (!priv && current->proc) {
		info.pid = current_proc()->pid;
		info.uid = current_proc()->cred.uid;
	}
	proc_signal_pgrp_locked(pgrp, &info);
}

void tty_kill_pgrp(int pgrp, int sig)
{
	spin_lock(&proctree_lock);
	kill_pgrp_locked(pgrp, sig, true);
	spin_unlock(&proctree_lock);
}

int tty_fg_pgrp(struct tty *tty)
{
	int pgrp;

	spin_lock(&proctree_lock);
	pgrp = tty->pgrp;
	spin_unlock(&proctree_lock);
	return pgrp;
}

struct tty *tty_current(void)
{
	struct tty *tty;

	spin_lock(&proctree_lock);
	tty = current_proc()->tty;
	spin_unlock(&proctree_lock);
	return tty;
}

/*
 * Linux's will_become_orphaned_pgrp: no member of group pgid has a parent
 * in another group of the same session (init's children do not count).
 * Tree locked.
 */
static bool pgrp_orphaned(int pgid)
{
	struct process *q;

	list_for_each_entry(q, &all_procs, all_node) {
		if (q->pgid != pgid || q->state != PROC_ALIVE || q->parent->pid == 1)
			continue;
		if (q->parent->pgid != pgid && q->parent->sid == q->sid)
			return false;
	}
	return true;
}

/* Does the calling thread block or ignore sig? */
static bool sig_ignored_or_blocked(int sig)
{
	struct process *p = current_proc();
	bool ret;

	spin_lock(&p->lock);
	ret = (current->sigmask & sig_bit(sig)) ||
	      p->sigactions[sig - 1].handler == SIG_IGN_HANDLER;
	spin_unlock(&p->lock);
	return ret;
}

int tty_check_change(struct tty *tty, int sig)
{
	struct process *p = current_proc();
	int ret = 0;

	spin_lock(&proctree_lock);
	if (p->tty != tty || !tty->pgrp || p->pgid == tty->pgrp)
		goto out;
	if (sig_ignored_or_blocked(sig)) {
		if (sig == SIGTTIN)
			ret = -EIO;
	} else if (pgrp_orphaned(p->pgid)) {
		ret = -EIO;
	} else {
		kill_pgrp_locked(p->pgid, sig, true);
		ret = -ERESTARTSYS;
	}
out:
	spin_unlock(&proctree_lock);
	return ret;
}

/* p (the caller, a session leader) takes tty. Tree locked. */
static void set_ctty_locked(struct process *p, struct tty *tty)
{
	tty->session = p->sid;
	tty->pgrp = p->pgid;
	p->tty = tty;
}

/* No process of session sid has a controlling terminal any more. Tree locked. */
static void session_clear_tty_locked(int sid)
{
	struct process *q;

	list_for_each_entry(q, &all_procs, all_node)
		if (q->sid == sid)
			q->tty = NULL;
}

void tty_open_set_ctty(struct tty *tty, bool readable)
{
	struct process *p = current_proc();

	spin_lock(&proctree_lock);
	if (is_leader(p) && !p->tty && !tty->session && readable)
		set_ctty_locked(p, tty);
	spin_unlock(&proctree_lock);
}

int tty_set_ctty(struct tty *tty, int arg, bool readable)
{
	struct process *p = current_proc();
	int ret = 0;

	spin_lock(&proctree_lock);
	if (is_leader(p) && tty->session == p->sid)
		goto out;
	if (!is_leader(p) || p->tty) {
		ret = -EPERM;
		goto out;
	}
	if (tty->session) {
		if (arg != 1 || !tty_capable_admin()) {	/* steal it only so */
			ret = -EPERM;
			goto out;
		}
		session_clear_tty_locked(tty->session);
	}
	if (!readable && !tty_capable_admin()) {
		ret = -EPERM;
		goto out;
	}
	set_ctty_locked(p, tty);
out:
	spin_unlock(&proctree_lock);
	return ret;
}

/*
 * The session of tty lets it go: on_exit (its leader exits) the tty hangs
 * up and its foreground group gets SIGHUP and SIGCONT; else (TIOCNOTTY by
 * the leader) SIGHUP and SIGCONT from the caller. Tree locked.
 */
static void disassociate_locked(struct tty *tty, bool on_exit)
{
	int pgrp = tty->pgrp, sid = tty->session;

	if (on_exit) {
		spin_lock(&tty->lock);
		tty->hangups++;
		n_tty_flush_input_locked(tty);
		spin_unlock(&tty->lock);
		wake_up_all(&tty->read_wait);
		wake_up_all(&tty->write_wait);
	}
	if (pgrp) {
		kill_pgrp_locked(pgrp, SIGHUP, on_exit);
		kill_pgrp_locked(pgrp, SIGCONT, on_exit);
	}
	tty->session = 0;
	tty->pgrp = 0;
	if (sid)
		session_clear_tty_locked(sid);
}

int tty_notty(struct tty *tty)
{
	struct process *p = current_proc();
	int ret = 0;

	spin_lock(&proctree_lock);
	if (p->tty != tty) {
		ret = -ENOTTY;
	} else {
		if (is_leader(p))
			disassociate_locked(tty, false);
		p->tty = NULL;
	}
	spin_unlock(&proctree_lock);
	return ret;
}

void tty_session_leader_exit_locked(struct process *p)
{
	if (is_leader(p) && p->tty && p->tty->session == p->sid)
		disassociate_locked(p->tty, true);
	p->tty = NULL;
}

int tty_get_pgrp(struct tty *tty, int *pgrp)
{
	int ret = 0;

	spin_lock(&proctree_lock);
	if (current_proc()->tty != tty)
		ret = -ENOTTY;
	else
		*pgrp = tty->pgrp;
	spin_unlock(&proctree_lock);
	return ret;
}

int tty_get_sid(struct tty *tty, int *sid)
{
	int ret = 0;

	spin_lock(&proctree_lock);
	if (current_proc()->tty != tty || !tty->session)
		ret = -ENOTTY;
	else
		*sid = tty->session;
	spin_unlock(&proctree_lock);
	return ret;
}

/*
 * The session of the group (or, failing that, the process) with id nr,
 * as Linux's session_of_pgrp: 0 if the id is only a session's, -ESRCH if
 * no process uses it. Tree locked.
 */
static int session_of_pgrp(int nr)
{
	struct process *q, *by_pid = NULL;
	bool used = false;

	list_for_each_entry(q, &all_procs, all_node) {
		if (q->pgid == nr)
			return q->sid;
		if (q->pid == nr)
			by_pid = q;
		used |= q->sid == nr;
	}
	if (by_pid)
		return by_pid->sid;
	return used ? 0 : -ESRCH;
}

int tty_set_pgrp(struct tty *tty, int pgrp)
{
	struct process *p = current_proc();
	int ret = 0, sid;

	spin_lock(&proctree_lock);
	if (p->tty != tty || tty->session != p->sid) {
		ret = -ENOTTY;
		goto out;
	}
	sid = session_of_pgrp(pgrp);
	if (sid < 0)
		ret = sid;
	else if (sid != p->sid)
		ret = -EPERM;
	else
		tty->pgrp = pgrp;
out:
	spin_unlock(&proctree_lock);
	return ret;
}

void tty_proc_stat_locked(struct process *p, unsigned int *tty_nr, int *tpgid)
{
	struct tty *tty = p->tty;

	*tty_nr = 0;
	*tpgid = -1;
	if (!tty)
		return;
	/* Linux's new_encode_dev */
	*tty_nr = (MINOR(tty->dev) & 0xff) | (MAJOR(tty->dev) << 8) |
		  ((MINOR(tty->dev) & ~0xffu) << 12);
	if (tty->pgrp)
		*tpgid = tty->pgrp;
}
