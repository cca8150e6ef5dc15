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
rm -f "$BT/pki/ledger" "$BT/pki/ledger.head"
t0=$(now)
$S -q -p "$BT/pki/p.conf" "$BT/akta.jsonl" >"$BT/signed.jsonl" 2>/dev/null
t1=$(now)
s=$(elapsed "$t0" "$t1") r=$(rate "$n" "$s")
printf 'sign   %s akta, ledger synced every 1024: %.2f s = %s records/s (target 10000: %s)\n' \
    "$n" "$s" "$r" "$(verdict "$r" 10000)"
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
openssl speed -seconds 2 ecdsap256 2>/dev/null | awk '/256 bits ecdsa/ {
    printf "openssl speed, one core: %d P-256 signs/s, %d verifies/s\n", $7, $8 }'

# Size: the largest realistic record of each type (testdata/render/largest.jsonl).
$S -q -p "$BT/pki/p.conf" --ledger "$BT/pki/l2" testdata/render/largest.jsonl \
    2>/dev/null | jq -r '[.type, .seal] | @tsv' |
while IFS="$(printf '\t')" read -r type seal; do
	v=$(printf '%s' "$seal" | qrencode -l M -t ASCII -m 0 -o - 2>/dev/null |
	    head -1 | awk '{ print (length($0) / 2 - 17) / 4 }')
	printf 'seal   %-16s %5d characters, QR version %s at level M (limit 25: %s)\n' \
	    "$type" "${#seal}" "$v" "$(verdict 25 "${v%.*}")"
done
