/*
 * intake.h on a village's bulk folder: folders in name order, dot folders,
 * links, FIFOs and other files passed over, nesting beyond the limit not
 * followed, an attachment that is a FIFO rejected without a hang, emit
 * stopping the walk, a path that is not there.
 */
#include <sys/stat.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doctype.h"
#include "intake.h"
#include "t.h"

static char dir[64] = "/tmp/segel-intake-XXXXXX";

struct got {
	char text[1 << 18];    /* every object emitted, one a line */
	int n, stop_at;
};

static int
collect(void *ctx, enum intake_kind kind, const json_t *obj)
{
	struct got *g = ctx;
	size_t l = strlen(g->text);
	char *s = json_dumps(obj, JSON_COMPACT);

	snprintf(g->text + l, sizeof g->text - l, "%d %s\n", (int)kind,
	    s ? s : "?");
	free(s);
	return ++g->n == g->stop_at ? -1 : 0;
}

static void
on_alarm(int sig)
{
	(void)sig;
	printf("not ok hung: intake waited on a FIFO\n");
	exit(1);
}

/* A shell command on the test folder, $D. */
static void
sh(const char *cmd)
{
	if (system(cmd) != 0) {
		printf("# failed: %s\n", cmd);
		exit(2);
	}
}

static int
run(const doctype_set *ds, const char *path, struct got *g, sg_err *e,
    intake_stats *st)
{
	struct intake_opts o = { NULL, 0, getenv("SEGEL_FORMATS") };
	intake *in = intake_new(ds, &o);
	int rc;

	sg_err_clear(e);
	alarm(20);
	rc = intake_path(in, path, collect, g, e);
	alarm(0);
	*st = *intake_get_stats(in);
	intake_free(in);
	return rc;
}

int
main(int argc, char **argv)
{
	static struct got g;
	doctype_set *ds;
	intake_stats st;
	sg_err e;
	char *a, *b;
	int rc;

	T_INIT(argc, argv);
	signal(SIGALRM, on_alarm);
	if ((ds = doctype_set_load(getenv("SEGEL_FORMATS"), &e)) == NULL) {
		printf("not ok types: %s\n", e.message);
		return 1;
	}
	if (mkdtemp(dir) == NULL)
		return 2;
	setenv("D", dir, 1);
	/* Two villages, "A-..." sorting before "b-..." (strcmp, not case). */
	sh("v=testdata/bulk/kepahiang/bermani-ilir-embong-ijuk && "
	    "cp -R $v $D/b-embong-ijuk && cp -R $v $D/A-embong-ijuk");
	sh("rm $D/*/kk.csv && mkdir $D/.backup && "
	    "cp $D/A-embong-ijuk/akta-kematian.csv $D/.backup/");
	sh("ln -s ../A-embong-ijuk/akta-kematian.csv $D/b-embong-ijuk/link.csv"
	    " && mkfifo $D/b-embong-ijuk/fifo.csv && echo x >$D/notes.doc");
	sh("d=$D/n; for i in $(seq 20); do d=$d/n; done; mkdir -p $d && "
	    "cp $D/A-embong-ijuk/akta-kematian.csv $d/");

	memset(&g, 0, sizeof g);
	rc = run(ds, dir, &g, &e, &st);
	T_OK("walk", rc == 0, "rc %d: %s", rc, e.message);
	T_OK("walk-files", st.files == 2, "%lu files read", st.files);
	a = strstr(g.text, "A-embong-ijuk");
	b = strstr(g.text, "b-embong-ijuk");
	T_OK("walk-order", a != NULL && b != NULL && a < b, "A %s b",
	    a == NULL || b == NULL ? "or" : "after");
	T_OK("walk-records", st.records > 0 &&
	    st.rows == st.rows_in_records + st.rows_rejected, "%lu records, "
	    "%lu rows", st.records, st.rows);
	T_OK("walk-no-dot", strstr(g.text, ".backup") == NULL, "read .backup");

	/* An attachment that is a FIFO: a reject, not a hang. */
	sh("rm $D/A-embong-ijuk/lampiran/mati-01-surat.pdf && "
	    "mkfifo $D/A-embong-ijuk/lampiran/mati-01-surat.pdf");
	memset(&g, 0, sizeof g);
	rc = run(ds, dir, &g, &e, &st);
	T_OK("attach-fifo", rc == 0 && strstr(g.text, "mati-01-surat.pdf\\\" is "
	    "not a regular file but a FIFO") != NULL &&
	    strstr(g.text, "E-ATTACH-NOT-FILE") != NULL, "rc %d: %.300s", rc,
	    g.text);

	memset(&g, 0, sizeof g);
	g.stop_at = 1;
	rc = run(ds, dir, &g, &e, &st);
	T_OK("stop", rc == -1 && st.files == 1 && strcmp(e.message, "stopped")
	    == 0, "rc %d, %lu files: %s", rc, st.files, e.message);

	memset(&g, 0, sizeof g);
	snprintf(g.text, sizeof g.text, "%s/gone", dir);
	rc = run(ds, g.text, &g, &e, &st);
	T_OK("missing", rc == -1 && strcmp(e.code, "E-SYSTEM") == 0, "rc %d",
	    rc);

	sh("rm -rf $D");
	doctype_set_free(ds);
	return T_DONE();
}
