/*
 * pool.c - forked workers, the next job to the first idle one, results
 * in input order (pool.h).
 *
 * Frames: to a worker, a 4-byte length and the job; back, a header
 * (length, status, signal) and the result.  Both ends are on the same
 * machine, so the integers go in host order.  A worker has at most one
 * job; the parent keeps a ring of `window` slots, one per job taken and
 * not yet handed back, and only polls when some worker is busy: whenever
 * a result is outstanding its worker is busy, so the poll always has
 * something to wait for.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pool.h"
#include "buf.h"

#define FRAME_MAX (1u << 30)

struct reply {
	uint32_t len;
	int32_t status, signal;
};

struct worker {
	pid_t pid;           /* 0: not running */
	int fd;
	int busy;
	unsigned long seq;   /* the job it holds, when busy */
	sg_buf rb;           /* what it has sent of its reply */
};

struct slot {
	int ready;
	int status, signal;
	unsigned char *buf;  /* the reply frame (malloc'd); data after it */
	size_t off, len;
};

struct run {
	const pool_opts *o;
	pool_work_fn work;
	void *warg;
	struct worker *w;
	int nw;
	struct slot *slot;
	size_t window;
};

static int
write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	ssize_t k;

	while (n > 0) {
		k = send(fd, c, n, MSG_NOSIGNAL);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		c += k;
		n -= (size_t)k;
	}
	return 0;
}

/* 1 read, 0 end of input before the first byte, -1 error or short. */
static int
read_all(int fd, void *p, size_t n)
{
	char *c = p;
	size_t got = 0;
	ssize_t k;

	while (got < n) {
		k = read(fd, c + got, n - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return got == 0 && k == 0 ? 0 : -1;
		got += (size_t)k;
	}
	return 1;
}

static void
status_of(int st, int *status, int *sig)
{
	*sig = 0;
	if (WIFSIGNALED(st)) {
		*status = POOL_SIGNALLED;
		*sig = WTERMSIG(st);
	} else
		*status = POOL_FAILED;
}

/*
 * One job, here or (isolate) in a child of its own.  *out is malloc'd
 * (or NULL) with POOL_OK, NULL otherwise.
 */
static void
job_run(const pool_opts *o, pool_work_fn work, void *warg,
    const unsigned char *job, size_t len, int *status, int *sig,
    unsigned char **out, size_t *outlen)
{
	struct rlimit rl;
	unsigned char *buf = NULL;
	size_t n = 0;
	sg_buf rb = { 0 };      /* the child's reply */
	int sv[2], st;
	pid_t pid;
	ssize_t k;

	*out = NULL;
	*outlen = 0;
	*sig = 0;
	*status = POOL_FAILED;
	if (!o->isolate) {
		if (work(warg, job, len, out, outlen) == 0)
			*status = POOL_OK;
		else {
			free(*out);
			*out = NULL;
			*outlen = 0;
		}
		return;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return;
	fflush(NULL);
	if ((pid = fork()) < 0) {
		close(sv[0]);
		close(sv[1]);
		return;
	}
	if (pid == 0) {
		close(sv[0]);
		if (o->cpu_seconds > 0) {
			rl.rlim_cur = (rlim_t)o->cpu_seconds;
			rl.rlim_max = (rlim_t)o->cpu_seconds + 1;
			setrlimit(RLIMIT_CPU, &rl);
		}
		if (work(warg, job, len, &buf, &n) != 0 ||
		    write_all(sv[1], buf, n) != 0)
			_exit(1);
		_exit(0);
	}
	close(sv[1]);
	/* read it all before waiting: the child blocks on a full socket */
	for (;;) {
		if (sg_buf_reserve(&rb, 4096) != 0)
			break;
		k = read(sv[0], rb.p + rb.len, rb.cap - rb.len - 1);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		rb.len += (size_t)k;
	}
	close(sv[0]);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			sg_buf_free(&rb);
			return;
		}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		*status = POOL_OK;
		*out = sg_buf_take(&rb, outlen);
		return;
	}
	sg_buf_free(&rb);
	status_of(st, status, sig);
}

