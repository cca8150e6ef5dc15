/*
 * validate_checks.c - the named domain checks a type lists in <checks>:
 * nik, nik-unique, kk, address, kk-family, date-order, civil-registry,
 * needs.  The engine
 * (validate.c) resolves their paths and runs them after the generic
 * rules; each adds its problems through val_add().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "nik.h"
#include "record.h"
#include "text.h"
#include "validate.h"
#include "validate_impl.h"

static const char *const ck_names[] = {
	"nik", "nik-unique", "kk", "address", "kk-family", "date-order",
	"civil-registry", "needs", "child-card", NULL
};

/* ---- named checks ---- */

static void
add_nik_probs(validator *v, const nik_problem *np, size_t n,
    const char *path)
{
	size_t i;

	for (i = 0; i < n; i++)
		val_add_both(v, np[i].code, path, np[i].message, np[i].text);
}

static void
ck_nik(validator *v, const struct vtype *vt, const struct vcheck *c,
    json_t *fields, json_t *member, long idx)
{
	nik_problem np[NIK_MAXPROBS];
	char path[96];
	const char *s;
	nik_info info;
	sg_date birth;
	size_t n;
	int sex = -1, code;

	val_path_of(vt, &c->field, idx, path, sizeof path);
	if ((s = val_path_str(&c->field, fields, member)) == NULL ||
	    val_has_error(v, path))
		return;
	nik_parse(v->regions, s, &info, np, NIK_MAXPROBS, &n);
	add_nik_probs(v, np, n, path);
	if (info.number[0] == '\0')
		return;
	memset(&birth, 0, sizeof birth);
	if (c->n_with > 0)
		val_path_date(&c->with[0], fields, member, &birth);
	if (c->n_with > 1 &&
	    (code = val_path_code(&c->with[1], fields, member)) > 0)
		sex = code == 1 ? 0 : code == 2 ? 1 : -1; /* SIAK 1 L, 2 P */
	nik_compare_person(&info, birth, sex, np, NIK_MAXPROBS, &n);
	add_nik_probs(v, np, n, path);
}

static void
ck_kk(validator *v, const struct vtype *vt, const struct vcheck *c,
    json_t *fields)
{
	nik_problem np[NIK_MAXPROBS];
	char path[96];
	const char *s, *kode;
	kk_info info;
	size_t n;

	val_path_of(vt, &c->field, -1, path, sizeof path);
	if ((s = val_path_str(&c->field, fields, NULL)) == NULL ||
	    val_has_error(v, path))
		return;
	kk_parse(v->regions, s, &info, np, NIK_MAXPROBS, &n);
	add_nik_probs(v, np, n, path);
	if (info.number[0] == '\0' || c->n_with == 0 ||
	    info.district_status != REGION_CURRENT)
		return;
	/* a KK is issued by the kecamatan it lives in, unless it moved */
	kode = val_path_str(&c->with[0], fields, NULL);
	if (kode != NULL && strlen(kode) >= 8 &&
	    strncmp(kode, info.district, 8) != 0 &&
	    (kode[8] == '\0' || kode[8] == '.'))
		val_add(v, "W-KK-REGION", path, "KK number %s was issued in "
		    "kecamatan %s, but %s is %.8s; check that the family "
		    "moved", info.number, info.district,
		    c->with[0].vf->f->name, kode);
}

static void
ck_address(validator *v, const struct vtype *vt, const struct vcheck *c,
    json_t *fields)
{
	static const char *const level_field[] = {
		"desa", "kecamatan", "kabupaten", "provinsi"
	};
	region_problem rp[REGION_ADDR_MAXPROBS];
	const char *names[4] = { NULL, NULL, NULL, NULL };
	char path[96], wpath[96];
	const char *kode;
	size_t i, k, n;

	val_path_of(vt, &c->field, -1, path, sizeof path);
	if (val_has_error(v, path))
		return;
	kode = val_path_str(&c->field, fields, NULL);
	for (i = 0; i < c->n_with && i < 4; i++)
		names[i] = val_path_str(&c->with[i], fields, NULL);
	if (kode == NULL)
		return; /* "required" has said it when it matters */
	region_check_address(v->regions, kode, names[0], names[1], names[2],
	    names[3], rp, REGION_ADDR_MAXPROBS, &n);
	for (i = 0; i < n; i++) {
		snprintf(wpath, sizeof wpath, "%s", path);
		for (k = 0; k < 4 && k < c->n_with; k++)
			if (strcmp(rp[i].field, level_field[k]) == 0)
				val_path_of(vt, &c->with[k], -1, wpath,
				    sizeof wpath);
		val_add_both(v, rp[i].code, wpath, rp[i].message, rp[i].text);
	}
}

