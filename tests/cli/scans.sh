#!/bin/sh
# segel-verify on prints and scans: a print-and-scan test set made here
# from segel-render's PDFs of every type (the largest record of each,
# testdata/render/largest.jsonl), rasterised by pdftoppm at 150, 200 and
# 300 dpi in grey and colour, then put through ImageMagick's convert:
# rotated by a few degrees and by 90/180/270, blurred, JPEG at quality 30,
# scanner noise, a coffee stain beside (not on) the QR.  Every case at
# 200 dpi and above verifies, at 150 dpi at least 95 %.  Then forgeries:
# another document's QR pasted in, a QR signed by a stranger, printed
# text changed, the metadata seal or the page's QR swapped in a
# born-digital PDF; and two documents on one page, a blank page, a
# look-alike link QR.
. tests/cli/lib.sh
V="$BIN/segel-verify -t testdata/pki/trust"
for tool in pdftoppm pdftotext pdfinfo qpdf fix-qdf convert qrencode jq; do
	command -v $tool >/dev/null || { nok scans-tools "$tool missing"; exit 0; }
done
setup_pki

# The 7 types, and a second Akta Kelahiran (document B, another child) to
# take a QR from.
$BIN/segel-validate -q testdata/render/largest.jsonl >"$T/in.jsonl" 2>/dev/null
jq -c 'select(.type == "akta-kelahiran") | .id = "scans/akta-b" |
    .fields.nik = "7501011203250005" | .fields.jenis_kelamin = "LAKI-LAKI" |
    .fields.nama_lengkap = "MOHAMAD RIZKY SALAMAHU" |
    .fields.tanggal_lahir = "2025-03-12" | .fields.anak_ke = "11"' \
    testdata/render/largest.jsonl | $BIN/segel-validate -q >"$T/b.jsonl" 2>/dev/null
cat "$T/b.jsonl" >>"$T/in.jsonl"
mkdir "$T/pdf" "$T/spdf"
$BIN/segel-sign -q -p "$T/pki/7501.conf" --date 2026-11-23 "$T/in.jsonl" \
    2>"$T/err" | $BIN/segel-render -q -o "$T/pdf" >"$T/r.jsonl" 2>>"$T/err"
# The same first Akta Kelahiran, sealed by a stranger's key.
grep '"akta-kelahiran"' "$T/in.jsonl" | head -1 |
    $BIN/segel-sign -q -p "$T/pki/stranger-7501.conf" --date 2026-11-23 \
    2>>"$T/err" | $BIN/segel-render -q -o "$T/spdf" >"$T/s.jsonl" 2>>"$T/err"
if [ "$(wc -l <"$T/r.jsonl")" = 8 ] && [ "$(wc -l <"$T/s.jsonl")" = 1 ]; then
	ok scans-render
else
	nok scans-render "$(wc -l <"$T/r.jsonl") of 8 rendered: $(cat "$T/err")"
	exit 0
fi
pdf_of() { jq -r --arg id "$1" 'select(.id == $id) | .pdf.path' "$T/r.jsonl"; }
num_of() { jq -r --arg id "$1" 'select(.id == $id) | .issue.number' "$T/r.jsonl"; }
A=$(pdf_of largest/akta-kelahiran:1) AN=$(num_of largest/akta-kelahiran:1)
BP=$(pdf_of scans/akta-b) BN=$(num_of scans/akta-b)

# qr_line QDF: the line number of the QR's transformation (segel-render
# draws the QR as rectangles under "s 0 0 -s x y cm"; no other flipped cm).
qr_line() {
	grep -a -n -m1 -E '^[0-9.]+ 0 0 -[0-9.]+ [0-9.]+ [0-9.]+ cm$' "$1" |
	    cut -d: -f1
}
# qr_box PDF DPI: "X Y SIDE" in pixels from the top left: the QR's white
# frame (quiet zone included), the "x y w h re" five lines above the cm.
qr_box() {
	q="$T/$(basename "$1").qdf"
	[ -f "$q" ] || qpdf --qdf --object-streams=disable "$1" "$q" 2>/dev/null
	c=$(qr_line "$q")
	h=$(pdfinfo "$1" 2>/dev/null | sed -n 's/^Page size: *[0-9.]* x \([0-9.]*\).*/\1/p')
	sed -n "$((c - 5))p" "$q" | awk -v r="$2" -v h="$h" '
	    $5 == "re" { k = r / 72
		printf "%d %d %d\n", $1 * k, (h - $2 - $4) * k, $3 * k + 1 }'
}

