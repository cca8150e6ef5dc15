/*
 * pdfdl.c - poppler-glib and what it needs, loaded on first use
 * (pdfdl.h).  One dlopen of poppler-glib brings GLib, GObject, cairo and
 * poppler itself as its dependencies; every function is looked up
 * through its handle, which searches them too.  qpdf is a second.
 */
#define PDFDL_IMPL
#include "pdfdl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* The soname segel was built against (Makefile); the tools do not link
 * it, so this is the one place that names it. */
#ifndef PDFDL_SONAME
#define PDFDL_SONAME "libpoppler-glib.so.8"
#endif
#ifndef PDFDL_QPDF_SONAME
#define PDFDL_QPDF_SONAME "libqpdf.so.29"
#endif

struct pdfdl_fns pdfdl_fn;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[200];
static int loaded;

/* poppler's C++ setErrorCallback(), which poppler-glib does not wrap:
 * looked up by its mangled name, so that a poppler without it (or with
 * another signature) costs only the noise. */
typedef void (*poppler_error_cb)(int, long long, const char *);
#define SET_ERROR_CALLBACK "_Z16setErrorCallbackPFv13ErrorCategoryxPKcE"

static void
on_poppler_error(int category, long long pos, const char *msg)
{
	(void)category;
	(void)pos;
	(void)msg;
}

static void
on_log(const gchar *domain, GLogLevelFlags level, const gchar *msg,
    gpointer user)
{
	(void)domain;
	(void)level;
	(void)msg;
	(void)user;
}

static void
load(void)
{
	void *h, *q, *cb;
	const char *missing = NULL, *from = PDFDL_SONAME;

	h = dlopen(PDFDL_SONAME, RTLD_NOW | RTLD_LOCAL);
	q = h == NULL ? NULL : dlopen(PDFDL_QPDF_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (q == NULL) {
		snprintf(load_error, sizeof load_error, "%s", dlerror());
		return;
	}
	/* A function pointer from dlsym's void *: POSIX guarantees the
	 * conversion, C does not, hence the memcpy. */
#define PDFDL_LOOKUP(f) \
	if (missing == NULL) { \
		void *p = dlsym(h, #f); \
		if (p == NULL) \
			missing = #f; \
		else \
			memcpy(&pdfdl_fn.f, &p, sizeof p); \
	}
	PDFDL_FUNCS(PDFDL_LOOKUP)
	if (missing == NULL) {
		h = q;
		from = PDFDL_QPDF_SONAME;
	}
	PDFDL_QPDF_FUNCS(PDFDL_LOOKUP)
#undef PDFDL_LOOKUP
	if (missing != NULL) {
		snprintf(load_error, sizeof load_error, "%s: no %s", from,
		    missing);
		memset(&pdfdl_fn, 0, sizeof pdfdl_fn);
		return;
	}
	if ((cb = dlsym(h, SET_ERROR_CALLBACK)) != NULL) {
		void (*set)(poppler_error_cb);

		memcpy(&set, &cb, sizeof cb);
		set(on_poppler_error);
	}
	pdfdl_fn.g_log_set_handler("Poppler", G_LOG_LEVEL_MASK |
	    G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION, on_log, NULL);
	loaded = 1;
}

int
pdfdl_load(sg_err *err)
{
	pthread_once(&load_once, load);
	if (loaded)
		return 0;
	sg_err_set(err, "E-SYSTEM", NULL, "cannot load the PDF reader: %s",
	    load_error);
	return -1;
}
