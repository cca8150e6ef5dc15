#!/bin/sh
# Tests for segel-sign and segel-verify (seal text): round trips for every
# type and issuer, the ledger (re-runs, kill -9, locks, torn lines), keys,
# revocation and status lists, and every verdict reason.
. tests/cli/lib.sh
S="$BIN/segel-sign" V="$BIN/segel-verify" I="$BIN/segel-intake"
TR=testdata/pki/trust
D="--date 2026-11-23"
setup_pki

# Intake output, validated as of the signing day (segel-sign checks the
# rules again and would refuse the rejects), split by regency.
$I -q testdata/bulk 2>/dev/null |
    SEGEL_TODAY=2026-11-23 $BIN/segel-validate -q >"$T/all.jsonl" 2>/dev/null
for r in 75.01 17.08 64.09 53.14; do
	jq -c --arg r "$r." 'select(.fields.kode_wilayah | startswith($r))' \
	    "$T/all.jsonl" >"$T/in-$r.jsonl"
done

# Round trip: every record of every regency signed and verified.
for r in 75.01 17.08 64.09 53.14; do
	i=$(echo "$r" | tr -d .)
	$S -p "$T/pki/$i.conf" $D -r "$T/rej-$i" "$T/in-$r.jsonl" \
	    >"$T/signed-$i.jsonl" 2>"$T/err"
	rc=$?
	n=$(wc -l <"$T/in-$r.jsonl") m=$(wc -l <"$T/signed-$i.jsonl")
	jq -r .seal "$T/signed-$i.jsonl" | $V -t $TR -q >"$T/v" 2>"$T/verr"
	vrc=$?
	valid=$(grep -c '^VALID' "$T/v")
	if [ $rc -eq 0 ] && [ "$n" -eq "$m" ] && [ "$n" -gt 0 ] &&
	    [ $vrc -eq 0 ] && [ "$valid" -eq "$n" ]; then
		ok "roundtrip-$i"
	else
		nok "roundtrip-$i" "sign rc $rc, $n in, $m signed; verify rc $vrc, $valid valid"
		cat "$T/err" "$T/verr"
	fi
done
types=$(jq -r .type "$T"/signed-*.jsonl | sort -u | tr '\n' ' ')
[ "$types" = "akta-kelahiran akta-kematian kk " ] && ok roundtrip-types ||
    nok roundtrip-types "signed types: $types"

# The signed fields a verifier sees are the record's fields.
jq -r .seal "$T/signed-7501.jsonl" | $V -t $TR --json >"$T/vj" 2>/dev/null
jq -c '.fields.nama_lengkap // .fields.anggota[0].nama_lengkap' \
    "$T/signed-7501.jsonl" >"$T/names-in"
jq -c '.fields.nama_lengkap // .fields.anggota[0].nama_lengkap' "$T/vj" \
    >"$T/names-out"
cmp -s "$T/names-in" "$T/names-out" && ok verify-fields ||
    nok verify-fields "names differ"
golden verify-person "jq -r .seal $T/signed-5314.jsonl | head -3 | $V -t $TR"
golden sign-issue "jq -c '[.issue.number, .issue.issued, .issue.kid]' $T/signed-6409.jsonl"

# Signing the same batch again gives back the same numbers, no new entries.
before=$(wc -l <"$T/pki/7501.ledger")
$S -p "$T/pki/7501.conf" --date 2026-11-24 "$T/in-75.01.jsonl" \
    >"$T/again.jsonl" 2>/dev/null
after=$(wc -l <"$T/pki/7501.ledger")
if [ "$before" = "$after" ] && [ "$(jq -c .issue.number "$T/again.jsonl")" = \
    "$(jq -c .issue.number "$T/signed-7501.jsonl")" ]; then
	ok resign-same-numbers
else
	nok resign-same-numbers "ledger $before -> $after lines, or numbers changed"
fi
dups=$(jq -r 'select(.number) | .number' "$T/pki/7501.ledger" | sort | uniq -d)
[ -z "$dups" ] && ok ledger-unique || nok ledger-unique "duplicates: $dups"

# Seals are signed on a second thread and put in as the lines go out: each
# record gets its own seal, last, whatever batch it falls in; a record that
# already has a "seal" key (null here, or an old seal) keeps it in its
# place, sealed anew.  Checked against the signed fields and numbers.
jq -c 'if (input_line_number % 3) == 1 then {seal: null} + . else . end' \
    "$T/in-75.01.jsonl" >"$T/seal-pos.jsonl"
$S -p "$T/pki/7501.conf" --ledger "$T/seal-pos.ledger" $D --batch 5 \
    "$T/seal-pos.jsonl" >"$T/seal-pos.out" 2>/dev/null
