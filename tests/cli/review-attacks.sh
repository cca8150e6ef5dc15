#!/bin/sh
# Review of the trust/verifier fixes of issue 9 (lib/trust.c,
# lib/verify.c): what still gets a false VALID, or a wrongly INVALID
# genuine seal, out of segel-verify through the trust material.  Every
# check here failed on the code it was written against.
#
# The extra PKI (an intermediate CA, a CA that only borrows the root's
# name, a second root with the root's name, a certificate for next year)
# is made here with openssl from the committed root key; its keys are
# new on every run, so nothing here is a golden file.
. tests/cli/lib.sh
. tests/cli/lib-trust.sh
S="$BIN/segel-sign" V="$BIN/segel-verify" I="$BIN/segel-intake"
TR=testdata/pki/trust
setup_pki
P=$T/pki
export OPENSSL_CONF=/dev/null CADIR=$T   # ca.cnf names $ENV::CADIR

# one PROFILE DATE INPUT [sign args]: the seal of the first record
one() {
	p=$1 d=$2 in=$3
	shift 3
	head -1 "$in" | $S -p "$P/$p.conf" --date "$d" \
	    --ledger "$T/a-$p-$d-$$.ledger" "$@" 2>/dev/null | jq -r .seal
}
newkey() {
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	    -out "$P/$1.key.pem" 2>/dev/null && chmod 600 "$P/$1.key.pem"
}
CAKEYS=$P
write_ca_cnf
profile() {     # profile NAME KEY CERT
	cat >"$P/$1.conf" <<EOC
office = Dinas Kependudukan dan Pencatatan Sipil ($1)
region = 75.01
official = Drs. MUHTAR NUNA, M.Si
nip = 196805121994031007
key = $2.key.pem
cert = $3.pem
ledger = $1.ledger
EOC
}
ROOTDN="/C=ID/O=Kementerian Dalam Negeri/CN=Kementerian Dalam Negeri - Ditjen Dukcapil - segel test root"
V0=20210101000000Z V1=20450101000000Z

$I -q testdata/bulk >"$T/all.jsonl" 2>/dev/null
jq -c 'select(.type == "akta-kelahiran" and
    (.fields.kode_wilayah | startswith("75.01.")))' "$T/all.jsonl" |
    head -1 >"$T/in-7501.jsonl"
jq -c 'select(.fields.kode_wilayah | startswith("17.08."))' "$T/all.jsonl" |
    head -1 >"$T/in-1708.jsonl"
s_ok=$(one 7501 2026-11-23 "$T/in-7501.jsonl")
s_kc=$(one 1708-revoked 2026-11-23 "$T/in-1708.jsonl")
check baseline-valid VALID "$(reason "$TR" "$s_ok")"
check baseline-revoked R-CERT-REVOKED "$(reason "$TR" "$s_kc")"

# --- 1. A revoked intermediate CA is not checked. ---------------------------
# Root -> intermediate CA -> 75.01 issuer.  The root revokes the
# intermediate for keyCompromise and publishes its CRL; the verifier asks
# OpenSSL for X509_V_FLAG_CRL_CHECK (the leaf only), so the revocation of
# the CA above the issuer is never looked at: its seals stay VALID.
ca_init "$T/rca" "$P/root.pem" "$P/root.key.pem" 05
newkey inter
newkey via-inter
ca_sign "$T/rca" "/C=ID/O=Review/CN=segel review intermediate" inter v3_ca \
    $V0 $V1 "$P/inter.pem"
ca_init "$T/ica" "$P/inter.pem" "$P/inter.key.pem" 01
ca_sign "$T/ica" "/C=ID/O=Review/CN=review 75.01 via intermediate" via-inter \
    v3_issuer $V0 $V1 "$P/via-inter.pem"
CADIR=$T/rca openssl ca -config "$T/ca.cnf" -revoke "$P/inter.pem" \
    -crl_reason keyCompromise 2>/dev/null
CADIR=$T/rca openssl ca -config "$T/ca.cnf" -gencrl -out "$T/rca.crl.pem" 2>/dev/null
CADIR=$T/ica openssl ca -config "$T/ca.cnf" -gencrl -out "$T/ica.crl.pem" 2>/dev/null
mkdir -p "$T/t-inter"
cp "$P/root.pem" "$P/inter.pem" "$P/via-inter.pem" "$T/t-inter/"
cp "$T/rca.crl.pem" "$T/t-inter/root.crl.pem"
profile via-inter via-inter via-inter
s_inter=$(one via-inter 2026-11-23 "$T/in-7501.jsonl")
check intermediate-revoked R-CERT-REVOKED "$(reason "$T/t-inter" "$s_inter")"
# the intermediate's own (empty) CRL beside it changes nothing
cp "$T/ica.crl.pem" "$T/t-inter/inter.crl.pem"
check intermediate-revoked-with-own-crl R-CERT-REVOKED \
    "$(reason "$T/t-inter" "$s_inter")"

