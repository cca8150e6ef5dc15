#!/usr/bin/env python3
"""page-forge.py - forge a segel-render PDF the way the page attacks do
(run through forge-pdf.sh).

Works on a QDF file (qpdf --qdf --object-streams=disable); run fix-qdf on
the result.  Text in segel-render's content streams is hex UTF-16BE.

  page-forge.py IN OUT meta-alter            "SG1:" in the metadata -> "SGX:"
  page-forge.py IN OUT meta-remove SEALFILE  the seal text taken out
  page-forge.py IN OUT rename OLD NEW        the printed OLD drawn as NEW
  page-forge.py IN OUT invisible OLD NEW     OLD kept in render mode 3
                                             (invisible), NEW drawn visibly
  page-forge.py IN OUT whitebox OLD NEW      a white box over OLD, NEW on it
  page-forge.py IN OUT qr OTHER              OTHER's QR drawn over this one
  page-forge.py IN OUT annot-print OLD NEW   a print-only annotation (/F 36:
                                             Print, NoView) with a white
                                             box and NEW over OLD
  page-forge.py IN OUT layer OLD NEW         whitebox's box and NEW in an
                                             optional content layer off on
                                             the screen, on in print
  page-forge.py IN OUT javascript            a document-level JavaScript
  page-forge.py IN OUT catalog ENTRY         ENTRY (PDF text) added to the
                                             catalog
  page-forge.py IN OUT page-entry ENTRY      ENTRY added to the first page's
                                             dictionary
  page-forge.py IN OUT open-page             an /OpenAction that opens the
                                             first page (a destination)
  page-forge.py IN OUT dup-key               the font descriptor's /Ascent
                                             twice (readers differ on which
                                             of two keys wins)
  page-forge.py IN OUT inline-image OLD NEW  an inline image off the page
                                             whose data is a white box and
                                             NEW over OLD: poppler reads
                                             them as pixels, pdf.js
                                             (Firefox) ends the image at
                                             the first EI and draws them
  page-forge.py IN OUT damage                (any PDF, not QDF) startxref
                                             pointing 7 bytes off
  page-forge.py IN OUT sig-flip              (a signed PDF as it stands, not
                                             QDF) a byte of the CMS's
                                             signature value changed
  page-forge.py IN OUT sig-range             the /ByteRange made to leave
                                             out 40 bytes before /Contents
  page-forge.py IN OUT update-page           an incremental update after
                                             the signature: the page tree
                                             with the page twice
  page-forge.py JPG OUT scan [ocr|ink|margin] a scanned page: an A4 PDF
                                             of the JPEG alone; ocr adds an
                                             invisible text layer, ink a
                                             white box and black bars drawn
                                             over the image, margin places
                                             it smaller, off the edges
"""
import re
import sys


def hexof(s):
    return ''.join('%04x' % ord(c) for c in s).encode()


def block(data, old):
    """The BT..ET block that draws old: (start, end)."""
    i = data.find(b'<' + hexof(old) + b'>')
    if i < 0:
        sys.exit('page-forge: "%s" not on the page' % old)
    return data.rfind(b'BT\n', 0, i), data.find(b'ET\n', i) + 3


def qr(data):
    i = data.find(b'1 g\n0.5 G\n')
    j = data.find(b'\nQ\n', i)
    if i < 0 or j < 0:
        sys.exit('page-forge: no QR drawing found')
    return i, j + 3


def add_objects(data, bodies):
    """New objects before the xref (fix-qdf renumbers nothing: they take
    the next numbers); their numbers."""
    m = re.search(rb'\nxref\n0 (\d+)', data)
    n = int(m.group(1))
    nums = list(range(n, n + len(bodies)))
    new = b''.join(b'%d 0 obj\n' % k + v + b'\nendobj\n'
                   for k, v in zip(nums, bodies))
    return data[:m.start() + 1] + new + data[m.start() + 1:], nums


def catalog_add(data, entry):
    return data.replace(b'  /Type /Catalog\n', entry + b'  /Type /Catalog\n', 1)


def cover(blk, old):
    """Where the box over old goes: x, y, w, h, and the font size."""
    m = re.search(rb'/F1 ([0-9.]+) Tf', blk)
    t = re.search(rb'([0-9.]+) ([0-9.]+) Td', blk)
    size, x, y = float(m.group(1)), float(t.group(1)), float(t.group(2))
    return x - 1, y - size * 1.3, len(old) * size * 0.62 + 2, size * 2.2, \
        size


