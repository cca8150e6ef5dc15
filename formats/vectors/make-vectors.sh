#!/bin/sh
# Re-create the seal test vectors (run from the top of the tree after
# `make`).  Signatures are randomised (ECDSA), so every run gives new
# files; the committed ones are what the tests check.
set -eu
V=formats/vectors
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export SEGEL_FORMATS=$PWD/formats
cp testdata/pki/keys/issuer-7501.key.pem testdata/pki/keys/issuer-7501-ed25519.key.pem \
    testdata/pki/keys/stranger-7501.key.pem "$T/"
chmod 600 "$T"/*.pem
rec=$(sed -n 2p testdata/render/largest.jsonl)
sign() { # sign NAME KEY CERT
	printf '%s\n' "$rec" | bin/segel-sign --office "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Gorontalo" \
	    --region 75.01 --official "Drs. MUHTAR NUNA, M.Si" --nip 196805121994031007 \
	    --key "$T/$2.key.pem" --cert "testdata/pki/certs/$3.pem" \
	    --ledger "$T/$1.ledger" --date 2026-11-23 2>/dev/null | jq -r .seal
}
write() { # write NAME SEALTEXT CERT VERDICT OPENSSL
	mkdir -p "$V/$1"
	printf '%s\n' "$2" >"$V/$1/seal.txt"
	python3 - "$V/$1" "$2" <<'PY'
import sys
d, text = sys.argv[1], sys.argv[2]
A = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
s = text[4:]
out = bytearray()
for i in range(0, len(s), 3):
    c = [A.index(x) for x in s[i:i + 3]]
    n = sum(v * 45 ** k for k, v in enumerate(c))
    out += n.to_bytes(2 if len(c) == 3 else 1, "big")
signed, sig = out[:-64], out[-64:]
open(d + "/signed.bin", "wb").write(signed)
open(d + "/signed.hex", "w").write(signed.hex() + "\n")
open(d + "/signature.hex", "w").write(sig.hex() + "\n")
open(d + "/signature.bin", "wb").write(sig)
PY
	cp "testdata/pki/certs/$3.pem" "$V/$1/cert.pem"
	printf '%s\n' "$4" >"$V/$1/verdict"
	printf '%s\n' "$5" >"$V/$1/openssl"
}
s1=$(sign p256 issuer-7501 issuer-7501)
write p256-valid "$s1" issuer-7501 VALID "Verified OK"
s2=$(sign ed issuer-7501-ed25519 issuer-7501-ed25519)
write ed25519-valid "$s2" issuer-7501-ed25519 VALID "Verified OK"
s3=$(sign stranger stranger-7501 stranger-7501)
write p256-stranger "$s3" stranger-7501 R-UNTRUSTED-CHAIN "Verified OK"
# One byte of the data changed after signing: the signature no longer fits.
t=$(python3 - "$s1" <<'PY'
import sys
A = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
text = sys.argv[1]; s = text[4:]
out = bytearray()
for i in range(0, len(s), 3):
    c = [A.index(x) for x in s[i:i + 3]]
    out += sum(v * 45 ** k for k, v in enumerate(c)).to_bytes(2 if len(c) == 3 else 1, "big")
out[40] ^= 0x01
r = ""
for i in range(0, len(out), 2):
    if i + 1 < len(out):
        n = out[i] * 256 + out[i + 1]
        r += A[n % 45] + A[n // 45 % 45] + A[n // 2025]
    else:
        r += A[out[i] % 45] + A[out[i] // 45]
print("SG1:" + r)
PY
)
write p256-tampered "$t" issuer-7501 R-BAD-SIGNATURE "Verification failure"
