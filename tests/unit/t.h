/*
 * t.h - the unit test harness: a test binary prints one "ok NAME" or
 * "not ok NAME: why" line per check and exits 1 when any failed.
 * Table-driven tests name their rows "table#N" so one row can be run
 * alone: ./test_x table#3 (any argument filters by exact name).
 */
#ifndef SEGEL_T_H
#define SEGEL_T_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int t_failed, t_argc;
static char **t_argv;

static int
t_selected(const char *name)
{
	int i;

	if (t_argc < 2)
		return 1;
	for (i = 1; i < t_argc; i++)
		if (strcmp(t_argv[i], name) == 0)
			return 1;
	return 0;
}

#define T_INIT(argc, argv) (t_argc = (argc), t_argv = (argv))
#define T_DONE() (t_failed ? 1 : 0)

/* Report one check; cond true is a pass. */
#define T_OK(name, cond, ...) do {                                      \
	if (t_selected(name)) {                                         \
		if (cond) {                                             \
			printf("ok %s\n", (name));                      \
		} else {                                                \
			printf("not ok %s: ", (name));                  \
			printf(__VA_ARGS__);                            \
			printf(" (%s:%d)\n", __FILE__, __LINE__);       \
			t_failed++;                                     \
		}                                                       \
	}                                                               \
} while (0)

#define T_STREQ(name, got, want) do {                                   \
	const char *t_g_ = (got), *t_w_ = (want);                       \
	T_OK(name, (t_g_ == NULL && t_w_ == NULL) ||                    \
	    (t_g_ && t_w_ && strcmp(t_g_, t_w_) == 0),                  \
	    "got \"%s\", want \"%s\"", t_g_ ? t_g_ : "(null)",          \
	    t_w_ ? t_w_ : "(null)");                                    \
} while (0)

/* dir/name, in one of four buffers taken in turn (a call may use two). */
static inline const char *
t_join(const char *dir, const char *name)
{
	static char buf[4][512];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof buf[i], "%s/%s", dir, name);
	return buf[i];
}

#endif
