#!/usr/bin/env python3
"""Derived workbooks of testdata/workbooks/shown (see make.sh).

  make.py fods     akta-usdate.fods from akta-errors.fods
  make.py xescape  xescape.xlsx from akta-usdate.xlsx, and
                   merge-bomb.xlsx from kk-merged.xlsx: a merged range
                   over the whole sheet (A1:XFD1048576) and one down a
                   million rows
"""
import re
import sys
import zipfile

D = "testdata/workbooks/shown/"


def usdate():
    s = open(D + "akta-errors.fods").read()
    # the formula cells become what was typed
    for f, v in (("VLOOKUP", "NURAINI MOPANGGA"), ("#REF!", "LIMBOTO"),
                 ("1/0", "SITI HULUBANGGA")):
        s = re.sub(r'<table:table-cell table:formula="of:=[^"]*%s[^"]*"[^>]*?'
                   r'(/>|>.*?</table:table-cell>)' % re.escape(f),
                   '<table:table-cell office:value-type="string"><text:p>%s'
                   '</text:p></table:table-cell>' % v, s, count=1)

    def turn(m):
        y, mo, d = m.group(1), m.group(2), m.group(3)
        if int(d) > 12:  # no month 13: left as the text typed
            return ('<table:table-cell office:value-type="string"><text:p>'
                    '%s/%s/%s</text:p></table:table-cell>' % (d, mo, y))
        return ('<table:table-cell office:value-type="date" office:date-value='
                '"%s-%s-%s" table:style-name="cedate"><text:p>%s-%s-%s</text:p>'
                '</table:table-cell>' % (y, d, mo, y, d, mo))
    s = re.sub(r'<table:table-cell office:value-type="date" office:date-value='
               r'"(\d{4})-(\d\d)-(\d\d)"[^>]*>.*?</table:table-cell>', turn, s)
    open(D + "akta-usdate.fods", "w").write(s)


def xescape():
    src = zipfile.ZipFile(D + "akta-usdate.xlsx")
    parts = {n: src.read(n) for n in src.namelist()}
    sst = parts["xl/sharedStrings.xml"].decode()
    for name, esc in (("SAFRUDIN MOPANGGA", "SAFRUDIN_x0000_ MOPANGGA"),
                      ("NURAINI MOPANGGA", "NURAINI_xFFFF_ MOPANGGA"),
                      ("SITI HULUBANGGA", "SITI_xD800_ HULUBANGGA"),
                      ("LIMBOTO", "LIM_x005F_BOTO_x0009_")):
        assert ">%s<" % name in sst, name
        sst = sst.replace(">%s<" % name, ">%s<" % esc, 1)
    parts["xl/sharedStrings.xml"] = sst.encode()
    with zipfile.ZipFile(D + "xescape.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)


def mergebomb():
    src = zipfile.ZipFile(D + "kk-merged.xlsx")
    parts = {n: src.read(n) for n in src.namelist()}
    n = "xl/worksheets/sheet1.xml"
    s = parts[n].decode()
    s = re.sub(r'<mergeCells count="\d+">', '<mergeCells count="2">'
               '<mergeCell ref="A1:XFD1048576"/><mergeCell ref="B2:B1048576"/>',
               s, count=1)
    s = re.sub(r'(<mergeCells count="2">(<mergeCell [^>]*/>){2})'
               r'(<mergeCell [^>]*/>)*', r'\1', s, count=1)
    parts[n] = s.encode()
    with zipfile.ZipFile(D + "merge-bomb.xlsx", "w",
                         zipfile.ZIP_DEFLATED) as z:
        for k, data in parts.items():
            z.writestr(k, data)


def derived():
    xescape()
    mergebomb()


{"fods": usdate, "xescape": derived}[sys.argv[1]]()
