/*
 * render.c - records to PDF/A-1b with libharu: the renderer's setup and
 * the document side (fonts, metadata, PDF/A output intent, saving, the
 * printer's book).  How a layout is laid out on the pages is in
 * render_layout.c.
 *
 * Everything is measured in millimetres from the top-left corner of the
 * page and turned into PDF points (origin bottom-left) only when drawn.
 * Colours are DeviceGray only, so the sRGB output intent covers them and
 * nothing needs transparency (PDF/A-1 forbids it).
 *
 * libharu reports errors through a callback; we keep the first one and
 * check it after each document instead of after every call: a failed call
 * leaves the document in a state where later calls fail too, and the
 * document is then thrown away.
 */
#include <ctype.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <hpdf.h>
#include <hpdf_doc.h>     /* HPDF_Doc_FindFontDef */
#include <hpdf_encoder.h> /* the UTF-8 encoder's maps (utf8_prune) */
#include <hpdf_fontdef.h> /* HPDF_TTFontDef_GetGlyphid */
#include <hpdf_utils.h>   /* HPDF_MemCpy, HPDF_MemSet */
#include <openssl/evp.h>

#include "book.h"
#include "date.h"
#include "file.h"
#include "layout.h"
#include "record.h"
#include "render.h"
#include "region.h"
#include "render_impl.h"

/*
 * libharu deflates at zlib's default level and has no setting for the
 * level, so it writes every stream raw and book_pack() deflates them at
 * level 1; the font file and its 128 KB CIDToGIDMap (the same in every
 * document) are made and deflated once per process (render_new,
 * fonts_prepare) and added by book_pack().  Measured on an akta kelahiran (2026-11-28, zlib
 * 1.2.13): the streams deflated at the default level cost 1.36 ms of CPU
 * a document, at level 1 0.62 ms; files are 1.6 KB larger (24.3 KB
 * against 22.7 KB).  (This was had before by replacing zlib's
 * deflateInit_ in segel-render, and the figures then given were wrong.)
 */

static void doc_close(struct doc *d);

/*
 * libharu 2.3.0 copies and clears bytes one at a time (utils: a loop per
 * byte), and calls these two through its PLT, so the definitions here
 * (exported: the build hides the rest) are the ones it runs: the same results (each returns the end of what
 * it wrote; a copy between overlapping bytes moves them as memmove
 * does), by the C library.  They were 16 % of a document's instructions:
 * the 128 KB map CIDFontType2_New clears for every font, and the page
 * streams libharu writes and reads back.  docs/FACTS.md.
 */
__attribute__((visibility("default"))) HPDF_BYTE *
HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
	if (n > 0)
		memmove(out, in, n);
	return out + n;
}

__attribute__((visibility("default"))) void *
HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
	if (n > 0)
		memset(s, c, n);
	return (HPDF_BYTE *)s + n;
}

/*
 * The fonts' objects, once per process.  libharu 2.3.0 builds a TrueType
 * CID font's objects for every document (HPDF_Type0Font_New: the /W
 * array from the 65,536 codes of the encoder, the descriptor, the
 * ToUnicode CMap): 80 us of an akta's 1 ms.  In a compressed render they
 * are built once, in a probe document (fonts_probe), and book_pack copies
 * them from the probe's packed bytes into each document.  For the font
 * definitions registered here (doc_open) libharu gets, through its own
 * PLT like HPDF_MemCpy above, a stand-in: a Type0 dictionary without
 * /DescendantFonts that carries the real font's attributes (its type,
 * writing mode and width functions), which is all libharu's page
 * operators and width measures read of a font.  Any other font is made
 * the real way.  One registration per font definition, per process.
 */
#define STANDIN_MAX 4
#define ICC_MAX (4u << 20)
static struct standin {
	HPDF_FontDef def;
	const render *r;
} standins[STANDIN_MAX];

typedef HPDF_Font (*type0_new_fn)(HPDF_MMgr, HPDF_FontDef, HPDF_Encoder,
    HPDF_Xref);

