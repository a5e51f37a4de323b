/*
 * For tests that run other programs: fork, execve path in the child with
 * its stdout on a pipe, keep what it writes in out (up to size - 1 bytes,
 * NUL-terminated; out may be NULL) and return its wait status, or -1.
 */
#ifndef UTEST_RUN_H
#define UTEST_RUN_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int run(const char *path, char *const argv[], char *const envp[],
	       char *out, size_t size)
{
	char scratch[512];
	int p[2], status;
	size_t len = 0;
	ssize_t n;

	if (pipe(p) != 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execve(path, argv, envp);
		printf("execve %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(p[1]);
	while ((n = read(p[0], scratch, sizeof(scratch))) > 0)
		for (ssize_t i = 0; i < n && out && len + 1 < size; i++)
			out[len++] = scratch[i];
	if (out)
		out[len] = '\0';
	close(p[0]);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

#endif
