/*
 * maxrss - run a command, then print its peak resident memory in KiB on
 * stderr ("maxrss: N KiB").  For the benchmarks' flat-memory figures;
 * GNU time is not always installed.
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
	return WIFEXITED(st) ? WEXITSTATUS(st) : 2;
}