enum { REL_KEPALA = 1, REL_SUAMI = 2, REL_ISTRI = 3, REL_ANAK = 4,
    REL_ORANG_TUA = 7, REL_MERTUA = 8 };
enum { KAWIN_TERCATAT = 2, KAWIN_BELUM_TERCATAT = 5, BELUM_KAWIN = 1 };

struct person {
	const char *name, *nik;
	int rel, sex, marital, born_ok;
	sg_date born;
};

static int
age_at(sg_date born, sg_date day)
{
	int a = day.y - born.y;

	if (day.m < born.m || (day.m == born.m && day.d < born.d))
		a--;
	return a;
}

static void
ck_family(validator *v, const struct vtype *vt, const struct vcheck *c,
    json_t *list)
{
	struct person pp[64];
	struct vpath none = { P_NONE, NULL };
	const struct vpath *w[4];
	struct vpath nikp = { P_MEMBER, vt->nik_member };
	struct vpath namep = { P_MEMBER, vt->name_member };
	char path[96], b1[11], b2[11];
	size_t i, j, n, heads = 0, first_head = 0;
	json_t *m;

	n = json_array_size(list);
	if (n > sizeof pp / sizeof pp[0])
		n = sizeof pp / sizeof pp[0];
	for (i = 0; i < 4; i++)
		w[i] = i < c->n_with ? &c->with[i] : &none;
	for (i = 0; i < n; i++) {
		m = json_array_get(list, i);
		if (!json_is_object(m))
			m = NULL;
		pp[i].name = vt->name_member ? val_path_str(&namep, NULL, m) : NULL;
		if (pp[i].name == NULL)
			pp[i].name = "?";
		pp[i].nik = vt->nik_member ? val_path_str(&nikp, NULL, m) : NULL;
		pp[i].rel = val_path_code(w[0], NULL, m);
		pp[i].sex = val_path_code(w[1], NULL, m);
		/* a date in the future has been reported already */
		pp[i].born_ok = val_path_date(w[2], NULL, m, &pp[i].born) == 0 &&
		    date_cmp(pp[i].born, v->today) <= 0;
		pp[i].marital = val_path_code(w[3], NULL, m);
	}
	if (n == 0) {
		val_path_of(vt, &c->field, -1, path, sizeof path);
		val_add(v, "E-KK-EMPTY", path, "the Kartu Keluarga lists "
		    "no members");
		return;
	}
	for (i = 0; i < n; i++) {
		if (pp[i].rel != REL_KEPALA)
			continue;
		if (heads++ == 0) {
			first_head = i;
		} else {
			val_path_of(vt, w[0], (long)i, path, sizeof path);
			val_add(v, "E-KK-HEADS", path, "%s is a second KEPALA "
			    "KELUARGA: %s (%s[%zu]) already is, and a Kartu "
			    "Keluarga has exactly one", pp[i].name,
			    pp[first_head].name, vt->members, first_head);
		}
		if (pp[i].born_ok && age_at(pp[i].born, v->today) < 17 &&
		    pp[i].marital == BELUM_KAWIN) {
			date_format_iso(pp[i].born, b1);
			val_path_of(vt, w[2], (long)i, path, sizeof path);
			val_add(v, "W-KK-HEAD-AGE", path, "KEPALA KELUARGA %s "
			    "was born %s, is %d years old and not married; a "
			    "kepala keluarga is normally 17 or married",
			    pp[i].name, b1, age_at(pp[i].born, v->today));
		}
	}
	if (heads == 0 && w[0]->kind != P_NONE) {
		val_path_of(vt, &c->field, -1, path, sizeof path);
		val_add(v, "E-KK-NO-HEAD", path, "no member is KEPALA "
		    "KELUARGA; a Kartu Keluarga has exactly one");
	}
	for (i = 0; i < n; i++) {
		if (pp[i].nik == NULL)
			continue;
		for (j = 0; j < i; j++)
			if (pp[j].nik != NULL &&
			    strcmp(pp[i].nik, pp[j].nik) == 0)
				break;
		if (j < i) {
			val_path_of(vt, &nikp, (long)i, path, sizeof path);
			val_add(v, "E-KK-NIK-DUP", path, "NIK %.16s of %s is "
			    "also the NIK of %s (%s[%zu]); one person is "
			    "listed once", pp[i].nik, pp[i].name, pp[j].name,
			    vt->members, j);
		}
	}
	for (i = 0; i < n; i++) {
		if (pp[i].rel != REL_SUAMI && pp[i].rel != REL_ISTRI)
			continue;
		if (pp[i].marital > 0 && pp[i].marital != KAWIN_TERCATAT &&
		    pp[i].marital != KAWIN_BELUM_TERCATAT) {
			val_path_of(vt, w[3], (long)i, path, sizeof path);
			val_add(v, "E-KK-SPOUSE-STATUS", path, "%s is listed "
			    "as %s but her or his status perkawinan is not "
			    "KAWIN", pp[i].name,
			    pp[i].rel == REL_ISTRI ? "ISTRI" : "SUAMI");
		}
		if (pp[i].sex > 0 && pp[i].sex != (pp[i].rel == REL_ISTRI ?
		    2 : 1)) {
			val_path_of(vt, w[1], (long)i, path, sizeof path);
			val_add(v, "W-KK-SPOUSE-SEX", path, "%s is listed as "
			    "%s but as %s", pp[i].name,
			    pp[i].rel == REL_ISTRI ? "ISTRI" : "SUAMI",
			    pp[i].sex == 1 ? "LAKI-LAKI" : "PEREMPUAN");
		}
	}
	for (i = 0; i < n; i++) {
		if (!pp[i].born_ok)
			continue;
		for (j = 0; j < n; j++) {
			int parent_of_i, i_parent_of_head;

			if (i == j || !pp[j].born_ok)
				continue;
			/* the kepala and spouse are the parents of ANAK */
			parent_of_i = pp[i].rel == REL_ANAK &&
			    (pp[j].rel == REL_KEPALA || pp[j].rel == REL_SUAMI
			    || pp[j].rel == REL_ISTRI);
			i_parent_of_head = (pp[i].rel == REL_ORANG_TUA ||
			    pp[i].rel == REL_MERTUA) && pp[j].rel == REL_KEPALA;
			if (parent_of_i &&
			    date_cmp(pp[i].born, pp[j].born) <= 0) {
				date_format_iso(pp[i].born, b1);
				date_format_iso(pp[j].born, b2);
				val_path_of(vt, w[2], (long)i, path, sizeof path);
				val_add(v, "W-KK-CHILD-AGE", path, "ANAK %s was "
				    "born %s, not after %s (%s[%zu]), born %s",
				    pp[i].name, b1, pp[j].name, vt->members, j,
				    b2);
			} else if (i_parent_of_head &&
			    date_cmp(pp[i].born, pp[j].born) >= 0) {
				date_format_iso(pp[i].born, b1);
				date_format_iso(pp[j].born, b2);
				val_path_of(vt, w[2], (long)i, path, sizeof path);
				val_add(v, "W-KK-PARENT-AGE", path, "%s, listed "
				    "as a parent, was born %s, not before the "
				    "KEPALA KELUARGA %s, born %s", pp[i].name,
				    b1, pp[j].name, b2);
			}
		}
	}
}