jq -r .seal "$T/seal-pos.out" | $V -t $TR --json 2>/dev/null |
    jq -r '[.verdict, .number, .fields.nama_lengkap // .fields.anggota[0].nama_lengkap] | @tsv' \
    >"$T/seal-pos.v"
jq -r '["VALID", .issue.number, .fields.nama_lengkap // .fields.anggota[0].nama_lengkap] | @tsv' \
    "$T/seal-pos.out" >"$T/seal-pos.w"
firstkey=$(jq -r 'keys_unsorted | [first, last] | join(",")' "$T/seal-pos.out" |
    sort -u | tr '\n' ' ')
n=$(wc -l <"$T/seal-pos.jsonl")
if [ "$n" -gt 3 ] && [ "$(wc -l <"$T/seal-pos.out")" -eq "$n" ] &&
    [ "$(jq -r .seal "$T/seal-pos.out" | sort -u | wc -l)" -eq "$n" ] &&
    [ "$firstkey" = "seal,issue type,seal " ]; then
	ok sign-seal-in-place
else
	nok sign-seal-in-place "$n in, $(wc -l <"$T/seal-pos.out") out; first/last keys: $firstkey"
fi
# each seal is the record's own: its number and name, and it verifies
cmp -s "$T/seal-pos.v" "$T/seal-pos.w" && ok sign-seal-own-record ||
    nok sign-seal-own-record "$(diff "$T/seal-pos.v" "$T/seal-pos.w" | head -4)"

# kill -9 mid-batch, then a re-run: nothing lost, nothing issued twice.
$BUILD_TESTS/gen-rows --type kk --rows 6000 --seed 7 >"$T/gen.csv"
$I -q -t kk "$T/gen.csv" 2>/dev/null |
    jq -c 'select(.fields.kode_wilayah | startswith("75.01."))' >"$T/many.jsonl"
total=$(wc -l <"$T/many.jsonl")
$S -p "$T/pki/7501.conf" $D --batch 1 "$T/many.jsonl" >"$T/part.jsonl" 2>/dev/null &
pid=$!
n=0
while [ "$n" -lt 30 ] && kill -0 $pid 2>/dev/null; do
	sleep 0.05
	n=$(($(wc -l <"$T/pki/7501.ledger") - after))
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
part=$(wc -l <"$T/part.jsonl")
$S -p "$T/pki/7501.conf" $D "$T/many.jsonl" >"$T/full.jsonl" 2>/dev/null
full=$(wc -l <"$T/full.jsonl")
dups=$(jq -r 'select(.number) | .number' "$T/pki/7501.ledger" | sort | uniq -d | head -3)
issued=$(($(wc -l <"$T/pki/7501.ledger") - after))
# what got out before the kill kept its number
jq -r '.id + " " + .issue.number' "$T/part.jsonl" | sort >"$T/p1"
jq -r '.id + " " + .issue.number' "$T/full.jsonl" | sort >"$T/p2"
missing=$(comm -23 "$T/p1" "$T/p2" | head -3)
if [ "$part" -lt "$total" ] && [ "$full" -eq "$total" ] && [ -z "$dups" ] &&
    [ "$issued" -eq "$total" ] && [ -z "$missing" ]; then
	ok kill9-rerun
else
	nok kill9-rerun "total $total, before kill $part, re-run $full, issued $issued, dups '$dups', changed '$missing'"
fi

# A torn last ledger line (a crash mid-write) is cut off; a corrupt line
# in the middle stops the signer.
cp "$T/pki/7501.ledger" "$T/pki/torn.ledger"
printf '{"number":"7501-KK-2' >>"$T/pki/torn.ledger"
$S -p "$T/pki/7501.conf" --ledger "$T/pki/torn.ledger" $D \
    "$T/in-75.01.jsonl" >/dev/null 2>"$T/err"
[ $? -eq 0 ] && tail -c 1 "$T/pki/torn.ledger" | od -c | grep -q '\\n' &&
    ok ledger-torn-line || nok ledger-torn-line "$(cat "$T/err")"
sed '3s/.*/garbage/' "$T/pki/7501.ledger" >"$T/pki/bad.ledger"
golden sign-ledger-corrupt "$S -p $T/pki/7501.conf --ledger $T/pki/bad.ledger $D $T/in-75.01.jsonl >/dev/null"

# A second signer is locked out.
flock "$T/pki/7501.ledger" sleep 3 &
sleep 0.3
golden sign-locked "$S -p $T/pki/7501.conf $D $T/in-75.01.jsonl >/dev/null"
wait

