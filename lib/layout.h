/*
 * layout.h - a document type's page layout (the <layout> element of
 * formats/types/ *.xml, described in formats/doctype.md), parsed once and
 * drawn by render.c for every record of the type.
 *
 * A layout is a page size and a list of items drawn top to bottom (the
 * header, title, number, paragraphs, label/value field blocks, member
 * tables) plus items anchored to a page corner (the QR, the signature,
 * the note).  Texts are templates: "{tanggal_lahir:words}" is the field
 * written out in words, "{number}" the document number (see
 * formats/doctype.md, "Layout").
 *
 * Ownership: a layout owns its items and strings; everything is lent
 * until layout_free().  A layout is read-only once parsed and may be used
 * from several threads.
 */
#ifndef SEGEL_LAYOUT_H
#define SEGEL_LAYOUT_H

#include <stddef.h>

#include "codetab.h"
#include "doctype.h"
#include "err.h"

/* pt: nothing is printed smaller (a longer value wraps, or is refused) */
#define LAYOUT_MIN_SIZE 6.0

enum lay_kind {
	LAY_HEADER,    /* office header with the logo */
	LAY_TITLE,     /* the document's title, centred */
	LAY_TEXT,      /* a paragraph (template), wrapped */
	LAY_FIELDS,    /* label : value rows */
	LAY_TABLE,     /* the member list as a table */
	LAY_SPACE,     /* vertical gap */
	LAY_RULE,      /* a horizontal line */
	LAY_SIGNATURE, /* anchored: date, office, official, NIP */
	LAY_QR,        /* anchored: the seal */
	LAY_NOTE,      /* anchored to the bottom margin: small print */
	LAY_PAGE,      /* what follows is on the next page (a card's back) */
	LAY_PHOTO      /* anchored: the photo attachment in its frame */
};

enum lay_anchor {
	ANCHOR_FLOW, ANCHOR_TOP_LEFT, ANCHOR_TOP_RIGHT, ANCHOR_BOTTOM_LEFT,
	ANCHOR_BOTTOM_RIGHT
};

enum lay_align { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT };

/*
 * When an item or a row is drawn (formats/doctype.md, "Conditions"):
 * when_all holds blank-separated conditions that must all hold, unless
 * ones none of which may; a condition is "name" (the header field is not
 * empty) or "name=VALUE" (its value is VALUE; a code field by its code or
 * any name of it).  NULL: no condition.
 */
typedef struct lay_cond {
	char *when_all;
	char *unless;
} lay_cond;

/* One label/value row, or one table column. */
typedef struct lay_cell {
	char *label;     /* printed label ("Nama Lengkap") */
	char *value;     /* template ("{nama_lengkap}", "{#}" row number) */
	double width;    /* table column width, mm */
	lay_cond cond;   /* <fields> rows only */
} lay_cell;

typedef struct lay_item {
	enum lay_kind kind;
	enum lay_anchor anchor;
	enum lay_align align;
	double size;       /* font size, pt */
	int bold;
	char *text;        /* TITLE, TEXT, NOTE: the template */
	double x, y;       /* anchored items: mm from the corner's edges;
	                      flow items: x is the left indent */
	double width;      /* mm; 0 = up to the right margin */
	double space;      /* SPACE: mm; others: gap after the item */
	double label_width; /* FIELDS: mm */
	int columns;       /* FIELDS: 1 or 2 */
	double leading;    /* FIELDS: line height in font sizes (1.25) */
	double row_height; /* TABLE: mm */
	int rows;          /* TABLE: member rows per page */
	double height;     /* PHOTO: mm (width is the frame's width) */
	char *born;        /* PHOTO: the birth date field ... */
	int from_age;      /* ... and the age from which a photo is printed */
	double module;     /* QR: module size, mm */
	int quiet;         /* QR: quiet zone, modules */
	lay_cell *cells;
	size_t n_cells;
	lay_cond cond;
} lay_item;

typedef struct layout {
	double page_w, page_h; /* mm */
	double margin;         /* mm */
	double size;           /* default font size, pt */
	char *paper;           /* "a4", "f4", "card" */
	int landscape;
	lay_item *items;
	size_t n_items;
} layout;

/*
 * Parse xml (a <layout> element) for type t; where ("file:line") names
 * the place in diagnostics.  With xml NULL, make the plain default layout
 * (every field, every member column) so a new type prints without one.
 * E-LAYOUT on errors.
 */
layout *layout_parse(const char *xml, const char *where, const doctype *t,
    sg_err *err);
void layout_free(layout *l);
/* Change the paper ("a4", "f4"); card layouts keep their size.  -1 when
 * the name is unknown. */
int layout_set_paper(layout *l, const char *paper);

/*
 * One value as a page prints it, the one way for segel-render and
 * segel-verify's verdict: fmt "" plain (a date DD-MM-YYYY), "words"
 * (dates and integers in words), "ordinal" (integers: "kedua"), either
 * with "-title" ("Sepuluh Maret") or "-upper" ("SEPULUH MARET"), "date"
 * (10 Maret 2021), "upper"; a code field's value (tab not NULL) then by
 * its table's canonical name.  type
 * is the value's field type (FT_DATE for the issue date).  Writes out
 * ("" for NULL or "") and returns it.
 */
char *layout_value_format(enum field_type type, const codetab *tab,
    const char *v, const char *fmt, char *out, size_t sz);
/*
 * How layout l prints field name: the format of its first "{name:fmt}"
 * in a field block or table, else in a text, into fmt ("" when plain or
 * not printed).  With l NULL, "".
 */
void layout_field_format(const layout *l, const char *name, char *fmt,
    size_t sz);

#endif
