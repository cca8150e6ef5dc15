#!/bin/sh
# Follow-ups to tests/cli/review-attacks.sh (the review of the issue-9
# trust fixes): what the fixes decided beyond the reviewer's checks.  A
# status list's key is judged at the list's date, so a revoked key's
# list counts up to its revocation and is skipped, with a notice, after
# it; a FIFO among the trust directory's certificate and CRL files is
# refused, never waited on; a partial CRL is refused; revocation is
# judged along the chain, per certificate of a key (an intermediate's
# compromise voids the certificates below it, not a key that another
# clean certificate vouches for; a leaf revoked by an intermediate's CRL
# revokes the key; an intermediate revoked for another reason voids the
# seals from that day on).
. tests/cli/lib.sh
. tests/cli/lib-trust.sh
S="$BIN/segel-sign" V="$BIN/segel-verify" I="$BIN/segel-intake"
TR=testdata/pki/trust
setup_pki

# status_list DIR FILE KEYNAME ISSUER DATE [LINES]: a signed list
status_list() {
	printf 'SEGEL-STATUS 1\nissuer %s\nkid %s\ndate %s\n%s' "$4" \
	    "$(kid "$3")" "$5" "${6:-}" >"$1/$2"
	sign_status "$T/pki/$3.key.pem" "$1/$2"
}

$I -q testdata/bulk >"$T/all.jsonl" 2>/dev/null
# A record signed on an old date must be valid then (segel-sign runs the
# type's rules as of --date): a family card whose dates all come before
# 2020.
jq -c 'select(.type == "kk" and (.fields.kode_wilayah // "" |
    startswith("64.09.")) and ([.fields | .. | strings |
    select(test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))] |
    all(. < "2020-01-01")))' "$T/all.jsonl" | head -1 >"$T/in-6409.jsonl"
jq -c 'select(.type == "akta-kelahiran" and
    (.fields.kode_wilayah | startswith("75.01.")))' "$T/all.jsonl" |
    head -1 >"$T/in-7501.jsonl"

# A 64.09 seal of 2024-05-01 by the key revoked as superseded on
# 2024-06-01: VALID (issued before the revocation).
j=$($S -p "$T/pki/6409.conf" --key "$T/pki/issuer-6409-superseded.key.pem" \
    --cert "$T/pki/issuer-6409-superseded.pem" --date 2024-05-01 \
    --ledger "$T/6409.ledger" "$T/in-6409.jsonl" 2>/dev/null)
seal=$(echo "$j" | jq -r .seal) num=$(echo "$j" | jq -r .issue.number)
check superseded-key-seal VALID "$(reason "$TR" "$seal")"

# The same key's list of 2024-05-15 (before the revocation) revokes the
# document: it counts, judged at its own date.
trustdir t-before
status_list "$T/t-before" 6409.status issuer-6409-superseded 64.09 2024-05-15 \
    "revoked $num 2024-05-15
"
check status-key-before-revocation R-REVOKED "$(reason "$T/t-before" "$seal")"

# Its list of 2024-07-01 (after the revocation) is not trusted: skipped,
# with a notice; the verifier still starts and judges.
trustdir t-after
status_list "$T/t-after" 6409.status issuer-6409-superseded 64.09 2024-07-01 \
    "revoked $num 2024-07-01
"
check status-key-after-revocation VALID "$(reason "$T/t-after" "$seal")"
grep -q '6409.status: the status list of 64.09 (2024-07-01) is ignored: the key that signed it is revoked.*\[W-STATUS-KEY-REVOKED\]' \
    "$T/verr" && ok status-key-revoked-notice ||
    nok status-key-revoked-notice "no notice: $(cat "$T/verr")"

# A list by the key revoked for keyCompromise: whoever holds the key
# could have written it, whatever its date.
trustdir t-comp
jq -c 'select(.fields.kode_wilayah | startswith("17.08."))' "$T/all.jsonl" |
    head -1 >"$T/in-1708.jsonl"
