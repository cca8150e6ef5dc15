#!/bin/sh
# Verifying scans: akta kelahiran from segel-render, rasterised to 200-dpi
# A4 PNG pages (pdftoppm -gray), the way a scanner hands them over.
# segel reads the seal off each page and verifies it on two processes;
# in the same run plain zbarimg (QR only) merely decodes the same pages,
# once one process per page (as a verifier's script calls it) and once
# one process for all.  Target: segel, decoding and verifying, at least
# twice as fast per page as zbarimg decoding alone.
# Until segel-verify reads image files, the decoding is tests/bench/qrscan
# (the same scan_file()) piped into segel-verify.
. tests/bench/lib.sh
for c in pdftoppm zbarimg; do
	command -v $c >/dev/null 2>&1 ||
	    { echo "scan: skipped ($c not installed)"; exit 0; }
done
G=$B/tests/gen-rows I=$BIN/segel-intake S=$BIN/segel-sign R=$BIN/segel-render
V=$BIN/segel-verify Q=$B/tests/qrscan
N=${SCAN_PAGES:-30}
D=$BT/scan
mkdir -p "$D/pdf" "$D/png"
bench_profile "$D"
$G --type akta-kelahiran --rows $((N * 8)) --seed 21 >"$D/akta.csv"
$I -q -t akta-kelahiran "$D/akta.csv" 2>/dev/null |
    jq -c 'select(.fields.kode_wilayah | startswith("75.01."))' |
    head -"$N" >"$D/akta.jsonl"
$S -q -p "$D/p.conf" "$D/akta.jsonl" >"$D/signed.jsonl" 2>/dev/null
$R -q -o "$D/pdf" "$D/signed.jsonl" >/dev/null 2>&1
for f in "$D"/pdf/*.pdf; do
	b=${f##*/}
	pdftoppm -r 200 -gray -png -singlefile "$f" "$D/png/${b%.pdf}" \
	    2>/dev/null
done
n=$(ls "$D"/png/*.png 2>/dev/null | wc -l)
[ "$n" -gt 0 ] || { echo "scan: no pages were made"; exit 1; }

# zbarimg, one process per page.
t0=$(now)
for p in "$D"/png/*.png; do
	zbarimg -q --raw -Sdisable -Sqrcode.enable "$p" >/dev/null 2>&1
done
t1=$(now)
zs=$(elapsed "$t0" "$t1")
zms=$(echo "$zs * 1000 / $n" | bc -l)
# zbarimg, one process for every page.
t0=$(now)
zn=$(zbarimg -q --raw -Sdisable -Sqrcode.enable "$D"/png/*.png 2>/dev/null |
    grep -c '^SG1:')
t1=$(now)
za=$(elapsed "$t0" "$t1")
zams=$(echo "$za * 1000 / $n" | bc -l)

# segel: decode and verify, two processes.
ls "$D"/png/*.png >"$D/list"
split -n l/2 "$D/list" "$D/half."
t0=$(now)
if $V --help 2>&1 | grep -q -- '--decode-only'; then
	$V -q -j 2 -t testdata/pki/trust $(cat "$D/list") >"$D/out" 2>&1
	ok=$(grep -c '^VALID' "$D/out")
else
	for h in "$D"/half.a?; do
		xargs "$Q" -r <"$h" | grep '^SG1:' >"$h.seals" &
	done
	wait
	for h in "$D"/half.a?; do
		$V -q -t testdata/pki/trust "$h.seals" >"$h.out" 2>&1 &
	done
	wait
	ok=$(grep -c '^VALID' "$D"/half.a?.out | awk -F: '{ s += $NF }
	    END { print s + 0 }')
fi
t1=$(now)
ss=$(elapsed "$t0" "$t1")
sms=$(echo "$ss * 1000 / $n" | bc -l)
pps=$(echo "$n / $ss" | bc -l)
x=$(echo "$zms / $sms" | bc -l)
printf 'scan   %s 200-dpi A4 PNG pages: segel -j 2 decode+verify %.0f ms/page = %.1f pages/s (%s seals read and valid)\n' \
    "$n" "$sms" "$pps" "$ok"
printf 'scan   zbarimg (QR only) decoding alone: %.0f ms/page one process per page, %.0f ms/page one process for all (%s read)\n' \
    "$zms" "$zams" "$zn"
printf 'scan   segel %.1fx faster per page than zbarimg per page (target 2x: %s), %.1fx than zbarimg in one process\n' \
    "$x" "$(verdict "$(echo "$x * 10" | bc | cut -d. -f1)" 20)" \
    "$(echo "$zams / $sms" | bc -l)"