static void
ck_date_order(validator *v, const struct vtype *vt, const struct vcheck *c,
    json_t *fields, json_t *member, long idx)
{
	char path[96], wpath[96];
	const char *s, *ws;
	sg_date d, wd;
	size_t i;

	val_path_of(vt, &c->field, idx, path, sizeof path);
	if ((s = val_path_str(&c->field, fields, member)) == NULL ||
	    val_has_error(v, path) || date_parse_iso(s, &d) != 0)
		return;
	for (i = 0; i < c->n_with; i++) {
		val_path_of(vt, &c->with[i], idx, wpath, sizeof wpath);
		if ((ws = val_path_str(&c->with[i], fields, member)) == NULL ||
		    val_has_error(v, wpath) || date_parse_iso(ws, &wd) != 0)
			continue;
		if (date_cmp(wd, d) < 0)
			val_add(v, "E-DATE-ORDER", wpath, "%s %s is before "
			    "%s %s", c->with[i].vf->f->label, ws,
			    c->field.vf->f->label, s);
	}
}

/* The same day n years on (29 February: 1 March in a common year). */
static sg_date
years_on(sg_date d, int n)
{
	sg_date r = { d.y + n, d.m, d.d };

	if (!date_valid(r.y, r.m, r.d))
		r = date_from_days(date_to_days((sg_date){ r.y, r.m, 28 }) + 1);
	return r;
}