# --- 2. A CRL file may carry a root. ----------------------------------------
# The CRL is the file an operator refreshes from the CA's public address
# (it is signed, so fetching it looks safe).  Whatever a file is called,
# every certificate in it counts, and a self-signed one is a trusted
# root: a root.crl.pem that carries the forger's root beside the genuine
# CRL makes the forger's 75.01 certificate trusted.
trustdir t-crlroot
cat "$TR/root.crl.pem" "$P/stranger-root.pem" >"$T/t-crlroot/root.crl.pem"
s_forged=$(one stranger-7501 2026-11-23 "$T/in-7501.jsonl")
check forged-seal-baseline R-UNTRUSTED-CHAIN "$(reason "$TR" "$s_forged")"
got=$(reason "$T/t-crlroot" "$s_forged")
[ "$got" != VALID ] && ok crl-file-carries-root ||
    nok crl-file-carries-root "a forged seal is VALID: root.crl.pem added a root"

# --- 3. The newest CRL is chosen by issuer NAME. ---------------------------
# keep_newest_crls() groups CRLs by issuer name, and crl_signer() accepts
# any CA certificate of the directory, chained to a root or not.  A file
# holding a CA certificate that merely carries the root's name (issued by
# a stranger) and an empty CRL with CRL number 999999 signed by it throws
# the genuine root CRL away (W-TRUST-OLD-CRL); OpenSSL then finds no CRL
# it can use and every genuine seal becomes R-UNTRUSTED-CHAIN.  Wanted:
# such a CRL is refused at load (E-TRUST-CRL, as any CRL no trusted CA
# signed), or at least never replaces the root's own.
ca_init "$T/sca" "$P/stranger-root.pem" "$P/stranger-root.key.pem" 01
newkey namesake
ca_sign "$T/sca" "$ROOTDN" namesake v3_ca $V0 $V1 "$P/namesake.pem"
ca_init "$T/nca" "$P/namesake.pem" "$P/namesake.key.pem" 0F423F
CADIR=$T/nca openssl ca -config "$T/ca.cnf" -gencrl -out "$T/nca.crl.pem" 2>/dev/null
trustdir t-namesake
cat "$P/namesake.pem" "$T/nca.crl.pem" >"$T/t-namesake/zz-root-update.crl"
a=$(reason "$T/t-namesake" "$s_ok")
b=$(reason "$T/t-namesake" "$s_kc")
if [ -z "$a" ] && grep -q E-TRUST-CRL "$T/verr"; then
	ok crl-namesake-refused
elif [ "$a" = VALID ] && [ "$b" = R-CERT-REVOKED ]; then
	ok crl-namesake-refused
else
	nok crl-namesake-refused "genuine seal: '$a', revoked key: '$b'"
fi
# The careless operator's version: the root is renewed with a new key and
# the same name (a second trusted root), and its first CRL has a higher
# number than the old root's.  Both roots are trusted, yet the old
# root's CRL is dropped as "older" and all its issuers' seals fail.
newkey root2
openssl req -config "$T/ca.cnf" -new -key "$P/root2.key.pem" -subj "$ROOTDN" \
    -out "$T/root2.csr"
ca_init "$T/r2" /dev/null "$P/root2.key.pem" 09
CADIR=$T/r2 openssl ca -config "$T/ca.cnf" -batch -selfsign \
    -keyfile "$P/root2.key.pem" -in "$T/root2.csr" -extensions v3_root \
    -startdate 20260101000000Z -enddate 20560101000000Z -notext \
    -out "$P/root2.pem" 2>/dev/null
cp "$P/root2.pem" "$T/r2/ca.pem"
CADIR=$T/r2 openssl ca -config "$T/ca.cnf" -gencrl -out "$T/root2.crl.pem" 2>/dev/null
trustdir t-rollover
cp "$P/root2.pem" "$T/t-rollover/root-2026.pem"
cp "$T/root2.crl.pem" "$T/t-rollover/root-2026.crl.pem"
check crl-same-name-roots-valid VALID "$(reason "$T/t-rollover" "$s_ok")"
check crl-same-name-roots-revoked R-CERT-REVOKED "$(reason "$T/t-rollover" "$s_kc")"