__attribute__((visibility("default"))) HPDF_Font
HPDF_Type0Font_New(HPDF_MMgr mmgr, HPDF_FontDef fontdef,
    HPDF_Encoder encoder, HPDF_Xref xref)
{
	static type0_new_fn real;
	const render *r = NULL;
	HPDF_Dict font;
	HPDF_FontAttr attr;
	size_t i;

	for (i = 0; fontdef != NULL && i < STANDIN_MAX; i++)
		if (standins[i].def == fontdef)
			r = standins[i].r;
	if (r == NULL) {
		if (real == NULL)
			*(void **)&real = dlsym(RTLD_NEXT,
			    "HPDF_Type0Font_New");
		return real != NULL ? real(mmgr, fontdef, encoder, xref) :
		    NULL;
	}
	if ((font = HPDF_Dict_New(mmgr)) == NULL)
		return NULL;
	font->header.obj_class |= HPDF_OSUBCLASS_FONT;
	if ((attr = HPDF_GetMem(mmgr, sizeof *attr)) == NULL) {
		HPDF_Dict_Free(font);
		return NULL;
	}
	*attr = r->font_attr;
	attr->fontdef = fontdef;
	attr->encoder = encoder;
	attr->xref = xref;
	font->free_fn = r->font_free;
	font->attr = attr;
	/* HPDF_Xref_Add frees the font when it fails */
	if (HPDF_Xref_Add(xref, font) != HPDF_OK ||
	    HPDF_Dict_AddName(font, "Type", "Font") != HPDF_OK ||
	    HPDF_Dict_AddName(font, "BaseFont", fontdef->base_font) !=
	    HPDF_OK ||
	    HPDF_Dict_AddName(font, "Subtype", "Type0") != HPDF_OK ||
	    HPDF_Dict_AddName(font, "Encoding", "Identity-H") != HPDF_OK)
		return NULL;
	return font;
}

/*
 * libharu derives the trailer's /ID from the clock (ctime, which reads
 * the time zone file, and MD5) when it saves a PDF/A document; fix_id
 * below writes a digest of the document over it, so the two strings
 * are zeros here, as long (16 bytes each).  HPDF_PDFA_GenerateID in
 * libharu 2.3.0, reached through its PLT like the above.
 */
__attribute__((visibility("default"))) HPDF_STATUS
HPDF_PDFA_GenerateID(HPDF_Doc pdf)
{
	static const HPDF_BYTE zero[16];
	HPDF_Array id;

	if (HPDF_Dict_GetItem(pdf->trailer, "ID", HPDF_OCLASS_ARRAY) != NULL)
		return HPDF_OK;
	if ((id = HPDF_Array_New(pdf->mmgr)) == NULL ||
	    HPDF_Dict_Add(pdf->trailer, "ID", id) != HPDF_OK ||
	    HPDF_Array_Add(id, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)zero,
	    sizeof zero)) != HPDF_OK ||
	    HPDF_Array_Add(id, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)zero,
	    sizeof zero)) != HPDF_OK)
		return pdf->error.error_no;
	return HPDF_OK;
}

static void
standin_set(HPDF_FontDef def, const render *r)
{
	size_t i;

	for (i = 0; i < STANDIN_MAX; i++)
		if (standins[i].def == (r != NULL ? NULL : def)) {
			standins[i].def = r != NULL ? def : NULL;
			standins[i].r = r;
			return;
		}
}

static void
on_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
	struct doc *d = user;

	if (d->error == 0) {
		d->error = error;
		d->detail = detail;
	}
}

static char *
xstrdup(const char *s)
{
	size_t n;
	char *p;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	if ((p = malloc(n)) != NULL)
		memcpy(p, s, n);
	return p;
}

static char *
join(const char *dir, const char *rel)
{
	size_t n = strlen(dir) + strlen(rel) + 2;
	char *p = malloc(n);

	if (p != NULL)
		snprintf(p, n, "%s/%s", dir, rel);
	return p;
}

/* ---------------------------------------------------------------- setup */

/*
 * The font at path (the k-th) for book_pack: its file as it is and the
 * CIDToGIDMap libharu would build for every document when embedding
 * (CIDFontType2_New in 2.3.0: the glyph of every code 0 to 0xFFFE, two
 * bytes each, from the same cmap lookup), made once here.
 */
static int
font_prepare(render *r, HPDF_Doc pdf, const char *path, unsigned k,
    sg_err *err)
{
	const char *name;
	HPDF_FontDef def;
	char *ttf = NULL;
	unsigned char *map;
	size_t n = 0;
	unsigned c;
	HPDF_UINT16 gid;
	int rc;

	if ((name = HPDF_LoadTTFontFromFile(pdf, path, HPDF_FALSE)) == NULL ||
	    (def = HPDF_Doc_FindFontDef(pdf, name)) == NULL) {
		sg_err_set(err, "E-RENDER-FONT", path, "cannot load the font");
		return -1;
	}
	if (file_read_all(path, 64u << 20, 0, "E-RENDER-FONT", &ttf, &n,
	    err) < 0)
		return -1;
	if ((map = malloc(2 * 0xFFFFu)) == NULL) {
		free(ttf);
		sg_err_set(err, "E-SYSTEM", "", "out of memory");
		return -1;
	}
	for (c = 0; c < 0xFFFFu; c++) {
		gid = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)c);
		map[2 * c] = (unsigned char)(gid >> 8);
		map[2 * c + 1] = (unsigned char)gid;
	}
	rc = book_font_set(&r->fonts[k], name, k, (unsigned char *)ttf, n,
	    map, 2 * 0xFFFFu, err);
	free(ttf);
	free(map);
	if (rc == 0)
		r->nfonts = k + 1;
	return rc;
}