/*
 * A Kartu Identitas Anak (Permendagri 2/2016): for a child under 17; valid
 * until the fifth birthday when issued before it, else until the day
 * before the seventeenth; from five it carries the child's photo (pas
 * foto 2x3), a JPEG or PNG attachment.  field is the validity date, set
 * here when empty; with is the birth date.
 */
static void
ck_child_card(validator *v, const struct vtype *vt, const struct vcheck *c,
    json_t *fields)
{
	char path[96], bpath[96], want[11];
	const char *s, *bs, *media;
	const json_t *atts, *a;
	sg_date born, until, d;
	size_t i;
	int age, photo = 0;

	if (c->n_with < 1)
		return;
	val_path_of(vt, &c->field, -1, path, sizeof path);
	val_path_of(vt, &c->with[0], -1, bpath, sizeof bpath);
	if ((bs = val_path_str(&c->with[0], fields, NULL)) == NULL ||
	    val_has_error(v, bpath) || date_parse_iso(bs, &born) != 0 ||
	    date_cmp(born, v->today) > 0)
		return;
	age = age_at(born, v->today);
	if (age >= 17) {
		val_add(v, "E-KIA-AGE", bpath, "born %s, the child is %d: a "
		    "Kartu Identitas Anak is for a child under 17", bs, age);
		return;
	}
	until = age < 5 ? years_on(born, 5) :
	    date_from_days(date_to_days(years_on(born, 17)) - 1);
	date_format_iso(until, want);
	s = val_path_str(&c->field, fields, NULL);
	if (s == NULL)
		json_object_set_new(fields, c->field.vf->f->name,
		    json_string(want));
	else if (!val_has_error(v, path) && (date_parse_iso(s, &d) != 0 ||
	    date_cmp(d, until) != 0))
		val_add(v, "E-KIA-VALIDITY", path, "%s %s: a child born %s "
		    "and aged %d holds the card until %s", c->field.vf->f->label,
		    s, bs, age, want);
	if (age < 5)
		return;
	atts = rec_attachments(v->rec);
	for (i = 0; i < json_array_size(atts); i++) {
		a = json_array_get(atts, i);
		media = json_string_value(json_object_get(a, "media"));
		if (media != NULL && (strcmp(media, "image/jpeg") == 0 ||
		    strcmp(media, "image/png") == 0))
			photo = 1;
	}
	if (!photo)
		val_add(v, "E-KIA-PHOTO", "attachments", "the child is %d: "
		    "from five the card carries the child's photo, a JPEG or "
		    "PNG attachment", age);
}

/*
 * The NIK's slot.  The NIKs are the spreadsheet's: hashed with the
 * process's secret key (siphash.h), so a batch cannot pick NIKs that share
 * one probe run.
 */
static size_t
nik_slot(const siphash_key *k, uint64_t nik, size_t cap)
{
	unsigned char b[8];
	int i;

	nik &= NIK_KEY_MASK;
	for (i = 0; i < 8; i++)
		b[i] = (unsigned char)(nik >> (8 * i));
	return (size_t)siphash(k, b, sizeof b) & (cap - 1);
}

static int
nikmap_grow(struct nikmap *m, const siphash_key *k)
{
	struct nik_ent *ns;
	int bits = m->cap ? m->bits + 1 : 16;
	size_t i, j, cap = (size_t)1 << bits;

	if ((ns = calloc(cap, sizeof *ns)) == NULL)
		return -1;
	for (i = 0; i < m->cap; i++) {
		if (m->slot[i].key == 0)
			continue;
		j = nik_slot(k, m->slot[i].key, cap);
		while (ns[j].key != 0)
			j = (j + 1) & (cap - 1);
		ns[j] = m->slot[i];
	}
	free(m->slot);
	m->slot = ns;
	m->cap = cap;
	m->bits = bits;
	return 0;
}

static uint32_t
arena_add(validator *v, const char *s)
{
	size_t n = strlen(s) + 1, at = v->arena.len;

	if (at + n > UINT32_MAX || sg_buf_add(&v->arena, s, n) != 0)
		return UINT32_MAX;
	return (uint32_t)at;
}

