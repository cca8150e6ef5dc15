#!/bin/sh
# Attacks on segel-sign (issue 9, "Only what may be signed is signed"):
# records the rules reject, revoked and superseded documents issued again,
# one document twice in a batch, number patterns whose serial cannot be
# read back, ledgers that lost their tail, and the status list's mode.
# Each check failed on the signer before these were fixed.
. tests/cli/lib.sh
S="$BIN/segel-sign" I="$BIN/segel-intake" VA="$BIN/segel-validate"
V="$BIN/segel-verify" TR=testdata/pki/trust
D="--date 2026-11-23"
setup_pki
P7=$T/pki/7501.conf

$I -q testdata/bulk >"$T/raw.jsonl" 2>/dev/null
SEGEL_TODAY=2026-11-23 $VA -q "$T/raw.jsonl" >"$T/valid.jsonl" \
    -r "$T/vrej.jsonl" 2>/dev/null
jq -c 'select(.fields.kode_wilayah | startswith("75.01."))' \
    "$T/valid.jsonl" >"$T/v7501.jsonl"
jq -c 'select(.fields.kode_wilayah | startswith("75.01."))' \
    "$T/raw.jsonl" >"$T/raw7501.jsonl"
rec1=$(head -1 "$T/v7501.jsonl")   # a newborn's akta, no NIK

## 1. Nothing the type's rules reject is sealed.
# Raw intake output with two rejects in it: the rest is signed, the two
# rejects come out with the rules' own errors.
golden sign-attack-raw-intake "$S -p $P7 $D -q -r $T/r1.jsonl $T/raw7501.jsonl >$T/s1.jsonl; rc=\$?; wc -l <$T/s1.jsonl; jq -c '[.id, [.errors[].code]]' $T/r1.jsonl; exit \$rc"
# Rejects whose "errors" were taken off with jq.
jq -c 'del(.errors)' "$T/vrej.jsonl" >"$T/stripped.jsonl"
golden sign-attack-errors-stripped "$S -p $P7 $D --ledger $T/l-strip -r $T/r2.jsonl $T/stripped.jsonl; rc=\$?; jq -c '[.id, [.errors[] | .path + \" \" + .code]]' $T/r2.jsonl; exit \$rc"
# An empty KK, a record with no region (a Gorontalo child at a Sumatra
# office), a name holding NUL, a field that is not text.
{
	echo '{"type":"kk","id":"empty-kk","fields":{}}'
	printf '%s\n' "$rec1" | jq -c '.id = "no-region" | del(.fields.kode_wilayah)'
	printf '%s\n' "$rec1" | jq -c '.id = "nul-name" | .fields.nama_lengkap = "RIVALDI\u0000 DJAFAR BIN X"'
	printf '%s\n' "$rec1" | jq -c '.id = "number-name" | .fields.nama_lengkap = 42'
} >"$T/bad.jsonl"
golden sign-attack-bad-records "$S -p $T/pki/1708.conf $D --ledger $T/l-bad -r $T/r3.jsonl $T/bad.jsonl; rc=\$?; jq -c '[.id, [.errors[] | .path + \" \" + .code]]' $T/r3.jsonl; exit \$rc"
# segel-validate says the same of the NUL.
golden validate-attack-nul "sed -n 3p $T/bad.jsonl | $VA -q -r $T/vn.jsonl; rc=\$?; jq -c '[.errors[] | .path + \" \" + .code]' $T/vn.jsonl; exit \$rc"

## 2. A revoked document is not issued again; nor a superseded one.
head -3 "$T/v7501.jsonl" >"$T/three.jsonl"
$S -p $P7 $D --ledger "$T/l-rev" "$T/three.jsonl" >"$T/three-signed.jsonl" 2>/dev/null
n1=$(sed -n 1p "$T/three-signed.jsonl" | jq -r .issue.number)
n2=$(sed -n 2p "$T/three-signed.jsonl" | jq -r .issue.number)
n3=$(sed -n 3p "$T/three-signed.jsonl" | jq -r .issue.number)
golden sign-attack-revoke-says "$S -p $P7 $D --ledger $T/l-rev --revoke $n1 --reason 'data keliru' && $S -p $P7 $D --ledger $T/l-rev --supersede $n2 --by $n3"
golden sign-attack-revoked-again "$S -p $P7 --date 2026-11-25 --ledger $T/l-rev -r $T/r5.jsonl $T/three.jsonl >$T/o5; rc=\$?; jq -r .issue.number $T/o5; jq -c '[.id, .errors[-1].code]' $T/r5.jsonl; exit \$rc"
golden sign-attack-revoke-twice "$S -p $P7 $D --ledger $T/l-rev --revoke $n1"
golden sign-attack-supersede-by-revoked "$S -p $P7 $D --ledger $T/l-rev --supersede $n3 --by $n1"

## 3. One document twice in a batch: the second is a reject.
printf '%s\n%s\n' "$rec1" "$rec1" >"$T/twice.jsonl"
golden sign-attack-duplicate "$S -p $P7 $D --ledger $T/l-dup -r $T/r6.jsonl $T/twice.jsonl >$T/o6; rc=\$?; jq -r .issue.number $T/o6; jq -c '[.id, .errors[-1].code]' $T/r6.jsonl; exit \$rc"
# A later re-run still gives back the number issued (one copy), and the
# second copy is again a reject.
a=$($S -p $P7 --date 2026-11-24 --ledger "$T/l-dup" "$T/twice.jsonl" 2>/dev/null | jq -r .issue.number)
[ "$a" = "7501-LT-23112026-0001" ] && ok sign-attack-duplicate-rerun ||
    nok sign-attack-duplicate-rerun "got '$a'"