static int utf8_prune(struct doc *d);
static HPDF_Font get_font(struct doc *d, const char *name);

/*
 * The probe (the stand-in fonts above): a page in the fonts' own
 * document, their objects made the real way, packed as every document
 * is; book_pack copies them from there.  0, also when the probe does not
 * hold them (then every document makes its fonts), or -1 with err.
 */
static int
fonts_probe(render *r, struct doc *d, sg_err *err)
{
	HPDF_Font f = NULL;
	HPDF_UINT32 size;
	HPDF_STATUS st;
	unsigned char *buf = NULL, *z;
	size_t k, zlen;
	int rc = -1;

	snprintf(d->reg_name, sizeof d->reg_name, "%s", r->fonts[0].name);
	if (r->nfonts > 1)
		snprintf(d->bold_name, sizeof d->bold_name, "%s",
		    r->fonts[1].name);
	HPDF_SetCompressionMode(d->pdf, HPDF_COMP_NONE);
	HPDF_UseUTFEncodings(d->pdf);
	if (utf8_prune(d) != 0)
		goto fail;
	for (k = 0; k < r->nfonts; k++)
		if ((f = get_font(d, r->fonts[k].name)) == NULL)
			goto fail;
	if (HPDF_AddPage(d->pdf) == NULL || d->error != 0 ||
	    HPDF_SaveToStream(d->pdf) != HPDF_OK ||
	    (size = HPDF_GetStreamSize(d->pdf)) == 0 ||
	    (buf = malloc(size)) == NULL)
		goto fail;
	HPDF_ResetStream(d->pdf);
	st = HPDF_ReadFromStream(d->pdf, buf, &size);
	if ((st != HPDF_OK && st != HPDF_STREAM_EOF) || book_pack(buf, size,
	    r->fonts, r->nfonts, 1, &z, &zlen, err) != 0)
		goto out;
	r->fonts_once = book_fonts_probe(z, zlen, r->fonts, r->nfonts) == 0;
	free(z);
	if (!r->fonts_once) {
		rc = 0;
		goto out;
	}
	/* what a stand-in takes of the real font: its type, writing mode
	 * and width functions; the rest is the document's */
	r->font_attr = *(HPDF_FontAttr)f->attr;
	r->font_attr.fontdef = NULL;
	r->font_attr.encoder = NULL;
	r->font_attr.xref = NULL;
	r->font_attr.descendant_font = NULL;
	r->font_attr.map_stream = NULL;
	r->font_attr.cmap_stream = NULL;
	r->font_attr.widths = NULL;
	r->font_attr.used = NULL;
	r->font_free = f->free_fn;
	rc = 0;
	goto out;
fail:
	sg_err_set(err, "E-RENDER-FONT", r->font, "cannot load the font "
	    "(libharu error 0x%04X)", (unsigned)d->error);
out:
	free(buf);
	return rc;
}

static int
fonts_prepare(render *r, sg_err *err)
{
	struct doc d;
	int rc = -1;

	memset(&d, 0, sizeof d);
	if ((d.pdf = HPDF_New(on_error, &d)) == NULL) {
		sg_err_set(err, "E-SYSTEM", "", "out of memory");
		return -1;
	}
	if (font_prepare(r, d.pdf, r->font, 0, err) == 0 &&
	    (r->font_bold == NULL || font_prepare(r, d.pdf, r->font_bold, 1,
	    err) == 0) && fonts_probe(r, &d, err) == 0)
		rc = 0;
	if (rc == 0 && d.error != 0) {
		sg_err_set(err, "E-RENDER-FONT", r->font, "cannot load the "
		    "font (libharu error 0x%04X)", (unsigned)d.error);
		rc = -1;
	}
	HPDF_Free(d.pdf);
	return rc;
}

