#!/bin/sh
# Reading prints (issue 12): six documents from segel-render's own PDFs
# (the largest KK, a KK of four, the largest of each akta type) under
# sixteen conditions made with ImageMagick, and three readers on the same
# 96 images in the same run: segel-verify (reading and verifying), plain
# zbarimg and ZXingReader (zxing-cpp-tools), both QR only, decoding only.
#
# Conditions: the page rasterised (pdftoppm -gray) at 100, 150, 200 and
# 300 dpi; at 150 dpi (a cheap office scanner) rotated 1, 3, 7 and 90
# degrees; at 200 dpi blurred 0x1 and 0x2 and saved as JPEG quality 30;
# a phone held at an angle (perspective), uneven light (a gradient from
# white to 35 % grey down the page); the whole page as a 1600x1200 phone
# frame (about 95 dpi, turned 2 degrees, on a dark table); and that frame
# with perspective, light and JPEG quality 60 at once.  A sixteenth,
# added in session 10: the page as a 12-megapixel phone photographs it
# (photo12: the 300-dpi page with perspective and uneven light, turned 3
# degrees, 3700x2775 in a 4000x3000 frame on a dark table, sensor noise,
# JPEG quality 85); the per-page figure is printed over the first fifteen
# as well, to compare with earlier runs.
#
# A read counts for segel when segel-verify says VALID with the number of
# the document the image was made from; for zbarimg and ZXingReader when
# the seal's exact text is among what they print.  Every reader runs as
# one process per condition over its six images, the readers in turn and
# the order rotated between runs; the time is the CPU time (user + system,
# children included) of each call, so a busy machine changes it little.
# Per page: the median over GRID_RUNS runs (default 3) of the whole
# grid's time / 96 (and over the first fifteen / 90).  Targets: segel reads every image the others read,
# and takes at most half the time per page of the faster of the two.
. tests/bench/lib.sh
for c in pdftoppm convert zbarimg ZXingReader jq; do
	command -v $c >/dev/null 2>&1 ||
	    { echo "grid: skipped ($c not installed)"; exit 0; }
done
V="$BIN/segel-verify -q -j 1 -t testdata/pki/trust"
RUNS=${GRID_RUNS:-3}
D=$BT/grid
rm -rf "$D"
mkdir -p "$D/pdf" "$D/img"
bench_profile "$D"

# The documents: the largest record of the KK and of each akta type
# (testdata/render/largest.jsonl), and the largest KK cut to four
# members, other serial numbers in its NIKs and KK number (one person,
# one KK), validated apart.
grep -E '"type":"(kk|akta-[a-z]*)"' testdata/render/largest.jsonl |
    $BIN/segel-validate -q >"$D/in.jsonl" 2>/dev/null
grep '"type":"kk"' testdata/render/largest.jsonl |
    jq -c '.id = "grid/kk-4" | .fields.no_kk |= .[0:12] + "0900" |
        .fields.anggota |= [range(0; 4) as $i | .[$i] |
            .nik |= .[0:12] + "090\($i + 1)"]' |
    $BIN/segel-validate -q >>"$D/in.jsonl" 2>/dev/null
$BIN/segel-sign -q -p "$D/p.conf" --date 2026-11-23 "$D/in.jsonl" \
    2>/dev/null | $BIN/segel-render -q -o "$D/pdf" >"$D/r.jsonl" 2>/dev/null
[ "$(wc -l <"$D/r.jsonl")" = 6 ] ||
    { echo "grid: $(wc -l <"$D/r.jsonl") of 6 documents rendered"; exit 1; }
# "NAME PDF NUMBER SEAL", NAME the short name of the document.
jq -r '(.id | sub("^largest/"; "") | sub(":1$"; "") | sub("^grid/"; "") |
    sub("^akta-"; "")) + " " + .pdf.path + " " + .issue.number + " " +
    (.seal | gsub(" "; "_"))' "$D/r.jsonl" >"$D/docs"

CONDS15="dpi100 dpi150 dpi200 dpi300 rot1 rot3 rot7 rot90 blur1 blur2
jpeg30 persp light frame phone"
CONDS="$CONDS15 photo12"
NIMG=$((6 * $(echo $CONDS | wc -w)))

