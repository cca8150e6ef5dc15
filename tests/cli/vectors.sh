#!/bin/sh
# The seal test vectors (formats/vectors/), checked by openssl alone and by
# segel-verify.
. tests/cli/lib.sh
V="$BIN/segel-verify"
for d in formats/vectors/*/; do
	n=$(basename "$d")
	openssl x509 -in "$d/cert.pem" -pubkey -noout >"$T/pub.pem"
	flags=$(od -An -tx1 -j1 -N1 "$d/signed.bin" | tr -d ' ')
	if [ "$(( (0x$flags >> 1) & 7 ))" -eq 0 ]; then
		hex=$(cat "$d/signature.hex")
		printf 'asn1=SEQUENCE:sig\n[sig]\nr=INTEGER:0x%s\ns=INTEGER:0x%s\n' \
		    "$(echo "$hex" | cut -c1-64)" "$(echo "$hex" | cut -c65-128)" >"$T/sig.cnf"
		openssl asn1parse -genconf "$T/sig.cnf" -out "$T/sig.der" >/dev/null
		said=$(openssl dgst -sha256 -verify "$T/pub.pem" -signature "$T/sig.der" \
		    "$d/signed.bin" 2>&1 | head -1)
	else
		said=$(openssl pkeyutl -verify -pubin -inkey "$T/pub.pem" -rawin \
		    -in "$d/signed.bin" -sigfile "$d/signature.bin" 2>&1 | head -1)
		[ "$said" = "Signature Verified Successfully" ] && said="Verified OK"
		[ "$said" = "Signature Verification Failure" ] && said="Verification failure"
	fi
	[ "$said" = "$(cat "$d/openssl")" ] && ok "vector-$n-openssl" ||
	    nok "vector-$n-openssl" "openssl said \"$said\""
	[ "$(od -An -tx1 -v "$d/signed.bin" | tr -d ' \n')" = "$(tr -d '\n' <"$d/signed.hex")" ] &&
	    ok "vector-$n-hex" || nok "vector-$n-hex" "signed.hex is not signed.bin"
	got=$($V -t testdata/pki/trust --json "$(cat "$d/seal.txt")" | jq -r .reason)
	[ "$got" = "$(cat "$d/verdict")" ] && ok "vector-$n-verdict" ||
	    nok "vector-$n-verdict" "segel-verify said $got"
done
