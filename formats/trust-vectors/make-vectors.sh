#!/bin/sh
# make-vectors.sh - the trust bundle test vectors (formats/trust.md, "Test
# vectors"), made with the openssl command and sh alone, from the test
# PKI of testdata/pki (test keys only).  Run from the top of the tree:
#   sh formats/trust-vectors/make-vectors.sh
# Signatures are ECDSA: every run makes new bytes.
set -eu
here=formats/trust-vectors
pki=testdata/pki
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OPENSSL_CONF=/dev/null

# b64 FILE(PEM certificate or CRL) KIND: the DER in one base64 line
b64() {
	openssl "$2" -in "$1" -outform DER | openssl base64 -A
}
# sign KEY BODY: the sig line (64-byte raw r || s, base64) for BODY
sign() {
	openssl dgst -sha256 -sign "$1" -out "$tmp/sig.der" "$2"
	openssl asn1parse -inform DER -in "$tmp/sig.der" |
	    sed -n 's/.*INTEGER *://p' >"$tmp/rs"
	raw=$(while read -r h; do
		printf '%064s' "$h" | tr ' ' 0 | tail -c 64
	done <"$tmp/rs" | tr -d '\n')
	oct=$(printf '%s\n' "$raw" | fold -w2 | while read -r h; do
		printf '\\%03o' "0x$h"
	done)
	printf 'sig %s\n' "$(printf "$oct" | openssl base64 -A)"
}
# bundle SIGNER-CERT SIGNER-KEY SEQUENCE OUT
bundle() {
	{
		printf 'SEGEL-TRUST 1\nsequence %s\n' "$3"
		printf 'made 2026-11-28T00:00:00Z\nnext 2026-12-05T00:00:00Z\n'
		printf 'signer %s\n' "$(b64 "$1" x509)"
		printf 'root %s\n' "$(b64 "$here/trust/root.pem" x509)"
		printf 'cert %s\n' "$(b64 "$here/trust/issuer-7501.pem" x509)"
		printf 'crl %s\n' "$(b64 "$here/trust/root.crl.pem" crl)"
	} >"$tmp/body"
	cp "$tmp/body" "$4"
	sign "$2" "$tmp/body" >>"$4"
}

mkdir -p "$here/trust"
cp "$pki/certs/root.pem" "$pki/certs/root.crl.pem" \
    "$pki/certs/issuer-7501.pem" "$here/trust/"
cp "$pki/certs/root.pem" "$here/root.pem"
bundle "$pki/certs/bundle.pem" "$pki/keys/bundle.key.pem" 1 \
    "$here/valid.bundle"
sed 's/^sequence 1$/sequence 7/' "$here/valid.bundle" >"$here/changed.bundle"
bundle "$pki/certs/issuer-7501.pem" "$pki/keys/issuer-7501.key.pem" 2 \
    "$here/office-signed.bundle"
echo "make-vectors: trust bundle vectors written under $here"