# make_doc NAME PDF: the sixteen images of one document, in
# $D/img/COND/NAME.EXT.
make_doc() {
	n=$1 p=$2 o=$D/img
	for r in 100 150 200 300; do
		pdftoppm -r $r -gray -png -singlefile "$p" "$o/dpi$r/$n" \
		    2>/dev/null
	done
	g150=$o/dpi150/$n.png g200=$o/dpi200/$n.png
	w=$(identify -format %w "$g200") h=$(identify -format %h "$g200")
	# the perspective: the top edge further away and to one side
	pp="0,0 $((w * 6 / 100)),$((h * 4 / 100))  $w,0 $((w * 93 / 100)),0"
	pp="$pp  0,$h 0,$h  $w,$h $w,$((h * 97 / 100))"
	convert -define png:compression-level=1 -background white \
	    "$g150" \
	    \( +clone -rotate 1 -write "$o/rot1/$n.png" \) +delete \
	    \( +clone -rotate 3 -write "$o/rot3/$n.png" \) +delete \
	    \( +clone -rotate 7 -write "$o/rot7/$n.png" \) +delete \
	    \( +clone -rotate 90 -write "$o/rot90/$n.png" \) +delete \
	    +delete "$g200" \
	    \( +clone -blur 0x1 -write "$o/blur1/$n.png" \) +delete \
	    \( +clone -blur 0x2 -write "$o/blur2/$n.png" \) +delete \
	    \( +clone -quality 30 -write "$o/jpeg30/$n.jpg" \) +delete \
	    \( +clone -background '#6e6e6e' -virtual-pixel background \
	       -distort Perspective "$pp" -write "$o/persp/$n.png" \) +delete \
	    \( +clone \( -size "${w}x$h" gradient:white-gray35 \) \
	       -compose Multiply -composite -write "$o/light/$n.png" \) \
	    +delete \
	    \( +clone -resize 1500x1120 -background '#3a3a3a' -rotate 2 \
	       -gravity center -extent 1600x1200 -write "$o/frame/$n.png" \) \
	    +delete \
	    \( +clone -background '#3a3a3a' -virtual-pixel background \
	       -distort Perspective "$pp" \
	       \( -size "${w}x$h" gradient:white-gray35 \) \
	       -compose Multiply -composite -compose Over \
	       -resize 1500x1120 -rotate 2 -gravity center \
	       -extent 1600x1200 -quality 60 -write "$o/phone/$n.jpg" \) \
	    null: 2>/dev/null || echo "grid: convert failed for $n" >&2
	g300=$o/dpi300/$n.png
	w=$(identify -format %w "$g300") h=$(identify -format %h "$g300")
	pp="0,0 $((w * 5 / 100)),$((h * 3 / 100))  $w,0 $((w * 94 / 100)),0"
	pp="$pp  0,$h 0,$h  $w,$h $w,$((h * 98 / 100))"
	convert "$g300" -background '#3a3a3a' -virtual-pixel background \
	    -distort Perspective "$pp" \( -size "${w}x$h" \
	    gradient:white-gray40 \) -compose Multiply -composite \
	    -compose Over -rotate 3 -resize 3700x2775 -gravity center \
	    -extent 4000x3000 -attenuate 0.4 +noise Gaussian -quality 85 \
	    "$o/photo12/$n.jpg" 2>/dev/null ||
	    echo "grid: convert failed for $n (photo12)" >&2
}
for c in $CONDS; do mkdir -p "$D/img/$c"; done
k=0
tm0=$(now)
while read -r n p num seal; do
	make_doc "$n" "$p" &
	k=$((k + 1))
	[ $((k % 2)) = 0 ] && wait