# make_page DPI DIR PDF TYPE CASES: the page scanned in grey and in colour,
# then each of CASES made from them by one convert (what is set inside
# \( \) stays there).  The plain scans are PNG, as a scanner gives them;
# the other lossless cases PNM, cheaper to write.
make_page() {
	dpi=$1 dir=$2 p=$3 t=$4 cases=" $5 "
	g="$T/g-$t" c="$T/c-$t" o="$dir/$t"
	# the page with the seal: the last (the KIA card's back)
	lp=$(pdfinfo "$p" 2>/dev/null | sed -n 's/^Pages: *//p')
	pdftoppm -r "$dpi" -gray -singlefile -f "$lp" -l "$lp" "$p" "$g" \
	    2>/dev/null
	set -- -define png:compression-level=1 -seed 7 -background white "$g.pgm"
	for k in $cases; do
		case $k in
		grey) set -- "$@" \( +clone -write "$o-grey.png" \) ;;
		rot*) set -- "$@" \( +clone -rotate "${k#rot}" -write "$o-$k.pgm" \) ;;
		# a real scanner's softness: skewed and a little out of focus
		soft*) set -- "$@" \( +clone -rotate "${k#soft}" -blur 0x0.7 \
		    -write "$o-$k.pgm" \) ;;
		blur) set -- "$@" \( +clone -blur 0x1 -write "$o-blur.pgm" \) ;;
		noise) set -- "$@" \( +clone -attenuate 0.5 +noise Gaussian \
		    -write "$o-noise.pgm" \) ;;
		# skewed, grainy and compressed at once (blur has its own case)
		mixed) set -- "$@" \( +clone -rotate 1 -attenuate 0.3 \
		    +noise Gaussian -quality 50 -write "$o-mixed.jpg" \) ;;
		*) continue ;;
		esac
		set -- "$@" +delete
	done
	case $cases in
	*" colour "* | *" stain "* | *" jpeg30 "*)
		pdftoppm -r "$dpi" -singlefile -f "$lp" -l "$lp" "$p" "$c" \
		    2>/dev/null
		# off-white paper, blacks not quite black, kept in colour
		set -- "$@" +delete "$c.ppm" +level-colors '#181818,#f4efe2' \
		    -type TrueColor ;;
	esac
	for k in $cases; do
		case $k in
		colour) set -- "$@" \( +clone -write "PNG24:$o-colour.png" \) ;;
		stain) set -- "$@" \( +clone -fill 'rgba(120,80,20,0.35)' \
		    -draw "$(stain "$p" "$dpi")" -write "$o-stain.ppm" \) ;;
		jpeg30) set -- "$@" \( +clone -quality 30 -write "$o-jpeg30.jpg" \) ;;
		*) continue ;;
		esac
		set -- "$@" +delete
	done
	convert "$@" null: || echo "convert failed for $o" >&2
	rm -f "$g.pgm" "$c.ppm"
}

# stain PDF DPI: a coffee stain's ellipse, beside the QR on the side with
# more room, a tenth of the QR's side away from its frame.
stain() {
	set -- $(qr_box "$1" "$2") "$(pdfinfo "$1" 2>/dev/null |
	    sed -n 's/^Page size: *\([0-9.]*\) x.*/\1/p')" "$2"
	awk -v x="$1" -v y="$2" -v s="$3" -v w="$4" -v r="$5" 'BEGIN {
		w = w * r / 72; rx = int(s * 0.45); ry = int(s * 0.35)
		cx = w - x - s > x ? x + s + s / 10 + rx : x - s / 10 - rx
		printf "ellipse %d,%d %d,%d 0,360\n", cx, y + s / 2, rx, ry }'
}