render *
render_new(const doctype_set *types, const codetab_set *codes,
    const char *fdir, const render_opts *o, sg_err *err)
{
	render *r;
	const doctype *t;
	const char *xml;
	char where[600];
	size_t i;
	int line;
	FILE *fp;

	if (fdir == NULL)
		fdir = formats_dir();
	if ((r = calloc(1, sizeof *r)) == NULL)
		goto nomem;
	r->types = types;
	r->codes = codes;
	r->compress = o->compress;
	r->n = doctype_set_count(types);
	if ((r->layouts = calloc(r->n ? r->n : 1, sizeof *r->layouts)) == NULL)
		goto nomem;
	for (i = 0; i < r->n; i++) {
		t = doctype_set_at(types, i);
		xml = doctype_layout_xml(t, &line);
		snprintf(where, sizeof where, "%s:%d", doctype_file(t), line);
		r->layouts[i] = layout_parse(xml, where, t, err);
		if (r->layouts[i] == NULL)
			goto fail;
		if (o->paper != NULL &&
		    layout_set_paper(r->layouts[i], o->paper) != 0) {
			sg_err_set(err, "E-LAYOUT", "", "unknown paper \"%s\" "
			    "(a4, f4)", o->paper);
			goto fail;
		}
	}
	r->font = o->font ? xstrdup(o->font) :
	    join(fdir, "fonts/DejaVuSansCondensed-segel.ttf");
	/* No bold font: bold is drawn from the regular one (struct face). */
	r->font_bold = xstrdup(o->font_bold);
	r->icc = o->icc ? xstrdup(o->icc) : join(fdir, "icc/sRGB.icc");
	if (r->font == NULL || r->icc == NULL ||
	    (o->font_bold != NULL && r->font_bold == NULL))
		goto nomem;
	if (o->prof != NULL) {
		r->office = xstrdup(profile_get(o->prof, "office"));
		r->official = xstrdup(profile_get(o->prof, "official"));
		r->nip = xstrdup(profile_get(o->prof, "nip"));
		r->logo = xstrdup(profile_get(o->prof, "logo"));
		r->place = xstrdup(profile_get(o->prof, "place"));
	}
	if ((r->fdir = xstrdup(fdir)) == NULL)
		goto nomem;
	/* Fail now, once, rather than on every record. */
	if ((fp = fopen(r->font, "rb")) == NULL) {
		sg_err_sys(err, r->font, "cannot read the font");
		goto fail;
	}
	fclose(fp);
	if (r->font_bold != NULL) {
		if ((fp = fopen(r->font_bold, "rb")) == NULL) {
			sg_err_sys(err, r->font_bold, "cannot read the font");
			goto fail;
		}
		fclose(fp);
	}
	if (file_read_all(r->icc, ICC_MAX, 0, "E-RENDER-PDF", &r->icc_data,
	    &r->icc_len, err) < 0)
		goto fail;
	if (r->compress && fonts_prepare(r, err) != 0)
		goto fail;
	/* segel-render (compressed output) reads the region names here,
	 * once before its workers fork, not in each of them (~25 ms); the
	 * page check reads them when a layout first asks */
	if (r->compress) {
		sg_err e;

		r->regions_tried = 1;
		r->regions = region_table_load(r->fdir, &e);
	}
	/* the logo decoded once: PNG (any depth, transparency flattened
	 * onto white) or JPEG, drawn as a plain image */
	if (r->logo != NULL) {
		char *buf = NULL;
		size_t len = 0;
		int lrc;

		if (file_read_all(r->logo, 32u << 20, 0, "E-IMAGE-TOO-BIG",
		    &buf, &len, err) < 0)
			goto fail;
		lrc = render_picture_decode((unsigned char *)buf, len, r->logo,
		    &r->logo_pic, err);
		free(buf);
		if (lrc != 0)
			goto fail;
	}
	return r;
nomem:
	sg_err_set(err, "E-SYSTEM", "", "out of memory");
fail:
	render_free(r);
	return NULL;
}

void
render_free(render *r)
{
	size_t i;

	if (r == NULL)
		return;
	if (r->single != NULL) {
		doc_close(r->single);
		free(r->single);
	}
	for (i = 0; i < r->n && r->layouts; i++)
		layout_free(r->layouts[i]);
	free(r->layouts);
	for (i = 0; i < r->nfonts; i++)
		book_font_clear(&r->fonts[i]);
	free(r->font);
	free(r->font_bold);
	free(r->icc);
	free(r->icc_data);
	free(r->logo);
	render_picture_clear(&r->logo_pic);
	free(r->office);
	free(r->official);
	free(r->nip);
	free(r->place);
	free(r->fdir);
	region_table_free(r->regions);
	EVP_MD_CTX_free(r->sha_state);
	free(r);
}