## 4. Number patterns whose serial cannot be told apart are refused.
pattern_types() { # pattern_types DIR PATTERN: formats/ with that LT pattern
	rm -rf "$1" && cp -r formats "$1"
	sed -i "s|<number code=\"LT\"/>|<number code=\"LT\" pattern=\"$2\"/>|" \
	    "$1/types/akta-kelahiran.xml"
}
i=0
for pat in '{issuer}-{code}-{date}{serial}' '{issuer}{serial}' \
    '{code}-{date}' '{code}-{serial}-{serial}' '{code}-9{serial}' \
    '{code}-{year}-{serial}'; do
	i=$((i + 1))
	pattern_types "$T/fmt$i" "$pat"
	printf '%s: ' "$pat"
	SEGEL_FORMATS=$T/fmt$i $S -p $P7 $D --ledger "$T/l-pat$i" \
	    "$T/three.jsonl" >"$T/o-pat" 2>"$T/e-pat"
	echo "exit $?, $(wc -l <"$T/o-pat") signed"
	sed "s|$T|T|g" "$T/e-pat"
done >"$T/patterns"
golden sign-attack-patterns "cat $T/patterns"
# A pattern with the serial after another separator: numbers distinct,
# read back through the ledger's serials on a re-run.
pattern_types "$T/fmtok" '{code}/{issuer}/{date}/{serial}'
jq -c 'select(.type == "akta-kelahiran")' "$T/v7501.jsonl" >"$T/akta.jsonl"
SEGEL_FORMATS=$T/fmtok $S -p $P7 $D --ledger "$T/l-patok" "$T/akta.jsonl" \
    2>/dev/null | jq -r .issue.number >"$T/n1"
head -2 "$T/akta.jsonl" | jq -c '.fields.anak_ke = "9"' >"$T/more.jsonl"
SEGEL_FORMATS=$T/fmtok $S -p $P7 $D --ledger "$T/l-patok" "$T/akta.jsonl" \
    "$T/more.jsonl" 2>/dev/null | jq -r .issue.number >"$T/n2"
n=$(wc -l <"$T/akta.jsonl")
if [ "$(sort -u "$T/n2" | wc -l)" -eq $((n + 2)) ] &&
    [ "$(head -$n "$T/n2")" = "$(cat "$T/n1")" ] &&
    grep -qx "LT/7501/23112026/$(printf %04d $((n + 2)))" "$T/n2"; then
	ok sign-attack-pattern-ok
else
	nok sign-attack-pattern-ok "numbers: $(tr '\n' ' ' <"$T/n2")"
fi

## 5. A ledger that lost its tail stops the signer; nothing is reissued.
$S -p $P7 $D --ledger "$T/l-tail" "$T/three.jsonl" >/dev/null 2>&1
cp "$T/l-tail" "$T/l-tail.old"
$S -p $P7 $D --ledger "$T/l-tail" "$T/v7501.jsonl" >"$T/all-signed" 2>/dev/null
cp "$T/l-tail" "$T/l-tail.whole"
tailcase() { # tailcase NAME: sign the batch again on the damaged ledger
	golden "sign-attack-ledger-$1" "$S -p $P7 --date 2026-11-24 --ledger $T/l-tail $T/v7501.jsonl >$T/o-tail; rc=\$?; wc -l <$T/o-tail; exit \$rc"
	cp "$T/l-tail.whole" "$T/l-tail"
}
truncate -s -1 "$T/l-tail"                       # the last newline lost
tailcase no-newline
head -n -2 "$T/l-tail.whole" >"$T/l-tail"        # the last entries lost
tailcase truncated
cp "$T/l-tail.old" "$T/l-tail"                   # an older copy restored
tailcase restored
rm "$T/l-tail"                                   # the ledger gone
tailcase gone
sed '$s/"2026-11-23"/"2026-11-22"/' "$T/l-tail.whole" >"$T/l-tail" # changed
tailcase replaced
# A torn write beyond the head (never committed) is cut off; the batch
# gets its numbers back.
printf '{"number":"7501-KK-23112026-0' >>"$T/l-tail"
$S -p $P7 --date 2026-11-24 --ledger "$T/l-tail" "$T/v7501.jsonl" \
    >"$T/again" 2>/dev/null
if [ $? -eq 0 ] && cmp -s "$T/l-tail" "$T/l-tail.whole" &&
    [ "$(jq -r .issue.number "$T/again")" = "$(jq -r .issue.number "$T/all-signed")" ]; then
	ok sign-attack-ledger-torn-uncommitted
else
	nok sign-attack-ledger-torn-uncommitted "ledger changed or numbers differ"
fi
# A ledger from before heads: anchored on first open; one whose last
# entry lost its newline is not guessed at.
cp "$T/l-tail.whole" "$T/l-old"
$S -p $P7 --date 2026-11-24 --ledger "$T/l-old" "$T/three.jsonl" >/dev/null 2>&1
[ $? -eq 0 ] && grep -qx "entries $(wc -l <"$T/l-old")" "$T/l-old.head" &&
    ok sign-attack-ledger-head-created ||
    nok sign-attack-ledger-head-created "no head for an old ledger"
cp "$T/l-tail.whole" "$T/l-old2" && truncate -s -1 "$T/l-old2"
golden sign-attack-ledger-old-no-newline "$S -p $P7 --date 2026-11-24 --ledger $T/l-old2 $T/three.jsonl >$T/o-old; rc=\$?; wc -l <$T/o-old; exit \$rc"

## 6. Status lists are public.
$S -p $P7 $D --ledger "$T/l-rev" --status-list "$T/7501.status" 2>/dev/null
m=$(stat -c %a "$T/7501.status")
[ "$m" = 644 ] && ok sign-attack-status-mode || nok sign-attack-status-mode "mode $m"
