#!/bin/sh
# Born-digital PDFs (issue 9): a PDF is VALID only when its page shows what
# its seal says.  Each attack forges a genuine segel-render PDF with qpdf
# and tests/cli/page-forge.py and must come out R-TAMPERED; the genuine
# PDF stays VALID.  Then segel-render: a record under another record's
# seal is refused, the file is named from the seal's number, and an output
# folder it cannot write to exits 2.
. tests/cli/lib.sh
for tool in qpdf fix-qdf python3 jq; do
	command -v $tool >/dev/null || { nok page-tools "$tool missing"; exit 0; }
done
V="$BIN/segel-verify -q -t testdata/pki/trust --json"
F="python3 tests/cli/page-forge.py"

cp testdata/pki/keys/issuer-7501.key.pem "$T/k.pem"
chmod 600 "$T/k.pem"
cat >"$T/p.conf" <<EOC
office = Dinas Kependudukan dan Pencatatan Sipil Kabupaten Gorontalo
region = 75.01
official = Drs. MUHTAR NUNA, M.Si
nip = 196805121994031007
key = $T/k.pem
cert = $PWD/testdata/pki/certs/issuer-7501.pem
ledger = $T/ledger
EOC
# A: the largest akta kelahiran; B: the same with another child.
{
	jq -c 'select(.type == "akta-kelahiran")' testdata/render/largest.jsonl
	jq -c 'select(.type == "akta-kelahiran") | .id = "other" |
	    .fields.nama_lengkap = "SITI AMINAH PUTRI MOPANGGA" |
	    .fields.nik = "7501014111250005"' testdata/render/largest.jsonl
} >"$T/in.jsonl"
$BIN/segel-sign -q -p "$T/p.conf" --date 2026-11-23 "$T/in.jsonl" \
    >"$T/signed.jsonl" 2>"$T/err" ||
    { nok page-sign "segel-sign failed: $(cat "$T/err")"; exit 0; }
mkdir "$T/pdf"
$BIN/segel-render -q --no-compress -o "$T/pdf" "$T/signed.jsonl" \
    >"$T/rendered.jsonl" 2>"$T/err" ||
    { nok page-render "segel-render failed: $(cat "$T/err")"; exit 0; }
A=$(sed -n 1p "$T/rendered.jsonl" | jq -r .pdf.path)
B=$(sed -n 2p "$T/rendered.jsonl" | jq -r .pdf.path)
sed -n 1p "$T/signed.jsonl" | jq -r .seal >"$T/a.seal"
qpdf --qdf --object-streams=disable "$A" "$T/a.qdf"
qpdf --qdf --object-streams=disable "$B" "$T/b.qdf"
N="NUR AINUN FITRIANI RAHMADANI PUTRI SALAMAHU"
M="NUR AINUN FITRIANA RAHMADANI PUTRI SALAMAHU"

verdict() { $V "$1" 2>/dev/null | jq -r .reason; }

# name: the PDF ($T/x.pdf) must be R-TAMPERED
tampered() {
	if [ ! -s "$T/x.pdf" ]; then
		nok "$1" "the forgery was not made"
	elif [ "$(verdict "$T/x.pdf")" = R-TAMPERED ]; then
		ok "$1"
	else
		nok "$1" "$($V "$T/x.pdf" 2>&1 | head -c 300)"
	fi
	rm -f "$T/x.pdf" "$T"/t*
}

# genuine PDFs stay VALID, also through qpdf and with their metadata gone
fix-qdf "$T/a.qdf" >"$T/x.pdf"
[ "$(verdict "$A")" = VALID ] && [ "$(verdict "$T/x.pdf")" = VALID ] &&
    ok page-genuine || nok page-genuine "$(verdict "$A") $(verdict "$T/x.pdf")"
$F "$T/a.qdf" "$T/t1" meta-remove "$T/a.seal" && fix-qdf "$T/t1" >"$T/x.pdf"
[ "$(verdict "$T/x.pdf")" = VALID ] && ok page-genuine-no-metadata ||
    nok page-genuine-no-metadata "$(verdict "$T/x.pdf")"
rm -f "$T"/t*

# 1. four bytes of the metadata seal changed ("SG1:" -> "SGX:": no seal
#    in the metadata any more), and the name on the page changed
$F "$T/a.qdf" "$T/t1" meta-alter && $F "$T/t1" "$T/t2" rename "$N" "$M" &&
    fix-qdf "$T/t2" >"$T/x.pdf"
tampered page-attack-meta-altered

# 2. the metadata seal removed, and the name on the page changed
$F "$T/a.qdf" "$T/t1" meta-remove "$T/a.seal" &&
    $F "$T/t1" "$T/t2" rename "$N" "$M" && fix-qdf "$T/t2" >"$T/x.pdf"
tampered page-attack-meta-removed

# 3. the signed name kept as invisible text (render mode 3), another drawn
$F "$T/a.qdf" "$T/t1" invisible "$N" "$M" && fix-qdf "$T/t1" >"$T/x.pdf"
tampered page-attack-invisible-text

