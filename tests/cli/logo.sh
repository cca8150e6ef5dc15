#!/bin/sh
# segel-render --logo: the office logo as a JPEG, a 16-bit PNG, a PNG with
# an alpha channel (8 and 16 bits, colour and grey) and a palette PNG with
# a transparent colour.  Each is decoded once (lib/image.c) and drawn as a
# plain 8-bit image flattened onto white: the PDF passes qpdf --check,
# pdfimages -list shows one 8-bit image without SMask (PDF/A-1 allows no
# transparency), the image drawn is the file's picture on white (colours
# right, not doubled), and the PDF verifies VALID (page check included).
# A file that is no picture is a clear error before any record is drawn.
. tests/cli/lib.sh
R=$BIN/segel-render
for tool in convert compare qpdf pdfimages jq; do
	command -v $tool >/dev/null || { nok logo-tools "$tool missing"; exit 0; }
done

office_profile "$T"
jq -c 'select(.type == "akta-kelahiran")' testdata/render/largest.jsonl |
    $BIN/segel-sign -q -p "$T/p.conf" --date 2026-11-23 >"$T/signed.jsonl" \
    2>"$T/sign.err" || { nok logo-sign "$(cat "$T/sign.err")"; exit 0; }

# A red disc with a blue bar on a transparent square: the corners must
# come out white, the disc red.
mk() {
	convert -size 120x100 xc:none -fill 'rgb(200,30,30)' \
	    -draw 'circle 60,50 60,8' -fill 'rgb(20,40,190)' \
	    -draw 'rectangle 20,44 100,56' "$@"
}
mk -depth 8 PNG32:"$T/rgba8.png"
mk -depth 16 PNG64:"$T/rgba16.png"
mk -background white -alpha remove -alpha off -depth 16 PNG48:"$T/rgb16.png"
mk -background white -alpha remove -alpha off -quality 92 "$T/logo.jpg"
mk -colorspace Gray -depth 16 PNG:"$T/ga16.png"
mk -background white -alpha remove -alpha off -colorspace Gray -quality 92 \
    "$T/grey.jpg"
mk -colors 8 PNG8:"$T/pal.png"

for f in rgba8.png rgba16.png rgb16.png logo.jpg ga16.png grey.jpg pal.png; do
	n=logo-${f%%.*}-${f##*.}
	rm -rf "$T/out"
	mkdir "$T/out"
	if ! $R -q -p "$T/p.conf" --logo "$T/$f" -o "$T/out" \
	    "$T/signed.jsonl" >"$T/r.jsonl" 2>"$T/err"; then
		nok "$n" "segel-render: $(head -c 300 "$T/err")"
		continue
	fi
	p=$(jq -r .pdf.path "$T/r.jsonl")
	qpdf --check "$p" >/dev/null 2>&1 && ok "$n-qpdf" ||
	    nok "$n-qpdf" "$(qpdf --check "$p" 2>&1 | tail -2)"
	# page num type width height color comp bpc enc interp object ID ...
	pdfimages -list "$p" 2>/dev/null | awk 'NR > 2' >"$T/list"
	want=rgb
	case $f in ga16.png|grey.jpg) want=gray ;; esac
	if [ "$(wc -l <"$T/list")" = 1 ] &&
	    awk -v c=$want '$3 == "image" && $4 == 120 && $5 == 100 &&
	    $6 == c && $8 == 8 { ok = 1 } END { exit !ok }' "$T/list"; then
		ok "$n-image"
	else
		nok "$n-image" "pdfimages: $(tr -s ' ' <"$T/list" | head -3)"
	fi
	grep -aq '/SMask' "$p" && nok "$n-no-smask" "an SMask in the PDF" ||
	    ok "$n-no-smask"
	# the image drawn is the picture flattened onto white
	rm -f "$T"/img-*
	pdfimages -png "$p" "$T/img" 2>/dev/null
	convert "$T/$f" -background white -alpha remove -alpha off \
	    -depth 8 "$T/want.png"
	[ $want = gray ] && convert "$T/want.png" -colorspace Gray "$T/want.png"
	fuzz=3%
	case $f in *.jpg) fuzz=12% ;; pal.png) fuzz=20% ;; esac
	ae=$(compare -metric AE -fuzz $fuzz "$T/want.png" "$T"/img-000.png \
	    null: 2>&1)
	if [ "$ae" -lt 60 ] 2>/dev/null; then ok "$n-pixels"
	else nok "$n-pixels" "$ae pixels differ from the picture on white"; fi
	$BIN/segel-verify -q -t testdata/pki/trust --json "$p" 2>/dev/null |
	    jq -r .reason >"$T/v"
	[ "$(cat "$T/v")" = VALID ] && ok "$n-verify" ||
	    nok "$n-verify" "$(cat "$T/v")"
done

# not a picture: refused once, up front, naming the file
printf 'GIF89a not really' >"$T/logo.gif"
rm -rf "$T/out"
mkdir "$T/out"
$R -q -p "$T/p.conf" --logo "$T/logo.gif" -o "$T/out" "$T/signed.jsonl" \
    >/dev/null 2>"$T/err"
rc=$?
if [ $rc = 2 ] && grep -q "logo.gif" "$T/err" && [ -z "$(ls "$T/out")" ]
then ok logo-not-a-picture
else nok logo-not-a-picture "exit $rc: $(head -c 200 "$T/err")"; fi

# An unsigned PDF with a logo goes the page check, which allows an image
# XObject drawn with Do (and nothing else a viewer might read its own way)
rm -rf "$T/out"
mkdir "$T/out"
$R -q -p "$T/p.conf" --no-pdf-signature --logo "$T/rgba8.png" -o "$T/out" \
    "$T/signed.jsonl" >/dev/null 2>"$T/err"
p=$(ls "$T/out/"*.pdf 2>/dev/null | head -n 1)
r=$($BIN/segel-verify -q -t testdata/pki/trust --json "$p" 2>/dev/null | jq -r .reason)
[ "$r" = VALID ] && ok logo-unsigned-verify || nok logo-unsigned-verify "$r $(head -c 200 "$T/err")"