/* A worker: jobs in, replies out, until its input ends. */
static void
worker_main(int fd, const pool_opts *o, pool_work_fn work, void *warg)
{
	unsigned char *job = NULL, *out, *nj;
	size_t cap = 0, outlen;
	uint32_t n;
	struct reply r;
	int status, sig, k;

	for (;;) {
		if ((k = read_all(fd, &n, sizeof n)) == 0)
			break;
		if (k < 0 || n > FRAME_MAX)
			_exit(2);
		if (n + 1 > cap) {
			if ((nj = realloc(job, n + 1)) == NULL)
				_exit(2);
			job = nj;
			cap = n + 1;
		}
		if (n > 0 && read_all(fd, job, n) != 1)
			_exit(2);
		job_run(o, work, warg, job, n, &status, &sig, &out, &outlen);
		if (outlen > FRAME_MAX) {
			free(out);
			out = NULL;
			outlen = 0;
			status = POOL_FAILED;
		}
		r.len = (uint32_t)outlen;
		r.status = status;
		r.signal = sig;
		if (write_all(fd, &r, sizeof r) != 0 ||
		    write_all(fd, out, outlen) != 0)
			_exit(2);
		free(out);
	}
	_exit(0);
}

static int
worker_start(struct run *ru, int i, sg_err *err)
{
	struct worker *w = &ru->w[i];
	int sv[2], j;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
		sg_err_sys(err, NULL, "socketpair");
		return -1;
	}
	fflush(NULL);
	if ((pid = fork()) < 0) {
		sg_err_sys(err, NULL, "fork");
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		close(sv[0]);
		/* the other workers' sockets are not ours */
		for (j = 0; j < ru->nw; j++)
			if (ru->w[j].fd >= 0)
				close(ru->w[j].fd);
		worker_main(sv[1], ru->o, ru->work, ru->warg);
	}
	close(sv[1]);
	w->pid = pid;
	w->fd = sv[0];
	w->busy = 0;
	sg_buf_reset(&w->rb);
	return 0;
}

/* The worker has gone (or broke the protocol): its job is reported with
 * how it ended, and it is started again when next needed. */
