/*
 * pool.h - a batch of jobs run by forked worker processes, the results
 * handed back in input order.
 *
 * pool_run() asks the caller for jobs one at a time (next), gives each to
 * the first idle worker, and hands every result to the caller (done) in
 * the order the jobs were taken, however the workers finish.  A worker
 * holds one job at a time, so a slow job holds up no other worker; at
 * most `window` results are outstanding (taken, not yet handed back), so
 * memory stays flat however long the batch.  Jobs and results travel as
 * length-prefixed frames over a socket pair per worker; the parent polls
 * every busy worker, so no read can wait on a worker with nothing to say.
 *
 * The job body (work) is a library call the tool passes; it runs in a
 * worker, or with isolate in a fresh child per job (forked from the
 * worker) whose CPU time is limited to cpu_seconds (RLIMIT_CPU): a body
 * that crashes or runs away costs that one job, reported as
 * POOL_SIGNALLED with the signal (SIGXCPU or SIGKILL for the limit).  A
 * worker that dies under a job without isolate is reported the same way
 * and started again.  With workers 0 the jobs run in the calling process
 * (with isolate, each still in a child of its own).
 *
 * The pool never prints.  fork() copies the caller: the pool flushes
 * stdio buffers first; state the body needs must be set up before
 * pool_run().
 *
 * Ownership: a job is lent by next() until its next call; a result's
 * bytes are lent to done() for the call; the body's *out is malloc'd and
 * freed by the pool.
 */
#ifndef SEGEL_POOL_H
#define SEGEL_POOL_H

#include <stddef.h>

#include "err.h"

#define POOL_MAX_WORKERS 256

typedef struct pool_opts {
	int workers;     /* 0: in this process; at most POOL_MAX_WORKERS */
	size_t window;   /* results outstanding; 0: 8 per worker */
	int isolate;     /* every job in a child process of its own */
	int cpu_seconds; /* with isolate, the child's CPU limit; 0: none */
} pool_opts;

enum {
	POOL_OK = 0,     /* the body returned 0: data, len */
	POOL_FAILED,     /* the body returned non-zero, or its process
			    exited without a result */
	POOL_SIGNALLED   /* its process was killed: signal */
};

typedef struct pool_result {
	unsigned long seq;           /* 0 for the first job taken */
	int status;                  /* POOL_OK, POOL_FAILED, POOL_SIGNALLED */
	int signal;
	const unsigned char *data;   /* POOL_OK: the body's bytes */
	size_t len;
} pool_result;

/* In a worker: one job in, its result out (*out malloc'd, may be NULL
 * when *outlen is 0).  Non-zero is POOL_FAILED. */
typedef int (*pool_work_fn)(void *arg, const unsigned char *job,
    size_t len, unsigned char **out, size_t *outlen);
/* In the caller: 1 and the next job, 0 at the end, -1 to stop. */
typedef int (*pool_next_fn)(void *ctx, const unsigned char **job,
    size_t *len);
/* In the caller, in input order; non-zero stops the run. */
typedef int (*pool_done_fn)(void *ctx, const pool_result *res);

/*
 * Run the batch.  0 when every job taken was handed to done(); 1 when
 * next() or done() stopped it; -1 on a system error (E-SYSTEM: pipe,
 * fork, out of memory), err set.  Every worker has ended on return.
 */
int pool_run(const pool_opts *o, pool_work_fn work, void *warg,
    pool_next_fn next, pool_done_fn done, void *ctx, sg_err *err);

#endif
