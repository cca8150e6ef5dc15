/*
 * returns.c - the return list for the villages (returns.h).
 *
 * Why libxlsxwriter: the village heads open what they get on a phone or in
 * Excel, and an .xlsx is what both show without an import dialog; writing
 * the OOXML parts and the zip ourselves would be a second zip writer in
 * the project, while libxlsxwriter (Debian libxlsxwriter-dev, small, C,
 * only zlib under it) writes every cell as a shared string, never as a
 * formula, which is what a list of hostile values needs.
 */
#include "returns.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "file.h"
#include "record.h"

#define CELL_MAX 32767 /* the characters a spreadsheet cell holds */
#define NCOLS 7

static const char *const heads[NCOLS] = {
	"Berkas", "Lembar", "Baris", "Kolom", "Isian",
	"Yang harus diperbaiki", "Kode"
};

struct returns {
	const doctype_set *types;
	char *root;
	json_t *villages;          /* name -> [[cell × NCOLS], …] */
};

returns *
returns_new(const doctype_set *types, const char *root)
{
	returns *r = calloc(1, sizeof *r);

	if (r == NULL)
		return NULL;
	r->types = types;
	r->villages = json_object();
	r->root = strdup(root != NULL ? root : "");
	if (r->villages == NULL || r->root == NULL) {
		returns_free(r);
		return NULL;
	}
	return r;
}

void
returns_free(returns *r)
{
	if (r == NULL)
		return;
	json_decref(r->villages);
	free(r->root);
	free(r);
}

/* A village's file name: its folder below root, '/' made '-', and only
 * characters that are safe in a file name on every system. */
static void
village_name(const char *root, const char *folder, char *out, size_t sz)
{
	size_t n = strlen(root), i, o = 0;
	const char *rest = folder;

	while (n > 1 && root[n - 1] == '/')
		n--;
	if (n > 0 && strncmp(folder, root, n) == 0 &&
	    (folder[n] == '/' || folder[n] == '\0'))
		rest = folder + n + (folder[n] == '/');
	if (*rest == '\0') {
		const char *slash = strrchr(folder, '/');

		rest = slash != NULL && slash[1] != '\0' ? slash + 1 : folder;
	}
	for (i = 0; rest[i] != '\0' && o + 1 < sz; i++) {
		char ch = rest[i];

		if (ch == '/')
			ch = '-';
		else if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
		    ch == '.'))
			ch = '_';
		if (o == 0 && ch == '.')
			ch = '_';
		out[o++] = ch;
	}
	out[o] = '\0';
	if (o == 0)
		snprintf(out, sz, "kiriman");
}

/* The value at a problem's path ("anggota[2].tanggal_lahir") in the
 * record's fields, as text; "" when there is none. */
static void
value_at(const json_t *fields, const char *path, char *out, size_t sz)
{
	const json_t *v = fields;
	char seg[128], *b;
	const char *p = path;
	size_t n;

	out[0] = '\0';
	while (v != NULL && *p != '\0') {
		n = strcspn(p, ".");
		if (n >= sizeof seg)
			return;
		memcpy(seg, p, n);
		seg[n] = '\0';
		p += n + (p[n] == '.');
		if ((b = strchr(seg, '[')) != NULL) {
			*b = '\0';
			v = json_array_get(json_object_get(v, seg),
			    strtoul(b + 1, NULL, 10));
		} else {
			v = json_object_get(v, seg);
		}
	}
	if (json_is_string(v))
		snprintf(out, sz, "%s", json_string_value(v));
	else if (json_is_integer(v))
		snprintf(out, sz, "%lld", (long long)json_integer_value(v));
}

/* The label of the field a path names, else the name itself. */
static void
label_of(const doctype *t, const char *path, char *out, size_t sz)
{
	const char *name = strrchr(path, '.');
	const doctype_field *f;
	char b[128];

	snprintf(b, sizeof b, "%s", name != NULL ? name + 1 : path);
	b[strcspn(b, "[")] = '\0';
	f = doctype_field_find(t, b);
	snprintf(out, sz, "%s", f != NULL ? f->label : b);
}

/* A cell's text: control characters made blanks, cut to CELL_MAX bytes
 * at a character boundary (the records are UTF-8). */
