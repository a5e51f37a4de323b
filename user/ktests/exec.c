/*
 * execve: programs run with the argv and envp given and their exit
 * status reaches wait; failures (ENOENT, ENOTDIR, EACCES, ENOEXEC,
 * ENAMETOOLONG, EFAULT, E2BIG) leave the calling process as it was;
 * O_CLOEXEC fds close and the others stay, sharing their offsets; the
 * pid, cwd and umask survive; old mappings do not.
 *
 * Kernel-only: qemu-riscv64 hands execve to the host, which cannot run
 * riscv64 programs here. The program checks itself and exits 0 when
 * every check passed.
 *
 * Besides the tests, /bin/exec has helper modes that a test execs and
 * that report through their exit status (0 when all is as expected):
 *
 *	exec exit N			exit with status N
 *	exec env			argv and envp are exactly those of test_env()
 *	exec fds CLOSED,.. OPEN,.. OFF	CLOSED fds are closed, OPEN ones open and
 *					without FD_CLOEXEC, the first OPEN one at
 *					offset OFF (then moved to OFF + 1)
 *	exec state PID PPID CWD UMASK	unchanged by exec
 *	exec mem ADDR			the page at ADDR is free again
 *	exec arglen N			argv[2] is N bytes of 'a'
 */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"
#include "utest_run.h"

#define SELF "/bin/exec"
#define DIR_NAME "/tmp/utest-exec"
#define PAGE 4096
#define MEM_ADDR 0x2000000000UL
#define BAD_PTR ((void *)1)

static char *const test_envp[] = { "HOME=/", "PATH=/bin", "TERM=linux", NULL };

/* --- helper modes, in the exec'd program ---------------------------------- */

static int mode_fds(char **argv)
{
	char *p = argv[2];
	int bad = 0;

	while (*p) {
		int fd = (int)strtol(p, &p, 10);
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) {
			printf("exec fds: fd %d should be closed\n", fd);
			bad = 1;
		}
		p += *p == ',';
	}
	int first = -1;
	for (p = argv[3]; *p;) {
		int fd = (int)strtol(p, &p, 10);
		if (first < 0)
			first = fd;
		if (fcntl(fd, F_GETFD) != 0) {
			printf("exec fds: fd %d should be open, without FD_CLOEXEC\n", fd);
			bad = 1;
		}
		p += *p == ',';
	}
	long off = atol(argv[4]);
	if (lseek(first, 0, SEEK_CUR) != off || lseek(first, off + 1, SEEK_SET) != off + 1) {
		printf("exec fds: fd %d is not at offset %ld\n", first, off);
		bad = 1;
	}
	return bad;
}

static int mode_state(char **argv)
{
	char cwd[PATH_MAX];
	mode_t mask = umask(0);

	if (getpid() != atoi(argv[2]) || getppid() != atoi(argv[3]))
		return printf("exec state: pid or ppid changed\n"), 1;
	if (!getcwd(cwd, sizeof(cwd)) || strcmp(cwd, argv[4]) != 0)
		return printf("exec state: cwd changed\n"), 1;
	if (mask != (mode_t)strtol(argv[5], NULL, 8))
		return printf("exec state: umask changed\n"), 1;
	return 0;
}

static int mode_env(int argc, char **argv, char **envp)
{
	static const char *const want_argv[] = { "exec-as-argv0", "env", "", "last one" };
	static const char *const want_env[] = { "Z=last", "A=first", "EMPTY=", "=odd" };

	if (argc != 4)
		return 1;
	for (int i = 0; i < 4; i++)
		if (strcmp(argv[i], want_argv[i]) != 0)
			return 2;
	for (int i = 0; i < 4; i++)
		if (!envp[i] || strcmp(envp[i], want_env[i]) != 0)
			return 3;
	return envp[4] == NULL ? 0 : 4;
}

