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
# Memory: akta rows stream, so 4x the rows must not take 4x the memory.
$G --type akta-kelahiran --rows 25000 --seed 2 >"$BT/small.csv"
$G --type akta-kelahiran --rows 400000 --seed 2 >"$BT/big.csv"
small=$($M $I -q -t akta-kelahiran "$BT/small.csv" 2>&1 >/dev/null | sed -n 's/maxrss: //p')
big=$($M $I -q -t akta-kelahiran "$BT/big.csv" 2>&1 >/dev/null | sed -n 's/maxrss: //p')
kk=$($M $I -q -t kk "$BT/kk-100k.csv" 2>&1 >/dev/null | sed -n 's/maxrss: //p')
printf 'intake memory: akta 25000 rows %s, 400000 rows %s (flat: %s); kk 100000 rows %s (grouping)\n' \
    "$small" "$big" "$( [ "${big%% *}" -lt $(( ${small%% *} * 2 )) ] && echo ok || echo MISSED)" "$kk"