/* ------------------------------------------------------------ documents */

static void
doc_close(struct doc *d)
{
	if (d->pdf != NULL && d->r != NULL && d->r->fonts_once) {
		standin_set(HPDF_Doc_FindFontDef(d->pdf, d->reg_name), NULL);
		if (d->bold_name[0])
			standin_set(HPDF_Doc_FindFontDef(d->pdf,
			    d->bold_name), NULL);
	}
	if (d->pdf != NULL)
		HPDF_Free(d->pdf);
	d->pdf = NULL;
	if (d->bold.w != d->reg.w)
		free(d->bold.w);
	free(d->reg.w);
	d->reg.w = d->bold.w = NULL;
}

/* an empty width table (struct face), or NULL: then tw asks libharu */
static uint16_t *
face_widths(void)
{
	uint16_t *w = malloc(0x10000 * sizeof *w);

	if (w != NULL)
		memset(w, 0xFF, 0x10000 * sizeof *w);
	return w;
}

/*
 * libharu 2.3.0 builds a TrueType CID font's /W array (and, embedding,
 * its CIDToGIDMap) for every document by looking up the glyph and width
 * of all 65,536 codes of the UTF-8 encoder (CIDFontType2_New; docs/
 * FACTS.md).  With the encoder's CMap to_unicode function it looks up
 * only the codes its cid_map gives a CID.  So the maps say: the codes the
 * fonts have a glyph for, each its own CID and Unicode, and no other; and
 * the function is the CMap one only while HPDF_GetFont builds the font
 * (get_font).  The /W array is the same (a code without a glyph has glyph
 * 0's width, the /DW), text is encoded as before (the UTF-8 encoder's
 * own functions), and for a TrueType font libharu reads the two maps
 * nowhere else (cid_map's first bytes hold the UTF-8 decoder's state).
 */
static int
utf8_prune(struct doc *d)
{
	HPDF_Encoder enc = HPDF_GetEncoder(d->pdf, "UTF-8");
	HPDF_CMapEncoderAttr a;
	HPDF_FontDef reg, bold = NULL;
	unsigned c, last = 0;
	int has;

	if (enc == NULL || enc->attr == NULL ||
	    (reg = HPDF_Doc_FindFontDef(d->pdf, d->reg_name)) == NULL ||
	    (d->bold_name[0] && (bold = HPDF_Doc_FindFontDef(d->pdf,
	    d->bold_name)) == NULL))
		return -1;
	d->utf8 = enc;
	a = (HPDF_CMapEncoderAttr)enc->attr;
	for (c = 0; c <= 0xFFFFu; c++) {
		has = c < 0xFFFFu && (HPDF_TTFontDef_GetGlyphid(reg,
		    (HPDF_UINT16)c) != 0 || (bold != NULL &&
		    HPDF_TTFontDef_GetGlyphid(bold, (HPDF_UINT16)c) != 0));
		a->cid_map[c >> 8][c & 0xFF] = has ? (HPDF_UINT16)c : 0;
		a->unicode_map[c >> 8][c & 0xFF] = (HPDF_UNICODE)c;
		if (has)
			last = c;
	}
	/* libharu's /W loop stops before the highest CID: one more, which
	 * has no glyph, so that the last glyph's width is written */
	if (last + 1 < 0xFFFFu)
		a->cid_map[(last + 1) >> 8][(last + 1) & 0xFF] =
		    (HPDF_UINT16)(last + 1);
	return 0;
}

/* HPDF_GetFont with the pruned maps (utf8_prune) */
static HPDF_Font
get_font(struct doc *d, const char *name)
{
	HPDF_CMapEncoderAttr a = (HPDF_CMapEncoderAttr)d->utf8->attr;
	HPDF_Encoder_ToUnicode_Func fn = d->utf8->to_unicode_fn;
	HPDF_Font f;

	/* the UTF-8 decoder's state: codes 0 to 7 have no glyph */
	memset(a->cid_map[0], 0, 8 * sizeof a->cid_map[0][0]);
	d->utf8->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
	f = HPDF_GetFont(d->pdf, name, "UTF-8");
	d->utf8->to_unicode_fn = fn;
	return f;
}

