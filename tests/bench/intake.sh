#!/bin/sh
# Intake throughput on 100,000 generated rows, and memory that does not
# grow with the row count (Kartu Keluarga grouping aside).
. tests/bench/lib.sh
G=$B/tests/gen-rows M=$B/tests/maxrss I=$BIN/segel-intake
for t in akta-kelahiran kk; do
	$G --type $t --rows 100000 --seed 1 >"$BT/$t-100k.csv"
	t0=$(now)
	$I -q -t $t "$BT/$t-100k.csv" >/dev/null 2>"$BT/err"
	t1=$(now)
	s=$(elapsed "$t0" "$t1")
	r=$(rate 100000 "$s")
	[ "$t" = akta-kelahiran ] && csv_rate=$r
	printf 'intake %-15s 100000 rows in %.2f s = %s rows/s (target 100000: %s)\n' \
	    "$t" "$s" "$r" "$(verdict "$r" 100000)"
done
# Hash flooding: the same 100,000 KK rows with every row its own family,
# once with family numbers that share one slot of the unkeyed FNV-1a the
# family table used before lib/siphash.c, once with numbers of the same
# shape that do not (tests/bench/gen-collide).  With the keyed hash the
# flooded file takes about as long as the plain one; with the old hash it
# took ten times as long, growing with the square of the rows.
GC="$B/tests/gen-collide --kind kk --column 1 --regions $SEGEL_FORMATS/wilayah/wilayah_2025.csv"
$GC --plain <"$BT/kk-100k.csv" >"$BT/kk-plain.csv"
$GC <"$BT/kk-100k.csv" >"$BT/kk-flood.csv"
for f in plain flood; do
	t0=$(now)
	$I -q -t kk "$BT/kk-$f.csv" >/dev/null 2>"$BT/err"
	t1=$(now)
	s=$(elapsed "$t0" "$t1")
	[ $f = plain ] && s_plain=$s || s_flood=$s
done
printf 'intake kk hash flood    100000 families in one old FNV slot %.2f s, plain families %.2f s (%.1fx)\n' \
    "$s_flood" "$s_plain" "$(echo "$s_flood / $s_plain" | bc -l)"
rm -f "$BT/kk-plain.csv" "$BT/kk-flood.csv"
# The same akta rows as an .xlsx saved by LibreOffice (packages-bench.txt;
# every column as text, as a village keeps NIKs), next to the CSV figure.
if command -v soffice >/dev/null 2>&1; then
	src=$BT/akta-kelahiran-100k.csv
	cols=$(head -1 "$src" | awk -F';' '{ for (i = 1; i <= NF; i++)
	    printf "%s%d/2", (i > 1 ? "/" : ""), i }')
	soffice -env:UserInstallation="file://$BT/lo" --headless \
	    --infilter="CSV:59,34,76,1,$cols" --convert-to xlsx --outdir "$BT" \
	    "$src" >/dev/null 2>&1
	t0=$(now)
	$I -q -t akta-kelahiran "$BT/akta-kelahiran-100k.xlsx" >/dev/null 2>"$BT/err"
	t1=$(now)
	s=$(elapsed "$t0" "$t1")
	printf 'intake %-15s 100000 rows in %.2f s = %s rows/s (.xlsx; the CSV above: %s rows/s)\n' \
	    akta-kelahiran "$s" "$(rate 100000 "$s")" "$csv_rate"
else
	echo "intake .xlsx: skipped, no soffice (libreoffice-calc-nogui)"
fi
# Memory at a million rows: akta rows stream, so 40x the rows must not
# take more memory; KK rows are grouped into families from anywhere in
# the file, so a family's key and row count are held while the file is
# read (as validate holds each NIK): what one family costs is printed.
n1=${BENCH_MEM_SMALL:-25000} n2=${BENCH_MEM_BIG:-1000000}
kib() { $M $I -q -t "$1" "$2" 2>&1 >/dev/null | sed -n 's/maxrss: \([0-9]*\).*/\1/p'; }
for t in akta-kelahiran kk; do
	$G --type $t --rows "$n1" --seed 2 >"$BT/small.csv"
	$G --type $t --rows "$n2" --seed 2 >"$BT/big.csv"
	k1=$(kib $t "$BT/small.csv") k2=$(kib $t "$BT/big.csv")
	if [ $t = kk ]; then
		f1=$($I -q -t kk "$BT/small.csv" 2>/dev/null | wc -l)
		f2=$($I -q -t kk "$BT/big.csv" 2>/dev/null | wc -l)
		printf 'intake memory: kk %s rows %s KiB, %s rows (%s families) %s KiB: %s bytes a family\n' \
		    "$n1" "$k1" "$n2" "$f2" "$k2" "$(( (k2 - k1) * 1024 / (f2 - f1) ))"
	else
		printf 'intake memory: akta %s rows %s KiB, %s rows %s KiB (flat: %s)\n' \
		    "$n1" "$k1" "$n2" "$k2" "$( [ "$k2" -lt $(( k1 * 3 / 2 )) ] && echo ok || echo MISSED)"
	fi
done
rm -f "$BT/small.csv" "$BT/big.csv"