/* Look the NIK up in the batch; record it when new.  -1 on no memory. */
static int
nik_seen(validator *v, const struct vtype *vt, struct vcheck *c,
    const char *nik, long idx, const char *path)
{
	struct nikmap *m = &c->map;
	struct nik_ent *e;
	uint64_t key = 0;
	size_t i, j;
	char first[96];

	for (i = 0; i < 16; i++)
		key = key * 10 + (uint64_t)(nik[i] - '0');
	if ((m->n + 1) * 2 > m->cap && nikmap_grow(m, v->hkey) != 0)
		return -1;
	j = nik_slot(v->hkey, key, m->cap);
	while (m->slot[j].key != 0 && (m->slot[j].key & NIK_KEY_MASK) != key)
		j = (j + 1) & (m->cap - 1);
	e = &m->slot[j];
	if (e->key != 0) {
		long first_member = (long)(e->key >> 54) - 1;

		if (e->rec_no == (uint32_t)v->rec_no)
			return 0; /* twice in one record: kk-family's job */
		val_path_of(vt, &c->field, first_member, first, sizeof first);
		val_add(v, "E-NIK-DUP", path, "NIK %.16s is already in record "
		    "%s (%s) of this batch; one person, one %s", nik,
		    v->arena.p + e->id_off, first, doctype_title(vt->t));
		return 0;
	}
	if (v->rec_id_off == UINT32_MAX &&
	    (v->rec_id_off = arena_add(v, v->rec_id)) == UINT32_MAX)
		return -1;
	e->key = key | ((uint64_t)(idx < 0 ? 0 : idx + 1 > 1022 ? 1022 :
	    idx + 1) << 54);
	e->rec_no = (uint32_t)v->rec_no;
	e->id_off = v->rec_id_off;
	m->n++;
	return 0;
}

/*
 * The same record twice in a batch (two sheets holding one birth, a file
 * copied into two folders): one event, one document.  A record is known
 * by SipHash of its type and its fields (sorted keys, compact; the source
 * is not hashed): 54 bits as the key and 32 more bits of a second hash in
 * rec_no, so that two different records are taken for one about once in
 * 2^86 pairs.  -1 on no memory.
 */
int
val_record_seen(validator *v, const char *type, const json_t *fields)
{
	struct nikmap *m = &v->recs;
	struct nik_ent *e;
	uint64_t key, h2;
	char *dump;
	size_t j, n;

	if ((dump = json_dumps(fields, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_ENCODE_ANY)) == NULL)
		return -1;
	n = strlen(dump);
	key = siphash(v->hkey, dump, n) ^ siphash(v->hkey, type,
	    strlen(type));
	/* the second hash: the same under the key turned around */
	{
		siphash_key k2 = { v->hkey->k1, v->hkey->k0 };

		h2 = siphash(&k2, dump, n);
	}
	free(dump);
	key &= NIK_KEY_MASK;
	key += key == 0;
	if ((m->n + 1) * 2 > m->cap && nikmap_grow(m, v->hkey) != 0)
		return -1;
	j = nik_slot(v->hkey, key, m->cap);
	while (m->slot[j].key != 0 && (m->slot[j].key != key ||
	    m->slot[j].rec_no != (uint32_t)h2))
		j = (j + 1) & (m->cap - 1);
	e = &m->slot[j];
	if (e->key != 0) {
		val_add(v, "E-RECORD-DUPLICATE", "", "the same %s as record %s "
		    "of this batch, field for field: one event, one document",
		    type, v->arena.p + e->id_off);
		return 0;
	}
	if (v->rec_id_off == UINT32_MAX &&
	    (v->rec_id_off = arena_add(v, v->rec_id)) == UINT32_MAX)
		return -1;
	e->key = key;
	e->rec_no = (uint32_t)h2;
	e->id_off = v->rec_id_off;
	m->n++;
	return 0;
}

