#!/bin/sh
# The ZXing QR blackbox images (../shared/data/zxing-qrcode-blackbox, or
# $BLACKBOX): how many each reader gets exactly right, plain zbarimg (QR
# only) against `segel-verify --decode-only` (scan_file()).  A read
# counts when the one text read equals N.txt byte for byte (some .txt end
# in a newline that is part of the code, some do not).  ZXing's own
# figure for the set is 157 of 179.  Skipped when the set is not there.
: "${BIN:=bin}" "${BT:=${TMPDIR:-/tmp}}"
D=${BLACKBOX:-../shared/data/zxing-qrcode-blackbox}
[ -d "$D" ] || { echo "blackbox: skipped ($D not found)"; exit 0; }
Q=$BIN/segel-verify
[ -x "$Q" ] || { echo "blackbox: skipped ($Q not built)"; exit 0; }
have_zbar=1
command -v zbarimg >/dev/null 2>&1 || have_zbar=0
t=$BT/blackbox.$$
n=0 z=0 s=0
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
	"$Q" --decode-only "$png" >"$t.s" 2>/dev/null
	head -c -1 "$t.s" >"$t.s1"
	if cmp -s "$t.s1" "$txt"; then
		s=$((s + 1))
	elif [ -n "$BLACKBOX_MISSES" ]; then
		echo "blackbox: missed $png"
	fi
done
rm -f "$t.z" "$t.z1" "$t.s" "$t.s1"
[ $have_zbar = 1 ] || z=-
v=MISSED
[ "$s" -gt 157 ] && v=ok
echo "blackbox: zbarimg $z/$n, segel $s/$n (ZXing 157; beyond it: $v)"
