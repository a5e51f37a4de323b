/*
 * "#!" scripts: parse the first line the way Linux 6.1 does
 * (fs/binfmt_script.c), so a script runs with the same interpreter and
 * argument here as there.
 *
 * Only the first BINPRM_BUF_SIZE bytes of the file count (Linux reads no
 * more); a shorter file reads as if padded with NULs. The line is
 *
 *	#! [spaces] interpreter [spaces [argument]] [spaces] newline
 *
 * where spaces are blanks and tabs. The argument is the rest of the line,
 * inner spaces kept, outer ones trimmed: at most one is passed. A NUL
 * ends the interpreter or the argument. Nothing else is special: a '\r'
 * before the newline stays part of the last word, as on Linux.
 *
 * With no newline in the buffer, the line is taken to be truncated: that
 * is fine for the argument (the interpreter can read the script itself)
 * but not for the interpreter's name, so the line is accepted only if a
 * space, tab or NUL follows the name, and its last buffer byte is dropped.
 */
#ifndef LIB_BINFMT_SCRIPT_H
#define LIB_BINFMT_SCRIPT_H

#include <lib/compiler.h>

#define BINPRM_BUF_SIZE	256

struct script_line {
	char buf[BINPRM_BUF_SIZE];	/* the line, with NULs put in */
	const char *interp;		/* in buf: the interpreter's path */
	const char *arg;		/* in buf: the argument, or NULL */
};

/*
 * Parse the start of a file (len bytes at buf; bytes past
 * BINPRM_BUF_SIZE are ignored). Returns 0 and fills *out (its pointers
 * point into out->buf, so it must not be copied), or -ENOEXEC if the file
 * does not start with "#!", names no interpreter, or the name may be
 * truncated.
 */
int script_parse(const char *buf, size_t len, struct script_line *out);

#endif