# make_set DPI DIR CASES: every type's page, two at a time.
make_set() {
	mkdir -p "$2"
	n=0
	jq -r 'select(.id | startswith("largest/")) | "\(.type) \(.pdf.path)"' \
	    "$T/r.jsonl" >"$T/pages"
	while read -r t p; do
		make_page "$1" "$2" "$p" "$t" "$3" &
		n=$((n + 1))
		[ $((n % 2)) = 0 ] && wait
	done <"$T/pages"
	wait
}

# check_set DIR: "FILE VERDICT" for every file, VERDICT VALID only when the
# file has exactly one seal, valid, and the number of the document it was
# made from; else the reasons found, or NONE.
check_set() {
	$V -j 2 --json "$1" 2>/dev/null >"$T/v.json"
	jq -r 'select(.id | startswith("largest/")) | "\(.type) \(.issue.number)"' \
	    "$T/r.jsonl" >"$T/numbers"
	jq -r -s --rawfile nums "$T/numbers" '
	    ($nums | split("\n") | map(select(. != "") | split(" ") |
	        {(.[0]): .[1]}) | add) as $num |
	    group_by(.source)[] | (.[0].source | sub(".*/"; "")) as $f |
	    ($f | sub("-[^-]*$"; "") | sub("-(rot|soft)$"; "")) as $t |
	    if length == 1 and .[0].verdict == "VALID" and
	        .[0].number == $num[$t] then "\($f) VALID"
	    else "\($f) \(map(.reason // .verdict) | join(","))" end' \
	    "$T/v.json" >"$T/got"
	for f in "$1"/*; do
		f=${f##*/}
		grep "^$f " "$T/got" || echo "$f NONE"
	done
}

# 200 dpi, what most offices scan at: every case of every type, each case
# must verify on all 7.  300 dpi: the same rule on the cases that change
# pixels; 150 dpi: at least 95 % of most cases, with one more (skewed,
# grainy and compressed at once), and the KK skewed 3 degrees each way
# without exception; the quarter turns are left to 200 dpi,
# orientation does not depend on resolution.  The whole set takes a while
# to make, so it is kept small: a minute or so on 2 cores.
for dpi in 200 150 300; do
	case $dpi in
	200) cases="grey colour rot+3 rot-2 rot90 rot180 rot270 blur noise
	    stain jpeg30" ;;
	150) cases="grey colour rot+3 rot-3 soft+3 soft-3 rot-2 blur noise mixed
	    stain jpeg30" ;;
	300) cases="grey rot-2 blur jpeg30" ;;
	esac
	make_set $dpi "$T/set$dpi" "$cases"
	check_set "$T/set$dpi" >"$T/res$dpi"
	total=$(wc -l <"$T/res$dpi")
	valid=$(grep -c ' VALID$' "$T/res$dpi")
	bad=$(grep -v ' VALID$' "$T/res$dpi" | tr '\n' ' ')
	echo "# $dpi dpi: $valid of $total valid ($((valid * 100 / total)) %)"
	if [ "$total" -ne $((7 * $(echo $cases | wc -w))) ]; then
		nok "scans-$dpi" "$total cases made, not 7 x $(echo $cases | wc -w)"
	elif [ $dpi = 150 ]; then
		if [ $((valid * 100)) -ge $((total * 95)) ]; then ok scans-150
		else nok scans-150 "$valid of $total valid, under 95 %: $bad"; fi
		# issue 12: the largest KK scanned at 150 dpi and skewed 3
		# degrees either way verifies, every time.  The soft ones (blur
		# 0x0.7, as a real scanner's: the tree before ZXing-C++ read
		# neither) are read most times but not every time, since each
		# signing draws another QR (ECDSA): counted, not required.
		bad=$(grep -E -- '^kk-rot[+-]3\.' "$T/res$dpi" |
		    grep -v ' VALID$' | tr '\n' ' ')
		if [ -z "$bad" ] && [ "$(grep -c -E -- '^kk-rot[+-]3\.' \
		    "$T/res$dpi")" = 2 ]; then ok scans-150-kk-skewed
		else nok scans-150-kk-skewed "not valid: $bad"; fi
		echo "# 150 dpi, KK skewed 3 degrees and soft: $(grep -E -- \
		    '^kk-soft[+-]3\.' "$T/res$dpi" | grep -c ' VALID$') of 2 valid"
	else
		for k in $cases; do
			bad=$(grep -F -- "-$k." "$T/res$dpi" | grep -v ' VALID$' |
			    tr '\n' ' ')
			if [ -z "$bad" ]; then ok "scans-$dpi-$k"
			else nok "scans-$dpi-$k" "not valid: $bad"; fi
		done
	fi
	[ $dpi = 200 ] || rm -rf "$T/set$dpi"
