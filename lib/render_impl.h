/*
 * render_impl.h - the insides of a renderer, shared by the document side
 * (render.c: setup, the libharu document, metadata, PDF/A, books) and the
 * layout side (render_layout.c) only.
 *
 * Ownership: a render owns its layouts, copied strings and the reused
 * document (single); a struct doc owns its HPDF_Doc and its box list.
 * Fonts and images inside the HPDF_Doc belong to it.
 */
#ifndef SEGEL_RENDER_IMPL_H
#define SEGEL_RENDER_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>
#include <hpdf_font.h>  /* HPDF_FontAttr_Rec (render.c stand-in fonts) */
#include <jansson.h>

#include "book.h"
#include "layout.h"
#include "render.h"

#define PT_PER_MM (72.0 / 25.4)
#define MM_PER_PT (25.4 / 72.0)

/* A picture to print (the office's logo, a child's photo): 8-bit pixels,
 * ch 1 (grey) or 3 (RGB), transparency flattened onto white, so that the
 * PDF holds a plain image (no SMask: PDF/A-1) whatever the file was. */
struct picture {
	unsigned char *px;
	int w, h, ch;
};

struct render {
	struct doc *single;    /* reused for every render_pdf() */
	const doctype_set *types;
	const codetab_set *codes;
	layout **layouts;      /* one per type, same index */
	size_t n;
	char *font, *font_bold, *icc, *logo;
	char *icc_data;        /* the ICC profile's bytes, read once */
	size_t icc_len;
	struct picture logo_pic;   /* decoded once, when logo is set */
	char *office, *official, *nip;
	char *place;           /* profile "place": where documents are issued */
	char *fdir;            /* the formats folder, for the region names */
	struct region_table *regions; /* loaded on first use, may stay NULL */
	int regions_tried;
	int compress;
	/* compressed output: the fonts libharu loads without embedding,
	 * their file and map made once (render_new, before any fork) and
	 * added by book_pack; none when not compressing (libharu embeds) */
	book_font fonts[2];
	size_t nfonts;
	/* their objects made once (fonts_probe, book_fonts_probe), and
	 * what a stand-in copies of the real font */
	int fonts_once;
	HPDF_FontAttr_Rec font_attr;
	HPDF_Dict_FreeFunc font_free;
	unsigned char sha[32];  /* SHA-256 of the last PDF finished */
	EVP_MD_CTX *sha_state;  /* its state before the final step */
};

/* A font as drawn: bold without a bold font is the regular one stroked
 * as well as filled, which saves parsing and embedding a second font in
 * every document (a third of the time; docs/FACTS.md). */
struct face {
	HPDF_Font f;
	int fake_bold;
	/* the font's advance widths by code point as libharu measures
	 * them, each asked once (render_layout.c tw): FACE_UNMEASURED until
	 * then; 65,536 entries, shared by the two faces when they are one
	 * font; NULL: libharu measures every string */
	uint16_t *w;
	/* embedded whole by book_pack, not as libharu's subset: no glyph
	 * use to note, render_layout.c's text_out writes its text */
	int whole;
};
#define FACE_UNMEASURED 0xFFFFu

/* One PDF being drawn. */
struct doc {
	render *r;
	HPDF_Doc pdf;
	struct face reg, bold;
	HPDF_Image logo;
	HPDF_Encoder utf8;     /* libharu's UTF-8 encoder (render.c get_font) */
	HPDF_STATUS error;     /* first libharu error */
	HPDF_STATUS detail;
	int logo_tried;
	char reg_name[128], bold_name[128]; /* libharu's names of the fonts */
	/* the page check (render_pdf_check): a logo's room kept empty, and
	 * the boxes drawn from what the seal does not hold */
	int collect;           /* note the boxes */
	const lay_item *last_flow; /* the page flow's last item */
	double logo_aspect;
	int page;              /* page being drawn, from 1 */
	render_box *boxes;
	size_t nbox, capbox;
	int boxes_oom;
	char overflow[160];    /* where a value did not fit at the smallest size */
};

/*
 * Decode a PNG or JPEG file (n bytes) into *p (lib/image.c, colour kept);
 * where names it in errors.  0, or -1 with err (E-IMAGE-*).  Free with
 * render_picture_clear.  render_layout.c.
 */
int render_picture_decode(const unsigned char *buf, size_t n,
    const char *where, struct picture *p, sg_err *err);
void render_picture_clear(struct picture *p);

/*
 * Draw rec on new pages of d->pdf from its type's layout; *pages_out gets
 * the pages drawn, number and issued the document number and issue date
 * (for the metadata).  0, or -1 with err set.  render_layout.c.
 */
int render_record_draw(struct doc *d, const json_t *rec, int *pages_out,
    char *number, size_t numsz, char *issued, size_t issz, sg_err *err);

#endif