static json_t *
cell(const char *s)
{
	size_t n = strlen(s), i;
	char *c;
	json_t *j;

	if (n > CELL_MAX) {
		n = CELL_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	if ((c = malloc(n + 1)) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		c[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? ' ' : s[i];
	c[n] = '\0';
	j = json_stringn(c, n);
	free(c);
	return j;
}

int
returns_add(returns *r, const json_t *reject,
    const char *(*text)(void *ctx, const json_t *reject, size_t i),
    void *ctx)
{
	const json_t *src = rec_source(reject), *p;
	const json_t *fields = rec_fields(reject);
	const doctype *t = doctype_set_find(r->types, rec_type(reject));
	const char *folder = json_string_value(json_object_get(src, "folder"));
	const char *file = json_string_value(json_object_get(src, "file"));
	const char *sheet = json_string_value(json_object_get(src, "sheet"));
	const char *msg;
	char name[256], value[1024], label[128], line[24];
	json_t *rows, *row;
	size_t i;
	long ln;

	village_name(r->root, folder != NULL ? folder : "", name, sizeof name);
	if ((rows = json_object_get(r->villages, name)) == NULL) {
		if ((rows = json_array()) == NULL ||
		    json_object_set_new(r->villages, name, rows) != 0)
			return -1;
	}
	json_array_foreach(rec_errors(reject), i, p) {
		value_at(fields, rec_problem_path(p), value, sizeof value);
		label_of(t, rec_problem_path(p), label, sizeof label);
		ln = rec_problem_line(reject, p);
		if (ln > 0)
			snprintf(line, sizeof line, "%ld", ln);
		else
			line[0] = '\0';
		msg = text != NULL ? text(ctx, reject, i) : NULL;
		if (msg == NULL)
			msg = rec_problem_message(p);
		row = json_array();
		if (row == NULL ||
		    json_array_append_new(row, cell(file ? file : "")) ||
		    json_array_append_new(row, cell(sheet ? sheet : "")) ||
		    json_array_append_new(row, cell(line)) ||
		    json_array_append_new(row, cell(*rec_problem_path(p) ?
		    label : "")) ||
		    json_array_append_new(row, cell(value)) ||
		    json_array_append_new(row, cell(msg)) ||
		    json_array_append_new(row, cell(rec_problem_code(p))) ||
		    json_array_append_new(rows, row)) {
			json_decref(row);
			return -1;
		}
	}
	return 0;
}

/* One CSV cell: quoted, quotes doubled, a formula-like start defused. */
static void
csv_cell(FILE *f, const char *s, int last)
{
	fputc('"', f);
	if (*s == '=' || *s == '+' || *s == '-' || *s == '@')
		fputc('\'', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputs(last ? "\"\r\n" : "\",", f);
}

static int
write_csv(const char *path, const json_t *rows, sg_err *err)
{
	const json_t *row;
	char *buf = NULL;
	size_t len = 0, i, c;
	FILE *f = open_memstream(&buf, &len);
	int rc;

	if (f == NULL) {
		sg_err_sys(err, path, "cannot make the list");
		return -1;
	}
	fputs("\xef\xbb\xbf", f); /* so that Excel reads UTF-8 */
	for (c = 0; c < NCOLS; c++)
		csv_cell(f, heads[c], c + 1 == NCOLS);
	json_array_foreach(rows, i, row)
		for (c = 0; c < NCOLS; c++)
			csv_cell(f, json_string_value(json_array_get(row, c)),
			    c + 1 == NCOLS);
	if (fclose(f) != 0) {
		free(buf);
		sg_err_sys(err, path, "cannot make the list");
		return -1;
	}
	rc = file_replace(path, buf, len, 0644, err);
	free(buf);
	return rc;
}

static int
write_xlsx(const char *path, const json_t *rows, sg_err *err)
{
	char tmp[4200], *buf = NULL;
	const json_t *row;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold;
	lxw_error le;
	size_t i, c, len = 0;
	int rc = -1;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path,
	    (long)getpid()) >= sizeof tmp) {
		sg_err_set(err, "E-RETURNS-WRITE", path, "the path is too long");
		return -1;
	}
	if ((wb = workbook_new(tmp)) == NULL ||
	    (ws = workbook_add_worksheet(wb, "Perbaikan")) == NULL) {
		if (wb != NULL)
			workbook_close(wb);
		unlink(tmp);
		sg_err_set(err, "E-RETURNS-WRITE", path, "cannot make the "
		    "workbook");
		return -1;
	}
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	worksheet_set_column(ws, 0, 1, 18, NULL);
	worksheet_set_column(ws, 2, 2, 6, NULL);
	worksheet_set_column(ws, 3, 4, 24, NULL);
	worksheet_set_column(ws, 5, 5, 70, NULL);
	worksheet_set_column(ws, 6, 6, 22, NULL);
	for (c = 0; c < NCOLS; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, heads[c], bold);
	json_array_foreach(rows, i, row)
		for (c = 0; c < NCOLS; c++)
			worksheet_write_string(ws, (lxw_row_t)(i + 1),
			    (lxw_col_t)c, json_string_value(json_array_get(row,
			    c)), NULL);
	if ((le = workbook_close(wb)) != LXW_NO_ERROR) {
		sg_err_set(err, "E-RETURNS-WRITE", path, "cannot write the "
		    "workbook: %s", lxw_strerror(le));
		goto out;
	}
	/* written beside it, then put in place as every file is */
	if (file_read_all(tmp, 256u << 20, 0, "E-RETURNS-WRITE", &buf, &len,
	    err) == 0)
		rc = file_replace(path, buf, len, 0644, err);
out:
	free(buf);
	unlink(tmp);
	return rc;
}

int
returns_write(returns *r, const char *dir,
    void (*fn)(void *ctx, const char *village, size_t lines), void *ctx,
    sg_err *err)
{
	const char *name;
	json_t *rows;
	char path[4096];

	json_object_foreach(r->villages, name, rows) {
		if (json_array_size(rows) == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s.csv", dir, name);
		if (write_csv(path, rows, err) != 0)
			return -1;
		snprintf(path, sizeof path, "%s/%s.xlsx", dir, name);
		if (write_xlsx(path, rows, err) != 0)
			return -1;
		if (fn != NULL)
			fn(ctx, name, json_array_size(rows));
	}
	return 0;
}
