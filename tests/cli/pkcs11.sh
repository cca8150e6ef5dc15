#!/bin/sh
# Keys in a token (formats/profile.md, "A key in a token or HSM"): the
# Kabupaten Gorontalo key imported into a SoftHSM2 token made here, named
# by a PKCS#11 URI in the profile, signs seals that segel-verify and openssl
# take exactly as the file key's; a wrong PIN, a missing PIN, a missing
# token or key, a PIN in the URI and a token key that is not the
# certificate's stop the signer with exit 2 and use no number.
# segel-render signs its PDFs (PAdES) with the same token key, -j 2 too.
. tests/cli/lib.sh
S="$BIN/segel-sign" V="$BIN/segel-verify"
TR=testdata/pki/trust
D="--date 2026-11-23"
MOD=/usr/lib/softhsm/libsofthsm2.so

if ! command -v softhsm2-util >/dev/null 2>&1 || [ ! -f "$MOD" ]; then
	skip pkcs11 "softhsm2 is not installed (apt-get install softhsm2)"
	exit 0
fi

# Under ASan (make check-asan): the engine's own leaks at exit, not ours.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0
LSAN_OPTIONS=${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$PWD/tests/cli/pkcs11.lsan:print_suppressions=0
export ASAN_OPTIONS LSAN_OPTIONS

# A token of our own: SoftHSM2 keeps its tokens where its conf says.
mkdir -p "$T/hsm/tokens" "$T/p"
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' \
    "$T/hsm/tokens" >"$T/hsm/softhsm2.conf"
SOFTHSM2_CONF=$T/hsm/softhsm2.conf
export SOFTHSM2_CONF
PIN=7501-pin
softhsm2-util --init-token --free --label segel-7501 --pin $PIN \
    --so-pin 75017501 >/dev/null 2>&1
# softhsm2-util imports PKCS#8 PEM: the key as the office's operator would
openssl pkcs8 -topk8 -nocrypt -in testdata/pki/keys/issuer-7501.key.pem \
    -out "$T/hsm/k8.pem"
openssl pkcs8 -topk8 -nocrypt -in testdata/pki/keys/stranger-7501.key.pem \
    -out "$T/hsm/s8.pem"
softhsm2-util --import "$T/hsm/k8.pem" --token segel-7501 --label office \
    --id 7501 --pin $PIN >/dev/null 2>&1 &&
    softhsm2-util --import "$T/hsm/s8.pem" --token segel-7501 \
    --label stranger --id 0666 --pin $PIN >/dev/null 2>&1 &&
    ok pkcs11-token-made || nok pkcs11-token-made "softhsm2-util failed"
rm -f "$T/hsm/k8.pem" "$T/hsm/s8.pem"

printf '%s\n' $PIN >"$T/p/pin"
printf 'wrong-pin\n' >"$T/p/badpin"
cp testdata/pki/keys/issuer-7501.key.pem "$T/p/k.pem"
cp testdata/pki/certs/issuer-7501.pem testdata/pki/certs/issuer-1708.pem "$T/p/"
chmod 600 "$T/p/"*
URI="pkcs11:token=segel-7501;object=office?module-path=$MOD"
# profile PATH KEY [more settings]: the Gorontalo signer with KEY
profile() {
	cat >"$1" <<EOC
office = Dinas Kependudukan dan Pencatatan Sipil Kabupaten Gorontalo
region = 75.01
official = Drs. MUHTAR NUNA, M.Si
nip = 196805121994031007
key = $2
cert = issuer-7501.pem
ledger = ledger-$(basename "$1" .conf)
$3
EOC
}
profile "$T/p/token.conf" "$URI" "passphrase-file = pin"
profile "$T/p/file.conf" k.pem

$BIN/segel-intake -q testdata/bulk 2>/dev/null |
    SEGEL_TODAY=2026-11-23 $BIN/segel-validate -q 2>/dev/null |
    jq -c 'select(.fields.kode_wilayah | startswith("75.01."))' >"$T/in.jsonl"

# Round trip: every record signed on the token verifies VALID.
$S -p "$T/p/token.conf" $D "$T/in.jsonl" >"$T/tok.jsonl" 2>"$T/err"
rc=$?
n=$(wc -l <"$T/in.jsonl") m=$(wc -l <"$T/tok.jsonl")
jq -r .seal "$T/tok.jsonl" | $V -t $TR -q >"$T/v" 2>/dev/null
vrc=$? valid=$(grep -c '^VALID' "$T/v")
if [ $rc -eq 0 ] && [ "$n" -gt 0 ] && [ "$m" -eq "$n" ] && [ $vrc -eq 0 ] &&
    [ "$valid" -eq "$n" ]; then
	ok pkcs11-sign-verify
else
	nok pkcs11-sign-verify "sign rc $rc, $n in, $m signed; verify rc $vrc, $valid valid"
	cat "$T/err"
fi

# segel-render signs each PDF with the token's key, in its worker
# processes too (-j 2): pdfsig and segel-verify take every signature.
head -12 "$T/tok.jsonl" >"$T/tok12.jsonl"
mkdir -p "$T/pdf"
$BIN/segel-render -q -j 2 -p "$T/p/token.conf" -o "$T/pdf" "$T/tok12.jsonl" \
    >/dev/null 2>"$T/rerr"
rc=$? np=$(ls "$T/pdf" | wc -l) good=0
for f in "$T"/pdf/*.pdf; do
	pdfsig "$f" 2>/dev/null | grep -q 'Signature is Valid' &&
	    good=$((good + 1))
done
$V -q -t $TR --json "$T/pdf" 2>/dev/null |
    jq -r 'select(.verdict == "VALID" and .pdf_signature == "valid") | .verdict' \
    >"$T/pv"
if [ $rc -eq 0 ] && [ "$np" -eq 12 ] && [ $good -eq 12 ] &&
    [ "$(wc -l <"$T/pv")" -eq 12 ]; then
	ok pkcs11-render-pdf-signature
else
	nok pkcs11-render-pdf-signature "rc $rc, $np PDFs, $good pdfsig-valid, $(wc -l <"$T/pv") VALID with their PDF signature"
	cat "$T/rerr"
fi

# The same records signed with the key file: the same numbers, issue
# sections and seal lengths; only the signatures differ (ECDSA's nonce).
$S -p "$T/p/file.conf" $D "$T/in.jsonl" >"$T/file.jsonl" 2>/dev/null
jq -c '[.issue, (.seal | length)]' "$T/tok.jsonl" >"$T/tok.issue"
jq -c '[.issue, (.seal | length)]' "$T/file.jsonl" >"$T/file.issue"
if [ -s "$T/tok.issue" ] && cmp -s "$T/tok.issue" "$T/file.issue"; then
	ok pkcs11-same-as-file
else
	nok pkcs11-same-as-file "token and file seals differ beyond the signature"
fi

# openssl alone verifies a token seal: base45 decoded here, the last 64
# bytes r || s made DER, over SHA-256 of the signed bytes (formats/seal.md).
b45hex() {
	awk 'BEGIN {
		a = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
		for (i = 0; i < 45; i++) v[substr(a, i + 1, 1)] = i
	}
	{
		s = substr($0, 5)	# after "SG1:"
		for (i = 1; i <= length(s); i += 3) {
			c = v[substr(s, i, 1)] + 45 * v[substr(s, i + 1, 1)]
			if (i + 2 <= length(s)) {
				c += 2025 * v[substr(s, i + 2, 1)]
				printf "%02x%02x", int(c / 256), c % 256
			} else
				printf "%02x", c
		}
		print ""
	}'
}
openssl x509 -in testdata/pki/certs/issuer-7501.pem -pubkey -noout >"$T/pub.pem"
bad=0 k=0
for i in 1 2 3; do
	sed -n "${i}p" "$T/tok.jsonl" | jq -r .seal | b45hex >"$T/hex"
	len=$(($(wc -c <"$T/hex") - 1))
	body=$((len - 128))
	cut -c1-$body "$T/hex" |
	    perl -ne 'chomp; print pack("H*", $_)' >"$T/signed.bin"
	sig=$(cut -c$((body + 1))-$len "$T/hex")
	printf 'asn1=SEQUENCE:sig\n[sig]\nr=INTEGER:0x%s\ns=INTEGER:0x%s\n' \
	    "$(echo "$sig" | cut -c1-64)" "$(echo "$sig" | cut -c65-128)" \
	    >"$T/sig.cnf"
	if openssl asn1parse -genconf "$T/sig.cnf" -out "$T/sig.der" >/dev/null &&
	    openssl dgst -sha256 -verify "$T/pub.pem" -signature "$T/sig.der" \
	    "$T/signed.bin" >/dev/null 2>&1; then
		k=$((k + 1))
	else
		bad=$((bad + 1))
	fi
	# and not over other bytes: one signed byte changed
	printf 'x' | dd of="$T/signed.bin" bs=1 seek=20 conv=notrunc 2>/dev/null
	openssl dgst -sha256 -verify "$T/pub.pem" -signature "$T/sig.der" \
	    "$T/signed.bin" >/dev/null 2>&1 && bad=$((bad + 1))
done
[ $bad -eq 0 ] && [ $k -eq 3 ] && ok pkcs11-openssl-verifies ||
    nok pkcs11-openssl-verifies "$k verified, $bad wrong answers"

# The PIN from a descriptor, as a passphrase; the module by p11-kit's
# proxy when the URI names none (softhsm2 registers itself with p11-kit).
profile "$T/p/fd.conf" "pkcs11:token=segel-7501;object=office"
head -3 "$T/in.jsonl" >"$T/in3.jsonl"
$S -p "$T/p/fd.conf" $D --passphrase-fd 3 "$T/in3.jsonl" 3<"$T/p/pin" \
    >"$T/fd.jsonl" 2>"$T/err"
if [ $? -eq 0 ] && [ "$(jq -r .seal "$T/fd.jsonl" | $V -t $TR -q 2>/dev/null | grep -c '^VALID')" = 3 ]; then
	ok pkcs11-pin-fd-proxy
else
	nok pkcs11-pin-fd-proxy "$(cat "$T/err")"
fi

# fails NAME CODE PROFILE [FLAGS]: exit 2, CODE said, nothing out, and no
# number used (the ledger exactly as before, or not made at all).
fails() {
	name=$1 code=$2 conf=$3
	shift 3
	led=$T/p/ledger-$(basename "$conf" .conf)
	before=$(cat "$led" "$led.head" 2>/dev/null | cksum)
	$S -p "$conf" $D "$@" "$T/in3.jsonl" >"$T/out" 2>"$T/err"
	rc=$?
	after=$(cat "$led" "$led.head" 2>/dev/null | cksum)
	if [ $rc -eq 2 ] && grep -q "\[$code\]" "$T/err" && [ ! -s "$T/out" ] &&
	    [ "$before" = "$after" ]; then
		ok "$name"
	else
		nok "$name" "exit $rc, ledger $before -> $after: $(cat "$T/err")"
	fi
}
fails pkcs11-wrong-pin E-KEY-PIN "$T/p/token.conf" --passphrase-file "$T/p/badpin"
grep -q 'wrong PIN' "$T/err" || nok pkcs11-wrong-pin-said "$(cat "$T/err")"
profile "$T/p/nopin.conf" "$URI"
fails pkcs11-no-pin E-KEY-PIN "$T/p/nopin.conf"
fails pkcs11-no-object E-KEY-OBJECT "$T/p/token.conf" \
    --key "pkcs11:token=segel-7501;object=nosuch?module-path=$MOD"
fails pkcs11-no-token E-KEY-TOKEN "$T/p/token.conf" \
    --key "pkcs11:token=segel-1708;object=office?module-path=$MOD"
fails pkcs11-no-module E-KEY-PKCS11 "$T/p/token.conf" \
    --key "pkcs11:token=segel-7501;object=office?module-path=$T/none.so"
# A PIN in the URI is refused, and never repeated on stderr.
fails pkcs11-pin-in-uri E-KEY-URI "$T/p/nopin.conf" \
    --key "pkcs11:token=segel-7501;object=office?module-path=$MOD&pin-value=$PIN"
grep -q "$PIN" "$T/err" && nok pkcs11-pin-not-shown "the PIN is on stderr"
fails pkcs11-pin-source E-KEY-URI "$T/p/nopin.conf" \
    --key "pkcs11:token=segel-7501;object=office?pin-source=$T/p/pin"
# The URI names the key: not "the first key on the token".
fails pkcs11-no-key-named E-KEY-URI "$T/p/token.conf" --key pkcs11:token=segel-7501
# A forger's key on the office's token does not sign for the office's
# certificate; nor does the office's key for another office's.
fails pkcs11-stranger-key E-SIGN-CERT "$T/p/token.conf" \
    --key "pkcs11:token=segel-7501;object=stranger?module-path=$MOD"
fails pkcs11-other-cert E-SIGN-CERT "$T/p/token.conf" --cert "$T/p/issuer-1708.pem"
# A token label that is a prefix, or has a NUL, names no other token.
fails pkcs11-label-prefix E-KEY-TOKEN "$T/p/token.conf" \
    --key "pkcs11:token=segel;object=office?module-path=$MOD"
fails pkcs11-label-nul E-KEY-URI "$T/p/token.conf" \
    --key "pkcs11:token=segel-7501%00x;object=office?module-path=$MOD"
# The wrong PIN was tried once a run: the right one still works (SoftHSM
# does not lock; a real token would after a few).
$S -p "$T/p/token.conf" $D "$T/in3.jsonl" >/dev/null 2>&1 &&
    ok pkcs11-after-failures || nok pkcs11-after-failures "cannot sign any more"
