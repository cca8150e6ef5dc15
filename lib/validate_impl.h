/*
 * validate_impl.h - the insides of a validator, shared by the rule engine
 * (validate.c) and the named domain checks (validate_checks.c) only.
 *
 * Ownership: a validator owns its types, their compiled fields and checks
 * (with each check's NIK map), its problem list, arena and scratch; all
 * are freed by val_free().  Pointers into the doctype set and code tables
 * are borrowed, as validate.h says.
 */
#ifndef SEGEL_VALIDATE_IMPL_H
#define SEGEL_VALIDATE_IMPL_H

#include <regex.h>
#include <stdarg.h>
#include <stdint.h>

#include <jansson.h>

#include "buf.h"
#include "siphash.h"
#include "validate.h"

#define VAL_MAX_WITH 8

enum ck_kind {
	CK_NIK, CK_NIK_UNIQUE, CK_KK, CK_ADDRESS, CK_KK_FAMILY, CK_DATE_ORDER,
	CK_CIVIL_REGISTRY, CK_NEEDS, CK_CHILD_CARD
};

enum { P_NONE, P_HEADER, P_MEMBER, P_LIST };

struct vfield {
	const doctype_field *f;
	const codetab *tab;
	regex_t re;
	int has_re;
	int has_dmin, has_dmax, dmin_today, dmax_today;
	sg_date dmin, dmax;
	/* the last code value looked up: values repeat from row to row */
	char last_in[CODETAB_MAX_VALUE + 1];
	const char *last_name;
};

struct vpath {
	int kind;
	const struct vfield *vf; /* NULL for P_LIST and P_NONE */
};

/*
 * NIKs seen in the batch by one nik-unique check: open addressing over
 * 16-byte slots (a batch of 100,000 KKs holds 400,000 NIKs).  The key is
 * the NIK (below 2^54) with the member index + 1 in the top 10 bits.
 */
#define NIK_KEY_MASK ((UINT64_C(1) << 54) - 1)

struct nik_ent {
	uint64_t key;     /* 0 is an empty slot */
	uint32_t rec_no;
	uint32_t id_off;  /* record id in the validator's arena */
};

struct nikmap {
	struct nik_ent *slot;
	size_t cap, n; /* cap is a power of two */
	int bits;
};

struct vcheck {
	enum ck_kind kind;
	const doctype_check *dc;
	struct vpath field;
	struct vpath with[VAL_MAX_WITH];
	size_t n_with;
	struct nikmap map;
};

struct vtype {
	const doctype *t;
	const char *id;
	struct vfield *fields;
	size_t n_fields;
	const char *members;
	size_t members_max;
	struct vcheck *checks;
	size_t n_checks;
	const struct vfield *nik_member;  /* for kk-family */
	const struct vfield *name_member; /* for messages */
};

struct validator {
	struct vtype *types;
	size_t n_types;
	const region_table *regions;
	val_problem *probs;
	size_t n_probs;
	int demote;  /* inside a check declared severity="warning" */
	int worst;
	unsigned long rec_no;
	const char *rec_id;
	const json_t *rec;           /* the record being checked */
	char rec_id_buf[32];
	uint32_t rec_id_off; /* UINT32_MAX until stored for this record */
	sg_buf arena;                /* record ids, each NUL-ended */
	sg_buf scratch;              /* a value normalised */
	const siphash_key *hkey;     /* lent: the NIK set's hash key */
	struct nikmap recs;          /* the batch's records (val_record_seen) */
	int no_dups;                 /* val_set_duplicates(v, 0) */
	sg_date today;
	sg_date fixed_today;         /* val_set_today(), when has_today */
	int has_today;
};


/* The record was in the batch before (E-RECORD-DUPLICATE), or is noted
 * (validate_checks.c).  -1 on no memory. */
int val_record_seen(validator *v, const char *type, const json_t *fields);

/* ---- the engine's services to the checks (validate.c) ---- */

/* Add a problem to the record being checked (demoted inside a check
 * declared severity="warning"). */
void val_addv(validator *v, const char *code, const char *path,
    const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));
void val_add(validator *v, const char *code, const char *path,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A problem found by another module (nik.h, region.h), its sentence
 * already in both languages. */
void val_add_both(validator *v, const char *code, const char *path,
    const char *message, const char *text);
/* An error already found at path: a named check would only repeat it. */
int val_has_error(const validator *v, const char *path);
/* A value as quoted in a message: bounded, controls shown as '?'. */
const char *val_show(const char *s, char *buf, size_t sz);
int val_all_digits(const char *s, size_t len);
/* The path of p in a message ("anggota[3].nik"); member is the index. */
void val_path_of(const struct vtype *vt, const struct vpath *p, long member,
    char *buf, size_t sz);
/* The string at p, or NULL when absent, empty or not a string. */
const char *val_path_str(const struct vpath *p, json_t *fields,
    json_t *member);
/* The date or code value at p; -1 when absent or not valid. */
int val_path_date(const struct vpath *p, json_t *fields, json_t *member,
    sg_date *d);
int val_path_code(const struct vpath *p, json_t *fields, json_t *member);

/* ---- the named checks (validate_checks.c) ---- */

/* Run check c over one record's fields (each member for a member check).
 * 0, or -1 when memory ran out. */
int val_check_run(validator *v, const struct vtype *vt, struct vcheck *c,
    json_t *fields);
/* Does the check fit its paths?  NULL when it does, else why not. */
const char *val_check_fits(const struct vcheck *c);

#endif