# --- 4. A status list is judged at today, not at its date. -----------------
# 75.01's older key (issuer-7501-expired, valid until 2022-12-31) wrote a
# list while it was valid.  Its seals of 2022 stay VALID for ever (judged
# at their issue date), but the list that can revoke them is judged at
# today: once the certificate has expired the list is E-STATUS-SIGNATURE
# and the verifier refuses to judge anything at all.
trustdir t-oldlist
printf 'SEGEL-STATUS 1\nissuer 75.01\nkid %s\ndate 2022-12-01\n' \
    "$(kid issuer-7501-expired)" >"$T/t-oldlist/7501-2022.status"
sign_status "$P/issuer-7501-expired.key.pem" "$T/t-oldlist/7501-2022.status"
check status-list-of-expired-cert VALID "$(reason "$T/t-oldlist" "$s_ok")"

# The verifier's today moves forward as the lists load (in file-name
# order), and each list is judged at the today of the moment: a list
# dated 2046 (a wrong --date, say) makes every list that sorts after it
# be judged in 2046, when every certificate of the test PKI has expired,
# and the verifier refuses to start; renamed to sort last, the same
# list is harmless.  File order decides after all.
trustdir t-order
printf 'SEGEL-STATUS 1\nissuer 75.01\nkid %s\ndate 2046-01-01\n' \
    "$(kid issuer-7501)" >"$T/t-order/a-7501.status"
sign_status "$P/issuer-7501.key.pem" "$T/t-order/a-7501.status"
printf 'SEGEL-STATUS 1\nissuer 17.08\nkid %s\ndate 2026-11-25\n' \
    "$(kid issuer-1708)" >"$T/t-order/b-1708.status"
sign_status "$P/issuer-1708.key.pem" "$T/t-order/b-1708.status"
a=$(reason "$T/t-order" "$s_kc")
mv "$T/t-order/a-7501.status" "$T/t-order/z-7501.status"
b=$(reason "$T/t-order" "$s_kc")
[ "$a" = "$b" ] && ok status-file-order ||
    nok status-file-order "as a-7501.status: '$a'; as z-7501.status: '$b'"
# A status list that is not a regular file (a FIFO left in the trust
# directory) hangs segel-verify for ever: status_table_load() opens every
# *.status without the S_ISREG test trust_store_load() makes.
trustdir t-fifo
mkfifo "$T/t-fifo/7501.status"
expect status-fifo 2 "timeout 10 $V -t $T/t-fifo '$s_ok'"

# --- 5. Seals from the future. ----------------------------------------------
# (a) A certificate's notBefore is taken as a date "found in the trust
# material", so a renewal certificate issued ahead of time (valid from
# 2027-06-01) moves today to 2027-06-01 and a seal dated 2027-05-01
# becomes VALID on 2026-11-28.
newkey next-year
ca_init "$T/rca2" "$P/root.pem" "$P/root.key.pem" 07
ca_sign "$T/rca2" "/C=ID/O=Pemerintah Kabupaten Gorontalo/CN=Gorontalo 2027" \
    next-year v3_issuer 20270601000000Z 20470601000000Z "$P/next-year.pem"
trustdir t-nextyear
cp "$P/next-year.pem" "$T/t-nextyear/issuer-7501-2027.pem"
s_fut=$(one 7501 2027-05-01 "$T/in-7501.jsonl")
check future-notbefore R-FUTURE-DATE \
    "$(SEGEL_TODAY=2026-11-28 reason "$T/t-nextyear" "$s_fut")"
# (b) Issue dates are civil dates where the office is; today is the
# verifier's local date.  An office in Jayapura (UTC+9) seals a document
# at once; a verifier west of it checks it at the same moment: on a
# TZ=UTC machine that is R-FUTURE-DATE for every seal made between 00:00
# and 09:00 WIT.  (TZ=XXX+15 puts the verifier 24 hours west of Papua so
# that the check fails at any hour, not only after 15:00 UTC.)
# (The office here is 75.01, Gorontalo: WITA, UTC+8.  Its signer dates
# a seal by its own clock, TZ=Asia/Makassar; the verifier judges it
# against today in the office's zone, from the province of the issuer
# code, whatever its own TZ.)
s_papua=$(one 7501 "$(TZ=Asia/Makassar date +%F)" "$T/in-7501.jsonl")
check future-timezone VALID "$(TZ=XXX+15 reason "$TR" "$s_papua")"
# ... and the other way: a verifier far east of the office (UTC+14)
# does not accept a seal dated tomorrow in Gorontalo (the old rule, the
# verifier's own date, did from 10:00 UTC on).
s_tomorrow=$(one 7501 "$(TZ=Asia/Makassar date -d tomorrow +%F)" "$T/in-7501.jsonl")
check future-timezone-east R-FUTURE-DATE \
    "$(TZ=XXX-14 reason "$TR" "$s_tomorrow")"