def jpeg_size(j):
    i = 2
    while i < len(j):
        mark, n = j[i + 1], int.from_bytes(j[i + 2:i + 4], 'big')
        if mark in (0xC0, 0xC1, 0xC2):
            return (int.from_bytes(j[i + 7:i + 9], 'big'),
                    int.from_bytes(j[i + 5:i + 7], 'big'), j[i + 9])
        i += 2 + n
    sys.exit('page-forge: not a JPEG')


def scan_pdf(jpg, dst, extra):
    j = open(jpg, 'rb').read()
    w, h, comps = jpeg_size(j)
    content = b'q 595.276 0 0 841.89 0 0 cm /Im0 Do Q\n'
    if extra == 'margin':
        content = b'q 500.3 0 0 707.7 40.4 60.6 cm /Im0 Do Q\n'
    if extra == 'ocr':
        content += (b'BT /F1 11 Tf 3 Tr 180 640 Td (NUR AINUN FITRIANI) Tj '
                    b'ET\n')
    elif extra == 'ink':
        content += (b'1 g 175 630 260 16 re f 0 g 180 634 120 8 re f '
                    b'305 634 90 8 re f\n')
    objs = [
        b'<< /Type /Catalog /Pages 2 0 R >>',
        b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.276 841.89] '
        b'/Resources << /XObject << /Im0 4 0 R >> /Font << /F1 6 0 R >> >> '
        b'/Contents 5 0 R >>',
        b'<< /Type /XObject /Subtype /Image /Width %d /Height %d '
        b'/ColorSpace /%s /BitsPerComponent 8 /Filter /DCTDecode '
        b'/Length %d >>\nstream\n' % (w, h, b'DeviceGray' if comps == 1
                                      else b'DeviceRGB', len(j)) + j +
        b'\nendstream',
        b'<< /Length %d >>\nstream\n' % len(content) + content +
        b'endstream',
        b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ]
    out = b'%PDF-1.4\n'
    offs = []
    for k, o in enumerate(objs):
        offs.append(len(out))
        out += b'%d 0 obj\n' % (k + 1) + o + b'\nendobj\n'
    x = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1)
    for o in offs:
        out += b'%010d 00000 n \n' % o
    out += (b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n'
            % (len(objs) + 1, x))
    open(dst, 'wb').write(out)


def signed(src, dst, op):
    """The forgeries of a signed PDF's own bytes (no QDF, no qpdf)."""
    d = bytearray(open(src, 'rb').read())
    m = re.search(rb'/ByteRange \[ *(\d+) +(\d+) +(\d+) +(\d+) *\]', d)
    if not m:
        sys.exit('page-forge: not a signed PDF')
    b, c = int(m.group(2)), int(m.group(3))
    if op == 'sig-flip':
        # the CMS: 30 82 LL LL; its last bytes are the signature value
        n = 4 + int(d[b + 5:b + 9], 16)
        i = b + 1 + 2 * (n - 10)
        d[i] = ord('0') if d[i] != ord('0') else ord('1')
    elif op == 'sig-range':
        new = b'/ByteRange [ 0 %010d %010d %010d ]' % (b - 40, c, len(d) - c)
        d[m.start():m.end()] = new.ljust(m.end() - m.start())
    else:  # update-page: the page tree again, the page twice
        tr = re.findall(rb'trailer\s*<<(.*?)>>\s*startxref\s+(\d+)', bytes(d),
                        re.S)[-1]
        root = int(re.search(rb'/Root (\d+) 0 R', tr[0]).group(1))
        cat = re.findall(rb'\n%d 0 obj\s*<<(.*?)>>\s*endobj' % root, bytes(d),
                         re.S)[-1]
        pages = int(re.search(rb'/Pages (\d+) 0 R', cat).group(1))
        pg = re.findall(rb'\n%d 0 obj\s*<<(.*?)>>\s*endobj' % pages, bytes(d),
                        re.S)[-1]
        kid = re.search(rb'/Kids \[ *(\d+ 0 R)', pg).group(1)
        prev = int(re.findall(rb'startxref\s+(\d+)', bytes(d))[-1])
        at = len(d) + 1
        x = b'\n%d 0 obj\n<<\n/Type /Pages\n/Kids [ %s %s ]\n/Count 2\n>>\n' \
            b'endobj\n' % (pages, kid, kid)
        xref = len(d) + len(x)
        size = int(re.search(rb'/Size (\d+)', tr[0]).group(1))
        rest = re.sub(rb'/(Size|Prev) \d+\s*', b'', tr[0]).strip()
        x += b'xref\n%d 1\n%010d 00000 n\r\ntrailer\n<<\n/Size %d\n%s\n' \
            b'/Prev %d\n>>\nstartxref\n%d\n%%%%EOF\n' % (
                pages, at, size, rest, prev, xref)
        d += x
    open(dst, 'wb').write(d)


