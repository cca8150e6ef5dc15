/* test_pool - the worker pool: input order whatever the finishing order,
 * many jobs through a small window, a slow job holding up no other
 * worker, crashes and CPU limits reported per job, a stop from done(). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "pool.h"
#include "t.h"

/* A job is text: "N" echoes N back as "=N"; "sleep MS N", "crash",
 * "spin" (forever), "fail". */
static int
work(void *arg, const unsigned char *job, size_t len, unsigned char **out,
    size_t *outlen)
{
	char s[64];
	int ms;

	(void)arg;
	snprintf(s, sizeof s, "%.*s", (int)len, (const char *)job);
	if (sscanf(s, "sleep %d", &ms) == 1)
		usleep((useconds_t)ms * 1000);
	if (strcmp(s, "crash") == 0)
		raise(SIGABRT);
	if (strcmp(s, "spin") == 0)
		for (;;)
			;
	if (strcmp(s, "fail") == 0)
		return -1;
	if ((*out = malloc(len + 1)) == NULL)
		return -1;
	(*out)[0] = '=';
	memcpy(*out + 1, job, len);
	*outlen = len + 1;
	return 0;
}

struct batch {
	char **jobs;
	size_t n, next, got;
	int out_of_order, wrong, stop_at;
	int status[16], sig[16];
};

static int
next(void *ctx, const unsigned char **job, size_t *len)
{
	struct batch *b = ctx;

	if (b->next == b->n)
		return 0;
	*job = (const unsigned char *)b->jobs[b->next];
	*len = strlen(b->jobs[b->next++]);
	return 1;
}

static int
done(void *ctx, const pool_result *r)
{
	struct batch *b = ctx;
	const char *j;

	if (r->seq != b->got)
		b->out_of_order++;
	if (b->got < 16) {
		b->status[b->got] = r->status;
		b->sig[b->got] = r->signal;
	}
	j = b->jobs[b->got];
	if (r->status == POOL_OK && (r->len != strlen(j) + 1 ||
	    r->data[0] != '=' || memcmp(r->data + 1, j, r->len - 1) != 0))
		b->wrong++;
	b->got++;
	return b->stop_at > 0 && b->got == (size_t)b->stop_at;
}

static void
batch_free(struct batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		free(b->jobs[i]);
	free(b->jobs);
}

/* n jobs; job i is "sleep MS i" (ms < 0: i*7%5 ms), or what fix says
 * for i < nfix. */
