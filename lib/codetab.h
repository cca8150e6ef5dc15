/*
 * codetab.h - code tables (agama, pendidikan, pekerjaan, ...), loaded from
 * formats/codes/<table>.csv.
 *
 * Each table is a CSV file with the header "kode,nama,varian": a small
 * integer code (the Dukcapil numbering where there is one), the canonical
 * name, and the spelling variants seen in real data separated by '|'
 * (formats/codes/README.md).  A value matches an entry by its code number,
 * its canonical name or a variant, compared case-insensitively and with
 * every blank and dot ignored: "budha", "Budha ", "5" all give "BUDDHA",
 * "Kong Hu Cu" gives "KONGHUCU", "Laki - laki" gives "LAKI-LAKI".
 *
 * Ownership: a codetab_set owns its tables; a codetab owns its strings.
 * Every pointer returned is lent until the owner is freed.  Lookups do not
 * allocate and are safe to call from several threads at once.
 */
#ifndef SEGEL_CODETAB_H
#define SEGEL_CODETAB_H

#include <stddef.h>

#include "err.h"

#define CODETAB_MAX_VALUE 128 /* longer values never match */

typedef struct codetab codetab;
typedef struct codetab_set codetab_set;

/*
 * Load every formats_dir/codes/ *.csv; the table name is the file name
 * without ".csv".  NULL on error (err names the file and line).
 */
codetab_set *codetab_set_load(const char *formats_dir, sg_err *err);
void codetab_set_free(codetab_set *s);
size_t codetab_set_count(const codetab_set *s);
const codetab *codetab_set_at(const codetab_set *s, size_t i);
/* The table called name ("agama"), or NULL. */
const codetab *codetab_find(const codetab_set *s, const char *table);

/*
 * One table from a buffer; file is used in diagnostics ("file:line").
 * NULL on error.
 */
codetab *codetab_parse_mem(const char *buf, size_t len, const char *name,
    const char *file, sg_err *err);
codetab *codetab_load(const char *path, const char *name, sg_err *err);
void codetab_free(codetab *t);

const char *codetab_table_name(const codetab *t); /* "agama" */
size_t codetab_count(const codetab *t);           /* entries */
/* Entry i in code order: its canonical name, its code in *code. */
const char *codetab_at(const codetab *t, size_t i, int *code);

/*
 * The canonical name for value (a code number, the name or a variant), its
 * code in *code when code is not NULL; NULL when value matches nothing.
 */
const char *codetab_lookup(const codetab *t, const char *value, int *code);
/* The canonical name for a code, or NULL. */
const char *codetab_name(const codetab *t, int code);

#endif
