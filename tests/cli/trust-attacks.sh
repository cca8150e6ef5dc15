#!/bin/sh
# Attacks on the verifier's judgement (issue 9): status lists that speak
# for another office, an old CRL beside the current one, several
# certificates for one key, seals from the future, seals without their
# region.  Each builds its trust directory from testdata/pki/trust plus
# the extras of testdata/pki/certs (make-pki.sh), under file names that
# sort the way the attack needs.
. tests/cli/lib.sh
. tests/cli/lib-trust.sh
S="$BIN/segel-sign" V="$BIN/segel-verify" I="$BIN/segel-intake"
TR=testdata/pki/trust
setup_pki

# one PROFILE DATE INPUT [sign args]: sign the first record, print its seal
one() {
	p=$1 d=$2 in=$3
	shift 3
	head -1 "$in" | $S -p "$T/pki/$p.conf" --date "$d" \
	    --ledger "$T/pki/a-$p-$d.ledger" "$@" 2>/dev/null | jq -r .seal
}

$I -q testdata/bulk >"$T/all.jsonl" 2>/dev/null
jq -c 'select(.type == "akta-kelahiran" and
    (.fields.kode_wilayah | startswith("75.01.")))' "$T/all.jsonl" |
    head -3 >"$T/in-7501.jsonl"
old 17.08. >"$T/in-1708.jsonl"
old 64.09. >"$T/in-6409.jsonl"
old 75.01. >"$T/in-7501-old.jsonl"

# --- A status list speaks only for its own office. -------------------------
# 75.01 revokes its document n1; Kepahiang (17.08) publishes a genuine
# list, signed with its own trusted key, saying n1 was superseded.  Its
# file name sorts after 75.01's, so today it is read last and wins.
$S -p "$T/pki/7501.conf" --date 2026-11-23 "$T/in-7501.jsonl" \
    >"$T/signed-7501.jsonl" 2>/dev/null
n1=$(sed -n 1p "$T/signed-7501.jsonl" | jq -r .issue.number)
n2=$(sed -n 2p "$T/signed-7501.jsonl" | jq -r .issue.number)
n3=$(sed -n 3p "$T/signed-7501.jsonl" | jq -r .issue.number)
s1=$(sed -n 1p "$T/signed-7501.jsonl" | jq -r .seal)
s2=$(sed -n 2p "$T/signed-7501.jsonl" | jq -r .seal)
$S -p "$T/pki/7501.conf" --date 2026-11-24 --revoke "$n1" 2>/dev/null
trustdir t-foreign
$S -p "$T/pki/7501.conf" --date 2026-11-24 --status-list "$T/t-foreign/7501.status"
printf 'SEGEL-STATUS 1\nissuer 17.08\nkid %s\ndate 2026-11-25\nsuperseded %s 1708-LT-25112026-0001 2026-11-25\nrevoked 1708-KK-25112026-0002 2026-11-25\n' \
    "$(kid issuer-1708)" "$n1" >"$T/t-foreign/kepahiang.status"
sign_status "$T/pki/issuer-1708.key.pem" "$T/t-foreign/kepahiang.status"
check status-foreign-office R-REVOKED "$(reason "$T/t-foreign" "$s1")"
grep -q "kepahiang.status: 1 entry about other offices' documents ignored.*W-STATUS-FOREIGN" \
    "$T/verr" && ok status-foreign-notice ||
    nok status-foreign-notice "no notice on stderr: $(cat "$T/verr")"
# Unsigned for its office is unsigned: the same list claiming to be 75.01's
# with the 17.08 key does not load at all.
sed -e '$d' -e 's/^issuer 17.08/issuer 75.01/' "$T/t-foreign/kepahiang.status" \
    >"$T/t-foreign/kepahiang.status.new"
