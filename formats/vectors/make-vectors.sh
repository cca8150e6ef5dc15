#!/bin/sh
# Re-create the conformance set (run from the top of the tree after
# `make`): the named trust sets under trust/ and one folder per case.
# Signatures are randomised (ECDSA) and status lists carry fresh
# signatures, so every run gives new bytes; the committed files are what
# the tests check.  Dates are fixed (--date, and `today` in each case's
# `expected`), so nothing here depends on the day it runs.  Needs bin/,
# jq, python3 and openssl.
set -eu
V=formats/vectors
PKI=testdata/pki
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export SEGEL_FORMATS=$PWD/formats LC_ALL=C.UTF-8 TZ=UTC
cp $PKI/keys/*.key.pem $PKI/certs/*.pem "$T/"
chmod 600 "$T"/*.pem
tool() { python3 $V/sealtool.py "$@"; }
kid() { awk -v n="$1" '$1 == n { print $2 }' $PKI/kids.txt; }

# Records: the largest akta kelahiran of testdata/render, and the first
# KK and akta of each regency from testdata/bulk.
bin/segel-intake -q testdata/bulk >"$T/all.jsonl" 2>/dev/null
rec=$(sed -n 2p testdata/render/largest.jsonl)
pick() { # pick TYPE REGION
	jq -c --arg t "$1" --arg r "$2." 'select(.type == $t and
	    (.errors // [] | length) == 0 and
	    (.fields.kode_wilayah | startswith($r)))' "$T/all.jsonl" | head -1
}
DN='Dinas Kependudukan dan Pencatatan Sipil'
# (a ledger gives a record back its first number and date: one ledger per
# issue date)
# signj LEDGER KEY CERT REGION DATE [RECORD]: the signed record
signj() {
	printf '%s\n' "${6:-$rec}" | bin/segel-sign \
	    --office "$DN ($4)" --region "$4" \
	    --official "Drs. MUHTAR NUNA, M.Si" --nip 196805121994031007 \
	    --key "$T/$2.key.pem" --cert "$T/$3.pem" \
	    --ledger "$T/$1.ledger" --date "$5" 2>/dev/null
}
# sign ...: the same, its seal text only
sign() {
	signj "$@" | jq -r .seal
}
# status LEDGER KEY CERT REGION DATE ARGS...: --revoke, --supersede or
# --status-list through segel-sign
status() {
	_l=$1 _k=$2 _c=$3 _r=$4 _d=$5
	shift 5
	bin/segel-sign --office "$DN ($_r)" --region "$_r" \
	    --official "Drs. MUHTAR NUNA, M.Si" --nip 196805121994031007 \
	    --key "$T/$_k.key.pem" --cert "$T/$_c.pem" --ledger "$T/$_l.ledger" \
	    --date "$_d" "$@" 2>/dev/null
}

# ---- trust sets -------------------------------------------------------------
rm -rf $V/trust
set_base() { # set_base NAME [EXTRA-CERT ...]
	mkdir -p $V/trust/$1
	cp $PKI/trust/* $V/trust/$1/
	_n=$1
	shift
	for _f in "$@"; do
		cp $PKI/certs/$_f $V/trust/$_n/
	done
}
set_base base
set_base no-stranger && rm $V/trust/no-stranger/stranger-7501.pem
set_base old-crl root-2021.crl.pem
set_base renewed issuer-1708-renewed.pem
set_base old-cert issuer-7501-2019.pem

# ---- cases ------------------------------------------------------------------
for d in $V/*/; do
	if [ -f "$d/expected" ] || [ -f "$d/verdict" ]; then
		rm -rf "$d"
	fi
