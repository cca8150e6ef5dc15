/*
 * zxing.h - ZXing-C++ (1.4) behind a C interface: QR codes out of one
 * grey buffer.  The only C++ in the library (lib/zxing.cpp); every C++
 * exception is caught there and comes back as -1, never across this line.
 *
 * zx_read() decodes the QR codes in w*h grey pixels (rows w apart) and
 * calls sink once per code read, with the code's raw bytes (no
 * character-set conversion: 1.4's text() escapes control characters;
 * the bytes are valid only during the call) and its four corners in the buffer's pixels,
 * clockwise from the top left of the code.  harder asks ZXing to try
 * harder (rotations by 90 degrees, inverted, downscaled pages): slower,
 * for a page the plain pass missed.  Returns the number of codes passed
 * to sink, -1 on an exception or when sink returned < 0.
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

int zx_read(const unsigned char *px, int w, int h, int harder,
    zx_sink sink, void *arg);

#ifdef __cplusplus
}
#endif

#endif
