/*
 * zxing.cpp - the C interface of zxing.h over ZXing-C++ 1.4
 * (ReadBarcodes(ImageView, DecodeHints)).  Nothing else in segel is C++.
 */
#define ZX_USE_UTF8 1
#include "zxing.h"

#include <exception>
#include <string>

#include <ZXing/ReadBarcode.h>

extern "C" int
zx_read(const unsigned char *px, int w, int h, int flags, zx_sink sink,
    void *arg)
{
	try {
		ZXing::ImageView iv(px, w, h, ZXing::ImageFormat::Lum);
		ZXing::DecodeHints hints;
		int n = 0;

		hints.setFormats(ZXing::BarcodeFormat::QRCode);
		hints.setTryHarder((flags & ZX_HARDER) != 0);
		hints.setTryRotate((flags & ZX_ROTATE) != 0);
		hints.setTryDownscale((flags & ZX_DOWNSCALE) != 0);
		hints.setMaxNumberOfSymbols(255);
		ZXing::Results rs = ZXing::ReadBarcodes(iv, hints);
		for (const ZXing::Result &r : rs) {
			if (!r.isValid())
				continue;
			/* The raw bytes: 1.4's text() escapes control
			 * characters ("\x0d"); scan.c decodes the bytes
			 * with the same guess for both readers. */
			const ZXing::ByteArray &t = r.bytes();
			const ZXing::Position &p = r.position();
			int c[8];

			for (int i = 0; i < 4; i++) {
				c[2 * i] = p[i].x;
				c[2 * i + 1] = p[i].y;
			}
			if (sink(arg, (const char *)t.data(), t.size(), c) < 0)
				return -1;
			n++;
		}
		return n;
	} catch (...) {
		return -1;
	}
}