done
# case NAME TRUST TODAY VERDICT REASON [OPENSSL CERT] < seal text
case_seal() {
	mkdir -p $V/$1
	cat >$V/$1/seal.txt
	{
		echo "input=seal.txt"
		echo "trust=$2"
		echo "today=$3"
		echo "verdict=$4"
		echo "reason=$5"
		[ -z "${6:-}" ] || echo "openssl=$6"
	} >$V/$1/expected
	if [ -n "${6:-}" ]; then
		tool split $V/$1/seal.txt $V/$1
		cp $PKI/certs/$7.pem $V/$1/cert.pem
	fi
}
case_file() { # case_file NAME FILE TRUST TODAY VERDICT REASON
	mkdir -p $V/$1
	cp "$2" $V/$1/input.${2##*.}
	printf 'input=input.%s\ntrust=%s\ntoday=%s\nverdict=%s\nreason=%s\n' \
	    "${2##*.}" "$3" "$4" "$5" "$6" >$V/$1/expected
}
D=2026-11-23 TODAY=2026-11-28

# Signatures, checkable by openssl alone.
s1=$(sign p256 issuer-7501 issuer-7501 75.01 $D)
echo "$s1" | case_seal p256-valid base $TODAY VALID VALID "Verified OK" issuer-7501
sign ed issuer-7501-ed25519 issuer-7501-ed25519 75.01 $D |
    case_seal ed25519-valid base $TODAY VALID VALID "Verified OK" issuer-7501-ed25519
st=$(sign stranger stranger-7501 stranger-7501 75.01 $D)
echo "$st" | case_seal p256-stranger base $TODAY INVALID R-UNTRUSTED-CHAIN \
    "Verified OK" stranger-7501
echo "$st" | case_seal unknown-key no-stranger $TODAY INVALID R-UNKNOWN-KEY \
    "Verified OK" stranger-7501
# One bit of the data changed after signing.
tool flip "$s1" 40 | case_seal p256-tampered base $TODAY INVALID \
    R-BAD-SIGNATURE "Verification failure" issuer-7501

# Format.
echo 'SG1:NOT A SEAL' | case_seal malformed base $TODAY INVALID R-MALFORMED

# Certificates.
sign exp issuer-7501-expired issuer-7501-expired 75.01 $D |
    case_seal cert-expired base $TODAY INVALID R-CERT-NOT-VALID "Verified OK" \
    issuer-7501-expired
sign exp2022 issuer-7501-expired issuer-7501-expired 75.01 2022-06-01 |
    case_seal cert-expired-later base $TODAY VALID VALID
r1708=$(pick akta-kelahiran 17.08)
sign rev issuer-1708-revoked issuer-1708-revoked 17.08 $D "$r1708" |
    case_seal cert-revoked base $TODAY INVALID R-CERT-REVOKED
r6409=$(pick akta-kelahiran 64.09)
sign sup issuer-6409-superseded issuer-6409-superseded 64.09 2024-05-31 "$r6409" |
    case_seal cert-superseded-before base $TODAY VALID VALID
sign sup2 issuer-6409-superseded issuer-6409-superseded 64.09 2024-06-01 "$r6409" |
    case_seal cert-superseded-after base $TODAY INVALID R-CERT-REVOKED

# Regions: the certificate's, and the document's own (re-signed seals a
# careful signer refuses to make).
sign reg issuer-7501 issuer-7501 17.08 $D "$r1708" |
    case_seal region-cert base $TODAY INVALID R-REGION
kk=$(sign kk issuer-7501 issuer-7501 75.01 $D "$(pick kk 75.01)")
echo "$kk" | case_seal kk-valid base $TODAY VALID VALID
tool region "$kk" "$T/issuer-7501.key.pem" - |
    case_seal region-missing base $TODAY INVALID R-REGION
tool region "$kk" "$T/issuer-7501.key.pem" 17.08.01.2001 |
    case_seal region-outside base $TODAY INVALID R-REGION

# Seals from the future; and a clock set back does not make the present
# future (today is never before the newest date of the trust material).
sign fut issuer-7501 issuer-7501 75.01 2026-12-01 |
    case_seal future-date base $TODAY INVALID R-FUTURE-DATE
echo "$s1" | case_seal clock-set-back base 2020-01-01 VALID VALID

# Status lists: 75.01 revokes one document and supersedes another.
r7501=$(pick akta-kelahiran 75.01)
ja=$(signj st issuer-7501 issuer-7501 75.01 $D "$r7501")
jb=$(signj st issuer-7501 issuer-7501 75.01 $D "$(pick kk 75.01)")
jc=$(signj st issuer-7501 issuer-7501 75.01 $D "$(pick akta-kematian 75.01)")
a=$(echo "$ja" | jq -r .seal) na=$(echo "$ja" | jq -r .issue.number)
b=$(echo "$jb" | jq -r .seal) nb=$(echo "$jb" | jq -r .issue.number)
c=$(echo "$jc" | jq -r .seal) nc=$(echo "$jc" | jq -r .issue.number)
status st issuer-7501 issuer-7501 75.01 2026-11-24 --revoke "$na" --reason "data keliru"
status st issuer-7501 issuer-7501 75.01 2026-11-24 --supersede "$nb" --by "$nc"
set_base status
status st issuer-7501 issuer-7501 75.01 2026-11-24 --status-list $V/trust/status/7501.status
echo "$a" | case_seal revoked status $TODAY INVALID R-REVOKED
echo "$b" | case_seal superseded status $TODAY INVALID R-SUPERSEDED
echo "$c" | case_seal status-not-listed status $TODAY VALID VALID

# Another office's genuine list (17.08, its own trusted key) names the
# 75.01 document as superseded, under a name read last: it is ignored.
set_base status-foreign
cp $V/trust/status/7501.status $V/trust/status-foreign/
printf 'SEGEL-STATUS 1\nissuer 17.08\nkid %s\ndate 2026-11-25\nsuperseded %s 1708-LT-25112026-0001 2026-11-25\n' \
    "$(kid issuer-1708)" "$na" >$V/trust/status-foreign/kepahiang.status
tool sign-status "$T/issuer-1708.key.pem" $V/trust/status-foreign/kepahiang.status
echo "$a" | case_seal status-foreign-office status-foreign $TODAY INVALID R-REVOKED

# Two lists of one office: the newer (date line) counts, not the file
# name.  The old list (2026-11-24) says superseded; the new one
# (2026-11-25) revoked; the old one sorts last.
set_base status-two
cp $V/trust/status/7501.status $V/trust/status-two/zz-old.status
status st issuer-7501 issuer-7501 75.01 2026-11-25 --revoke "$nb"
status st issuer-7501 issuer-7501 75.01 2026-11-25 --status-list $V/trust/status-two/7501.status
echo "$b" | case_seal status-newer-list status-two $TODAY INVALID R-REVOKED

# The newest CRL decides: an old empty CRL beside the current one.
sign rev2023 issuer-1708-revoked issuer-1708-revoked 17.08 2023-06-01 "$r1708" |
    case_seal crl-old-beside-new old-crl $TODAY INVALID R-CERT-REVOKED

# Several certificates for one key.
sign ren issuer-1708-revoked issuer-1708-renewed 17.08 $D "$r1708" |
    case_seal key-revoked-renewed renewed $TODAY INVALID R-CERT-REVOKED
echo "$s1" | case_seal key-old-cert old-cert $TODAY VALID VALID

# Files: a born-digital PDF whose metadata seal and page QR differ, and
# a picture with no code at all.
case_file pdf-tampered testdata/scans/akta-tampered.pdf base $TODAY INVALID R-TAMPERED
case_file pdf-valid testdata/scans/akta.pdf base $TODAY VALID VALID
python3 - "$T/blank.png" <<'PY'
import struct, sys, zlib
w, h = 200, 200
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
raw = b"".join(b"\0" + b"\xff" * w for _ in range(h))
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" +
    chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) +
    chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
PY
case_file unreadable "$T/blank.png" base $TODAY UNREADABLE none
chmod -R u+rwX,go+rX $V
echo "make-vectors: $(ls -d $V/*/expected | wc -l) cases under $V"
