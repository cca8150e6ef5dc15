#!/bin/sh
# Born-digital PDFs (issue 9): a PDF is VALID only when its page shows what
# its seal says.  Each attack forges a genuine segel-render PDF with qpdf
# and formats/vectors/page-forge.py (through forge-pdf.sh there) and must
# come out R-TAMPERED; the genuine
# PDF stays VALID.  Then segel-render: a record under another record's
# seal is refused, the file is named from the seal's number, and an output
# folder it cannot write to exits 2.
. tests/cli/lib.sh
for tool in qpdf fix-qdf python3 jq; do
	command -v $tool >/dev/null || { nok page-tools "$tool missing"; exit 0; }
done
V="$BIN/segel-verify -q -t testdata/pki/trust --json"
# the forgeries are made by formats/vectors/forge-pdf.sh, which also makes
# the pdf-* cases of the conformance set (formats/vectors/)
F="sh formats/vectors/forge-pdf.sh"

# A: the largest akta kelahiran; B: the same with another child.
$F setup "$T" "$BIN" 2>"$T/err" ||
    { nok page-setup "signing or rendering failed: $(head -c 300 "$T/err")"; exit 0; }

verdict() { $V "$1" 2>/dev/null | jq -r .reason | sort -u; }

# page-CASE: forge-pdf.sh's CASE must be WANT
page() { # page NAME CASE WANT
	rm -f "$T/x.pdf"
	if ! $F "$T" "$2" "$T/x.pdf" 2>"$T/err" || [ ! -s "$T/x.pdf" ]; then
		nok "$1" "the forgery was not made: $(head -c 300 "$T/err")"
	elif [ "$(verdict "$T/x.pdf")" = "$3" ]; then
		ok "$1"
	else
		nok "$1" "want $3: $($V "$T/x.pdf" 2>&1 | head -c 300)"
	fi
}

# genuine PDFs stay VALID, also through qpdf and with their metadata gone
page page-genuine genuine VALID
page page-genuine-qpdf genuine-qpdf VALID
page page-genuine-no-metadata no-metadata VALID

# 1. four bytes of the metadata seal changed ("SG1:" -> "SGX:": no seal
#    in the metadata any more), and the name on the page changed
page page-attack-meta-altered meta-altered R-TAMPERED
# 2. the metadata seal removed, and the name on the page changed
page page-attack-meta-removed meta-removed R-TAMPERED
# 3. the signed name kept as invisible text (render mode 3), another drawn
page page-attack-invisible-text invisible-text R-TAMPERED
# 4. a white box over the name, another name drawn on it
page page-attack-white-box white-box R-TAMPERED
# 5. B's QR drawn over A's, A's metadata seal removed: B's seal is genuine,
#    but the page shows A
page page-attack-other-qr other-qr R-TAMPERED
# 6. a page added after the sealed one
page page-attack-added-page added-page R-TAMPERED
# 7. a scanned page (an image-only PDF) goes the scan route, with or
#    without an invisible OCR layer, placed with margins; ink drawn over
#    the scan does not
page page-scan-route scan VALID
page page-scan-route-ocr scan-ocr VALID
page page-scan-route-margin scan-margin VALID
page page-attack-ink-on-scan ink-on-scan R-TAMPERED
# 10. What the pixels of the screen do not show (session 10, found by an
#     outside review): an image-only page added after or before the
#     sealed one (a scan of a forged page, here one that carries a seal);
#     a print-only annotation, and a layer off on the screen and on in
#     print, each with a white box and another name over the name (the
#     screen's pixels are the genuine page's, print's are not); a
#     document-level JavaScript
page page-attack-added-scan added-scan R-TAMPERED
page page-attack-scan-first scan-first R-TAMPERED
page page-attack-annot-print annot-print R-TAMPERED
page page-attack-layer-print layer-print R-TAMPERED
page page-attack-javascript javascript R-TAMPERED
# 11. What a viewer runs or shows that neither the pixels nor poppler's
#     JavaScript scan see (session 11): the catalog and the pages hold
#     only keys segel-render writes or a rewrite adds (qpdf reads them),
#     and the file reads without damage.  A destination to open at and an
#     empty form stay VALID.
page page-attack-open-action open-action R-TAMPERED
page page-attack-page-action page-action R-TAMPERED
page page-attack-xfa xfa R-TAMPERED
page page-attack-portfolio portfolio R-TAMPERED
page page-attack-attached attached R-TAMPERED
page page-attack-damaged damaged R-TAMPERED
# 12. What another viewer draws that poppler does not (an outside
#     forger, session 11): an inline image whose end pdf.js finds at the
#     first "EI", its data a white box and another name; the content
#     streams may hold only what segel-render writes
page page-attack-inline-image inline-image R-TAMPERED
# 13. a key twice in a font's dictionary, which the page never names:
#     qpdf reads every object the file reaches (qpdf --check)
page page-attack-dup-key dup-key R-TAMPERED
page page-genuine-open-page open-page VALID
page page-genuine-empty-form empty-form VALID

# 9. The same attacks on PDFs that carry their PDF signature (PAdES,
#    issue 14): the genuine one is VALID without its page drawn again;
#    every edit, a qpdf rewrite included, breaks the signature and is
#    R-TAMPERED on it, whatever the page shows.
if $F setup "$T/s" "$BIN" signed 2>"$T/err"; then
	for c in genuine genuine-qpdf no-metadata meta-altered meta-removed \
	    invisible-text white-box other-qr added-page; do
		want="R-TAMPERED invalid"
		[ $c = genuine ] && want="VALID valid"
		rm -f "$T/x.pdf"
		if ! $F "$T/s" $c "$T/x.pdf" 2>"$T/err" || [ ! -s "$T/x.pdf" ]; then
			nok "page-signed-$c" "the forgery was not made: $(head -c 300 "$T/err")"
			continue
		fi
		got=$($V "$T/x.pdf" 2>/dev/null | jq -r '.reason + " " +
		    (.pdf_signature // "-")' | sort -u | tr '\n' ' ')
		case "$got" in
		"$want "*) ok "page-signed-$c" ;;
		*) nok "page-signed-$c" "want $want: $got $($V "$T/x.pdf" 2>&1 |
		    jq -r .message | head -c 300)" ;;
		esac
	done
else
	nok page-signed-setup "$(head -c 300 "$T/err")"
fi

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
