/*
 * region.h - Indonesian region codes (kode wilayah) and the names that go
 * with them, loaded from formats/wilayah/.
 *
 * Two files (formats/wilayah/README.md): wilayah_2025.csv, the current
 * list at four levels (provinsi 75, kabupaten/kota 75.01, kecamatan
 * 75.01.01, desa/kelurahan 75.01.01.2001), and kode_wilayah_sejarah.csv,
 * every provinsi/kabupaten/kecamatan code seen since 2016 with the first
 * and last year it was seen.  The history matters because a NIK or KK
 * number keeps the kecamatan code of its first registration for life
 * (Merauke was 91.01 until 2022 and is 93.01 since).
 *
 * Codes are looked up dotted ("75.01.01.2001") or as bare digits of the
 * same length ("7501012001"); anything else is simply not found.
 * Lookups are binary searches over sorted integer keys: no allocation.
 *
 * Ownership: a region_table owns every entry and string; pointers it
 * returns are lent until region_table_free().  A loaded table is never
 * changed, so lookups are safe from several threads at once.
 */
#ifndef SEGEL_REGION_H
#define SEGEL_REGION_H

#include <stddef.h>

#include "err.h"

enum {
	REGION_PROVINSI = 1,
	REGION_KABUPATEN = 2, /* kabupaten or kota */
	REGION_KECAMATAN = 3,
	REGION_DESA = 4       /* desa or kelurahan */
};

typedef enum region_status {
	REGION_UNKNOWN = 0, /* neither current nor in the history */
	REGION_CURRENT,     /* in the current (2025) list */
	REGION_RETIRED      /* only in the history */
} region_status;

typedef struct region_table region_table;

/* One code of the current list. */
typedef struct region_entry {
	const char *code; /* dotted, "75.01.01.2001" */
	const char *name; /* as listed, "Kabupaten Gorontalo", "Limboto" */
	int level;        /* REGION_PROVINSI .. REGION_DESA */
} region_entry;

/*
 * One provinsi/kabupaten/kecamatan code as seen over the years.  A code in
 * the current list always has last_year == region_table_year() and its
 * current name, even where the history file lags behind.
 */
typedef struct region_hist {
	const char *code;      /* dotted, "91.01.01" */
	const char *last_name; /* name when last seen */
	int first_year, last_year;
	int level;
} region_hist;

/* A problem found by region_check_address(). */
typedef struct region_problem {
	char code[24];     /* "E-ADDR-UNKNOWN", ... */
	char field[16];    /* "kode_wilayah", "desa", "kecamatan", ... */
	char message[320]; /* one sentence for an operator, English */
	char text[320];    /* the same in the reader's language (err.h) */
} region_problem;

/*
 * Load formats_dir/wilayah/wilayah_2025.csv and
 * formats_dir/wilayah/kode_wilayah_sejarah.csv.  NULL on error with err
 * set (E-REGION-READ, E-REGION-FORMAT with "file:line").
 */
region_table *region_table_load(const char *formats_dir, sg_err *err);
void region_table_free(region_table *t);
/* The year of the current list (the last year in the history: 2025). */
int region_table_year(const region_table *t);
size_t region_table_count(const region_table *t);

/* The current entry for a code, or NULL. */
const region_entry *region_find(const region_table *t, const char *code);
/* The entry one level up (desa -> kecamatan ...), NULL for a provinsi. */
const region_entry *region_parent(const region_table *t,
    const region_entry *e);
/* The history of a provinsi/kabupaten/kecamatan code, or NULL. */
const region_hist *region_history(const region_table *t, const char *code);

/*
 * The kecamatan named by the first six digits of a NIK or KK number
 * ("750101"; characters after the sixth are ignored).  *status tells
 * CURRENT, RETIRED or UNKNOWN; the return value is the current name, the
 * last name for a retired code, or NULL when unknown.  When dotted is not
 * NULL it receives "75.01.01" (at least 9 bytes) whenever the six
 * characters are digits, else "".
 */
const char *region_district_from_nik6(const region_table *t,
    const char *nik6, region_status *status, char *dotted);

/*
 * Does name (as an operator typed it) name entry e?  Case, blank runs and
 * curly apostrophes are forgiven, and the usual prefixes: "KAB.", "KAB",
 * "KABUPATEN" for a kabupaten ("KOTA" only matches a kota: Kota Gorontalo
 * 75.71 is not Kabupaten Gorontalo 75.01; a bare name matches either),
 * "ADMINISTRASI" in Jakarta, "KEC.", "KEC", "KECAMATAN" for a kecamatan,
 * "DESA", "KEL.", "KEL", "KELURAHAN" for a desa/kelurahan, "PROVINSI",
 * "PROV." and the short forms "DKI", "DI" for a provinsi.  1 or 0.
 */
int region_name_matches(const region_entry *e, const char *name);

/*
 * Which desa/kelurahan do these names name?  desa is required; kecamatan,
 * kabupaten (kabupaten or kota) and provinsi narrow the search (NULL or ""
 * to skip; at least a kecamatan or a kabupaten must be given, else 0 is
 * returned: a desa name alone is no address).  Names are matched as
 * region_name_matches() does.  Every desa that fits goes into out (up to
 * max, in code order); the return value is how many fit in all (0: none,
 * 1: resolved, more: ambiguous; the caller lists the candidates).  When
 * none fits, *level (may be NULL) gets the highest level whose name
 * matched nothing (REGION_PROVINSI .. REGION_DESA) and *scope (may be
 * NULL) the deepest entry that did match, for the message.
 */
size_t region_resolve_names(const region_table *t, const char *desa,
    const char *kecamatan, const char *kabupaten, const char *provinsi,
    const region_entry **out, size_t max, int *level,
    const region_entry **scope);

#define REGION_ADDR_MAXPROBS 8 /* region_check_address never finds more */

/*
 * Check an address: kode_desa must be a current desa/kelurahan code and
 * each name given (NULL or "" to skip) must match its level of that code.
 * Problems found: E-ADDR-FORMAT (not a region code), E-ADDR-UNKNOWN (not
 * in the current list; the message says when a code was retired),
 * E-ADDR-LEVEL (a kecamatan or kabupaten code where a desa code belongs),
 * E-ADDR-NAME (a name that does not match; the message says where the
 * name does belong when it is found nearby).  Names are still checked
 * against the levels of a short or unknown code that do exist.
 * Up to maxprobs problems go into probs, their number into *nprobs.
 * Returns 0 when nothing was found, -1 otherwise.  With t NULL only the
 * shape of the code is checked.
 */
int region_check_address(const region_table *t, const char *kode_desa,
    const char *desa, const char *kecamatan, const char *kabupaten,
    const char *provinsi, region_problem *probs, size_t maxprobs,
    size_t *nprobs);

/*
 * Does region code a cover code b?  A prefix on a dot boundary: "75"
 * covers "75.01" and "75.01.02.2001", "75.01" never "75.011".  Needs no
 * table (issuer scopes, certificates, document regions).
 */
int region_code_covers(const char *a, const char *b);
/*
 * The civil time of a region, as minutes east of UTC, from its province
 * (the first two digits of the code): WIB (UTC+7) for Sumatra, Java,
 * West and Central Kalimantan; WITA (UTC+8) for Bali, Nusa Tenggara,
 * South, East and North Kalimantan and Sulawesi; WIT (UTC+9) for Maluku
 * and the Papua provinces (91-96).  -1 for a code whose province is not
 * in the table.
 */
int region_utc_offset_min(const char *code);

#endif