done

# verdicts FILE...: segel-verify --json on FILE, its exit status in $vrc
# and one line per seal, "VERDICT REASON NUMBER", in $T/vv.
verdicts() {
	$V --json "$@" >"$T/vj" 2>/dev/null
	vrc=$?
	jq -r '"\(.verdict) \(.reason // "-") \(.number // "-")"' "$T/vj" >"$T/vv"
}
# reason_is NAME RC REASON FILE...: every seal found is REASON, exit RC.
reason_is() {
	n=$1 want=$2 why=$3
	shift 3
	verdicts "$@"
	got=$(cut -d' ' -f2 "$T/vv" | sort -u | tr '\n' ' ')
	if [ "$vrc" = "$want" ] && [ "$got" = "$why " ]; then ok "$n"
	else nok "$n" "exit $vrc, reasons $got; want $want, $why"; fi
}

# Documents A and B (two Akta Kelahiran, same layout) scanned at 200 dpi.
pdftoppm -r 200 -gray -singlefile "$A" "$T/a" 2>/dev/null
pdftoppm -r 200 -gray -singlefile "$BP" "$T/b" 2>/dev/null
NB=$(jq -r 'select(.id == "scans/akta-b") | .fields.nama_lengkap' "$T/r.jsonl")
NA=$(jq -r 'select(.id == "largest/akta-kelahiran:1") | .fields.nama_lengkap' \
    "$T/r.jsonl")

# B's QR pasted over A's: a genuine seal on a forged page.  No verifier can
# tell from the QR alone (it is B's, and valid); what stops the forgery is
# that the verdict shows B's number and fields, not what the page says, to
# a reader who compares.  So: exactly one seal, valid, and it is B's.
set -- $(qr_box "$A" 200) $(qr_box "$BP" 200)
x=$(($1 < $4 ? $1 : $4)) y=$(($2 < $5 ? $2 : $5))
x2=$(($1 + $3 > $4 + $6 ? $1 + $3 : $4 + $6))
y2=$(($2 + $3 > $5 + $6 ? $2 + $3 : $5 + $6))
convert "$T/a.pgm" \( "$T/b.pgm" -crop $((x2 - x))x$((y2 - y))+$x+$y +repage \) \
    -geometry +$x+$y -composite "$T/pasted.png"
verdicts "$T/pasted.png"
if [ "$vrc" = 0 ] && [ "$(cat "$T/vv")" = "VALID VALID $BN" ] &&
    [ "$(jq -r .fields.nama_lengkap "$T/vj")" = "$NB" ] && [ "$AN" != "$BN" ]; then
	ok forged-pasted-qr-shows-other
else
	nok forged-pasted-qr-shows-other "exit $vrc: $(cat "$T/vv"), want B's $BN"