static int
doc_open(struct doc *d, render *r, sg_err *err)
{
	const char *fname;
	/* compressed: book_pack embeds the fonts (struct render) */
	HPDF_BOOL embed = r->nfonts == 0 ? HPDF_TRUE : HPDF_FALSE;

	memset(d, 0, sizeof *d);
	d->r = r;
	if ((d->pdf = HPDF_New(on_error, d)) == NULL) {
		sg_err_set(err, "E-SYSTEM", "", "out of memory");
		return -1;
	}
	HPDF_SetCompressionMode(d->pdf, HPDF_COMP_NONE);
	HPDF_UseUTFEncodings(d->pdf);
	if ((fname = HPDF_LoadTTFontFromFile(d->pdf, r->font, embed))
	    != NULL)
		snprintf(d->reg_name, sizeof d->reg_name, "%s", fname);
	if (r->font_bold != NULL && (fname = HPDF_LoadTTFontFromFile(d->pdf,
	    r->font_bold, embed)) != NULL)
		snprintf(d->bold_name, sizeof d->bold_name, "%s", fname);
	if (d->reg_name[0] && utf8_prune(d) == 0) {
		if (r->fonts_once) {
			standin_set(HPDF_Doc_FindFontDef(d->pdf, d->reg_name),
			    r);
			if (d->bold_name[0])
				standin_set(HPDF_Doc_FindFontDef(d->pdf,
				    d->bold_name), r);
		}
		d->reg.f = get_font(d, d->reg_name);
		d->bold = d->reg;
		d->bold.fake_bold = r->font_bold == NULL;
		if (d->bold_name[0])
			d->bold.f = get_font(d, d->bold_name);
		else if (r->font_bold != NULL)
			d->bold.f = NULL;
		d->reg.w = d->bold.w = face_widths();
		if (d->bold_name[0])
			d->bold.w = face_widths();
		d->reg.whole = d->bold.whole = !embed;
	}
	if (d->reg.f == NULL || d->bold.f == NULL || d->error) {
		sg_err_set(err, "E-RENDER-FONT", r->font, "cannot load the "
		    "font (libharu error 0x%04X)", (unsigned)d->error);
		doc_close(d);
		return -1;
	}
	return 0;
}

/*
 * The next document in the same HPDF_Doc: HPDF_NewDoc() drops the pages
 * and objects but keeps the parsed font definitions and encoders, so the
 * TrueType file is read and parsed once per process, not per document.
 */
static struct doc *
doc_again(render *r, sg_err *err)
{
	struct doc *d = r->single;

	if (d == NULL) {
		if ((d = calloc(1, sizeof *d)) == NULL) {
			sg_err_set(err, "E-SYSTEM", "", "out of memory");
			return NULL;
		}
		if (doc_open(d, r, err) != 0) {
			free(d);
			return NULL;
		}
		r->single = d;
		return d;
	}
	d->error = d->detail = 0;
	d->logo = NULL;
	d->logo_tried = 0;
	if (HPDF_NewDoc(d->pdf) != HPDF_OK)
		goto fail;
	HPDF_SetCompressionMode(d->pdf, HPDF_COMP_NONE);
	d->reg.f = get_font(d, d->reg_name);
	d->bold.f = d->bold_name[0] ? get_font(d, d->bold_name) : d->reg.f;
	if (d->reg.f == NULL || d->bold.f == NULL || d->error)
		goto fail;
	return d;
fail:
	sg_err_set(err, "E-RENDER-PDF", "", "libharu error 0x%04X starting a "
	    "document", (unsigned)d->error);
	doc_close(d);
	free(d);
	r->single = NULL;
	return NULL;
}

/*
 * libharu derives the trailer's /ID from the clock; make it a digest of
 * everything before the trailer instead, so the same record always gives
 * the same bytes.  Same length, so no offset moves.  Done on the finished
 * (packed) bytes in one SHA-256 pass that also gives the file's digest:
 * the state at the trailer is copied for the /ID, and the pass goes on
 * over the trailer as written (render_pdf_sha256).
 */
