#!/usr/bin/python3
"""The job as offices do it today, for the render benchmark: Python with
Debian's ReportLab, one PDF per signed record with the seal as ReportLab's
QR code (level M), Helvetica, written to a folder.  An akta kelahiran on
A4 portrait; a Kartu Keluarga on A4 landscape with its member table.

    python3 tests/bench/reportlab.py RECORDS.jsonl OUTDIR
"""
import json
import re
import sys

# This file is called reportlab.py: keep its folder off the module path so
# that "import reportlab" finds the library, not this script.
sys.path = [p for p in sys.path[1:]]

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

LABELS = [("nik", "NIK"), ("jenis_kelamin", "Jenis Kelamin"),
          ("tempat_lahir", "Tempat Lahir"), ("tanggal_lahir", "Tanggal Lahir"),
          ("jam_lahir", "Pukul"), ("anak_ke", "Anak Ke"),
          ("nama_ayah", "Nama Ayah"), ("nik_ayah", "NIK Ayah"),
          ("nama_ibu", "Nama Ibu"), ("nik_ibu", "NIK Ibu"),
          ("kewarganegaraan", "Kewarganegaraan"), ("no_kk", "Nomor KK"),
          ("kode_wilayah", "Kode Wilayah")]


def seal(c, r, x, y, side):
    qr = QrCodeWidget(r["seal"], barLevel="M")
    x0, y0, x1, y1 = qr.getBounds()
    d = Drawing(side, side,
                transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
    d.add(qr)
    renderPDF.draw(d, c, x, y)


def signed(c, issue, x, y):
    for line in ["Dikeluarkan tanggal " + issue["issued"],
                 "KEPALA " + issue["office"].upper()[:40],
                 "Ditandatangani secara elektronik", "",
                 issue["official"], "NIP. " + issue["nip"]]:
        c.drawCentredString(x, y, line)
        y -= 5 * mm


HEAD = [("alamat", "Alamat"), ("rt", "RT"), ("rw", "RW"),
        ("desa", "Desa/Kelurahan"), ("kecamatan", "Kecamatan"),
        ("kabupaten", "Kabupaten/Kota"), ("provinsi", "Provinsi"),
        ("kode_pos", "Kode Pos")]
COLS = [("nama_lengkap", 45), ("nik", 32), ("jenis_kelamin", 22),
        ("tempat_lahir", 25), ("tanggal_lahir", 20), ("agama", 16),
        ("pendidikan", 35), ("pekerjaan", 35), ("golongan_darah", 12),
        ("status_perkawinan", 28)]
COLS2 = [("status_hubungan", 40), ("kewarganegaraan", 25),
         ("nama_ayah", 50), ("nama_ibu", 50), ("tanggal_perkawinan", 25)]


def table(c, members, cols, y):
    c.setFont("Helvetica-Bold", 7)
    x = 12 * mm
    rows = [["NO"] + [k.replace("_", " ").upper() for k, _ in cols]]
    rows += [[str(i + 1)] + [a.get(k, "-") for k, _ in cols]
             for i, a in enumerate(members)]
    widths = [6] + [w for _, w in cols]
    for n, row in enumerate(rows):
        if n == 1:
            c.setFont("Helvetica", 7)
        x = 12 * mm
        for text, w in zip(row, widths):
            c.rect(x, y - 1.5 * mm, w * mm, 4.5 * mm)
            c.drawString(x + 1 * mm, y, text)
            x += w * mm
        y -= 4.5 * mm
    return y


def kk(r, outdir):
    f, issue = r["fields"], r["issue"]
    name = re.sub(r"[^A-Za-z0-9._-]", "_", issue["number"])
    w, h = landscape(A4)
    c = canvas.Canvas("%s/%s.pdf" % (outdir, name), pagesize=(w, h))
    c.setTitle("Kartu Keluarga " + issue["number"])
    c.setKeywords(r["seal"])
    c.setFont("Helvetica-Bold", 14)
    c.drawCentredString(w / 2, h - 15 * mm, "KARTU KELUARGA")
    c.setFont("Helvetica", 10)
    c.drawCentredString(w / 2, h - 21 * mm, "No. " + f.get("no_kk", ""))
    y = h - 28 * mm
    for key, label in HEAD:
        c.drawString(12 * mm, y, label)
        c.drawString(52 * mm, y, ": " + f.get(key, "-"))
        y -= 4.5 * mm
    y = table(c, f["anggota"], COLS, y - 2 * mm)
    table(c, f["anggota"], COLS2, y - 3 * mm)
    seal(c, r, 240 * mm, 12 * mm, 45 * mm)
    signed(c, issue, 190 * mm, 50 * mm)
    c.showPage()
    c.save()


def render(r, outdir):
    if r["type"] == "kk":
        kk(r, outdir)
        return
    f, issue = r["fields"], r["issue"]
    name = re.sub(r"[^A-Za-z0-9._-]", "_", issue["number"])
    c = canvas.Canvas("%s/%s.pdf" % (outdir, name), pagesize=A4)
    c.setTitle("Akta Kelahiran " + issue["number"])
    c.setKeywords(r["seal"])
    w, h = A4
    c.setFont("Helvetica", 10)
    c.drawCentredString(w / 2, h - 20 * mm, "REPUBLIK INDONESIA")
    c.setFont("Helvetica-Bold", 11)
    c.drawCentredString(w / 2, h - 26 * mm, issue["office"].upper())
    c.setFont("Helvetica-Bold", 15)
    c.drawCentredString(w / 2, h - 36 * mm, "KUTIPAN AKTA KELAHIRAN")
    c.setFont("Helvetica", 10)
    c.drawCentredString(w / 2, h - 42 * mm, "Nomor: " + issue["number"])
    c.drawString(18 * mm, h - 52 * mm, "Dicatat bahwa di %s pada tanggal %s "
                 "telah lahir:" % (f.get("tempat_lahir", ""),
                                   f.get("tanggal_lahir", "")))
    c.setFont("Helvetica-Bold", 14)
    c.drawCentredString(w / 2, h - 62 * mm, f.get("nama_lengkap", ""))
    c.setFont("Helvetica", 10)
    y = h - 72 * mm
    for key, label in LABELS:
        c.drawString(18 * mm, y, label)
        c.drawString(73 * mm, y, ": " + f.get(key, "-"))
        y -= 5 * mm
    seal(c, r, 18 * mm, 18 * mm, 50 * mm)
    signed(c, issue, 150 * mm, 60 * mm)
    c.showPage()
    c.save()


def main():
    n = 0
    with open(sys.argv[1], encoding="utf-8") as fp:
        for line in fp:
            render(json.loads(line), sys.argv[2])
            n += 1
    print("reportlab: %d PDFs" % n, file=sys.stderr)


if __name__ == "__main__":
    main()