static void
batch_make(struct batch *b, size_t n, const char *const *fix, size_t nfix,
    int ms)
{
	char s[64];
	size_t i;

	memset(b, 0, sizeof *b);
	b->jobs = calloc(n, sizeof *b->jobs);
	b->n = n;
	for (i = 0; i < n; i++) {
		if (i < nfix)
			snprintf(s, sizeof s, "%s", fix[i]);
		else
			snprintf(s, sizeof s, "sleep %d %zu", ms < 0 ?
			    (int)(i * 7 % 5) : ms, i);
		b->jobs[i] = strdup(s);
	}
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static const struct order_row {
	int workers, isolate;
	size_t window, n;
} order_rows[] = {
	{ 0, 0, 0, 50 },     /* in this process */
	{ 1, 0, 0, 50 },
	{ 4, 0, 0, 200 },
	{ 3, 0, 3, 200 },    /* window as small as the workers */
	{ 2, 1, 0, 30 },     /* a child per job */
	{ 0, 1, 0, 10 },
};

static void
test_order(void)
{
	const struct order_row *t;
	struct batch b;
	pool_opts o;
	char name[32];
	size_t i;
	int rc;

	for (i = 0; i < sizeof order_rows / sizeof order_rows[0]; i++) {
		t = &order_rows[i];
		snprintf(name, sizeof name, "order#%zu", i);
		if (!t_selected(name))
			continue;
		memset(&o, 0, sizeof o);
		o.workers = t->workers;
		o.isolate = t->isolate;
		o.window = t->window;
		batch_make(&b, t->n, NULL, 0, -1);
		rc = pool_run(&o, work, NULL, next, done, &b, NULL);
		T_OK(name, rc == 0 && b.got == t->n && b.out_of_order == 0 &&
		    b.wrong == 0, "rc %d, %zu of %zu back, %d out of order, "
		    "%d wrong", rc, b.got, t->n, b.out_of_order, b.wrong);
		batch_free(&b);
	}
}

static void
test_many(void)
{
	static const char *const fix[] = { "0" };
	struct batch b;
	pool_opts o = { 3, 5, 0, 0 };
	int rc;

	if (!t_selected("many"))
		return;
	batch_make(&b, 5000, fix, 1, 0);
	rc = pool_run(&o, work, NULL, next, done, &b, NULL);
	T_OK("many", rc == 0 && b.got == b.n && b.out_of_order == 0 &&
	    b.wrong == 0, "rc %d, %zu back, %d out of order, %d wrong", rc,
	    b.got, b.out_of_order, b.wrong);
	batch_free(&b);
}

/*
 * One job of 1.5 s and 60 of 20 ms on two workers: the other worker
 * takes every short job, about 1.5 s in all.  Handing job k to worker
 * k mod 2 would put 30 short jobs behind the long one: 2.1 s.
 */
static void
test_slow(void)
{
	static const char *const fix[] = { "sleep 1500" };
	struct batch b;
	pool_opts o = { 2, 64, 0, 0 };
	double t0, el;
	int rc;

	if (!t_selected("slow"))
		return;
	batch_make(&b, 61, fix, 1, 20);
	t0 = now();
	rc = pool_run(&o, work, NULL, next, done, &b, NULL);
	el = now() - t0;
	T_OK("slow", rc == 0 && b.got == b.n && b.out_of_order == 0 &&
	    el < 1.9, "rc %d, %zu back, %.2f s", rc, b.got, el);
	batch_free(&b);
}

static const struct crash_row {
	int workers, isolate, cpu;
	const char *job;
	int status, sig;
} crash_rows[] = {
	{ 2, 0, 0, "crash", POOL_SIGNALLED, SIGABRT }, /* the worker dies */
	{ 0, 1, 0, "crash", POOL_SIGNALLED, SIGABRT },
	{ 2, 1, 0, "crash", POOL_SIGNALLED, SIGABRT },
	{ 2, 1, 1, "spin", POOL_SIGNALLED, SIGXCPU },  /* the CPU limit */
	{ 2, 0, 0, "fail", POOL_FAILED, 0 },
	{ 2, 1, 0, "fail", POOL_FAILED, 0 },
};

static void
test_crash(void)
{
	const struct crash_row *t;
	const char *fix[3];
	struct batch b;
	pool_opts o;
	char name[32];
	size_t i;
	int rc;

	for (i = 0; i < sizeof crash_rows / sizeof crash_rows[0]; i++) {
		t = &crash_rows[i];
		snprintf(name, sizeof name, "crash#%zu", i);
		if (!t_selected(name))
			continue;
		memset(&o, 0, sizeof o);
		o.workers = t->workers;
		o.isolate = t->isolate;
		o.cpu_seconds = t->cpu;
		fix[0] = "a";
		fix[1] = t->job;
		fix[2] = "b";
		batch_make(&b, 12, fix, 3, -1);
		rc = pool_run(&o, work, NULL, next, done, &b, NULL);
		T_OK(name, rc == 0 && b.got == b.n && b.out_of_order == 0 &&
		    b.wrong == 0 && b.status[0] == POOL_OK &&
		    b.status[1] == t->status && b.sig[1] == t->sig &&
		    b.status[2] == POOL_OK && b.status[11] == POOL_OK,
		    "rc %d, %zu back, job 1 status %d signal %d", rc, b.got,
		    b.status[1], b.sig[1]);
		batch_free(&b);
	}
}

static void
test_stop(void)
{
	struct batch b;
	pool_opts o = { 2, 0, 0, 0 };
	int rc;

	if (!t_selected("stop"))
		return;
	batch_make(&b, 40, NULL, 0, -1);
	b.stop_at = 5;
	rc = pool_run(&o, work, NULL, next, done, &b, NULL);
	T_OK("stop", rc == 1 && b.got == 5, "rc %d, %zu back", rc, b.got);
	batch_free(&b);
}

int
main(int argc, char **argv)
{
	struct rlimit rl = { 0, 0 };

	T_INIT(argc, argv);
	setrlimit(RLIMIT_CORE, &rl);    /* the crashes leave no cores */
	test_order();
	test_many();
	test_slow();
	test_crash();
	test_stop();
	return T_DONE();
}