static int
fix_id(unsigned char *buf, size_t len, unsigned char sha[32],
    EVP_MD_CTX **state)
{
	static const char key[] = "/ID [ <";
	unsigned char md[32];
	unsigned int n = 0, i;
	size_t at, from = len > 2048 ? len - 2048 : 0, j = 0;
	char hex[33];
	EVP_MD_CTX *c = NULL, *id = NULL;
	int rc = -1;

	for (at = len - sizeof key; at > from; at--)
		if (memcmp(buf + at, key, sizeof key - 1) == 0)
			break;
	/* "/ID [ <32 hex> <32 hex> ]" */
	if (at > from) {
		j = at + sizeof key - 1;
		if (j + 35 + 32 > len || buf[j + 32] != '>' ||
		    buf[j + 34] != '<')
			at = 0;
	} else
		at = 0;
	if ((c = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(c, buf, at) != 1)
		goto out;
	if (at > 0) {
		if ((id = EVP_MD_CTX_new()) == NULL ||
		    EVP_MD_CTX_copy_ex(id, c) != 1 ||
		    EVP_DigestFinal_ex(id, md, &n) != 1)
			goto out;
		for (i = 0; i < 16; i++)
			snprintf(hex + 2 * i, 3, "%02X", md[i]);
		memcpy(buf + j, hex, 32);
		memcpy(buf + j + 35, hex, 32);
	}
	if (EVP_DigestUpdate(c, buf + at, len - at) != 1 ||
	    (*state == NULL && (*state = EVP_MD_CTX_new()) == NULL) ||
	    EVP_MD_CTX_copy_ex(*state, c) != 1 ||
	    EVP_DigestFinal_ex(c, sha, &n) != 1)
		goto out;
	rc = 0;
out:
	EVP_MD_CTX_free(c);
	EVP_MD_CTX_free(id);
	return rc;
}

/*
 * Metadata first: libharu builds the XMP packet from the Info entries at
 * the moment PDF/A conformance is set (docs/FACTS.md).
 */
static int
doc_finish(struct doc *d, const char *title, const char *subject,
    const char *keywords, const char *author, const char *issued,
    unsigned char **pdf, size_t *len, sg_err *err)
{
	HPDF_OutputIntent icc;
	HPDF_Date hd;
	sg_date dt;
	HPDF_UINT32 size = 0;
	HPDF_STATUS st;
	unsigned char *buf = NULL;

	HPDF_SetInfoAttr(d->pdf, HPDF_INFO_TITLE, title);
	if (subject != NULL)
		HPDF_SetInfoAttr(d->pdf, HPDF_INFO_SUBJECT, subject);
	if (keywords != NULL)
		HPDF_SetInfoAttr(d->pdf, HPDF_INFO_KEYWORDS, keywords);
	if (author != NULL)
		HPDF_SetInfoAttr(d->pdf, HPDF_INFO_AUTHOR, author);
	HPDF_SetInfoAttr(d->pdf, HPDF_INFO_CREATOR, "segel-render");
	/* The issue date, not the clock: the same record gives the same
	 * bytes, so a re-run can tell an identical file from a different
	 * one. */
	if (issued != NULL && date_parse_iso(issued, &dt) == 0) {
		memset(&hd, 0, sizeof hd);
		hd.year = dt.y, hd.month = dt.m, hd.day = dt.d;
		/* 'Z' makes 2.3.0's XMP writer fail; +00'00 says the same. */
		hd.ind = '+';
		HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_CREATION_DATE, hd);
		HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_MOD_DATE, hd);
	}
	HPDF_PDFA_SetPDFAConformance(d->pdf, HPDF_PDFA_1B);
	/* the profile read once (render_new), as HPDF_ICC_LoadIccFromMem
	 * makes its stream */
	if ((icc = HPDF_DictStream_New(d->pdf->mmgr, d->pdf->xref)) != NULL &&
	    HPDF_Dict_AddNumber(icc, "N", 3) == HPDF_OK &&
	    HPDF_Dict_AddName(icc, "Alternate", "DeviceRGB") == HPDF_OK &&
	    HPDF_Stream_Write(icc->stream, (const HPDF_BYTE *)d->r->icc_data,
	    (HPDF_UINT)d->r->icc_len) == HPDF_OK)
		HPDF_PDFA_AppendOutputIntents(d->pdf, "sRGB IEC61966-2.1", icc);
	if (d->error == 0 && HPDF_SaveToStream(d->pdf) == HPDF_OK) {
		size = HPDF_GetStreamSize(d->pdf);
		if ((buf = malloc(size ? size : 1)) == NULL) {
			sg_err_set(err, "E-SYSTEM", "", "out of memory");
			return -1;
		}
		HPDF_ResetStream(d->pdf);
		st = HPDF_ReadFromStream(d->pdf, buf, &size);
		if (st == HPDF_OK || st == HPDF_STREAM_EOF)
			d->error = 0;
		else if (d->error == 0)
			d->error = st;
	}
	if (d->error != 0) {
		free(buf);
		sg_err_set(err, "E-RENDER-PDF", "", "libharu error 0x%04X "
		    "(detail %u)", (unsigned)d->error, (unsigned)d->detail);
		return -1;
	}
	{
		unsigned char *z;
		size_t zlen;

		if (book_pack(buf, size, d->r->fonts, d->r->nfonts,
		    d->r->compress, &z, &zlen, err) != 0) {
			free(buf);
			return -1;
		}
		free(buf);
		buf = z;
		size = zlen;
	}
	if (fix_id(buf, size, d->r->sha, &d->r->sha_state) != 0) {
		free(buf);
		sg_err_set(err, "E-SYSTEM", "", "SHA-256 failed");
		return -1;
	}
	*pdf = buf;
	*len = size;
	return 0;
}

