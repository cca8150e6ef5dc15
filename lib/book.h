/*
 * book.h - the printer's book: the PDFs segel-render made for single
 * records, one after another in one PDF, without drawing them again.
 *
 * book_add() copies a record's pages into the book with the objects they
 * use (fonts, content, images), their stream data as it is; an object the
 * same byte for byte as one the book has already (the fonts' objects,
 * three quarters of an akta's PDF) is not copied again.  book_finish()
 * adds the shell's catalog, XMP metadata, Info and sRGB OutputIntent
 * (render_book_shell()) and the page tree.  The records' own catalogs,
 * XMP and OutputIntents stay behind, so the book has one of each, as
 * PDF/A-1 wants; every font stays embedded.  Only PDFs as render_pdf()
 * writes them are taken (E-BOOK-PDF otherwise).  Memory grows with the
 * book: about the size of the records' pages (100 akta: 0.53 MB).
 *
 * Ownership: book_add() copies what it needs; book_finish()'s *pdf is
 * malloc'd, the caller's, and the book takes nothing more after it.
 * book_free(NULL) does nothing.
 */
#ifndef SEGEL_BOOK_H
#define SEGEL_BOOK_H

#include <stddef.h>

#include "err.h"

typedef struct book book;

book *book_new(sg_err *err);
void book_free(book *b);
/* E-BOOK-PDF, E-SYSTEM (out of memory: the book is lost). */
int book_add(book *b, const unsigned char *pdf, size_t len, sg_err *err);
size_t book_count(const book *b);
/* The book as one PDF, with the shell's catalog and metadata. */
int book_finish(book *b, const unsigned char *shell, size_t shell_len,
    unsigned char **pdf, size_t *len, sg_err *err);

/*
 * A TrueType font segel-render embeds itself (docs/FACTS.md, libharu):
 * libharu loads it without embedding, so that it neither builds the
 * 128 KB CIDToGIDMap nor reads the font file again for every document,
 * and book_pack() adds the font file and that map, made and deflated
 * once per process (before segel-render forks its workers, which share
 * them), to the font's objects under the tag an embedded font has.
 */
typedef struct book_font {
	char name[128];         /* libharu's BaseFont / FontName, no tag */
	char tag[8];            /* "HPDFAA", "HPDFAB": libharu's tags */
	unsigned char *file, *map;      /* deflated */
	size_t filez, filelen, mapz;    /* deflated and raw lengths */
	/* the font's objects as the probe held them (book_fonts_probe) */
	struct book_graph *graph;
} book_font;

/*
 * f from the font's name as libharu gives it, its k-th tag (0: HPDFAA),
 * the TrueType file ttf (n bytes, embedded as it is) and the raw
 * CIDToGIDMap (two bytes a code).  E-SYSTEM.
 */
int book_font_set(book_font *f, const char *name, unsigned k,
    const unsigned char *ttf, size_t n, const unsigned char *map,
    size_t mapn, sg_err *err);
void book_font_clear(book_font *f);

/*
 * The fonts' objects once per process (render.c's stand-ins): pdf (len
 * bytes) is a PDF book_pack() made that holds every font's objects, the
 * Type0 dictionary under its tagged name; each font keeps a copy of the
 * objects its Type0 dictionary leads to.  book_pack() then takes a Type0
 * dictionary without /DescendantFonts that names one of the fonts for a
 * stand-in, writes the font's Type0 dictionary under its number and the
 * rest after the document's own objects.  0, or -1 when a font is not
 * in pdf (or out of memory).
 */
int book_fonts_probe(const unsigned char *pdf, size_t len, book_font *fonts,
    size_t nfonts);

/*
 * A PDF as libharu writes it with no compression, its streams deflated
 * (libdeflate's level 1; the XMP and the ICC profile left as they are)
 * unless deflate is 0, *out malloc'd.  libharu has no setting for the
 * level and deflates at the default; a stream the same as the last one
 * is deflated once per process.  libharu's encoding CMap, which it
 * writes as the font's /ToUnicode, becomes a ToUnicode CMap (deflated
 * or not).  The fonts (nfonts of them, may be 0) loaded without
 * embedding get their file and CIDToGIDMap (book_font).  E-RENDER-PDF,
 * E-SYSTEM.
 */
int book_pack(const unsigned char *pdf, size_t len, const book_font *fonts,
    size_t nfonts, int deflate, unsigned char **out, size_t *outlen,
    sg_err *err);

#endif