fi
# The same page as a scanned PDF (one grey JPEG page, written by hand:
# ImageMagick's policy forbids writing PDF).
convert "$T/pasted.png" -type Grayscale -quality 85 "$T/pasted.jpg"
jpeg_pdf() {
	set -- "$1" "$2" $(convert "$1" -format '%w %h' info:)
	pw=$(($3 * 72 / 200)) ph=$(($4 * 72 / 200)) f=$2
	cs="q $pw 0 0 $ph 0 0 cm /Im0 Do Q"
	printf '%%PDF-1.4\n' >"$f"
	o1=$(wc -c <"$f")
	printf '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' >>"$f"
	o2=$(wc -c <"$f")
	printf '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n' >>"$f"
	o3=$(wc -c <"$f")
	printf '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>\nendobj\n' \
	    $pw $ph >>"$f"
	o4=$(wc -c <"$f")
	printf '4 0 obj\n<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n' \
	    $3 $4 $(wc -c <"$1") >>"$f"
	cat "$1" >>"$f"
	printf '\nendstream\nendobj\n' >>"$f"
	o5=$(wc -c <"$f")
	printf '5 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n' \
	    ${#cs} "$cs" >>"$f"
	o=$(wc -c <"$f")
	printf 'xref\n0 6\n0000000000 65535 f \n' >>"$f"
	printf '%010d 00000 n \n' $o1 $o2 $o3 $o4 $o5 >>"$f"
	printf 'trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' $o >>"$f"
}
jpeg_pdf "$T/pasted.jpg" "$T/pasted.pdf"
verdicts "$T/pasted.pdf"
if qpdf --check "$T/pasted.pdf" >/dev/null 2>&1 && [ "$vrc" = 0 ] &&
    [ "$(cat "$T/vv")" = "VALID VALID $BN" ]; then
	ok forged-pasted-qr-scanned-pdf
else
	nok forged-pasted-qr-scanned-pdf "exit $vrc: $(cat "$T/vv"), want B's $BN"
fi

# A's record sealed by a stranger's key (not chained to the trust roots),
# printed and scanned, and as the born-digital PDF.
SP=$(jq -r .pdf.path "$T/s.jsonl")
pdftoppm -r 200 -gray -png -singlefile "$SP" "$T/stranger" 2>/dev/null
reason_is forged-stranger-scan 1 R-UNTRUSTED-CHAIN "$T/stranger.png"
reason_is forged-stranger-pdf 1 R-UNTRUSTED-CHAIN "$SP"

# Printed text changed in the born-digital PDF: libharu writes each string
# as 2-byte codes in hex (here the Unicode code points), so the child's
# name can be swapped for another spelt with letters of the same font
# subset.  segel-verify compares a born-digital PDF's text with the signed
# fields: R-TAMPERED.  Printed and scanned, the page has no text layer
# left: the seal verifies and the verdict shows the genuine name, for the
# reader to compare with the forged one on the paper.
hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | sed 's/../00&/g'; }
FORGED="SITI NURHAYATI MOPANGGA"
qpdf --qdf --object-streams=disable "$A" "$T/a.qdf" 2>/dev/null
LC_ALL=C sed "s/<$(hex "$NA")>/<$(hex "$FORGED")>/" "$T/a.qdf" >"$T/text.qdf"
fix-qdf "$T/text.qdf" >"$T/text.pdf" 2>/dev/null
pdftotext "$T/text.pdf" - 2>/dev/null | tr -s ' \n' '  ' >"$T/text.txt"
if grep -qF "$FORGED" "$T/text.txt" && ! grep -qF "$NA" "$T/text.txt"; then
	reason_is forged-text-pdf 1 R-TAMPERED "$T/text.pdf"
else
	nok forged-text-pdf "the name on the page was not changed"
fi
pdftoppm -r 200 -gray -png -singlefile "$T/text.pdf" "$T/text" 2>/dev/null
verdicts "$T/text.png"
if [ "$vrc" = 0 ] && [ "$(cat "$T/vv")" = "VALID VALID $AN" ] &&
    [ "$(jq -r .fields.nama_lengkap "$T/vj")" = "$NA" ]; then
	ok forged-text-printed-shows-genuine
else
	nok forged-text-printed-shows-genuine "exit $vrc: $(cat "$T/vv")"
fi

