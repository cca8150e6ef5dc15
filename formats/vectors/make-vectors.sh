#!/bin/sh
# Re-create the conformance set (run from the top of the tree after
# `make`): the named trust sets under trust/ and one folder per case.
# Signatures are randomised (ECDSA) and status lists carry fresh
# signatures, so every run gives new bytes; the committed files are what
# the tests check.  Dates are fixed (--date, and `today` in each case's
# `expected`), so nothing here depends on the day it runs.  Needs bin/,
# jq, python3, openssl, qpdf and fix-qdf.
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
# oldrec REGION: a family card of REGION whose dates all come before
# 2020, for seals dated in the past (segel-sign runs the type's rules as
# of --date: a child born in 2025 has no akta of 2022)
oldrec() {
	jq -c --arg r "$1." 'select(.type == "kk" and
	    (.errors // [] | length) == 0 and
	    (.fields.kode_wilayah // "" | startswith($r)) and
	    ([.fields | .. | strings |
	    select(test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))] |
	    all(. < "2020-01-01")))' "$T/all.jsonl" | head -1
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
	# a seal segel-sign refused is a broken case, not an empty one
	if [ ! -s $V/$1/seal.txt ] || [ "$(cat $V/$1/seal.txt)" = null ]; then
		echo "make-vectors: $1: no seal (segel-sign refused it?)" >&2
		exit 1
	fi
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
sign exp2022 issuer-7501-expired issuer-7501-expired 75.01 2022-06-01 \
    "$(oldrec 75.01)" |
    case_seal cert-expired-later base $TODAY VALID VALID
r1708=$(pick akta-kelahiran 17.08)
sign rev issuer-1708-revoked issuer-1708-revoked 17.08 $D "$r1708" |
    case_seal cert-revoked base $TODAY INVALID R-CERT-REVOKED
r6409=$(oldrec 64.09)
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
sign rev2023 issuer-1708-revoked issuer-1708-revoked 17.08 2023-06-01 \
    "$(oldrec 17.08)" |
    case_seal crl-old-beside-new old-crl $TODAY INVALID R-CERT-REVOKED

# Several certificates for one key.
sign ren issuer-1708-revoked issuer-1708-renewed 17.08 $D "$r1708" |
    case_seal key-revoked-renewed renewed $TODAY INVALID R-CERT-REVOKED
echo "$s1" | case_seal key-old-cert old-cert $TODAY VALID VALID

# ---- a CA below the root, renewed roots, CRL files that carry more ---------
# A small openssl CA for the trust sets below (the root's committed key;
# keys made here are thrown away: only certificates and CRLs are kept).
export OPENSSL_CONF=/dev/null CADIR=$T CAKEYS=$T
. testdata/pki/ca.sh
write_ca_cnf
vkey() {
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	    -out "$T/$1.key.pem" 2>/dev/null && chmod 600 "$T/$1.key.pem"
}
# ca_crl CADIR OUT: the CA's CRL, thisUpdate 2026-11-20
ca_crl() {
	CADIR=$1 openssl ca -config "$T/ca.cnf" -gencrl \
	    -crl_lastupdate 20261120000000Z -crl_nextupdate 20510101000000Z \
	    -out "$2" 2>/dev/null
}
ROOTDN="/C=ID/O=Kementerian Dalam Negeri/CN=Kementerian Dalam Negeri - Ditjen Dukcapil - segel test root"
V0=20210101000000Z V1=20450101000000Z
# new_set NAME: an empty trust set
new_set() { rm -rf $V/trust/$1 && mkdir -p $V/trust/$1; }

# A 75.01 issuer below an intermediate CA that the root revoked for
# keyCompromise: every seal under it is void, though the issuer's own
# certificate is on no CRL (the intermediate's own, empty CRL beside it).
ca_init "$T/rca" $PKI/certs/root.pem "$T/root.key.pem" 05
vkey inter
vkey via-inter
ca_sign "$T/rca" "/C=ID/O=Kementerian Dalam Negeri/CN=segel test intermediate" \
    inter v3_ca $V0 $V1 "$T/inter.pem"
ca_init "$T/ica" "$T/inter.pem" "$T/inter.key.pem" 01
ca_sign "$T/ica" "/C=ID/O=Pemerintah Kabupaten Gorontalo/CN=$DN Kabupaten Gorontalo" \
    via-inter v3_issuer $V0 $V1 "$T/via-inter.pem"
CADIR=$T/rca openssl ca -config "$T/ca.cnf" -revoke "$T/inter.pem" \
    -crl_reason keyCompromise 2>/dev/null
new_set intermediate
cp $PKI/certs/root.pem $V/trust/intermediate/
ca_crl "$T/rca" $V/trust/intermediate/root.crl.pem
ca_crl "$T/ica" $V/trust/intermediate/intermediate.crl.pem
cp "$T/inter.pem" $V/trust/intermediate/intermediate.pem
cp "$T/via-inter.pem" $V/trust/intermediate/issuer-7501-via-intermediate.pem
sign inter via-inter via-inter 75.01 $D "$r7501" |
    case_seal intermediate-revoked intermediate $TODAY INVALID R-CERT-REVOKED

# The root renewed with a new key and the old name (a second root), with
# its own first CRL (number 9, higher than the old root's 1): each root's
# CRL speaks for the certificates that root issued.
vkey root2
openssl req -config "$T/ca.cnf" -new -key "$T/root2.key.pem" -subj "$ROOTDN" \
    -out "$T/root2.csr"
ca_init "$T/r2" /dev/null "$T/root2.key.pem" 09
CADIR=$T/r2 openssl ca -config "$T/ca.cnf" -batch -selfsign \
    -keyfile "$T/root2.key.pem" -in "$T/root2.csr" -extensions v3_root \
    -startdate 20260101000000Z -enddate 20560101000000Z -notext \
    -out "$T/root2.pem" 2>/dev/null
cp "$T/root2.pem" "$T/r2/ca.pem"
set_base renewed-root
cp "$T/root2.pem" $V/trust/renewed-root/root-2026.pem
ca_crl "$T/r2" $V/trust/renewed-root/root-2026.crl.pem
echo "$s1" | case_seal root-renewed-valid renewed-root $TODAY VALID VALID
sign rev issuer-1708-revoked issuer-1708-revoked 17.08 $D "$r1708" |
    case_seal root-renewed-revoked renewed-root $TODAY INVALID R-CERT-REVOKED

# A CRL file that carries a root beside the root's genuine CRL: a CRL
# file holds CRLs only, and the directory is refused.
set_base crl-with-root
cat $PKI/certs/root.crl.pem $PKI/certs/stranger-root.pem \
    >$V/trust/crl-with-root/root.crl.pem
echo "$st" | case_seal crl-file-with-root crl-with-root $TODAY REFUSED E-TRUST-CRL

# A CA that only borrows the root's name (issued by the stranger's root)
# and its "newer" CRL (number 999999): no CA that chains to a trusted
# root signed it, so the directory is refused.
ca_init "$T/sca" $PKI/certs/stranger-root.pem "$T/stranger-root.key.pem" 01
vkey namesake
ca_sign "$T/sca" "$ROOTDN" namesake v3_ca $V0 $V1 "$T/namesake.pem"
ca_init "$T/nca" "$T/namesake.pem" "$T/namesake.key.pem" 0F423F
set_base crl-namesake
cp "$T/namesake.pem" $V/trust/crl-namesake/namesake-ca.pem
ca_crl "$T/nca" $V/trust/crl-namesake/zz-root-update.crl
echo "$s1" | case_seal crl-namesake crl-namesake $TODAY REFUSED E-TRUST-CRL

# A renewal certificate issued ahead of time (valid from 2027-06-01) is
# not an "as of" date: a seal of 2027-05-01 is still from the future.
vkey next-year
ca_init "$T/rca2" $PKI/certs/root.pem "$T/root.key.pem" 07
ca_sign "$T/rca2" "/C=ID/O=Pemerintah Kabupaten Gorontalo/CN=$DN Kabupaten Gorontalo" \
    next-year v3_issuer 20270601000000Z 20470601000000Z "$T/next-year.pem"
set_base next-year
cp "$T/next-year.pem" $V/trust/next-year/issuer-7501-2027.pem
sign fut2027 issuer-7501 issuer-7501 75.01 2027-05-01 |
    case_seal future-notbefore next-year $TODAY INVALID R-FUTURE-DATE

# A status list written in 2022 by 75.01's older key, valid until the
# end of 2022: it is judged at its own date, so it still counts.
jx=$(signj exp2022b issuer-7501-expired issuer-7501-expired 75.01 2022-06-01 \
    "$(oldrec 75.01)")
set_base status-old-key
printf 'SEGEL-STATUS 1\nissuer 75.01\nkid %s\ndate 2022-12-01\nrevoked %s 2022-12-01\n' \
    "$(kid issuer-7501-expired)" "$(echo "$jx" | jq -r .issue.number)" \
    >$V/trust/status-old-key/7501-2022.status
tool sign-status "$T/issuer-7501-expired.key.pem" $V/trust/status-old-key/7501-2022.status
echo "$jx" | jq -r .seal |
    case_seal status-expired-key status-old-key $TODAY INVALID R-REVOKED

# Files: a born-digital PDF whose metadata seal and page QR differ, and
# a picture with no code at all.
case_file pdf-tampered testdata/scans/akta-tampered.pdf base $TODAY INVALID R-TAMPERED
case_file pdf-valid testdata/scans/akta.pdf base $TODAY VALID VALID

# Born-digital PDFs: a PDF is VALID only when its page shows what its seal
# says.  The attacks of tests/cli/page-attacks.sh, made by forge-pdf.sh
# from a genuine segel-render PDF (seal of 2026-11-23), rewritten by qpdf
# with compressed streams to keep them small; and their controls.
sh $V/forge-pdf.sh setup "$T/forge" bin
pdf_case() { # pdf_case NAME FORGE-CASE VERDICT REASON
	sh $V/forge-pdf.sh "$T/forge" "$2" "$T/forged.pdf"
	case $2 in
	genuine) cp "$T/forged.pdf" "$T/small.pdf" ;; # segel-render's own bytes
	*) qpdf --object-streams=generate --compress-streams=y \
	    --recompress-flate "$T/forged.pdf" "$T/small.pdf" ;;
	esac
	case_file "$1" "$T/small.pdf" base $TODAY "$3" "$4"
}
pdf_case pdf-genuine genuine VALID VALID
pdf_case pdf-no-metadata no-metadata VALID VALID
pdf_case pdf-meta-altered meta-altered INVALID R-TAMPERED
pdf_case pdf-meta-removed meta-removed INVALID R-TAMPERED
pdf_case pdf-invisible-text invisible-text INVALID R-TAMPERED
pdf_case pdf-white-box white-box INVALID R-TAMPERED
pdf_case pdf-other-qr other-qr INVALID R-TAMPERED
pdf_case pdf-added-page added-page INVALID R-TAMPERED
pdf_case pdf-scan scan VALID VALID
pdf_case pdf-ink-on-scan ink-on-scan INVALID R-TAMPERED
# the same attacks on a PDF that carries its own PDF signature
. $V/signed-pdf.sh
# a PDF made with a version 1 field list (before issue 9 grew the lists)
case_file pdf-seal-v1 testdata/render/seal-v1/7501-KIA-23112026-0001.pdf \
    base $TODAY VALID VALID
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
case_file unreadable "$T/blank.png" base $TODAY UNREADABLE E-SCAN-NO-CODE
chmod -R u+rwX,go+rX $V
echo "make-vectors: $(ls -d $V/*/expected | wc -l) cases under $V"
