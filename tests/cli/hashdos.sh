#!/bin/sh
# Hash flooding: a spreadsheet whose family numbers or NIKs were chosen to
# share one slot of the unkeyed hashes segel used before lib/siphash.c
# (tests/bench/gen-collide: FNV-1a low 20 bits for intake's families,
# Fibonacci high 20 bits for validate's NIK set).  With a keyed hash they
# are ordinary keys.  How long they take is measured in
# tests/bench/intake.sh and validate.sh beside a plain set of the same
# shape (no timing here); this checks that every row still comes out,
# counted, and that a repeated key hidden in the crowd is still found.
. tests/cli/lib.sh
I=$BIN/segel-intake V=$BIN/segel-validate
GC="$B/tests/gen-collide --regions $SEGEL_FORMATS/wilayah/wilayah_2025.csv"
N=50000

# ---- intake: 50,000 KK rows, each its own family, all in one FNV slot --
"$B/tests/gen-rows" --type kk --rows $N --seed 21 >"$T/kk.csv"
$GC --kind kk --column 1 <"$T/kk.csv" >"$T/kk-flood.csv"
# the first row's family again at the end: one family, two rows apart
{ cat "$T/kk-flood.csv"; sed -n 2p "$T/kk-flood.csv" |
    awk -F';' -v OFS=';' '{ $2 = substr($2, 1, 12) "9999"; print }'; } \
    >"$T/kk-flood2.csv"
first=$(sed -n 2p "$T/kk-flood.csv" | cut -d';' -f1)
"$I" -q -t kk "$T/kk-flood2.csv" >"$T/kk.jsonl" 2>"$T/kk.err"
rc=$?
recs=$(grep -c . "$T/kk.jsonl")
keys=$(jq -r '.fields.no_kk' "$T/kk.jsonl" | sort -u | grep -c .)
two=$(jq -r --arg k "$first" 'select(.fields.no_kk == $k) |
    .fields.anggota | length' "$T/kk.jsonl")
if [ "$rc" = 0 ] && [ "$recs" = $N ] && [ "$keys" = $N ] && [ "$two" = 2 ] &&
    [ "$(cut -d';' -f1 "$T/kk-flood.csv" | tail -n +2 | sort -u | grep -c .)" = $N ]; then
	ok hashdos-intake-families
else
	nok hashdos-intake-families "exit $rc, $recs records, $keys family numbers (want $N), family $first has ${two:-no} rows (want 2)"
	head -5 "$T/kk.err"
fi

# ---- validate: 100,000 akta kelahiran, their 50,000 NIKs in one slot ---
"$B/tests/gen-rows" --type akta-kelahiran --rows $((2 * N)) --seed 22 >"$T/akta.csv"
$GC --kind nik --column 2 <"$T/akta.csv" >"$T/akta-flood.csv"
"$I" -q -t akta-kelahiran "$T/akta-flood.csv" >"$T/akta.jsonl" 2>/dev/null
niks=$(jq -r '.fields.nik // empty' "$T/akta.jsonl" | sort -u | grep -c .)
"$V" -q -r "$T/rej.jsonl" "$T/akta.jsonl" >"$T/acc.jsonl" 2>"$T/v.err"
rc=$?
acc=$(grep -c . "$T/acc.jsonl") rej=$(grep -c . "$T/rej.jsonl")
if [ "$rc" = 0 ] && [ "$acc" = $((2 * N)) ] && [ "$rej" = 0 ] &&
    [ "$niks" -gt $((N * 9 / 10)) ]; then
	ok hashdos-validate-niks
else
	nok hashdos-validate-niks "exit $rc, $acc accepted, $rej rejected (want $((2 * N)) and 0), $niks distinct NIKs"
	head -5 "$T/v.err"
fi

# the first flooded NIK once more, as the last record: still a duplicate
dup=$(jq -c 'select(.fields.nik != null)' "$T/akta.jsonl" | head -n 1 |
    jq -c '.id = "dup:1"')
{ cat "$T/akta.jsonl"; echo "$dup"; } >"$T/akta-dup.jsonl"
"$V" -q -r "$T/rej2.jsonl" "$T/akta-dup.jsonl" >/dev/null 2>&1
rc=$?
rej=$(grep -c . "$T/rej2.jsonl")
hits=$(grep -c '"E-NIK-DUP"' "$T/rej2.jsonl")
if [ "$rc" = 1 ] && [ "$rej" = 1 ] && [ "$hits" = 1 ] &&
    grep -q '"dup:1"' "$T/rej2.jsonl"; then
	ok hashdos-validate-dup
else
	nok hashdos-validate-dup "exit $rc, $rej rejected, $hits E-NIK-DUP (want 1, the last record)"
fi