static int
ck_nik_unique(validator *v, const struct vtype *vt, struct vcheck *c,
    json_t *fields, json_t *member, long idx)
{
	char path[96], wpath[96], opath[96];
	const char *s, *vals[VAL_MAX_WITH + 1];
	size_t i, k;

	val_path_of(vt, &c->field, idx, path, sizeof path);
	s = val_path_str(&c->field, fields, member);
	/* the other NIKs in the record are other people */
	vals[0] = s;
	for (i = 0; i < c->n_with; i++)
		vals[i + 1] = val_path_str(&c->with[i], fields, member);
	for (i = 1; i <= c->n_with; i++) {
		if (vals[i] == NULL)
			continue;
		for (k = 0; k < i; k++)
			if (vals[k] != NULL && strcmp(vals[k], vals[i]) == 0)
				break;
		if (k == i)
			continue;
		val_path_of(vt, &c->with[i - 1], idx, wpath, sizeof wpath);
		if (k == 0)
			snprintf(opath, sizeof opath, "%s", path);
		else
			val_path_of(vt, &c->with[k - 1], idx, opath, sizeof opath);
		val_add(v, "E-NIK-SAME", wpath, "%s %.16s is the same NIK as "
		    "%s; they are different people",
		    c->with[i - 1].vf->f->label, vals[i], opath);
	}
	if (s == NULL || val_has_error(v, path) || strlen(s) != 16 ||
	    !val_all_digits(s, 16))
		return 0;
	return nik_seen(v, vt, c, s, idx, path);
}

/*
 * civil-registry: the marriage of Muslims is recorded by the KUA and their
 * divorce by the Pengadilan Agama (PP 9/1975 art. 1(b) and 2(1); UU
 * 23/2006 art. 1 number 23; formats/doctype.md), not by Dukcapil.  The field is the religion code (SIAK 1 = ISLAM) or
 * the court's name (a Pengadilan Agama / Mahkamah Syar'iyah); refused.
 */
static void
ck_civil_registry(validator *v, const struct vtype *vt,
    const struct vcheck *c, json_t *fields)
{
	char path[96], up[128];
	const char *s;

	val_path_of(vt, &c->field, -1, path, sizeof path);
	if (val_has_error(v, path))
		return;
	if (c->field.vf->f->type == FT_CODE) {
		if (val_path_code(&c->field, fields, NULL) == 1)
			val_add(v, "E-CIVIL-KUA", path, "the marriage of "
			    "Muslims is recorded by the KUA, not by Dukcapil");
		return;
	}
	if ((s = val_path_str(&c->field, fields, NULL)) == NULL)
		return;
	text_upper(s, up, sizeof up);
	if (strstr(up, "AGAMA") != NULL || strstr(up, "SYAR") != NULL)
		val_add(v, "E-CIVIL-KUA", path, "a divorce by %s is recorded "
		    "by the court itself, not by Dukcapil", s);
}

/*
 * needs: a header field that is given needs the with fields given too
 * (an akta kelahiran's nik_ayah needs nama_ayah: a mother-only akta names
 * no father, and a sealed value the page does not print is none).
 */
static void
ck_needs(validator *v, const struct vtype *vt, const struct vcheck *c,
    json_t *fields)
{
	char path[96], wpath[96];
	const char *s;
	size_t i;

	val_path_of(vt, &c->field, -1, path, sizeof path);
	if ((s = val_path_str(&c->field, fields, NULL)) == NULL || *s == '\0')
		return;
	for (i = 0; i < c->n_with; i++) {
		s = val_path_str(&c->with[i], fields, NULL);
		if (s != NULL && *s != '\0')
			continue;
		val_path_of(vt, &c->with[i], -1, wpath, sizeof wpath);
		val_add(v, "E-FIELD-NEEDS", path, "given without %s, which "
		    "it needs", wpath);
	}
}

int
val_check_run(validator *v, const struct vtype *vt, struct vcheck *c,
    json_t *fields)
{
	json_t *list = NULL, *m;
	size_t i, n = 1;
	int member = c->field.kind == P_MEMBER;

	if (member) {
		list = json_object_get(fields, vt->members);
		if (!json_is_array(list))
			return 0;
		n = json_array_size(list);
	}
	v->demote = c->dc->severity == DOCTYPE_WARNING;
	for (i = 0; i < n; i++) {
		m = member ? json_array_get(list, i) : NULL;
		if (member && !json_is_object(m))
			continue;
		switch (c->kind) {
		case CK_NIK:
			ck_nik(v, vt, c, fields, m, member ? (long)i : -1);
			break;
		case CK_NIK_UNIQUE:
			if (ck_nik_unique(v, vt, c, fields, m,
			    member ? (long)i : -1) != 0)
				return -1;
			break;
		case CK_KK:
			ck_kk(v, vt, c, fields);
			break;
		case CK_ADDRESS:
			ck_address(v, vt, c, fields);
			break;
		case CK_KK_FAMILY:
			if (json_is_array(list = json_object_get(fields,
			    vt->members)))
				ck_family(v, vt, c, list);
			break;
		case CK_DATE_ORDER:
			ck_date_order(v, vt, c, fields, m,
			    member ? (long)i : -1);
			break;
		case CK_CIVIL_REGISTRY:
			ck_civil_registry(v, vt, c, fields);
			break;
		case CK_NEEDS:
			ck_needs(v, vt, c, fields);
			break;
		case CK_CHILD_CARD:
			ck_child_card(v, vt, c, fields);
			break;
		}
	}
	v->demote = 0;
	return 0;
}