static int helper(int argc, char **argv, char **envp)
{
	const char *mode = argv[1];

	if (strcmp(mode, "exit") == 0 && argc == 3)
		return atoi(argv[2]);
	if (strcmp(mode, "env") == 0)
		return mode_env(argc, argv, envp);
	if (strcmp(mode, "fds") == 0 && argc == 5)
		return mode_fds(argv);
	if (strcmp(mode, "state") == 0 && argc == 6)
		return mode_state(argv);
	if (strcmp(mode, "mem") == 0 && argc == 3) {
		void *want = (void *)strtoul(argv[2], NULL, 0);
		void *got = mmap(want, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		return got == want ? 0 : 1;
	}
	if (strcmp(mode, "arglen") == 0 && argc == 4)
		return strlen(argv[2]) == strtoul(argv[3], NULL, 10) ? 0 : 1;
	printf("exec: unknown helper mode %s\n", mode);
	return 100;
}

/* --- the tests ------------------------------------------------------------- */

/* Is out what was wanted? If not, show both. */
static int same_output(const char *out, const char *want)
{
	if (strcmp(out, want) == 0)
		return 1;
	printf("  output:\n%s  wanted:\n%s", out, want);
	return 0;
}

/* Exit status of the program run, or -1 if it did not exit normally. */
static int run_status(const char *path, char *const argv[], char *const envp[])
{
	int status = run(path, argv, envp, NULL, 0);

	return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_run(void)
{
	char out[1024];
	int status;

	char *hello_argv[] = { "/bin/hello", "x", "y z", NULL };
	status = run("/bin/hello", hello_argv, test_envp, out, sizeof(out));
	CHECK(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(strncmp(out, "hello", 5) == 0 && strstr(out, "argv[2] y z\n"));

	char *nolibc_argv[] = { "/bin/hello-nolibc", NULL };
	status = run("/bin/hello-nolibc", nolibc_argv, test_envp, out, sizeof(out));
	CHECK(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(same_output(out, "hello, world\n"));

	/* argv[0] is whatever the caller says; envp arrives as given. */
	char *args_argv[] = { "any name", "", "two words", NULL };
	char *args_envp[] = { "B=2", "A=1", NULL };
	status = run("/bin/args", args_argv, args_envp, out, sizeof(out));
	CHECK(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(same_output(out, "argc 3\nargv[0] any name\nargv[1] \nargv[2] two words\n"
			  "envc 2\nenv A=1\nenv B=2\n"));
	/* A NULL envp is an empty environment. */
	status = run("/bin/args", args_argv, NULL, out, sizeof(out));
	CHECK(strstr(out, "envc 0\n") != NULL);

	/* Exit statuses come through wait. */
	char *exit_argv[] = { SELF, "exit", "42", NULL };
	CHECK(run_status(SELF, exit_argv, test_envp) == 42);
	exit_argv[2] = "0";
	CHECK(run_status(SELF, exit_argv, test_envp) == 0);
	exit_argv[2] = "255";
	CHECK(run_status(SELF, exit_argv, test_envp) == 255);

	/* Order and content of argv and envp, exactly. */
	char *env_argv[] = { "exec-as-argv0", "env", "", "last one", NULL };
	char *env_envp[] = { "Z=last", "A=first", "EMPTY=", "=odd", NULL };
	CHECK(run_status(SELF, env_argv, env_envp) == 0);

	/* Relative paths start at the cwd. */
	char *rel_argv[] = { "args", NULL };
	CHECK(chdir("/bin") == 0);
	CHECK(run_status("args", rel_argv, test_envp) == 0);
	CHECK(run_status("./args", rel_argv, test_envp) == 0);
	CHECK(run_status("../bin/./args", rel_argv, test_envp) == 0);
	CHECK(chdir("/") == 0);
}

/* Many arguments, a big one, and one past Linux's 128 KiB per string. */
static void test_sizes(void)
{
	enum { MANY = 2000, BIG = 100 * 1024, TOO_BIG = 200 * 1024 };
	char **argv = calloc(MANY + 2, sizeof(char *));
	char *big = malloc(TOO_BIG + 1);
	char num[16];

	memset(big, 'a', TOO_BIG);
	big[BIG] = '\0';
	snprintf(num, sizeof(num), "%d", BIG);
	char *len_argv[] = { SELF, "arglen", big, num, NULL };
	CHECK(run_status(SELF, len_argv, test_envp) == 0);

	argv[0] = "/bin/args";
	for (int i = 1; i <= MANY; i++)
		argv[i] = "some argument";
	static char out[64 * 1024];
	run("/bin/args", argv, test_envp, out, sizeof(out));
	CHECK(strncmp(out, "argc 2001\n", 10) == 0 && strstr(out, "argv[2000] some argument\n"));

	big[BIG] = 'a';
	big[TOO_BIG] = '\0';
	CHECK_ERR(execve(SELF, len_argv, test_envp), E2BIG);
	free(argv);
	free(big);
}

/* Write a file of len bytes from data, with mode. */
static int put_file(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);

	if (fd < 0)
		return -1;
	int ok = write(fd, data, len) == (ssize_t)len;
	return close(fd) == 0 && ok ? 0 : -1;
}

/* An ELF header and one PT_LOAD, for a machine or type of our choosing. */
static int put_elf(const char *path, int machine, int type, int phentsize)
{
	struct {
		Elf64_Ehdr eh;
		Elf64_Phdr ph;
	} f;

	memset(&f, 0, sizeof(f));
	memcpy(f.eh.e_ident, ELFMAG, SELFMAG);
	f.eh.e_ident[EI_CLASS] = ELFCLASS64;
	f.eh.e_ident[EI_DATA] = ELFDATA2LSB;
	f.eh.e_ident[EI_VERSION] = EV_CURRENT;
	f.eh.e_type = type;
	f.eh.e_machine = machine;
	f.eh.e_version = EV_CURRENT;
	f.eh.e_entry = 0x10000;
	f.eh.e_phoff = sizeof(f.eh);
	f.eh.e_ehsize = sizeof(f.eh);
	f.eh.e_phentsize = phentsize;
	f.eh.e_phnum = 1;
	f.ph.p_type = PT_LOAD;
	f.ph.p_flags = PF_R | PF_X;
	f.ph.p_vaddr = 0x10000;
	f.ph.p_filesz = f.ph.p_memsz = sizeof(f);
	f.ph.p_align = PAGE;
	return put_file(path, &f, sizeof(f), 0755);
}

/* Copy a file to path with mode. */
static int copy_file(const char *from, const char *path, mode_t mode)
{
	static char buf[1 << 20];
	int fd = open(from, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	return n > 0 ? put_file(path, buf, n, mode) : -1;
}

/* Every file the tests make in DIR_NAME. */
static void remove_files(void)
{
	static const char *const names[] = { "plain", "hello-0644", "hello-0755", "sparc",
					     "rel", "phentsize", "short", "data" };
	char path[64];

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), DIR_NAME "/%s", names[i]);
		unlink(path);
	}
}

static int canary = 12345;

/*
 * Each failing execve returns to this very process: the globals, the
 * heap, the fds (FD_CLOEXEC too) and the cwd are as they were.
 */
static void test_failures(void)
{
	char *argv[] = { "x", NULL };
	char *heap = strdup("heap data");
	int ce = open("/dev/null", O_RDONLY | O_CLOEXEC);
	pid_t pid = getpid();
	static char longpath[PATH_MAX + 10];

	CHECK(put_file(DIR_NAME "/plain", "#!/bin/args\n", 12, 0644) == 0);
	CHECK(copy_file("/bin/hello-nolibc", DIR_NAME "/hello-0644", 0644) == 0);
	CHECK(copy_file("/bin/hello-nolibc", DIR_NAME "/hello-0755", 0755) == 0);
	CHECK(put_elf(DIR_NAME "/sparc", EM_SPARCV9, ET_EXEC, sizeof(Elf64_Phdr)) == 0);
	CHECK(put_elf(DIR_NAME "/rel", EM_RISCV, ET_REL, sizeof(Elf64_Phdr)) == 0);
	CHECK(put_elf(DIR_NAME "/phentsize", EM_RISCV, ET_EXEC, 40) == 0);
	CHECK(put_file(DIR_NAME "/short", "\177ELF\2\1\1", 7, 0755) == 0);

	CHECK_ERR(execve("/nonexistent", argv, test_envp), ENOENT);
	CHECK_ERR(execve("/bin/nonexistent", argv, test_envp), ENOENT);
	CHECK_ERR(execve("/nonexistent/dir/prog", argv, test_envp), ENOENT);
	CHECK_ERR(execve("", argv, test_envp), ENOENT);
	CHECK_ERR(execve("/bin/hello/x", argv, test_envp), ENOTDIR);
	CHECK_ERR(execve(DIR_NAME "/plain", argv, test_envp), EACCES);
	CHECK_ERR(execve(DIR_NAME "/hello-0644", argv, test_envp), EACCES);
	CHECK_ERR(execve("/tmp", argv, test_envp), EACCES);
	CHECK_ERR(execve("/dev/null", argv, test_envp), EACCES);
	CHECK_ERR(execve("/exec/garbage", argv, test_envp), ENOEXEC);
	CHECK_ERR(execve("/exec/empty", argv, test_envp), ENOEXEC);
	CHECK_ERR(execve(DIR_NAME "/short", argv, test_envp), ENOEXEC);
	CHECK_ERR(execve(DIR_NAME "/sparc", argv, test_envp), ENOEXEC);
	CHECK_ERR(execve(DIR_NAME "/rel", argv, test_envp), ENOEXEC);
	CHECK_ERR(execve(DIR_NAME "/phentsize", argv, test_envp), ENOEXEC);
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	CHECK_ERR(execve(longpath, argv, test_envp), ENAMETOOLONG);

	char *bad_argv[] = { "x", BAD_PTR, NULL };
	CHECK_ERR(syscall(SYS_execve, BAD_PTR, argv, test_envp), EFAULT);
	CHECK_ERR(syscall(SYS_execve, "/bin/args", BAD_PTR, test_envp), EFAULT);
	CHECK_ERR(syscall(SYS_execve, "/bin/args", bad_argv, test_envp), EFAULT);
	CHECK_ERR(syscall(SYS_execve, "/bin/args", argv, BAD_PTR), EFAULT);
	CHECK_ERR(syscall(SYS_execve, "/bin/args", argv, bad_argv), EFAULT);

	CHECK(canary == 12345 && strcmp(heap, "heap data") == 0);
	CHECK(fcntl(ce, F_GETFD) == FD_CLOEXEC);
	CHECK(getpid() == pid);
	char cwd[64];
	CHECK(getcwd(cwd, sizeof(cwd)) && strcmp(cwd, "/") == 0);
	CHECK(write(1, "", 0) == 0);
	close(ce);
	free(heap);

	/* The executable copy runs. */
	CHECK(run_status(DIR_NAME "/hello-0755", argv, test_envp) == 0);
}

static void test_fds(void)
{
	int keep = open(DIR_NAME "/data", O_CREAT | O_RDWR | O_TRUNC, 0644);
	int ce = open("/dev/null", O_RDONLY | O_CLOEXEC);
	int setfd = open("/dev/null", O_RDONLY);
	int p[2], high = 100, dup_ce;
	char arg_closed[64], arg_open[64];

	CHECK(keep >= 0 && write(keep, "0123456789", 10) == 10 && lseek(keep, 7, SEEK_SET) == 7);
	CHECK(fcntl(setfd, F_SETFD, FD_CLOEXEC) == 0);
	CHECK(pipe2(p, O_CLOEXEC) == 0);
	CHECK(dup2(keep, high) == high);
	dup_ce = dup(ce); /* dup drops FD_CLOEXEC */
	CHECK(fcntl(dup_ce, F_GETFD) == 0);
	int ce_high = fcntl(keep, F_DUPFD_CLOEXEC, 90);
	CHECK(ce_high == 90);

	snprintf(arg_closed, sizeof(arg_closed), "%d,%d,%d,%d,%d", ce, setfd, p[0], p[1], ce_high);
	snprintf(arg_open, sizeof(arg_open), "%d,%d,%d,0,1,2", keep, high, dup_ce);
	char *argv[] = { SELF, "fds", arg_closed, arg_open, "7", NULL };
	CHECK(run_status(SELF, argv, test_envp) == 0);
	/* The exec'd program moved the shared offset. */
	CHECK(lseek(keep, 0, SEEK_CUR) == 8);
	/* A failed exec closes nothing. */
	CHECK_ERR(execve("/nonexistent", argv, test_envp), ENOENT);
	CHECK(fcntl(ce, F_GETFD) == FD_CLOEXEC && fcntl(p[0], F_GETFD) == FD_CLOEXEC);

	int fds[] = { keep, ce, setfd, p[0], p[1], high, dup_ce, ce_high };
	for (unsigned i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		close(fds[i]);
}

static void test_state(void)
{
	char pid[16], ppid[16];
	int status;

	/* pid, ppid, cwd and umask survive exec; mappings do not. */
	pid_t child = fork();
	if (child == 0) {
		snprintf(pid, sizeof(pid), "%d", getpid());
		snprintf(ppid, sizeof(ppid), "%d", getppid());
		umask(027);
		if (chdir(DIR_NAME) != 0)
			_exit(101);
		char *argv[] = { SELF, "state", pid, ppid, DIR_NAME, "027", NULL };
		execve(SELF, argv, test_envp);
		_exit(127);
	}
	CHECK(child > 0 && waitpid(child, &status, 0) == child);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	child = fork();
	if (child == 0) {
		char *p = mmap((void *)MEM_ADDR, PAGE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		if (p != (char *)MEM_ADDR)
			_exit(102);
		p[0] = 1;
		char addr[32];
		snprintf(addr, sizeof(addr), "%#lx", MEM_ADDR);
		char *argv[] = { SELF, "mem", addr, NULL };
		execve(SELF, argv, test_envp);
		_exit(127);
	}
	CHECK(child > 0 && waitpid(child, &status, 0) == child);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void test_script(void)
{
	char out[1024];
	char *argv[] = { "ignored", "a", "b c", NULL };
	char *envp[] = { "K=v", NULL };

	int status = run("/exec/args-arg.sh", argv, envp, out, sizeof(out));
	CHECK(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(same_output(out, "argc 5\nargv[0] /bin/args\nargv[1] one-arg\n"
			  "argv[2] /exec/args-arg.sh\nargv[3] a\nargv[4] b c\nenvc 1\nenv K=v\n"));
}

int main(int argc, char **argv, char **envp)
{
	if (argc > 1)
		return helper(argc, argv, envp);

	utest_start("exec");
	remove_files();
	rmdir(DIR_NAME);
	CHECK(mkdir(DIR_NAME, 0755) == 0);
	CHECK(chdir("/") == 0);

	test_run();
	test_sizes();
	test_failures();
	test_fds();
	test_state();
	test_script();

	remove_files();
	CHECK(rmdir(DIR_NAME) == 0);
	return utest_done();
}
