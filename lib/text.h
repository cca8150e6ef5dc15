/*
 * text.h - character encodings and small string helpers.
 *
 * Spreadsheets arrive as UTF-8 (with or without BOM), Windows-1252 or
 * UTF-16 (Excel's "Unicode text").  Everything inside segel is UTF-8.
 * Returned strings are malloc'd and owned by the caller.
 */
#ifndef SEGEL_TEXT_H
#define SEGEL_TEXT_H

#include <stdarg.h>
#include <stddef.h>

#include "buf.h"

/* 1 when buf[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
int text_is_utf8(const char *buf, size_t len);
/* Windows-1252 to UTF-8; bytes 0x81 0x8D 0x8F 0x90 0x9D become U+FFFD. */
char *text_cp1252_to_utf8(const char *buf, size_t len, size_t *outlen);
/* 1 when buf holds a byte Windows-1252 leaves undefined. */
int text_cp1252_undefined(const char *buf, size_t len);
/* buf as UTF-8 when it is, else converted from Windows-1252. */
char *text_to_utf8(const char *buf, size_t len, size_t *outlen);
/*
 * Text from outside (a file, a QR code, a file name, a field), fit to be
 * shown on a terminal or put into JSON: the one way every tool and
 * message does it.  C0 controls, DEL and bytes that are not UTF-8 become
 * \xNN; C1 controls and the characters that reorder or hide text (bidi
 * overrides, line separators) become \u{NNNN}; the rest is as it is.
 * The result is always well-formed UTF-8, so a JSON writer takes it.
 *
 * text_escape writes s[0..len) escaped into buf (n bytes, NUL-terminated);
 * when it does not fit it is cut between characters, never inside a
 * character or an escape, and ends with "...".  Returns the bytes written.
 * text_escape_dup: the whole text escaped, malloc'd (NULL: no memory).
 * text_vformat/text_format: vsnprintf, then escaped into buf: for messages
 * (up to 8 KiB formatted) that hold outside text.
 * text_show: at most max bytes (of n) of what a person typed.
 */
size_t text_escape(const char *s, size_t len, char *buf, size_t n);
char *text_escape_dup(const char *s, size_t len);
void text_vformat(char *buf, size_t n, const char *fmt, va_list ap);
void text_format(char *buf, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void text_show(const char *s, size_t max, char *buf, size_t n);
/* Trim ASCII blanks at both ends, in place; returns s. */
char *text_trim(char *s);
/* The value of one hexadecimal digit (either case), or -1. */
int text_hex_digit(int c);

/*
 * Helpers for streaming callers that manage their own buffers.
 * text_utf8_put writes code point cp (surrogates and values over
 * U+10FFFF become U+FFFD) at out, which has room for 4 bytes; returns
 * the number of bytes written.
 * text_cp1252_to_utf8_buf converts buf[0..len) into out, which has room
 * for 3 * len bytes; returns the bytes written (no NUL is added).
 */
size_t text_utf8_put(char *out, unsigned long cp);
size_t text_cp1252_to_utf8_buf(const char *buf, size_t len, char *out);
/* UTF-16 (no BOM expected; big_endian 0 or 1) to UTF-8, NUL-terminated.
 * Unpaired surrogates and an odd trailing byte become U+FFFD. */
char *text_utf16_to_utf8(const char *buf, size_t len, int big_endian,
    size_t *outlen);

/*
 * Unicode, through libunistring (the one place segel classifies,
 * upper-cases or normalises characters; none of it is done by hand).
 *
 * text_char_is_blank: a space separator (Unicode Zs: space, no-break
 * space, the typographic spaces); with lines also TAB, CR and LF.
 * text_char_is_invisible: a character that prints as nothing or as a box
 * and so never belongs in a value: controls, format characters (soft
 * hyphen, zero-width and bidi marks, BOM), private use, line and
 * paragraph separators, U+FFFC and U+FFFD.
 */
int text_char_is_blank(unsigned long cp, int lines);
int text_char_is_invisible(unsigned long cp);

/*
 * A value as segel keeps it: s[0..len) (UTF-8) trimmed, every run of
 * blanks made one space, invisible characters left out, in NFC, and
 * upper-cased (Unicode full case mapping: "ß" becomes "SS") with
 * TEXT_UPPER; TEXT_LINES counts TAB, CR and LF as blanks.  The result
 * replaces what buf held (NUL-terminated; buf stays the caller's, its
 * room reused from call to call).  out gets its length in bytes and in
 * characters, and the first invisible character (bad, 0 when none) with
 * its position (bad_pos, 1-based, in the characters of s).  0, or -1 when
 * memory ran out.
 */
enum { TEXT_UPPER = 1, TEXT_LINES = 2 };

typedef struct text_norm {
	size_t len, chars;
	unsigned long bad;
	size_t bad_pos;
} text_norm;

int text_normalise(const char *s, size_t len, int flags, sg_buf *buf,
    text_norm *out);

/*
 * s (NUL-terminated UTF-8) upper-cased and in NFC, into out (n bytes,
 * NUL-terminated, cut between characters when it does not fit).  out may
 * be s.  Returns the bytes written.
 */
size_t text_upper(const char *s, char *out, size_t n);
/* snprintf(out, n, "%.*s", len, s) without the format: at most len
 * bytes of s (it may end sooner), cut to fit n; out may be s.  The
 * bytes copied. */
size_t text_copy(char *out, size_t n, const char *s, size_t len);

#endif