# The seal in a born-digital PDF's metadata changed (one character, Info
# and XMP alike): it differs from the page's QR.
seal=$(jq -r 'select(.id == "largest/akta-kelahiran:1") | .seal' "$T/r.jsonl")
c=$(printf '%s' "$seal" | cut -c200)
[ "$c" = A ] && d=B || d=A
seal2=$(printf '%s' "$seal" | cut -c1-199)$d$(printf '%s' "$seal" | cut -c201-)
literal() { printf '%s' "$1" | sed 's/[].*$^[\\]/\\&/g'; }
LC_ALL=C sed "s|$(literal "$seal")|$seal2|g" "$T/a.qdf" >"$T/meta.qdf"
fix-qdf "$T/meta.qdf" >"$T/meta.pdf" 2>/dev/null
if pdfinfo "$T/meta.pdf" 2>/dev/null | grep -qF "$seal2"; then
	reason_is forged-metadata-seal 1 R-TAMPERED "$T/meta.pdf"
else
	nok forged-metadata-seal "the metadata was not changed"
fi

# A born-digital PDF whose QR was replaced by B's: B's QR drawing (frame,
# transformation, rectangles, to the Q) spliced into A's page.  The page
# alone, scanned, shows B's valid seal; the file has A's in its metadata.
qpdf --qdf --object-streams=disable "$BP" "$T/b.qdf" 2>/dev/null
ca=$(qr_line "$T/a.qdf") cb=$(qr_line "$T/b.qdf")
ea=$((ca - 1 + $(tail -n +"$ca" "$T/a.qdf" | grep -a -n -m1 '^Q$' | cut -d: -f1)))
eb=$((cb - 1 + $(tail -n +"$cb" "$T/b.qdf" | grep -a -n -m1 '^Q$' | cut -d: -f1)))
{
	head -n $((ca - 6)) "$T/a.qdf"
	sed -n "$((cb - 5)),${eb}p" "$T/b.qdf"
	tail -n +$((ea + 1)) "$T/a.qdf"
} >"$T/swap.qdf"
fix-qdf "$T/swap.qdf" >"$T/swap.pdf" 2>/dev/null
pdftoppm -r 200 -gray -png -singlefile "$T/swap.pdf" "$T/swap" 2>/dev/null
verdicts "$T/swap.png"
if [ "$(cat "$T/vv")" = "VALID VALID $BN" ]; then
	reason_is forged-swapped-qr-pdf 1 R-TAMPERED "$T/swap.pdf"
else
	nok forged-swapped-qr-pdf "the page does not carry B's QR: $(cat "$T/vv")"
fi

# Two documents side by side on one scan: two verdicts, both valid.
convert "$T/a.pgm" "$T/b.pgm" +append "$T/two.png"
verdicts "$T/two.png"
if [ "$vrc" = 0 ] && [ "$(sort "$T/vv" | tr '\n' ' ')" = \
    "$(printf 'VALID VALID %s\nVALID VALID %s\n' "$AN" "$BN" | sort | tr '\n' ' ')" ]
then ok scan-two-documents
else nok scan-two-documents "exit $vrc: $(cat "$T/vv" | tr '\n' ' ')"; fi

# The same document twice on one scan (a photocopy beside the original):
# both codes are read (--decode-only lists two), and they are one seal,
# one verdict, not two pieces of evidence.
convert "$T/a.pgm" "$T/a.pgm" +append "$T/same.png"
nd=$($BIN/segel-verify --decode-only "$T/same.png" 2>/dev/null | grep -c '^SG1:')
verdicts "$T/same.png"
if [ "$nd" = 2 ] && [ "$vrc" = 0 ] && [ "$(cat "$T/vv")" = "VALID VALID $AN" ]
then ok scan-same-seal-twice
else nok scan-same-seal-twice "$nd codes read; exit $vrc: $(cat "$T/vv" | tr '\n' ' ')"; fi

# A blank page: unreadable, exit 2.
convert -size 1654x2339 xc:white "$T/blank.png"
verdicts "$T/blank.png"
if [ "$vrc" = 2 ] && [ "$(cut -d' ' -f1 "$T/vv")" = UNREADABLE ]; then
	ok scan-blank-page
else
	nok scan-blank-page "exit $vrc: $(cat "$T/vv")"
fi

# A look-alike QR: a link where the seal should be.
qrencode -s 8 -o "$T/fake.png" 'https://dukcapil-gorontalo.example/kk/7501'
reason_is scan-lookalike-link 1 R-MALFORMED "$T/fake.png"