j=$($S -p "$T/pki/1708.conf" --date 2026-11-23 --ledger "$T/1708.ledger" \
    "$T/in-1708.jsonl" 2>/dev/null)
s1708=$(echo "$j" | jq -r .seal) n1708=$(echo "$j" | jq -r .issue.number)
status_list "$T/t-comp" 1708-x.status issuer-1708-revoked 17.08 2023-01-01 \
    "revoked $n1708 2023-01-01
"
check status-key-compromised VALID "$(reason "$T/t-comp" "$s1708")"
grep -q 'W-STATUS-KEY-REVOKED' "$T/verr" && ok status-key-compromised-notice ||
    nok status-key-compromised-notice "no notice: $(cat "$T/verr")"

# A FIFO named like a CRL (or a certificate) is refused at once.
s7501=$($S -p "$T/pki/7501.conf" --date 2026-11-23 --ledger "$T/7501.ledger" \
    "$T/in-7501.jsonl" 2>/dev/null | jq -r .seal)
trustdir t-fifo-crl
mkfifo "$T/t-fifo-crl/zz.crl.pem"
expect trust-fifo-crl 2 "timeout 10 $V -t $T/t-fifo-crl '$s7501'"
grep -q 'zz.crl.pem: not a regular file' "$T/err" && ok trust-fifo-crl-says ||
    nok trust-fifo-crl-says "$(cat "$T/err")"
trustdir t-fifo-pem
mkfifo "$T/t-fifo-pem/issuer-9999.pem"
expect trust-fifo-pem 2 "timeout 10 $V -t $T/t-fifo-pem '$s7501'"

# A CRL scoped by its issuingDistributionPoint (keyCompromise only, here)
# with a higher number than the root's complete CRL: taken for the
# root's newest CRL it would hide every other revocation, so the
# directory is refused.
export OPENSSL_CONF=/dev/null
mkdir -p "$T/pca" && : >"$T/pca/index.txt"
echo 32 >"$T/pca/crlnumber"
cat >"$T/pca.cnf" <<CNF
[ ca ]
default_ca = c
[ c ]
database         = $T/pca/index.txt
crlnumber        = $T/pca/crlnumber
certificate      = $T/pki/root.pem
private_key      = $T/pki/root.key.pem
default_md       = sha256
default_crl_days = 9000
crl_extensions   = crl_idp
[ crl_idp ]
authorityKeyIdentifier   = keyid
issuingDistributionPoint = critical, @idp
[ idp ]
fullname        = URI:http://crl.invalid/root.crl
onlysomereasons = keyCompromise
CNF
openssl ca -config "$T/pca.cnf" -gencrl -out "$T/partial.crl.pem" 2>"$T/ossl.err" ||
    cat "$T/ossl.err"
trustdir t-partial
cp "$T/partial.crl.pem" "$T/t-partial/zz-partial.crl.pem"
expect crl-partial-refused 2 "$V -t $T/t-partial '$s7501'"
grep -q 'zz-partial.crl.pem: a CRL for some reasons only.*\[E-TRUST-CRL\]' "$T/err" &&
    ok crl-partial-says || nok crl-partial-says "$(cat "$T/err")"