# Keys: readable by others is refused; encrypted keys need the passphrase
# from a file or a descriptor, never argv.
cp "$T/pki/issuer-7501.key.pem" "$T/pki/open.key.pem"
chmod 644 "$T/pki/open.key.pem"
golden sign-key-perms "$S -p $T/pki/7501.conf --key $T/pki/open.key.pem $D $T/in-75.01.jsonl >/dev/null"
expect sign-enc-key-file 0 "$S -p $T/pki/7501.conf --key $T/pki/issuer-7501.enc.key.pem --passphrase-file $T/pki/pass-7501.txt $D $T/in-75.01.jsonl"
expect sign-enc-key-fd 0 "$S -p $T/pki/7501.conf --key $T/pki/issuer-7501.enc.key.pem --passphrase-fd 3 $D $T/in-75.01.jsonl 3<$T/pki/pass-7501.txt"
echo wrong >"$T/pki/wrong.txt" && chmod 600 "$T/pki/wrong.txt"
expect sign-enc-key-wrong 2 "$S -p $T/pki/7501.conf --key $T/pki/issuer-7501.enc.key.pem --passphrase-file $T/pki/wrong.txt $D $T/in-75.01.jsonl"
expect sign-enc-key-none 2 "$S -p $T/pki/7501.conf --key $T/pki/issuer-7501.enc.key.pem $D $T/in-75.01.jsonl </dev/null"
golden sign-key-cert-mismatch "$S -p $T/pki/7501.conf --key $T/pki/issuer-1708.key.pem $D $T/in-75.01.jsonl >/dev/null"

# An office signs only for its own region.
golden sign-region "$S -p $T/pki/7501.conf $D -r $T/r.jsonl $T/in-17.08.jsonl >/dev/null; rc=\$?; jq -c .errors $T/r.jsonl | sort | uniq -c; exit \$rc"

# Verdicts, one per reason.
one() { # one PROFILE DATE [extra sign args]: sign one record, print its seal
	p=$1 d=$2 in=${IN:-$T/in-75.01.jsonl}
	shift 2
	case $p in 1708*) in=$T/in-17.08.jsonl ;; esac
	head -1 "$in" | $S -p "$T/pki/$p.conf" --date "$d" \
	    --ledger "$T/pki/v-$p-$d.ledger" "$@" 2>/dev/null | jq -r .seal
}
one 7501-ed25519 2026-11-23 >"$T/s-ed"
one 7501-expired 2026-11-23 >"$T/s-expired"
# (signed in 2022: a record that was valid then, no one born after)
$I -q testdata/bulk 2>/dev/null | SEGEL_TODAY=2022-06-01 \
    $BIN/segel-validate -q 2>/dev/null | jq -c \
    'select(.fields.kode_wilayah | startswith("75.01."))' >"$T/in-2022.jsonl"
IN=$T/in-2022.jsonl one 7501-expired 2022-06-01 >"$T/s-expired-ok"
one stranger-7501 2026-11-23 >"$T/s-stranger"
one 1708-revoked 2026-11-23 >"$T/s-revoked-cert"
jq -c '.fields.kode_wilayah = "17.08.01.2001"' "$T/in-75.01.jsonl" | head -1 |
    $S -p "$T/pki/7501.conf" --region 17.08 --date 2026-11-23 \
    --ledger "$T/pki/v-region.ledger" 2>/dev/null | jq -r .seal >"$T/s-region"
for c in ed expired expired-ok stranger revoked-cert region; do
	printf '%s: ' "$c"
	$V -t $TR --json "$(cat "$T/s-$c")" | jq -r .reason