mkdir -p "$T/t-claim" && cp $TR/* "$T/t-claim/"
mv "$T/t-foreign/kepahiang.status.new" "$T/t-claim/kepahiang.status"
sign_status "$T/pki/issuer-1708.key.pem" "$T/t-claim/kepahiang.status"
expect status-foreign-claim 2 "$V -t $T/t-claim '$s1'"

# Two lists of one office: the newer (by its date line) counts, whatever
# the file names.  The old list says n2 was superseded; the new one, made
# after the revocation, says revoked; the old one sorts last.
$S -p "$T/pki/7501.conf" --date 2026-11-24 --supersede "$n2" --by "$n3" 2>/dev/null
trustdir t-two
$S -p "$T/pki/7501.conf" --date 2026-11-24 --status-list "$T/t-two/zz-old.status"
$S -p "$T/pki/7501.conf" --date 2026-11-25 --revoke "$n2" 2>/dev/null
$S -p "$T/pki/7501.conf" --date 2026-11-25 --status-list "$T/t-two/7501.status"
check status-newer-list R-REVOKED "$(reason "$T/t-two" "$s2")"

# --- The newest CRL decides. ----------------------------------------------
# An old, empty CRL of the root (CRL number 0, thisUpdate 2021) beside
# the current one: for seals dated inside its validity OpenSSL prefers it.
trustdir t-oldcrl root-2021.crl.pem:root-2021.crl.pem
one 1708-revoked 2023-06-01 "$T/in-1708.jsonl" >"$T/s-kc"
check crl-newest-keycompromise R-CERT-REVOKED "$(reason "$T/t-oldcrl" "$(cat "$T/s-kc")")"
grep -q "root-2021.crl.pem: an older CRL of .*(CRL number 0) is ignored: .*root.crl.pem (CRL number 1) is newer \[W-TRUST-OLD-CRL\]" \
    "$T/verr" && ok crl-newest-notice ||
    nok crl-newest-notice "no notice on stderr: $(cat "$T/verr")"
one 6409 2024-07-01 "$T/in-6409.jsonl" --key "$T/pki/issuer-6409-superseded.key.pem" \
    --cert "$T/pki/issuer-6409-superseded.pem" >"$T/s-sup"
check crl-newest-superseded R-CERT-REVOKED "$(reason "$T/t-oldcrl" "$(cat "$T/s-sup")")"
# and the old CRL does not stop a seal the current one lets stand
one 6409 2024-05-31 "$T/in-6409.jsonl" --key "$T/pki/issuer-6409-superseded.key.pem" \
    --cert "$T/pki/issuer-6409-superseded.pem" >"$T/s-sup-ok"
check crl-newest-before VALID "$(reason "$T/t-oldcrl" "$(cat "$T/s-sup-ok")")"

# --- Several certificates for one key. -----------------------------------
# The revoked (keyCompromise) 17.08 key got a second, clean certificate;
# its file name sorts first.  The office signs with the new certificate.
trustdir t-renewed issuer-1708-renewed.pem:issuer-1708-renewed.pem
one 1708-revoked 2026-11-23 "$T/in-1708.jsonl" \
    --cert "$T/pki/issuer-1708-renewed.pem" >"$T/s-renewed"
check key-revoked-any-cert R-CERT-REVOKED "$(reason "$T/t-renewed" "$(cat "$T/s-renewed")")"
# An old, expired certificate of the 75.01 key sorts before the current
# one: genuine seals stay VALID.
trustdir t-oldcert issuer-7501-2019.pem:issuer-7501-2019.pem
check key-old-cert-first VALID "$(reason "$T/t-oldcert" "$s1")"
# ...and a seal of 2020 is carried by the old certificate alone.
one 7501 2020-06-01 "$T/in-7501-old.jsonl" >"$T/s-2020"
check key-old-cert-date VALID "$(reason "$T/t-oldcert" "$(cat "$T/s-2020")")"
check key-old-cert-missing R-CERT-NOT-VALID "$(reason "$TR" "$(cat "$T/s-2020")")"

# --- Seals from the future. -----------------------------------------------
one 7501 2099-01-01 "$T/in-7501.jsonl" >"$T/s-future"
check future-date R-FUTURE-DATE "$(SEGEL_TODAY=2026-11-28 reason "$TR" "$(cat "$T/s-future")")"
one 7501 2026-11-27 "$T/in-7501.jsonl" >"$T/s-27"
check future-date-tomorrow R-FUTURE-DATE "$(SEGEL_TODAY=2026-11-26 reason "$TR" "$(cat "$T/s-27")")"
# A clock set back does not revive anything: today is never before the
# newest date of the trust material (the CRL of 2026-11-23)...
check future-clock-back VALID "$(SEGEL_TODAY=2020-01-01 reason "$TR" "$s1")"
# ...nor before the newest status list (dated 2026-11-25).
check future-status-date VALID "$(SEGEL_TODAY=2026-11-20 reason "$T/t-two" "$(one 7501 2026-11-25 "$T/in-7501.jsonl")")"

# --- The verifier judges the region too. -----------------------------------
# Seals made by an old signer that sealed what it was given (committed in
# formats/vectors/: today's segel-sign refuses to make them).
for c in region-missing region-outside; do
	check "$c" R-REGION "$(SEGEL_TODAY=2026-11-28 reason "$TR" \
	    "$(cat formats/vectors/$c/seal.txt)")"
done
