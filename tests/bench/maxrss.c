/*
 * maxrss - run a command, then print its peak resident memory in KiB on
 * stderr ("maxrss: N KiB"), and the CPU it and the children it waited
 * for used, user and system ("cpu: S s").  For the benchmarks'
 * flat-memory and CPU figures; GNU time is not always installed.
 */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct rusage ru;
	pid_t pid;
	int st;

	if (argc < 2) {
		fputs("usage: maxrss COMMAND [ARG...]\n", stderr);
		return 2;
	}
	if ((pid = fork()) == 0) {
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &st, 0, &ru) < 0) {
		perror("maxrss");
		return 2;
	}
	fprintf(stderr, "maxrss: %ld KiB\n", ru.ru_maxrss);
	fprintf(stderr, "cpu: %.3f s\n", ru.ru_utime.tv_sec +
	    ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
	    ru.ru_stime.tv_usec / 1e6);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 2;
}
