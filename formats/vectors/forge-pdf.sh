#!/bin/sh
# forge-pdf.sh - the born-digital PDF attacks of issue 9, made from a
# genuine segel-render PDF; shared by tests/cli/page-attacks.sh and
# make-vectors.sh (run from the top of the tree, after `make`).
#
#   forge-pdf.sh setup DIR [BIN]   sign and render the two akta kelahiran
#                                  (A: testdata/render/largest.jsonl's; B:
#                                  the same with another child) with the
#                                  test key of issuer-7501 on 2026-11-23,
#                                  into DIR: a.pdf, b.pdf, a.seal (A's seal
#                                  text), a.qdf, b.qdf, signed.jsonl
#   forge-pdf.sh setup DIR BIN signed   the same, the PDFs carrying their
#                                  PDF signature (PAdES: segel-render -p)
#   forge-pdf.sh setup DIR BIN signed-by=NAME   signed by another key than
#                                  the seal's: testdata/pki/keys/NAME's
#   forge-pdf.sh DIR CASE OUT      write the PDF of CASE to OUT
#
# CASEs (the verdict segel-verify must give):
#   genuine         A as segel-render wrote it                    VALID
#   genuine-qpdf    A rewritten by qpdf                           VALID
#   no-metadata     A without its metadata seal                   VALID
#   meta-altered    "SG1:" of the metadata seal made "SGX:" (4
#                   bytes: no seal in the metadata), the child's
#                   name changed on the page                      R-TAMPERED
#   meta-removed    the metadata seal removed, the name changed   R-TAMPERED
#   invisible-text  the signed name kept as invisible text
#                   (render mode 3), another name drawn           R-TAMPERED
#   white-box       a white box over the name, another on it      R-TAMPERED
#   other-qr        B's QR drawn over A's, A's metadata seal
#                   removed (B's seal is genuine; the page is A)  R-TAMPERED
#   added-page      a second page (A's again) after the sealed one R-TAMPERED
#   scan            an image-only PDF of testdata/scans/
#                   akta-150dpi.jpg: the scan route               VALID
#   scan-ocr        the same with an invisible OCR text layer     VALID
#   scan-margin     the scan placed smaller, off the page's edges VALID
#   ink-on-scan     a white box and black bars drawn over the scan R-TAMPERED
#   added-scan      A, then an image-only page (the scan's)       R-TAMPERED
#   scan-first      the scan's page, then A                       R-TAMPERED
#   annot-print     a print-only annotation: a white box and
#                   another name over the name                    R-TAMPERED
#   layer-print     the white box and the name in a layer that is
#                   off on the screen and on in print             R-TAMPERED
#   javascript      A with a document-level JavaScript            R-TAMPERED
#   open-action     A opening with a JavaScript action (poppler
#                   does not report it)                           R-TAMPERED
#   page-action     the page running JavaScript when it opens     R-TAMPERED
#   xfa             an XFA form in the catalog (Adobe Reader draws
#                   it instead of the page)                       R-TAMPERED
#   portfolio       A made a portfolio (/Collection)              R-TAMPERED
#   attached        a file attached to A (/EmbeddedFiles)         R-TAMPERED
#   damaged         A with its startxref 7 bytes off (viewers
#                   repair it each their own way)                 R-TAMPERED
#   inline-image    an inline image off the page whose data pdf.js
#                   (Firefox) draws as a white box and another
#                   name; poppler as pixels                        R-TAMPERED
#   dup-key         a key twice in the font descriptor (readers
#                   differ on which wins; qpdf --check warns)      R-TAMPERED
#   open-page       A opening at its page (a destination)         VALID
#   empty-form      A with an empty /AcroForm (no fields)         VALID
# and, of a signed A (setup ... signed), its own bytes (no qpdf):
#   sig-flip        a byte of the CMS signature value changed     R-TAMPERED
#   sig-range       the /ByteRange leaves 40 bytes out            R-TAMPERED
#   update-page     an incremental update: the page twice         R-TAMPERED
#
# Needs qpdf, fix-qdf, python3 and jq.
set -eu
here=$(dirname "$0")
F="python3 $here/page-forge.py"
N="NUR AINUN FITRIANI RAHMADANI PUTRI SALAMAHU"
M="NUR AINUN FITRIANA RAHMADANI PUTRI SALAMAHU"
J=testdata/scans/akta-150dpi.jpg

if [ "$1" = setup ]; then
	W=$2 BIN=${3:-bin} SIGNED=${4:-}
	mkdir -p "$W"
	cp testdata/pki/keys/issuer-7501.key.pem "$W/k.pem"
	chmod 600 "$W/k.pem"
	cat >"$W/p.conf" <<EOC