/* Does the check fit its paths?  NULL when it does, else why not. */
const char *
val_check_fits(const struct vcheck *c)
{
	enum field_type ft = c->field.vf ? c->field.vf->f->type : FT_TEXT;
	size_t i;

	for (i = 0; i < c->n_with; i++) {
		if (c->with[i].kind == P_LIST)
			return "a with path may not be the member list";
		if (c->with[i].kind == P_MEMBER &&
		    c->field.kind == P_HEADER)
			return "a header field's check cannot read member "
			    "fields";
	}
	switch (c->kind) {
	case CK_NIK:
	case CK_NIK_UNIQUE:
		if (c->field.kind == P_LIST || ft != FT_NIK)
			return "field must be a NIK field";
		if (c->kind == CK_NIK && ((c->n_with > 0 &&
		    c->with[0].vf->f->type != FT_DATE) || (c->n_with > 1 &&
		    c->with[1].vf->f->type != FT_CODE) || c->n_with > 2))
			return "with is the birth date and the sex";
		for (i = 0; c->kind == CK_NIK_UNIQUE && i < c->n_with; i++)
			if (c->with[i].vf->f->type != FT_NIK)
				return "with must name NIK fields";
		return NULL;
	case CK_KK:
		if (c->field.kind != P_HEADER || ft != FT_KK || c->n_with > 1)
			return "field must be a KK number header field, with "
			    "at most the region code";
		return NULL;
	case CK_ADDRESS:
		if (c->field.kind != P_HEADER || ft != FT_REGION ||
		    c->n_with > 4)
			return "field must be a region header field; with is "
			    "desa kecamatan kabupaten provinsi";
		return NULL;
	case CK_KK_FAMILY:
		if (c->field.kind != P_LIST || c->n_with > 4)
			return "field must be the member list; with is "
			    "status_hubungan jenis_kelamin tanggal_lahir "
			    "status_perkawinan";
		for (i = 0; i < c->n_with; i++)
			if (c->with[i].kind != P_MEMBER ||
			    c->with[i].vf->f->type != (i == 2 ? FT_DATE :
			    FT_CODE))
				return "with is status_hubungan jenis_kelamin "
				    "tanggal_lahir status_perkawinan, member "
				    "fields";
		return NULL;
	case CK_CHILD_CARD:
		if (c->field.kind != P_HEADER || ft != FT_DATE ||
		    c->n_with != 1 || c->with[0].kind != P_HEADER ||
		    c->with[0].vf->f->type != FT_DATE)
			return "field is the validity date, with the birth "
			    "date (header fields)";
		return NULL;
	case CK_DATE_ORDER:
		if (c->field.kind == P_LIST || ft != FT_DATE)
			return "field must be a date";
		for (i = 0; i < c->n_with; i++)
			if (c->with[i].vf->f->type != FT_DATE)
				return "with must name dates";
		return NULL;
	case CK_CIVIL_REGISTRY:
		if (c->field.kind != P_HEADER || c->n_with > 0 ||
		    (ft != FT_CODE && ft != FT_NAME && ft != FT_TEXT))
			return "field must be the religion code or the "
			    "court's name, a header field";
		return NULL;
	case CK_NEEDS:
		if (c->field.kind != P_HEADER || c->n_with == 0)
			return "field must be a header field, with the "
			    "header fields it needs";
		for (i = 0; i < c->n_with; i++)
			if (c->with[i].kind != P_HEADER)
				return "with must name header fields";
		return NULL;
	}
	return "unknown";
}

const char *const *
val_check_names(void)
{
	return ck_names;
}
