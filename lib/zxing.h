/*
 * zxing.h - ZXing-C++ (1.4) behind a C interface: QR codes out of one
 * grey buffer.  The only C++ in the library (lib/zxing.cpp); every C++
 * exception is caught there and comes back as -1, never across this line.
 *
 * zx_read() decodes the QR codes in w*h grey pixels (rows w apart) and
 * calls sink once per code read, with the code's raw bytes (no
 * character-set conversion: 1.4's text() escapes control characters;
 * the bytes are valid only during the call) and its four corners in the buffer's pixels,
 * clockwise from the top left of the code.  flags choose how hard ZXing
 * tries (0: its fast scan, which on a 150 or 200-dpi page scanned from
 * segel's prints read none of six):
 *   ZX_HARDER     every row looked at (ZXing's tryHarder), the way to
 *                 read a page at all: 11 ms on a 150-dpi A4 page, 39 ms
 *                 at 300 dpi (issue 12's grid, one core);
 *   ZX_DOWNSCALE  the page again at half and quarter size (codes photographed
 *                 large): about a third more;
 *   ZX_ROTATE     turned by 90, 180 and 270 degrees (for 1D codes; a QR
 *                 code is found at any angle without it).
 * ZX_ALL is what ZXingReader does by default.  Returns the number of codes
 * passed to sink, -1 on an exception or when sink returned < 0.
 * Thread-safe: ZXing keeps no state between calls.
 */
#ifndef SEGEL_ZXING_H
#define SEGEL_ZXING_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int (*zx_sink)(void *arg, const char *text, size_t len,
    const int corners[8]);

#define ZX_HARDER 1
#define ZX_DOWNSCALE 2
#define ZX_ROTATE 4
#define ZX_ALL (ZX_HARDER | ZX_DOWNSCALE | ZX_ROTATE)

int zx_read(const unsigned char *px, int w, int h, int flags,
    zx_sink sink, void *arg);

#ifdef __cplusplus
}
#endif

#endif
