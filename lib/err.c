#include "err.h"
#include "text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void
sg_err_clear(sg_err *e)
{
	if (e == NULL)
		return;
	e->code[0] = e->where[0] = e->message[0] = '\0';
}

static void
err_vset(sg_err *e, const char *code, const char *where, const char *fmt,
    va_list ap)
{
	snprintf(e->code, sizeof e->code, "%s", code ? code : "");
	/* A place or a message may hold outside text: escaped, and cut
	 * between characters, so that it shows as it is and a JSON writer
	 * never refuses it (text.h). */
	text_escape(where ? where : "", where ? strlen(where) : 0, e->where,
	    sizeof e->where);
	text_vformat(e->message, sizeof e->message, fmt, ap);
}

void
sg_err_set(sg_err *e, const char *code, const char *where, const char *fmt,
    ...)
{
	va_list ap;

	if (e == NULL)
		return;
	va_start(ap, fmt);
	err_vset(e, code, where, fmt, ap);
	va_end(ap);
}

void
sg_err_sys(sg_err *e, const char *where, const char *fmt, ...)
{
	va_list ap;
	int saved = errno;
	size_t n;

	if (e == NULL)
		return;
	va_start(ap, fmt);
	err_vset(e, "E-SYSTEM", where, fmt, ap);
	va_end(ap);
	n = strlen(e->message);
	if (n < sizeof e->message)
		snprintf(e->message + n, sizeof e->message - n, ": %s",
		    strerror(saved));
	errno = saved;
}