# 4. a white box over the name, another name drawn on it
$F "$T/a.qdf" "$T/t1" whitebox "$N" "$M" && fix-qdf "$T/t1" >"$T/x.pdf"
tampered page-attack-white-box

# 5. B's QR drawn over A's, A's metadata seal removed: B's seal is genuine,
#    but the page shows A
$F "$T/a.qdf" "$T/t1" meta-remove "$T/a.seal" &&
    $F "$T/t1" "$T/t2" qr "$T/b.qdf" && fix-qdf "$T/t2" >"$T/x.pdf"
tampered page-attack-other-qr

# 6. a page added after the sealed one
qpdf --empty --pages "$A" "$A" -- "$T/t2.pdf" 2>/dev/null
if [ "$(verdict "$T/t2.pdf")" = R-TAMPERED ]; then ok page-attack-added-page
else nok page-attack-added-page "$(verdict "$T/t2.pdf")"; fi
rm -f "$T/x.pdf" "$T"/t*

# 7. a scanned page (an image-only PDF) goes the scan route, with or
#    without an invisible OCR layer; ink drawn over the scan does not
J=testdata/scans/akta-150dpi.jpg
$F "$J" "$T/s1.pdf" scan && $F "$J" "$T/s2.pdf" scan ocr &&
    $F "$J" "$T/s3.pdf" scan margin && $F "$J" "$T/x.pdf" scan ink
[ "$(verdict "$T/s1.pdf")" = VALID ] && [ "$(verdict "$T/s2.pdf")" = VALID ] &&
    [ "$(verdict "$T/s3.pdf")" = VALID ] &&
    ok page-scan-route || nok page-scan-route \
    "$(verdict "$T/s1.pdf") $(verdict "$T/s2.pdf") $(verdict "$T/s3.pdf")"
tampered page-attack-ink-on-scan
rm -f "$T"/s*.pdf

# 8. PDFs made with the version 1 field lists (before the lists grew)
#    still verify, page check included
[ "$($V testdata/render/seal-v1/*.pdf 2>/dev/null | jq -r .reason |
    sort -u)" = VALID ] && ok page-seal-v1 ||
    nok page-seal-v1 "$($V testdata/render/seal-v1/*.pdf 2>&1 | head -c 300)"

# segel-render prints what it seals: B's fields under A's seal are refused
sa=$(sed -n 1p "$T/signed.jsonl" | jq -c .seal)
sed -n 2p "$T/signed.jsonl" | jq -c ".seal = $sa" >"$T/swap.jsonl"
mkdir "$T/pdf2"
$BIN/segel-render -q -o "$T/pdf2" -r "$T/rej.jsonl" "$T/swap.jsonl" \
    >/dev/null 2>&1
rc=$?
if [ $rc = 1 ] && [ "$(jq -r '.errors[0].code' "$T/rej.jsonl")" = \
    E-RENDER-MISMATCH ] && [ -z "$(ls "$T/pdf2")" ]; then
	ok render-other-seal
else
	nok render-other-seal "exit $rc, $(cat "$T/rej.jsonl" | head -c 300)"
fi
# ... and the file is named from the seal's number (issue.number left out)
sed -n 1p "$T/signed.jsonl" | jq -c 'del(.issue.number) |
    .issue.number = "7501-LT-23112026-0001"' >"$T/one.jsonl"
$BIN/segel-render -q -o "$T/pdf2" "$T/one.jsonl" >/dev/null 2>&1
sed -n 1p "$T/signed.jsonl" | jq -c '.issue.number = "X-9"' >"$T/num.jsonl"
$BIN/segel-render -q -o "$T/pdf2" -r "$T/rej2.jsonl" "$T/num.jsonl" \
    >/dev/null 2>&1
if [ -f "$T/pdf2/7501-LT-23112026-0001.pdf" ] &&
    [ ! -f "$T/pdf2/X-9.pdf" ] &&
    [ "$(jq -r '.errors[0].where // .errors[0].path' "$T/rej2.jsonl")" = \
    issue.number ]; then
	ok render-named-from-seal
else
	nok render-named-from-seal "$(ls "$T/pdf2") $(head -c 300 "$T/rej2.jsonl")"
fi

# an output folder that cannot take the file: exit 2, as the man page
# says, not 1.  A full disk is staged with a file size limit of 0 (the
# write fails with EFBIG once SIGXFSZ is ignored), which holds for root
# too, unlike a read-only mode; the tool's output goes to /dev/null, as a
# regular file would hit the limit as well.
mkdir "$T/full"
for j in 1 2; do
	(ulimit -f 0; trap '' XFSZ; exec $BIN/segel-render -q -j $j \
	    -o "$T/full" "$T/one.jsonl" >/dev/null 2>&1)
	rc=$?
	if [ $rc = 2 ] && [ -z "$(ls -A "$T/full")" ]; then
		ok render-full-disk-exit-2-j$j
	else
		nok render-full-disk-exit-2-j$j "exit $rc, left: $(ls -A "$T/full")"
	fi
done