done >"$T/reasons"
mkdir -p "$T/trust-nostranger"
cp $TR/* "$T/trust-nostranger/" && rm "$T/trust-nostranger/stranger-7501.pem"
printf 'unknown-key: ' >>"$T/reasons"
$V -t "$T/trust-nostranger" --json "$(cat "$T/s-stranger")" | jq -r .reason >>"$T/reasons"
golden verify-reasons "cat $T/reasons"

# Tampering: a changed character, truncations, another document's data.
seal=$(head -1 "$T/signed-7501.jsonl" | jq -r .seal)
len=${#seal}
bad=0
for k in 10 40 80 120 160 200 240; do
	[ $k -lt $len ] || continue
	c=$(printf '%s' "$seal" | cut -c$((k + 1)))
	n=$(printf '%s' "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" | tr -d "$c" | cut -c3)
	t=$(printf '%s' "$seal" | cut -c1-$k)$n$(printf '%s' "$seal" | cut -c$((k + 2))-)
	$V -t $TR -q "$t" >/dev/null 2>&1 && bad=$((bad + 1))
	$V -t $TR -q "$(printf '%s' "$seal" | cut -c1-$k)" >/dev/null 2>&1 && bad=$((bad + 1))
done
[ $bad -eq 0 ] && ok verify-tamper || nok verify-tamper "$bad tampered seals verified"
golden verify-malformed "$V -t $TR 'SG1:NOT A SEAL' 'https://dukcapil.example/kk/123' 'SG1:'"

# Revocation and supersession, published in a signed status list.
n1=$(sed -n 1p "$T/signed-7501.jsonl" | jq -r .issue.number)
n2=$(sed -n 2p "$T/signed-7501.jsonl" | jq -r .issue.number)
n3=$(sed -n 3p "$T/signed-7501.jsonl" | jq -r .issue.number)
$S -p "$T/pki/7501.conf" $D --revoke "$n1" --reason "data keliru" 2>/dev/null
$S -p "$T/pki/7501.conf" $D --supersede "$n2" --by "$n3" 2>/dev/null
golden sign-revoke-unknown "$S -p $T/pki/7501.conf $D --revoke 7501-LT-01012020-9999"
mkdir -p "$T/trust2" && cp $TR/* "$T/trust2/"
$S -p "$T/pki/7501.conf" $D --status-list "$T/trust2/7501.status"
golden verify-status "head -3 $T/signed-7501.jsonl | jq -r .seal | $V -t $T/trust2 -q"
# The status list verifies with openssl alone (formats/status.md).
sed '$d' "$T/trust2/7501.status" >"$T/st.body"
sed -n '$s/^sig //p' "$T/trust2/7501.status" | base64 -d | od -An -tx1 -v |
    tr -d ' \n' >"$T/st.hex"
printf 'asn1=SEQUENCE:sig\n[sig]\nr=INTEGER:0x%s\ns=INTEGER:0x%s\n' \
    "$(cut -c1-64 "$T/st.hex")" "$(cut -c65-128 "$T/st.hex")" >"$T/st.cnf"
openssl asn1parse -genconf "$T/st.cnf" -out "$T/st.der" >/dev/null &&
    openssl x509 -in testdata/pki/certs/issuer-7501.pem -pubkey -noout >"$T/pub.pem" &&
    openssl dgst -sha256 -verify "$T/pub.pem" -signature "$T/st.der" "$T/st.body" >/dev/null &&
    ok status-list-openssl || nok status-list-openssl "openssl did not verify"
sed 's/^revoked /revoked X/' "$T/trust2/7501.status" >"$T/trust2/x.status"
expect verify-status-forged 2 "$V -t $T/trust2 '$seal'"

golden sign-help "$S --help"
golden verify-help "$V --help"
golden sign-misuse "$S --revoke A --status-list B"
golden verify-no-trust "SEGEL_TRUST= XDG_DATA_HOME= HOME=/nonexistent $V SG1:X"
expect sign-full-disk 2 "$S -p $T/pki/7501.conf $D $T/in-75.01.jsonl >/dev/full"

# The largest realistic record of each type fits a QR of version 25 or
# less at level M (docs/DESIGN.md, "The seal"); qrencode picks the version.
SEGEL_TODAY=2026-11-23 $BIN/segel-validate -q testdata/render/largest.jsonl 2>/dev/null |
    $S -q -p "$T/pki/7501.conf" $D --ledger "$T/pki/largest.ledger" 2>/dev/null | jq -r '[.type, .seal] | @tsv' >"$T/largest"
n=0
while IFS="$(printf '\t')" read -r type seal; do
	n=$((n + 1))
	w=$(printf '%s' "$seal" | qrencode -l M -t ASCII -m 0 -o - | head -1 | awk '{ print length($0) / 2 }')
	v=$(( (w - 17) / 4 ))
	[ "$v" -le 25 ] && ok "qr-size-$type" || nok "qr-size-$type" "version $v"
	printf '%s\n' "$seal" | $V -t $TR -q >/dev/null 2>&1 && ok "largest-verifies-$type" ||
	    nok "largest-verifies-$type" "does not verify"
done <"$T/largest"
[ "$n" -ge 7 ] && ok qr-size-all || nok qr-size-all "only $n types signed"

# No -p: the error says which option names the office
$S "$T/in-75.01.jsonl" >/dev/null 2>"$T/nop.err"
rc=$?
if [ $rc = 2 ] && grep -q E-PROFILE "$T/nop.err" &&
    grep -q -- "-p PROFILE" "$T/nop.err"; then
	ok sign-no-profile
else
	nok sign-no-profile "exit $rc: $(cat "$T/nop.err")"
fi
