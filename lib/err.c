#include "err.h"
#include "i18n.h"
#include "text.h"

#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void
sg_err_clear(sg_err *e)
{
	if (e == NULL)
		return;
	e->code[0] = e->where[0] = e->message[0] = e->text[0] = '\0';
}

void
sg_err_vset(sg_err *e, const char *code, const char *where, const char *fmt,
    va_list ap)
{
	if (e == NULL)
		return;
	snprintf(e->code, sizeof e->code, "%s", code ? code : "");
	/* A place or a message may hold outside text: escaped, and cut
	 * between characters, so that it shows as it is and a JSON writer
	 * never refuses it (text.h). */
	text_escape(where ? where : "", where ? strlen(where) : 0, e->where,
	    sizeof e->where);
	sg_text_vformat2(e->message, sizeof e->message, e->text,
	    sizeof e->text, fmt, ap);
}

void
sg_text_vformat2(char *en, size_t en_size, char *local, size_t local_size,
    const char *fmt, va_list ap)
{
	const char *tr = _(fmt);
	va_list aq;

	va_copy(aq, ap);
	text_vformat(en, en_size, fmt, aq);
	va_end(aq);
	/* Under C (and wherever the catalogue lacks the sentence) gettext
	 * hands back fmt itself: one formatting is enough. */
	if (tr == fmt)
		snprintf(local, local_size, "%s", en);
	else
		text_vformat(local, local_size, tr, ap);
}

void
sg_err_set(sg_err *e, const char *code, const char *where, const char *fmt,
    ...)
{
	va_list ap;

	if (e == NULL)
		return;
	va_start(ap, fmt);
	sg_err_vset(e, code, where, fmt, ap);
	va_end(ap);
}

/* s + ": " + reason, cut to size bytes. */
static void
err_append(char *s, size_t size, const char *reason)
{
	size_t n = strlen(s);

	if (n < size)
		snprintf(s + n, size - n, ": %s", reason);
}

static void
err_verrno(sg_err *e, const char *code, const char *where, const char *fmt,
    va_list ap)
{
	int saved = errno;

	if (e == NULL)
		return;
	sg_err_vset(e, code, where, fmt, ap);
	err_append(e->message, sizeof e->message, sg_err_reason(saved));
	err_append(e->text, sizeof e->text, strerror(saved));
	errno = saved;
}

const char *
sg_err_reason(int errnum)
{
	static char buf[256];
	int saved = errno;
	locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);

	snprintf(buf, sizeof buf, "%s", c != (locale_t)0 ?
	    strerror_l(errnum, c) : strerror(errnum));
	if (c != (locale_t)0)
		freelocale(c);
	errno = saved;
	return buf;
}

void
sg_err_errno(sg_err *e, const char *code, const char *where, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_verrno(e, code, where, fmt, ap);
	va_end(ap);
}

void
sg_err_sys(sg_err *e, const char *where, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_verrno(e, "E-SYSTEM", where, fmt, ap);
	va_end(ap);
}