# --- An intermediate CA and a key with two certificates. --------------------
# Key kx has certificate A from an intermediate CA and certificate B from
# the root.  (ca.cnf as in review-attacks.sh.)
export CADIR=$T CAKEYS=$T/pki
V0=20210101000000Z V1=20450101000000Z
write_ca_cnf
newkey() {
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	    -out "$T/pki/$1.key.pem" 2>/dev/null && chmod 600 "$T/pki/$1.key.pem"
}
crl() {         # crl CADIR OUT
	CADIR=$1 openssl ca -config "$T/ca.cnf" -gencrl -out "$2" 2>/dev/null
}
revoke() {      # revoke CADIR CERT REASON
	CADIR=$1 openssl ca -config "$T/ca.cnf" -revoke "$2" \
	    -crl_reason "$3" 2>/dev/null
}
# setup: fresh CAs; the root's CRL number above the committed one's
setup() {
	ca_init "$T/rca" "$T/pki/root.pem" "$T/pki/root.key.pem" 10
	ca_sign "$T/rca" "/C=ID/O=Review/CN=trust-review intermediate" inter \
	    v3_ca $V0 $V1 "$T/inter.pem"
	ca_init "$T/ica" "$T/inter.pem" "$T/pki/inter.key.pem" 01
	ca_sign "$T/ica" "/C=ID/O=Review/CN=75.01 kx via intermediate" kx \
	    v3_issuer $V0 $V1 "$T/kx-a.pem"
	ca_sign "$T/rca" "/C=ID/O=Review/CN=75.01 kx from the root" kx \
	    v3_issuer $V0 $V1 "$T/kx-b.pem"
}
# tdir NAME CERTS...: root.pem, the two CAs' CRLs, and the certificates
tdir() {
	n=$1
	shift
	rm -rf "$T/$n" && mkdir -p "$T/$n"
	cp "$T/pki/root.pem" "$T/$n/root.pem"
	crl "$T/rca" "$T/$n/root.crl.pem"
	crl "$T/ica" "$T/$n/inter.crl.pem"
	for c in "$@"; do cp "$T/$c.pem" "$T/$n/"; done
}
cat >"$T/pki/kx.conf" <<EOC
office = Dinas Kependudukan dan Pencatatan Sipil (kx)
region = 75.01
official = Drs. MUHTAR NUNA, M.Si
nip = 196805121994031007
key = kx.key.pem
cert = kx-b.pem
ledger = kx.ledger
EOC
newkey inter
newkey kx
setup
cp "$T/kx-b.pem" "$T/pki/"
s_kx=$($S -p "$T/pki/kx.conf" --date 2026-11-23 --ledger "$T/kx.ledger" \
    "$T/in-7501.jsonl" 2>/dev/null | jq -r .seal)
tdir t-kx inter kx-a kx-b
check kx-baseline VALID "$(reason "$T/t-kx" "$s_kx")"

# The intermediate revoked for keyCompromise voids certificate A only:
# certificate B, from the root, still vouches for the key.
revoke "$T/rca" "$T/inter.pem" keyCompromise
tdir t-kx-inter inter kx-a kx-b
check kx-inter-revoked-other-cert VALID "$(reason "$T/t-kx-inter" "$s_kx")"
tdir t-kx-inter-a inter kx-a
check kx-inter-revoked-only-cert R-CERT-REVOKED \
    "$(reason "$T/t-kx-inter-a" "$s_kx")"

# Certificate A revoked for keyCompromise by the intermediate's own CRL:
# the key is revoked, whatever certificate B says.
setup
revoke "$T/ica" "$T/kx-a.pem" keyCompromise
tdir t-kx-leaf inter kx-a kx-b
check kx-leaf-revoked-by-intermediate R-CERT-REVOKED \
    "$(reason "$T/t-kx-leaf" "$s_kx")"

# The intermediate revoked for cessationOfOperation today: seals before
# today stand, seals of today do not (the date rule, along the chain).
setup
revoke "$T/rca" "$T/inter.pem" cessationOfOperation
tdir t-kx-cease inter kx-a
check kx-inter-ceased-before VALID "$(reason "$T/t-kx-cease" "$s_kx")"
s_kx_now=$($S -p "$T/pki/kx.conf" --date "$(date -u +%F)" --ledger "$T/kx2.ledger" \
    "$T/in-7501.jsonl" 2>/dev/null | jq -r .seal)
check kx-inter-ceased-after R-CERT-REVOKED "$(reason "$T/t-kx-cease" "$s_kx_now")"
