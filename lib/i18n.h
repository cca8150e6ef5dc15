/*
 * i18n.h - marking text for translation (gettext, text domain "segel").
 *
 * _("…") translates at the place it is used; N_("…") only marks a string
 * kept in a table and translated where it is shown.  Library text goes
 * through the same domain, so the caller's locale decides the language of
 * every sentence; codes, keys and the JSON never change with it.
 */
#ifndef SEGEL_I18N_H
#define SEGEL_I18N_H

#include <libintl.h>

#define SEGEL_TEXTDOMAIN "segel"
#define _(s) dgettext(SEGEL_TEXTDOMAIN, s)
#define N_(s) (s)

#endif