def main():
    src, dst, op = sys.argv[1], sys.argv[2], sys.argv[3]
    if op == 'scan':
        scan_pdf(src, dst, sys.argv[4] if len(sys.argv) > 4 else '')
        return
    if op in ('sig-flip', 'sig-range', 'update-page'):
        signed(src, dst, op)
        return
    if op == 'damage':
        data = open(src, 'rb').read()
        m = list(re.finditer(rb'startxref\r?\n(\d+)', data))[-1]
        data = data[:m.start(1)] + b'%d' % (int(m.group(1)) + 7) + \
            data[m.end(1):]
        open(dst, 'wb').write(data)
        return
    data = open(src, 'rb').read()
    # qpdf writes hex strings in lower case: one case for the search
    data = re.sub(rb'<([0-9A-Fa-f]+)>', lambda m: b'<' + m.group(1).lower()
                  + b'>', data)
    if op == 'meta-alter':
        data = data.replace(b'SG1:', b'SGX:')
    elif op == 'meta-remove':
        seal = open(sys.argv[4], 'rb').read().strip()
        if seal not in data:
            sys.exit('page-forge: seal not in the metadata')
        data = data.replace(seal, b'')
    elif op in ('rename', 'invisible', 'whitebox'):
        old, new = sys.argv[4], sys.argv[5]
        a, b = block(data, old)
        blk = data[a:b]
        fake = blk.replace(hexof(old), hexof(new))
        if op == 'rename':
            out = fake
        elif op == 'invisible':
            # the invisible copy low on the page, where no text is, so
            # that a text extractor reads it whole
            hid = re.sub(rb'([0-9.]+) ([0-9.]+) Td', b'60 30 Td', blk, 1)
            out = b'BT\n3 Tr\n' + hid[3:] + b'0 Tr\n' + fake
        else:
            m = re.search(rb'/F1 ([0-9.]+) Tf', blk)
            t = re.search(rb'([0-9.]+) ([0-9.]+) Td', blk)
            size, x, y = float(m.group(1)), float(t.group(1)), \
                float(t.group(2))
            w = len(old) * size * 0.62
            # the new name a little lower than the old, on a box that
            # covers both
            low = re.sub(rb'([0-9.]+) ([0-9.]+) Td', b'%.2f %.2f Td' %
                         (x, y - size * 0.9), fake, 1)
            out = blk + (b'1 g\n%.2f %.2f %.2f %.2f re\nf\n0 g\n' %
                         (x - 1, y - size * 1.3, w + 2, size * 2.2)) + low
        data = data[:a] + out + data[b:]
    elif op == 'annot-print':
        old, new = sys.argv[4], sys.argv[5]
        a, b = block(data, old)
        x, y, w, h, size = cover(data[a:b], old)
        ap = (b'1 g 0 0 %.2f %.2f re f 0 g BT /Helv %.2f Tf 1 %.2f Td '
              b'(%s) Tj ET' % (w, h, size, h * 0.3, new.encode()))
        data, (form, length, font, annot) = add_objects(data, [
            b'<< /Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] '
            b'/Resources << /Font << /Helv NEXT 0 R >> >> /Length LEN 0 R'
            b' >>\nstream\n' % (w, h) + ap + b'\nendstream',
            b'%d' % len(ap),
            b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
            b'<< /Type /Annot /Subtype /FreeText /Rect [%.2f %.2f %.2f %.2f]'
            b' /F 36 /Contents (%s) /DA (/Helv %.2f Tf 0 g) /AP << /N FORM'
            b' 0 R >> >>' % (x, y, x + w, y + h, new.encode(), size)])
        data = data.replace(b'/Helv NEXT 0 R', b'/Helv %d 0 R' % font, 1)
        data = data.replace(b'/N FORM 0 R', b'/N %d 0 R' % form, 1)
        data = data.replace(b'/Length LEN 0 R', b'/Length %d 0 R' % length, 1)
        data = data.replace(b'  /Type /Page\n', b'  /Annots [ %d 0 R ]\n'
                            b'  /Type /Page\n' % annot, 1)
    elif op == 'layer':
        old, new = sys.argv[4], sys.argv[5]
        a, b = block(data, old)
        blk = data[a:b]
        x, y, w, h, size = cover(blk, old)
        low = re.sub(rb'([0-9.]+) ([0-9.]+) Td', b'%.2f %.2f Td' %
                     (x + 1, y - size * 0.9), blk.replace(hexof(old),
                                                         hexof(new)), 1)
        data = data[:a] + blk + (b'/OC /oc1 BDC\n1 g\n%.2f %.2f %.2f %.2f '
                                 b're\nf\n0 g\n' % (x, y, w, h)) + low + \
            b'EMC\n' + data[b:]
        data, (ocg,) = add_objects(data, [
            b'<< /Type /OCG /Name (print) /Usage << /Print << /PrintState '
            b'/ON >> /View << /ViewState /OFF >> >> >>'])
        data = data.replace(b'  /Resources <<\n', b'  /Resources <<\n'
                            b'    /Properties << /oc1 %d 0 R >>\n' % ocg, 1)
        data = catalog_add(data, b'  /OCProperties << /OCGs [ %d 0 R ] /D << '
                           b'/OFF [ %d 0 R ] /AS [ << /Event /Print /OCGs [ '
                           b'%d 0 R ] /Category [ /Print ] >> ] >> >>\n' %
                           (ocg, ocg, ocg))
    elif op == 'javascript':
        data = catalog_add(data, b'  /Names << /JavaScript << /Names [ (a) '
                           b'<< /S /JavaScript /JS (app.alert\\(1\\)) >> ] '
                           b'>> >>\n')
    elif op == 'catalog':
        data = catalog_add(data, b'  ' + sys.argv[4].encode() + b'\n')
    elif op == 'page-entry':
        data = data.replace(b'  /Type /Page\n', b'  ' + sys.argv[4].encode()
                            + b'\n  /Type /Page\n', 1)
    elif op == 'open-page':
        m = re.search(rb'%% Page 1\n%%[^\n]*\n(\d+) 0 obj', data)
        data = catalog_add(data, b'  /OpenAction [ %s 0 R /Fit ]\n'
                           % m.group(1))
    elif op == 'dup-key':
        i = data.find(b'/Ascent ')
        j = data.find(b'\n', i)
        data = data[:j + 1] + b'  ' + data[i:j].strip() + b'\n' + data[j + 1:]
    elif op == 'inline-image':
        old, new = sys.argv[4], sys.argv[5]
        a, b = block(data, old)
        fake = data[a:b].replace(hexof(old), hexof(new))
        x, y, w, h, size = cover(data[a:b], old)
        ops = (b'\nEI Q\nq 1 g %.2f %.2f %.2f %.2f re f 0 g\n' %
               (x, y, w, h) + fake +
               b'Q\nq 0 0 0 0 0 0 cm BI /W 8 /H 1 /IM true ID ')
        n = len(ops) + 16
        tail = (b'q 0.001 0 0 0.001 -5 -5 cm\nBI /W %d /H 1 /BPC 1 /IM '
                b'true ID\n' % (8 * n) + ops.ljust(n) + b'\nEI Q\n')
        c = data.find(b'%% Contents for page 1')
        e = data.find(b'endstream', data.find(b'stream\n', c) + 7)
        data = data[:e] + tail + data[e:]
    elif op == 'qr':
        other = open(sys.argv[4], 'rb').read()
        a, b = qr(data)
        c, d = qr(other)
        data = data[:a] + other[c:d] + data[b:]
    else:
        sys.exit('page-forge: unknown operation ' + op)
    open(dst, 'wb').write(data)


main()