done <"$D/docs"
wait
total=$(ls "$D"/img/*/* | wc -l)
[ "$total" = $NIMG ] ||
    { echo "grid: $total of $NIMG images made"; exit 1; }
tm1=$(now)

# cpu FILE: CPU seconds of this shell's children so far (times must run
# in this shell, not in a subshell).
cpu() {
	awk 'NR == 2 { sub(/s$/, "", $1); sub(/s$/, "", $2)
		split($1, a, "m"); split($2, b, "m")
		printf "%.4f\n", a[1] * 60 + a[2] + b[1] * 60 + b[2] }' "$1"
}
# run TOOL COND: TOOL over COND's six images, its output in
# $D/out/TOOL-COND, its CPU seconds added to $D/t/TOOL-COND.
run() {
	times >"$D/t0"
	case $1 in
	segel) $V --json "$D"/img/"$2"/* >"$D/out/$1-$2" 2>/dev/null ;;
	zbarimg) zbarimg -q --xml -Sdisable -Sqrcode.enable \
	    "$D"/img/"$2"/* >"$D/out/$1-$2" 2>/dev/null ;;
	zxing) ZXingReader -format QRCode -1 "$D"/img/"$2"/* \
	    >"$D/out/$1-$2" 2>/dev/null ;;
	esac
	times >"$D/t1"
	echo "$(cpu "$D/t0") $(cpu "$D/t1")" |
	    awk '{ printf "%.4f\n", $2 - $1 }' >>"$D/t/$1-$2"
}
mkdir -p "$D/out" "$D/t"
TOOLS="segel zbarimg zxing"
i=0
while [ $i -lt "$RUNS" ]; do
	case $((i % 3)) in
	0) order="segel zbarimg zxing" ;;
	1) order="zbarimg zxing segel" ;;
	2) order="zxing segel zbarimg" ;;
	esac
	for c in $CONDS; do
		for tool in $order; do run $tool $c; done
	done
	# the whole grid's time of this run, per tool
	for tool in $TOOLS; do
		for c in $CONDS; do tail -1 "$D/t/$tool-$c"; done |
		    awk -v n=$NIMG '{ s += $1 }
		    END { printf "%d\n", s * 1000000 / n }' >>"$D/t/$tool-all"
		for c in $CONDS15; do tail -1 "$D/t/$tool-$c"; done |
		    awk '{ s += $1 } END { printf "%d\n", s * 1000000 / 90 }' \
		    >>"$D/t/$tool-15"
	done
	i=$((i + 1))
done

tm2=$(now)
# read TOOL COND NAME: 1 when TOOL read document NAME's seal in COND.
read_ok() {
	f=$(ls "$D"/img/"$2"/"$3".*)
	set -- "$1" "$2" "$3" "$f" "$(grep "^$3 " "$D/docs" | cut -d' ' -f3)" \
	    "$(grep "^$3 " "$D/docs" | cut -d' ' -f4 | tr _ ' ')"
	case $1 in
	segel) jq -r --arg f "$4" --arg n "$5" 'select(.source == $f and
	    .verdict == "VALID" and .number == $n) | 1' "$D/out/segel-$2" |
	    grep -q 1 ;;
	zbarimg) awk -v f="$4" '/^<source / { on = index($0, "\x27" f "\x27") }
	    on' "$D/out/zbarimg-$2" | grep -q -F -- "[CDATA[$6]]" ;;
	zxing) grep -q -F -- "$4 QRCode \"$6\"" "$D/out/zxing-$2" ;;
	esac
}
printf 'grid: 6 documents x 16 conditions (images made in %.0f s), readers in turn, %s runs (%.0f s); reads, and CPU ms per page (median of runs)\n' \
    "$(elapsed "$tm0" "$tm1")" "$RUNS" "$(elapsed "$tm1" "$tm2")"
printf 'grid   %-7s %6s %8s %6s %14s\n' condition segel zbarimg zxing \
    "ms: seg/zb/zx"
: >"$D/short"
for c in $CONDS; do
	s=0 z=0 x=0
	while read -r n p num seal; do
		read_ok segel $c $n && a=1 || a=0
		read_ok zbarimg $c $n && b=1 || b=0
		read_ok zxing $c $n && e=1 || e=0
		s=$((s + a)) z=$((z + b)) x=$((x + e))
		[ $a = 0 ] && [ $((b + e)) -gt 0 ] && echo "$c/$n" >>"$D/short"
	done <"$D/docs"
	ms=""
	for tool in $TOOLS; do
		m=$(awk '{ printf "%d\n", $1 * 1000000 / 6 }' "$D/t/$tool-$c" \
		    >"$D/t/$tool-$c.us"; median "$D/t/$tool-$c.us")
		ms="$ms$(echo "$m" | awk '{ printf "%.0f", $1 / 1000 }')/"
	done
	printf 'grid   %-9s %4s/6 %6s/6 %4s/6 %14s\n' $c $s $z $x "${ms%/}"
	echo "$s $z $x" >>"$D/sum"
done
set -- $(awk '{ s += $1; z += $2; x += $3 } END { print s, z, x }' "$D/sum")
sm=$(median "$D/t/segel-all") zm=$(median "$D/t/zbarimg-all")
xm=$(median "$D/t/zxing-all")
fast=$zm
[ "$xm" -lt "$fast" ] && fast=$xm
ratio=$(echo "$fast / $sm" | bc -l)
printf 'grid   all: segel %s/%s, zbarimg %s/%s, ZXingReader %s/%s\n' \
    "$1" $NIMG "$2" $NIMG "$3" $NIMG
printf 'grid   CPU per page over the grid, misses included: segel %.1f ms, zbarimg %.1f ms, ZXingReader %.1f ms\n' \
    "$(echo "$sm / 1000" | bc -l)" "$(echo "$zm / 1000" | bc -l)" \
    "$(echo "$xm / 1000" | bc -l)"
s15=$(median "$D/t/segel-15") z15=$(median "$D/t/zbarimg-15")
x15=$(median "$D/t/zxing-15")
f15=$z15
[ "$x15" -lt "$f15" ] && f15=$x15
printf 'grid   the first fifteen conditions alone: segel %.1f ms, zbarimg %.1f ms, ZXingReader %.1f ms: %.2fx\n' \
    "$(echo "$s15 / 1000" | bc -l)" "$(echo "$z15 / 1000" | bc -l)" \
    "$(echo "$x15 / 1000" | bc -l)" "$(echo "$f15 / $s15" | bc -l)"
if [ -s "$D/short" ]; then
	echo "grid   segel reads everything the others read: MISSED ($(tr '\n' ' ' <"$D/short"))"
else
	echo "grid   segel reads everything the others read: ok"
fi
printf 'grid   segel %.2fx faster per page than the faster of the others (target 2x: %s)\n' \
    "$ratio" "$(verdict "$(echo "$ratio * 100" | bc | cut -d. -f1)" 200)"
