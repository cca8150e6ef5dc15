#!/bin/sh
# segel-verify on files: scans, born-digital PDFs and their tampering,
# folders, --decode-only, --json, -j.
. tests/cli/lib.sh
V="$BIN/segel-verify" TR=testdata/pki/trust
setup_pki

golden verify-scans "$V -t $TR -q testdata/scans"
golden verify-decode-only "$V --decode-only testdata/scans/akta-150dpi.png testdata/scans/akta.pdf"
golden verify-scans-json "$V -t $TR --json testdata/scans/akta.pdf testdata/scans/akta-tampered.pdf"

# Born-digital PDFs of every type; then one whose printed text is another
# person's while its seal (QR and metadata) is the real one.
SEGEL_TODAY=2026-11-23 $BIN/segel-validate -q testdata/render/largest.jsonl 2>/dev/null |
    $BIN/segel-sign -q -p "$T/pki/7501.conf" --date 2026-11-23 2>/dev/null >"$T/signed.jsonl"
mkdir -p "$T/pdf" "$T/forged"
$BIN/segel-render -q -o "$T/pdf" "$T/signed.jsonl" >/dev/null 2>&1
expect verify-pdf-all-types 0 "$V -t $TR -q $T/pdf"
[ "$(ls "$T/pdf" | wc -l)" -eq 7 ] && ok verify-pdf-count || nok verify-pdf-count "$(ls "$T/pdf" | wc -l) PDFs"
# (segel-render itself refuses another record's fields under a seal, so
# the name is changed in the PDF: tests/cli/page-attacks.sh has more)
p=$(ls "$T/pdf"/*-LT-*.pdf)
qpdf --qdf --object-streams=disable "$p" "$T/q.pdf" &&
    python3 formats/vectors/page-forge.py "$T/q.pdf" "$T/q2.pdf" rename \
    "NUR AINUN FITRIANI RAHMADANI PUTRI SALAMAHU" \
    "SITI AMINAH BINTI ABDULLAH SALAMAHU PUTRI RA" &&
    fix-qdf "$T/q2.pdf" >"$T/forged/$(basename "$p")"
golden verify-pdf-text-changed "$V -t $TR $T/forged"

# -j 2 says the same, in the same order.
$V -t $TR --json testdata/scans "$T/pdf" >"$T/j1" 2>/dev/null
$V -t $TR --json -j 2 testdata/scans "$T/pdf" >"$T/j2" 2>/dev/null
cmp -s "$T/j1" "$T/j2" && ok verify-jobs-order || nok verify-jobs-order "-j 2 output differs"

# Hostile and empty inputs are unreadable, never a crash.
yes 'not an image' | head -c 5000 >"$T/noise.png"
printf '\211PNG\r\n\032\n\0\0\0\rIHDR\177\377\377\377\177\377\377\377\10\0\0\0\0' >"$T/huge.png"
printf 'P5\n60000 60000\n255\n' >"$T/huge.pgm"
printf '%%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n' >"$T/broken.pdf"
convert -size 800x600 xc:white "$T/blank.png" 2>/dev/null ||
    printf 'P5\n80 60\n255\n%4800s' '' | tr ' ' '\377' >"$T/blank.png"
golden verify-hostile "$V -t $TR -q $T/noise.png $T/huge.png $T/huge.pgm $T/broken.pdf $T/blank.png"
qrencode -o "$T/link.png" 'https://dukcapil-gorontalo.example/kk/7501011204100003'
golden verify-lookalike-link "$V -t $TR $T/link.png"
golden verify-stdin-image "$V -t $TR -q - < testdata/scans/akta-150dpi.png"
