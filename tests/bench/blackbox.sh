#!/bin/sh
# The ZXing QR blackbox images (../shared/data/zxing-qrcode-blackbox, or
# $BLACKBOX): how many each reader gets exactly right: plain zbarimg (QR
# only, raw), ZXingReader (zxing-cpp-tools, QR only, its bytes) and
# segel's scan_file() (tests/bench/qrscan -r: the text as read, one line).
# A read counts when the one text read equals N.txt byte for byte (some
# .txt end in a newline that is part of the code, some do not).  The .txt
# are UTF-8: ZXingReader's raw bytes count when they are the text, or are
# it in Shift_JIS or ISO-8859-1 (the code's own character set).
# Not `segel-verify --decode-only`: it shows a text to a person and
# escapes its control characters ("\x0d"), so every code with a line
# break in it looked like a miss (29 of the set: 140 instead of 169).
# ZXing's own tests require 157 of 179.  Skipped when the set is not there.
: "${B:=build}" "${BT:=${TMPDIR:-/tmp}}"
D=${BLACKBOX:-../shared/data/zxing-qrcode-blackbox}
[ -d "$D" ] || { echo "blackbox: skipped ($D not found)"; exit 0; }
Q=$B/tests/qrscan
[ -x "$Q" ] || { echo "blackbox: skipped ($Q not built)"; exit 0; }
have_zbar=1 have_zx=1
command -v zbarimg >/dev/null 2>&1 || have_zbar=0
command -v ZXingReader >/dev/null 2>&1 || have_zx=0
t=$BT/blackbox.$$
n=0 z=0 x=0 s=0
for png in "$D"/*/*.png; do
	txt=${png%.png}.txt
	[ -f "$txt" ] || continue
	n=$((n + 1))
	if [ $have_zbar = 1 ]; then
		zbarimg -q --raw -Sdisable -Sqrcode.enable "$png" \
		    >"$t.z" 2>/dev/null
		head -c -1 "$t.z" >"$t.z1"
		cmp -s "$t.z1" "$txt" && z=$((z + 1))
	fi
	if [ $have_zx = 1 ]; then
		ZXingReader -format QRCode -bytes "$png" >"$t.x" 2>/dev/null
		if cmp -s "$t.x" "$txt" ||
		    { iconv -f CP932 -t UTF-8 <"$t.x" >"$t.x1" 2>/dev/null &&
		    cmp -s "$t.x1" "$txt"; } ||
		    { iconv -f ISO-8859-1 -t UTF-8 <"$t.x" >"$t.x1" \
		    2>/dev/null && cmp -s "$t.x1" "$txt"; }; then
			x=$((x + 1))
		fi
	fi
	"$Q" -r "$png" >"$t.s" 2>/dev/null
	head -c -1 "$t.s" >"$t.s1"
	if cmp -s "$t.s1" "$txt"; then
		s=$((s + 1))
	elif [ -n "$BLACKBOX_MISSES" ]; then
		echo "blackbox: missed $png"
	fi
done
rm -f "$t.z" "$t.z1" "$t.x" "$t.x1" "$t.s" "$t.s1"
[ $have_zbar = 1 ] || z=-
[ $have_zx = 1 ] || x=-
v=MISSED
[ "$s" -ge 169 ] && v=ok
echo "blackbox: zbarimg $z/$n, ZXingReader $x/$n, segel $s/$n (target 169: $v; ZXing's tests require 157)"
