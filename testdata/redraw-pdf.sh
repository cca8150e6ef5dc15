#!/bin/sh
# redraw-pdf.sh PDF... - draw stored born-digital PDFs again, in place,
# from their own seals with today's layouts (formats/types/), so that
# segel-verify's page check, which redraws a page from its seal, passes
# again after a layout changes.  The seal, number and issue date stay the
# same; the office, official and NIP are the test office's (they are not
# in the seal).  Run from the top of the tree after `make`; needs pdfinfo
# and jq.
set -eu
BIN=${BIN:-bin}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
for pdf in "$@"; do
	seal=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Keywords: *//p')
	printf '%s\n' "$seal" |
	    $BIN/segel-verify --json -t testdata/pki/trust 2>/dev/null |
	    jq -c --arg seal "$seal" '{type, id: "redraw", fields,
	        issue: {number, issued, issuer,
	            office: "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Gorontalo",
	            official: "Drs. MUHTAR NUNA, M.Si",
	            nip: "196805121994031007"},
	        seal: $seal}' >"$W/rec.jsonl"
	rm -rf "$W/out"
	mkdir "$W/out"
	$BIN/segel-render -q -o "$W/out" "$W/rec.jsonl" >"$W/r.jsonl"
	cp "$(jq -r .pdf.path "$W/r.jsonl")" "$pdf"
	$BIN/segel-verify -q -t testdata/pki/trust "$pdf" >/dev/null
done