static void
worker_lost(struct run *ru, struct worker *w, int kill_it)
{
	struct slot *s;
	int st = 0;

	close(w->fd);
	w->fd = -1;
	if (kill_it)
		kill(w->pid, SIGKILL);
	while (waitpid(w->pid, &st, 0) < 0 && errno == EINTR)
		;
	w->pid = 0;
	sg_buf_reset(&w->rb);
	if (w->busy) {
		s = &ru->slot[w->seq % ru->window];
		s->ready = 1;
		status_of(st, &s->status, &s->signal);
		if (kill_it && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
			s->status = POOL_FAILED; /* ours, above */
		w->busy = 0;
	}
}

/* Read what a busy worker has sent; a whole reply fills its slot.
 * -1 out of memory. */
static int
worker_read(struct run *ru, struct worker *w)
{
	struct reply r;
	struct slot *s;
	size_t want;
	ssize_t k;

	want = w->rb.len < sizeof r ? sizeof r : sizeof r + ((struct reply *)
	    (void *)w->rb.p)->len;
	/* room for the rest of the reply at least, for a byte when whole */
	if (sg_buf_reserve(&w->rb, want > w->rb.len ? want - w->rb.len : 1)
	    != 0)
		return -1;
	k = read(w->fd, w->rb.p + w->rb.len, w->rb.cap - w->rb.len - 1);
	if (k < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (k <= 0) {
		worker_lost(ru, w, 0);
		return 0;
	}
	w->rb.len += (size_t)k;
	if (w->rb.len < sizeof r)
		return 0;
	memcpy(&r, w->rb.p, sizeof r);
	if (r.len > FRAME_MAX || w->rb.len > sizeof r + r.len) {
		worker_lost(ru, w, 1);  /* not our protocol */
		return 0;
	}
	if (w->rb.len < sizeof r + r.len)
		return 0;
	s = &ru->slot[w->seq % ru->window];
	s->ready = 1;
	s->status = r.status;
	s->signal = r.signal;
	s->off = sizeof r;
	s->len = r.len;
	s->buf = sg_buf_take(&w->rb, NULL);
	w->busy = 0;
	return 0;
}

static int
run_here(const pool_opts *o, pool_work_fn work, void *warg,
    pool_next_fn next, pool_done_fn done, void *ctx)
{
	const unsigned char *job;
	unsigned char *out;
	pool_result res;
	size_t len;
	int r;

	for (res.seq = 0;; res.seq++) {
		if ((r = next(ctx, &job, &len)) == 0)
			return 0;
		if (r < 0)
			return 1;
		job_run(o, work, warg, job, len, &res.status, &res.signal,
		    &out, &res.len);
		res.data = out;
		r = done(ctx, &res);
		free(out);
		if (r != 0)
			return 1;
	}
}

int
pool_run(const pool_opts *o, pool_work_fn work, void *warg,
    pool_next_fn next, pool_done_fn done, void *ctx, sg_err *err)
{
	struct run ru;
	struct pollfd pf[POOL_MAX_WORKERS];
	struct worker *w;
	struct slot *s;
	pool_result res;
	const unsigned char *job;
	unsigned long seq = 0, head = 0;
	size_t len;
	uint32_t n;
	int i, np, r, st, eof = 0, rc = 0;

	if (o->workers <= 0)
		return run_here(o, work, warg, next, done, ctx);
	memset(&ru, 0, sizeof ru);
	ru.o = o;
	ru.work = work;
	ru.warg = warg;
	ru.nw = o->workers < POOL_MAX_WORKERS ? o->workers :
	    POOL_MAX_WORKERS;
	ru.window = o->window ? o->window : 8 * (size_t)ru.nw;
	if (ru.window < (size_t)ru.nw)
		ru.window = (size_t)ru.nw;
	if ((ru.w = calloc((size_t)ru.nw, sizeof *ru.w)) == NULL ||
	    (ru.slot = calloc(ru.window, sizeof *ru.slot)) == NULL) {
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		rc = -1;
		goto out;
	}
	for (i = 0; i < ru.nw; i++)
		ru.w[i].fd = -1;
	for (;;) {
		/* the next jobs to the idle workers, as the window allows */
		while (!eof && seq - head < ru.window) {
			for (i = 0; i < ru.nw && ru.w[i].busy; i++)
				;
			if (i == ru.nw)
				break;
			w = &ru.w[i];
			if (w->pid == 0 && worker_start(&ru, i, err) != 0) {
				rc = -1;
				goto out;
			}
			if ((r = next(ctx, &job, &len)) == 0) {
				eof = 1;
				break;
			}
			if (r < 0) {
				rc = 1;
				goto out;
			}
			if (len > FRAME_MAX) {
				sg_err_set(err, "E-SYSTEM", NULL, "a job of %zu "
				    "bytes is too big for the pool", len);
				rc = -1;
				goto out;
			}
			w->busy = 1;
			w->seq = seq++;
			n = (uint32_t)len;
			if (write_all(w->fd, &n, sizeof n) != 0 ||
			    write_all(w->fd, job, len) != 0)
				worker_lost(&ru, w, 1);
		}
		/* the results, in order */
		while (head < seq && ru.slot[head % ru.window].ready) {
			s = &ru.slot[head % ru.window];
			res.seq = head;
			res.status = s->status;
			res.signal = s->signal;
			res.data = s->buf ? s->buf + s->off : NULL;
			res.len = s->status == POOL_OK ? s->len : 0;
			r = done(ctx, &res);
			free(s->buf);
			memset(s, 0, sizeof *s);
			head++;
			if (r != 0) {
				rc = 1;
				goto out;
			}
		}
		if (eof && head == seq)
			break;
		for (np = 0, i = 0; i < ru.nw; i++)
			if (ru.w[i].busy) {
				pf[np].fd = ru.w[i].fd;
				pf[np].events = POLLIN;
				pf[np++].revents = 0;
			}
		if (np == 0)
			continue;
		if (poll(pf, (nfds_t)np, -1) < 0) {
			if (errno == EINTR)
				continue;
			sg_err_sys(err, NULL, "poll");
			rc = -1;
			goto out;
		}
		for (np = 0, i = 0; i < ru.nw; i++) {
			if (!ru.w[i].busy)
				continue;
			if (pf[np++].revents != 0 &&
			    worker_read(&ru, &ru.w[i]) != 0) {
				sg_err_set(err, "E-SYSTEM", NULL,
				    "out of memory");
				rc = -1;
				goto out;
			}
		}
	}
out:
	for (i = 0; ru.w != NULL && i < ru.nw; i++) {
		w = &ru.w[i];
		if (w->pid > 0) {
			if (rc != 0)
				kill(w->pid, SIGTERM);
			close(w->fd);
			while (waitpid(w->pid, &st, 0) < 0 && errno == EINTR)
				;
			if (rc == 0 && (!WIFEXITED(st) ||
			    WEXITSTATUS(st) != 0)) {
				sg_err_set(err, "E-SYSTEM", NULL, "a worker "
				    "process failed");
				rc = -1;
			}
		}
		sg_buf_free(&w->rb);
	}
	for (i = 0; ru.slot != NULL && (size_t)i < ru.window; i++)
		free(ru.slot[i].buf);
	free(ru.slot);
	free(ru.w);
	return rc;
}
