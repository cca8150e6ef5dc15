#!/usr/bin/env python3
"""Make the hostile workbooks of testdata/workbooks/hostile from the
LibreOffice-made special/sheets.xlsx (run from the top of the tree):

  damaged.xlsx   the first 3000 bytes of a real .xlsx (no central directory)
  bomb.xlsx      sheet 2 inflates to 64 MiB from some 64 KiB (ratio ~1000)
  liar.xlsx      the same bomb, its entry declaring 700 bytes inflated
  xmlbomb.xlsx   sheet 2 with a DOCTYPE of nested entities (billion laughs)
  notabook.xlsx  a zip of a letter, no workbook in it

freexl-overread.xls is not made here: fuzz_workbook found it (libfreexl
1.0.6 reads past a stack buffer converting its text).
"""
import struct
import zipfile

SRC = "testdata/workbooks/special/sheets.xlsx"
OUT = "testdata/workbooks/hostile/"
SHEET = "xl/worksheets/sheet2.xml"

src = zipfile.ZipFile(SRC)
parts = {n: src.read(n) for n in src.namelist()}


def write(name, replace, zi_patch=None):
    with zipfile.ZipFile(OUT + name, "w", zipfile.ZIP_DEFLATED,
                         compresslevel=9) as z:
        for n, data in parts.items():
            z.writestr(n, replace.get(n, data))


open(OUT + "damaged.xlsx", "wb").write(open(SRC, "rb").read()[:3000])

sheet = parts[SHEET]
pad = b" " * (64 << 20)
bomb = sheet.replace(b"<sheetData>", b"<sheetData>" + pad, 1)
write("bomb.xlsx", {SHEET: bomb})

# liar.xlsx: bomb.xlsx with the inflated size of sheet 2 set to 700 in
# its local header and in the central directory
data = bytearray(open(OUT + "bomb.xlsx", "rb").read())
name = SHEET.encode()
for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
    i = 0
    while (i := data.find(sig, i)) >= 0:
        nlen_off = 26 if sig == b"PK\x03\x04" else 28
        nlen = struct.unpack_from("<H", data, i + nlen_off)[0]
        start = i + (30 if sig == b"PK\x03\x04" else 46)
        if data[start:start + nlen] == name:
            struct.pack_into("<I", data, i + off, 700)
        i += 4
open(OUT + "liar.xlsx", "wb").write(bytes(data))

laughs = b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
prev = b"lol"
for k in range(1, 10):
    laughs += b'<!ENTITY lol%d "%s">\n' % (k, (b"&" + prev + b";") * 10)
    prev = b"lol%d" % k
laughs += b"]>\n"
xmlbomb = sheet.replace(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
                        laughs, 1).replace(b"<sheetData>", b"<sheetData>&lol9;", 1)
write("xmlbomb.xlsx", {SHEET: xmlbomb})

with zipfile.ZipFile(OUT + "notabook.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("surat.txt", "Kepada Yth. Kepala Dinas\n")
