#!/bin/sh
# Signing with a durable ledger, and verifying seals (ECDSA P-256, chains
# checked once per key), on generated Kartu Keluarga and akta records; the
# seal size and QR version of the largest realistic record of each type.
. tests/bench/lib.sh
G=$B/tests/gen-rows I=$BIN/segel-intake S=$BIN/segel-sign V=$BIN/segel-verify
bench_profile "$BT/pki"
$G --type akta-kelahiran --rows 60000 --seed 3 >"$BT/akta.csv"
$I -q -t akta-kelahiran "$BT/akta.csv" 2>/dev/null |
    jq -c 'select(.fields.kode_wilayah | startswith("75.01."))' |
    head -20000 >"$BT/akta.jsonl"
n=$(wc -l <"$BT/akta.jsonl")
# Signing and OpenSSL's raw P-256 rate (the physical limit: one signature
# a record), measured in turns in the same run; medians of five turns.
: >"$BT/sign.rates"
: >"$BT/ossl.rates"
: >"$BT/ossl.verifies"
for turn in 1 2 3 4 5; do
	rm -f "$BT/pki/ledger" "$BT/pki/ledger.head"
	t0=$(now)
	$S -q -p "$BT/pki/p.conf" "$BT/akta.jsonl" >"$BT/signed.jsonl" 2>/dev/null
	t1=$(now)
	rate "$n" "$(elapsed "$t0" "$t1")" >>"$BT/sign.rates"
	openssl speed -seconds 1 ecdsap256 2>/dev/null | awk -v v="$BT/ossl.verifies" \
	    '/256 bits ecdsa/ { printf "%d\n", $7; printf "%d\n", $8 >v }' >>"$BT/ossl.rates"
done
r=$(median "$BT/sign.rates") o=$(median "$BT/ossl.rates")
printf 'sign   %s akta, ledger synced every 1024: median of 5 %s records/s (%s) against openssl P-256 %s signs/s (%s): ratio %s (target 25000: %s)\n' \
    "$n" "$r" "$(tr '\n' ' ' <"$BT/sign.rates" | sed 's/ $//')" "$o" \
    "$(tr '\n' ' ' <"$BT/ossl.rates" | sed 's/ $//')" \
    "$(echo "scale=2; $r / $o" | bc -l)" "$(verdict "$r" 25000)"

# One record signed against a ledger of a million entries (made here, not
# kept): the whole run, time and peak memory, medians of three.
$B/tests/gen-ledger "$BT/big.ledger" 1000000 && sync
: >"$BT/big.times"
: >"$BT/big.rss"
for k in 1 2 3; do
	sed -n "${k}p" "$BT/akta.jsonl" >"$BT/one.jsonl"
	t0=$(now)
	$B/tests/maxrss $S -q -p "$BT/pki/p.conf" --ledger "$BT/big.ledger" \
	    "$BT/one.jsonl" 2>"$BT/big.err" >/dev/null
	t1=$(now)
	printf '%.0f\n' "$(echo "($t1 - $t0) * 1000" | bc -l)" >>"$BT/big.times"
	sed -n 's/^maxrss: \([0-9]*\) KiB$/\1/p' "$BT/big.err" >>"$BT/big.rss"
done
ms=$(median "$BT/big.times") kb=$(median "$BT/big.rss")
printf 'sign   1 record against a ledger of 1000000 entries (%s MB): median %s ms (%s), %s MB peak (target 1000 ms, 100 MB: %s)\n' \
    "$(($(wc -c <"$BT/big.ledger") / 1000000))" "$ms" \
    "$(tr '\n' ' ' <"$BT/big.times" | sed 's/ $//')" "$((kb / 1024))" \
    "$([ "$ms" -lt 1000 ] && [ "$kb" -lt 102400 ] && echo ok || echo MISSED)"
rm -f "$BT/big.ledger" "$BT/big.ledger.head"
jq -r .seal "$BT/signed.jsonl" >"$BT/seals"
t0=$(now)
$V -q -t testdata/pki/trust "$BT/seals" >/dev/null 2>&1
t1=$(now)
s=$(elapsed "$t0" "$t1") r=$(rate "$n" "$s")
printf 'verify %s seals, one process: %.2f s = %s seals/s (target 10000: %s)\n' \
    "$n" "$s" "$r" "$(verdict "$r" 10000)"
split -n l/2 "$BT/seals" "$BT/half."
t0=$(now)
$V -q -t testdata/pki/trust "$BT/half.aa" >/dev/null 2>&1 &
$V -q -t testdata/pki/trust "$BT/half.ab" >/dev/null 2>&1
wait
t1=$(now)
s=$(elapsed "$t0" "$t1") r=$(rate "$n" "$s")
printf 'verify %s seals, two processes: %.2f s = %s seals/s\n' "$n" "$s" "$r"
printf 'openssl speed, one core: %s P-256 signs/s, %s verifies/s (medians of 5)\n' \
    "$(median "$BT/ossl.rates")" "$(median "$BT/ossl.verifies")"

# Size: the largest realistic record of each type (testdata/render/largest.jsonl).
$S -q -p "$BT/pki/p.conf" --ledger "$BT/pki/l2" testdata/render/largest.jsonl \
    2>/dev/null | jq -r '[.type, .seal] | @tsv' |
while IFS="$(printf '\t')" read -r type seal; do
	v=$(printf '%s' "$seal" | qrencode -l M -t ASCII -m 0 -o - 2>/dev/null |
	    head -1 | awk '{ print (length($0) / 2 - 17) / 4 }')
	printf 'seal   %-16s %5d characters, QR version %s at level M (limit 25: %s)\n' \
	    "$type" "${#seal}" "$v" "$(verdict 25 "${v%.*}")"
done