office = Dinas Kependudukan dan Pencatatan Sipil Kabupaten Gorontalo
region = 75.01
official = Drs. MUHTAR NUNA, M.Si
nip = 196805121994031007
key = $W/k.pem
cert = $PWD/testdata/pki/certs/issuer-7501.pem
ledger = $W/ledger
EOC
	{
		jq -c 'select(.type == "akta-kelahiran")' testdata/render/largest.jsonl
		jq -c 'select(.type == "akta-kelahiran") | .id = "other" |
		    .fields.nama_lengkap = "SITI AMINAH PUTRI MOPANGGA" |
		    .fields.nik = "7501014111250005"' testdata/render/largest.jsonl
	} >"$W/in.jsonl"
	$BIN/segel-sign -q -p "$W/p.conf" --date 2026-11-23 "$W/in.jsonl" \
	    >"$W/signed.jsonl"
	mkdir -p "$W/pdf"
	if [ "$SIGNED" = signed ]; then
		$BIN/segel-render -q -p "$W/p.conf" -o "$W/pdf" "$W/signed.jsonl" \
		    >"$W/rendered.jsonl"
	elif [ "${SIGNED#signed-by=}" != "$SIGNED" ]; then
		who=${SIGNED#signed-by=}
		cp "testdata/pki/keys/$who.key.pem" "$W/k2.pem"
		chmod 600 "$W/k2.pem"
		sed -e "s|^key = .*|key = $W/k2.pem|" \
		    -e "s|^cert = .*|cert = $PWD/testdata/pki/certs/$who.pem|" \
		    "$W/p.conf" >"$W/p2.conf"
		$BIN/segel-render -q -p "$W/p2.conf" -o "$W/pdf" \
		    "$W/signed.jsonl" >"$W/rendered.jsonl"
	else
		$BIN/segel-render -q -o "$W/pdf" "$W/signed.jsonl" \
		    >"$W/rendered.jsonl"
	fi
	cp "$(sed -n 1p "$W/rendered.jsonl" | jq -r .pdf.path)" "$W/a.pdf"
	cp "$(sed -n 2p "$W/rendered.jsonl" | jq -r .pdf.path)" "$W/b.pdf"
	sed -n 1p "$W/signed.jsonl" | jq -r .seal >"$W/a.seal"
	qpdf --qdf --object-streams=disable "$W/a.pdf" "$W/a.qdf"
	qpdf --qdf --object-streams=disable "$W/b.pdf" "$W/b.qdf"
	exit 0
fi

W=$1 OUT=$3
t1=$OUT.t1 t2=$OUT.t2
trap 'rm -f "$t1" "$t2"' EXIT
A=$W/a.qdf
case $2 in
genuine) cp "$W/a.pdf" "$OUT" ;;
genuine-qpdf) fix-qdf "$A" >"$OUT" ;;
no-metadata)
	$F "$A" "$t1" meta-remove "$W/a.seal" && fix-qdf "$t1" >"$OUT" ;;
meta-altered)
	$F "$A" "$t1" meta-alter && $F "$t1" "$t2" rename "$N" "$M" &&
	    fix-qdf "$t2" >"$OUT" ;;
meta-removed)
	$F "$A" "$t1" meta-remove "$W/a.seal" &&
	    $F "$t1" "$t2" rename "$N" "$M" && fix-qdf "$t2" >"$OUT" ;;
invisible-text)
	$F "$A" "$t1" invisible "$N" "$M" && fix-qdf "$t1" >"$OUT" ;;
white-box)
	$F "$A" "$t1" whitebox "$N" "$M" && fix-qdf "$t1" >"$OUT" ;;
other-qr)
	$F "$A" "$t1" meta-remove "$W/a.seal" &&
	    $F "$t1" "$t2" qr "$W/b.qdf" && fix-qdf "$t2" >"$OUT" ;;
added-page)
	# (qpdf exits 3 when it only warned)
	qpdf --empty --pages "$W/a.pdf" "$W/a.pdf" -- "$OUT" 2>/dev/null ||
	    [ $? = 3 ] ;;
added-scan|scan-first)
	$F "$J" "$t1" scan
	if [ $2 = added-scan ]; then set -- "$W/a.pdf" "$t1"
	else set -- "$t1" "$W/a.pdf"; fi
	qpdf --empty --pages "$1" "$2" -- "$OUT" 2>/dev/null || [ $? = 3 ] ;;
annot-print)
	$F "$A" "$t1" annot-print "$N" "$M" && fix-qdf "$t1" >"$OUT" ;;
layer-print)
	$F "$A" "$t1" layer "$N" "$M" && fix-qdf "$t1" >"$OUT" ;;
javascript) $F "$A" "$t1" javascript && fix-qdf "$t1" >"$OUT" ;;
open-action|page-action|xfa|portfolio|attached|empty-form)
	js='<< /S /JavaScript /JS (app.alert\(1\)) >>'
	case $2 in
	open-action) set -- catalog "/OpenAction $js" ;;
	page-action) set -- page-entry "/AA << /O $js >>" ;;
	xfa) set -- catalog '/AcroForm << /Fields [ ] /XFA (<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"/>) >>' ;;
	portfolio) set -- catalog '/Collection << /View /T >>' ;;
	attached) set -- catalog '/Names << /EmbeddedFiles << /Names [ (a.pdf) << /Type /Filespec /F (a.pdf) >> ] >> >>' ;;
	empty-form) set -- catalog '/AcroForm << /Fields [ ] >>' ;;
	esac
	$F "$A" "$t1" "$@" && fix-qdf "$t1" >"$OUT" ;;
open-page) $F "$A" "$t1" open-page && fix-qdf "$t1" >"$OUT" ;;
dup-key) $F "$A" "$t1" dup-key && fix-qdf "$t1" >"$OUT" ;;
inline-image)
	$F "$A" "$t1" inline-image "$N" "$M" && fix-qdf "$t1" >"$OUT" ;;
damaged) $F "$W/a.pdf" "$OUT" damage ;;
sig-flip|sig-range|update-page) $F "$W/a.pdf" "$OUT" "$2" ;;
scan) $F "$J" "$OUT" scan ;;
scan-ocr) $F "$J" "$OUT" scan ocr ;;
scan-margin) $F "$J" "$OUT" scan margin ;;
ink-on-scan) $F "$J" "$OUT" scan ink ;;
*)
	echo "forge-pdf: unknown case $2" >&2
	exit 2 ;;
esac