static int
render_one(render *r, const json_t *rec, const render_check *chk,
    unsigned char **pdf, size_t *len, int *pages, render_box **boxes,
    size_t *nbox, sg_err *err)
{
	struct doc *dp;
	rec_issue_info iss;
	const doctype *t;
	char title[300], number[64], issued[16];
	int rc = -1;

	*pdf = NULL;
	*len = 0;
	if ((dp = doc_again(r, err)) == NULL)
		return -1;
#define d (*dp)
	d.collect = chk != NULL;
	d.logo_aspect = chk != NULL ? chk->logo_aspect : 0;
	if (chk != NULL && chk->no_logo) {
		d.logo = NULL;
		d.logo_tried = 1;
	}
	if (render_record_draw(&d, rec, pages, number, sizeof number, issued,
	    sizeof issued, err) != 0)
		goto out;
	if (d.error != 0 || d.boxes_oom) {
		sg_err_set(err, "E-RENDER-PDF", "", "libharu error 0x%04X "
		    "(detail %u)", (unsigned)d.error, (unsigned)d.detail);
		goto out;
	}
	t = doctype_set_find(r->types, rec_type(rec));
	rec_issue_get(rec_issue(rec), &iss);
	snprintf(title, sizeof title, "%s %s", doctype_title(t), number);
	rc = doc_finish(&d, title, number, rec_seal(rec),
	    iss.office ? iss.office : r->office, issued, pdf, len, err);
	if (rc == 0 && boxes != NULL) {
		*boxes = d.boxes;
		*nbox = d.nbox;
		d.boxes = NULL;
	}
out:
	free(d.boxes);
	d.boxes = NULL;
	d.nbox = d.capbox = 0;
	d.boxes_oom = d.collect = 0;
	d.logo_aspect = 0;
#undef d
	/* a failed document may leave libharu in an error state: start over */
	if (rc != 0) {
		doc_close(dp);
		free(dp);
		r->single = NULL;
	}
	return rc;
}

int
render_pdf(render *r, const json_t *rec, unsigned char **pdf, size_t *len,
    int *pages, sg_err *err)
{
	return render_one(r, rec, NULL, pdf, len, pages, NULL, NULL, err);
}

int
render_pdf_check(render *r, const json_t *rec, const render_check *chk,
    unsigned char **pdf, size_t *len, int *pages, render_box **boxes,
    size_t *nbox, sg_err *err)
{
	static const render_check none;

	*boxes = NULL;
	*nbox = 0;
	return render_one(r, rec, chk ? chk : &none, pdf, len, pages, boxes,
	    nbox, err);
}

int
render_book_shell(render *r, size_t records, unsigned char **pdf,
    size_t *len, sg_err *err)
{
	struct doc d;
	char title[64];
	int rc;

	if (doc_open(&d, r, err) != 0)
		return -1;
	snprintf(title, sizeof title, "segel-render: %zu documents", records);
	rc = doc_finish(&d, title, NULL, NULL, r->office, NULL, pdf, len, err);
	doc_close(&d);
	return rc;
}

void
render_pdf_sha256(const render *r, char hex[65])
{
	file_md_hex(r->sha, hex);
}

const EVP_MD_CTX *
render_pdf_sha256_state(const render *r)
{
	return r->sha_state;
}

int
render_file_name(const char *number, char *out, size_t sz)
{
	size_t i, n = 0;
	char ch;

	for (i = 0; number[i] != '\0'; i++) {
		ch = number[i];
		if (!(isalnum((unsigned char)ch) || ch == '.' || ch == '-' ||
		    ch == '_') || (unsigned char)ch >= 0x80)
			ch = '_';
		if (n == 0 && ch == '.')
			ch = '_';
		if (n + 5 >= sz)
			return -1;
		out[n++] = ch;
	}
	if (n == 0 || n + 5 > sz)
		return -1;
	memcpy(out + n, ".pdf", 5);
	return 0;
}
