#!/bin/sh
# make-pki.sh - build the test PKI under testdata/pki with the openssl
# command only.  Tests read the committed files and never call this script.
#
#   sh testdata/pki/make-pki.sh          (from anywhere) the extras only
#   sh testdata/pki/make-pki.sh --all    everything, new keys included
#
# With --all (or when there is no root key yet) every key, certificate and
# the CRL are made anew: keys, signatures and the CRL's thisUpdate change
# on every run, and every golden file and vector that holds a key id or a
# signature must be regenerated.  Without it only the extras at the end
# (second certificates for existing keys, an older CRL) are remade from
# the committed root and keys, so the existing files stay as they are.
set -eu
umask 077
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OPENSSL_CONF=/dev/null
# ca.cnf reads both; each openssl ca call sets its own.
export CADIR="$tmp" REGION=00

full=0
[ "${1:-}" = --all ] && full=1
[ -f "$here/keys/root.key.pem" ] || full=1
if [ $full = 1 ]; then
	rm -rf "$here/keys" "$here/certs" "$here/trust" "$here/kids.txt"
fi
mkdir -p "$here/keys" "$here/certs" "$here/trust"

cat >"$tmp/ca.cnf" <<'CNF'
[ ca ]
default_ca = segel_ca
[ segel_ca ]
dir              = $ENV::CADIR
database         = $dir/index.txt
serial           = $dir/serial
crlnumber        = $dir/crlnumber
new_certs_dir    = $dir/new
certificate      = $dir/ca.pem
private_key      = $dir/ca.key
default_md       = sha256
default_crl_days = 9000
policy           = policy_any
preserve         = yes
unique_subject   = no
email_in_dn      = no
copy_extensions  = none
crl_extensions   = crl_ext
[ policy_any ]
countryName            = optional
organizationName       = optional
organizationalUnitName = optional
commonName             = supplied
[ v3_root ]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
[ v3_issuer ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
subjectAltName         = URI:urn:segel:region:$ENV::REGION
[ v3_bundle ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
subjectAltName         = URI:urn:segel:trust-bundle
[ v3_bundle_region ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
subjectAltName         = URI:urn:segel:trust-bundle, URI:urn:segel:region:$ENV::REGION
[ crl_ext ]
authorityKeyIdentifier = keyid
[ req ]
distinguished_name = req_dn
prompt             = no
[ req_dn ]
CN = unused
CNF
CNF="$tmp/ca.cnf"

# newkey NAME ALG: a PKCS#8 private key in keys/NAME.key.pem (kept when
# it is already there: a second certificate for an existing key)
newkey() {
	[ -f "$here/keys/$1.key.pem" ] && return 0
	case $2 in
	p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	    -pkeyopt ec_param_enc:named_curve -out "$here/keys/$1.key.pem" ;;
	ed25519) openssl genpkey -algorithm ED25519 \
	    -out "$here/keys/$1.key.pem" ;;
	esac
}

# newca NAME: an empty openssl ca database in $tmp/NAME
newca() {
	mkdir -p "$tmp/$1/new"
	: >"$tmp/$1/index.txt"
	echo "unique_subject = no" >"$tmp/$1/index.txt.attr"
	echo 1000 >"$tmp/$1/serial"
	echo 01 >"$tmp/$1/crlnumber"
}

# root NAME SUBJECT: a self-signed root, 2020-01-01 to 2050-01-01
root() {
	newca "$1"
	newkey "$1" p256
	openssl req -config "$CNF" -new -key "$here/keys/$1.key.pem" \
	    -subj "$2" -utf8 -out "$tmp/$1.csr"
	CADIR="$tmp/$1" openssl ca -config "$CNF" -batch -utf8 -selfsign \
	    -keyfile "$here/keys/$1.key.pem" -in "$tmp/$1.csr" \
	    -startdate 20200101000000Z -enddate 20500101000000Z \
	    -extensions v3_root -notext -out "$here/certs/$1.pem" 2>/dev/null
	cp "$here/certs/$1.pem" "$tmp/$1/ca.pem"
	cp "$here/keys/$1.key.pem" "$tmp/$1/ca.key"
}

# issuer CA NAME ALG REGION START END O CN [KEY]: certs/NAME.pem for the
# key keys/KEY.key.pem (default NAME, made when missing); $EXT names the
# extension section (default v3_issuer)
issuer() {
	k=${9:-$2}
	newkey "$k" "$3"
	openssl req -config "$CNF" -new -key "$here/keys/$k.key.pem" \
	    -utf8 -subj "/C=ID/O=$7/CN=$8" -out "$tmp/$2.csr"
	REGION=$4 CADIR="$tmp/$1" openssl ca -config "$CNF" -batch -utf8 \
	    -in "$tmp/$2.csr" -startdate "$5" -enddate "$6" \
	    -extensions "${EXT:-v3_issuer}" -notext -out "$here/certs/$2.pem" \
	    2>/dev/null
}

# revoke CA NAME REASON DATE(YYMMDDHHMMSSZ): openssl ca records "now" as
# the revocation time, so the database entry is rewritten to DATE before
# the CRL is made.
revoke() {
	CADIR="$tmp/$1" openssl ca -config "$CNF" -batch \
	    -revoke "$here/certs/$2.pem" -crl_reason "$3" 2>/dev/null
	serial=$(openssl x509 -in "$here/certs/$2.pem" -noout -serial | sed 's/.*=//')
	awk -v s="$serial" -v d="$4" 'BEGIN { FS = OFS = "\t" }
	    $1 == "R" && $4 == s { split($3, a, ","); $3 = d "," a[2] } { print }' \
	    "$tmp/$1/index.txt" >"$tmp/$1/index.new"
	mv "$tmp/$1/index.new" "$tmp/$1/index.txt"
}

DN='Dinas Kependudukan dan Pencatatan Sipil'
V0=20210101000000Z V1=20450101000000Z

if [ $full = 1 ]; then
root root "/C=ID/O=Kementerian Dalam Negeri/CN=Kementerian Dalam Negeri - Ditjen Dukcapil - segel test root"
issuer root issuer-7501 p256 75.01 $V0 $V1 \
    'Pemerintah Kabupaten Gorontalo' "$DN Kabupaten Gorontalo"
issuer root issuer-1708 p256 17.08 $V0 $V1 \
    'Pemerintah Kabupaten Kepahiang' "$DN Kabupaten Kepahiang"
# ub-common-name is 64 characters: "Kab." keeps this CN inside it.
issuer root issuer-6409 p256 64.09 $V0 $V1 \
    'Pemerintah Kabupaten Penajam Paser Utara' "$DN Kab. Penajam Paser Utara"
issuer root issuer-5314 p256 53.14 $V0 $V1 \
    'Pemerintah Kabupaten Rote Ndao' "$DN Kabupaten Rote Ndao"
issuer root issuer-7501-ed25519 ed25519 75.01 $V0 $V1 \
    'Pemerintah Kabupaten Gorontalo' "$DN Kabupaten Gorontalo"
issuer root issuer-7501-expired p256 75.01 20200101000000Z 20221231235959Z \
    'Pemerintah Kabupaten Gorontalo' "$DN Kabupaten Gorontalo"
issuer root issuer-1708-revoked p256 17.08 $V0 $V1 \
    'Pemerintah Kabupaten Kepahiang' "$DN Kabupaten Kepahiang"
issuer root issuer-6409-superseded p256 64.09 $V0 $V1 \
    'Pemerintah Kabupaten Penajam Paser Utara' "$DN Kab. Penajam Paser Utara"
revoke root issuer-1708-revoked keyCompromise 240601000000Z
revoke root issuer-6409-superseded superseded 240601000000Z
CADIR="$tmp/root" openssl ca -config "$CNF" -batch -gencrl -crldays 9000 \
    -out "$here/certs/root.crl.pem" 2>/dev/null

# Not in trust/: a region URI the loader must refuse ("75.x1").
issuer root bad-region p256 75.x1 $V0 $V1 \
    'Pemerintah Kabupaten Gorontalo' "$DN Kabupaten Gorontalo"

root stranger-root "/C=ID/O=Bukan Pemerintah/CN=segel test root - not trusted"
issuer stranger-root stranger-7501 p256 75.01 $V0 $V1 \
    'Pemerintah Kabupaten Gorontalo' "$DN Kabupaten Gorontalo"

# One encrypted copy of the 75.01 key.
printf '%s\n' 'segel-uji-7501' >"$here/keys/pass-7501.txt"
openssl pkcs8 -topk8 -v2 aes-256-cbc -in "$here/keys/issuer-7501.key.pem" \
    -passout "file:$here/keys/pass-7501.txt" \
    -out "$here/keys/issuer-7501.enc.key.pem"

# The verifier's trust directory: the root, its CRL and every issuer,
# the stranger's issuer included (its root is not).
cp "$here/certs/root.pem" "$here/certs/root.crl.pem" "$here/trust/"
for c in "$here"/certs/issuer-*.pem "$here/certs/stranger-7501.pem"; do
	cp "$c" "$here/trust/"
done
fi

# Extras, made from the committed root and keys (the base above is left
# alone): the trust attacks of tests/cli/trust-attacks.sh and the
# conformance cases of formats/vectors/.  None of them is in trust/.
newca extra
cp "$here/certs/root.pem" "$tmp/extra/ca.pem"
cp "$here/keys/root.key.pem" "$tmp/extra/ca.key"
echo 2000 >"$tmp/extra/serial"
echo 00 >"$tmp/extra/crlnumber"
# A second, unrevoked certificate for the revoked (keyCompromise) 17.08 key.
issuer extra issuer-1708-renewed p256 17.08 $V0 $V1 \
    'Pemerintah Kabupaten Kepahiang' "$DN Kabupaten Kepahiang" \
    issuer-1708-revoked
# An old certificate for the 75.01 key, expired before any test seal.
issuer extra issuer-7501-2019 p256 75.01 20200101000000Z 20201231235959Z \
    'Pemerintah Kabupaten Gorontalo' "$DN Kabupaten Gorontalo" issuer-7501
# An old, empty CRL of the root (CRL number 0, thisUpdate 2021-01-01): a
# stale file beside root.crl.pem (number 1) that must not hide anything.
CADIR="$tmp/extra" openssl ca -config "$CNF" -batch -gencrl \
    -crl_lastupdate 20210101000000Z -crl_nextupdate 20450101000000Z \
    -out "$here/certs/root-2021.crl.pem" 2>/dev/null

# The trust bundle's signer (formats/trust.md): the root certifies it with
# the marker URI urn:segel:trust-bundle and no region, so it can sign a
# bundle and no seal, and an office's key can sign no bundle.
MIN='Kementerian Dalam Negeri'
EXT=v3_bundle issuer extra bundle p256 00 $V0 $V1 "$MIN" \
    "Ditjen Dukcapil - segel test trust bundle signer"
# Forgers: the 75.01 office's key with the marker beside its region, and
# a bundle signer the stranger root certifies (not a root of trust/).
EXT=v3_bundle_region issuer extra bundle-region p256 75.01 $V0 $V1 \
    'Pemerintah Kabupaten Gorontalo' "$DN Kabupaten Gorontalo" issuer-7501
newca stranger-extra
cp "$here/certs/stranger-root.pem" "$tmp/stranger-extra/ca.pem"
cp "$here/keys/stranger-root.key.pem" "$tmp/stranger-extra/ca.key"
echo 2000 >"$tmp/stranger-extra/serial"
EXT=v3_bundle issuer stranger-extra stranger-bundle p256 00 $V0 $V1 \
    'Bukan Pemerintah' 'segel test trust bundle - not trusted' stranger-7501

# Key ids computed by openssl alone, for the unit test to compare with.
for c in "$here"/certs/*.pem; do
	n=$(basename "$c" .pem)
	case $n in
	*.crl|issuer-1708-renewed|issuer-7501-2019|bundle-region|stranger-bundle)
		continue ;; # a kid twice
	esac
	k=$(openssl x509 -in "$c" -noout -pubkey |
	    openssl pkey -pubin -outform DER | sha256sum | cut -c1-16)
	printf '%s %s\n' "$n" "$k"
done >"$here/kids.txt"

chmod 600 "$here"/keys/*
chmod 644 "$here"/certs/* "$here"/trust/* "$here/kids.txt"
chmod 755 "$here/keys" "$here/certs" "$here/trust"
echo "make-pki: PKI written under $here"
