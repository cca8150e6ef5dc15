#!/bin/sh
# The conformance set (formats/vectors/README.md): every case through
# segel-verify with its trust set and its day; the signature cases through
# plain openssl too.
. tests/cli/lib.sh
V="$BIN/segel-verify"
VEC=formats/vectors
get() { sed -n "s/^$1=//p" "$2/expected"; }
n=0
for d in $VEC/*/; do
	d=${d%/}
	[ -f "$d/expected" ] || continue
	c=$(basename "$d")
	n=$((n + 1))
	input=$(get input "$d") trust=$VEC/trust/$(get trust "$d")
	today=$(get today "$d") want=$(get verdict "$d") reason=$(get reason "$d")
	case $input in
	seal.txt) arg=$(cat "$d/seal.txt") ;;
	*) arg=$d/$input ;;
	esac
	rc=0
	SEGEL_TODAY=$today $V -t "$trust" --json "$arg" >"$T/out" 2>"$T/err" ||
	    rc=$?
	if [ "$want" = REFUSED ]; then
		# the trust set itself must be refused, with the reason's code
		grep -q "\[$reason\]" "$T/err" && [ "$rc" = 2 ] &&
		    [ ! -s "$T/out" ] && ok "vector-$c" ||
		    nok "vector-$c" "exit $rc, want 2 and [$reason]: $(head -c 300 "$T/err")"
		continue
	fi
	got=$(jq -r '.verdict + " " + (.reason // "none")' "$T/out" | sort -u |
	    tr '\n' ' ')
	[ "$got" = "$want $reason " ] && ok "vector-$c" ||
	    nok "vector-$c" "segel-verify said \"$got\", want \"$want $reason\""

	o=$(get openssl "$d")
	[ -n "$o" ] || continue
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
	[ "$said" = "$o" ] && ok "vector-$c-openssl" ||
	    nok "vector-$c-openssl" "openssl said \"$said\""
	[ "$(od -An -tx1 -v "$d/signed.bin" | tr -d ' \n')" = "$(tr -d '\n' <"$d/signed.hex")" ] &&
	    ok "vector-$c-hex" || nok "vector-$c-hex" "signed.hex is not signed.bin"
done
[ "$n" -ge 46 ] && ok vector-count || nok vector-count "only $n cases"

# Every reason segel-verify names in its --help has a case.
for r in $($V --help | sed -n '/^Reasons:/,/^$/p' | grep -o 'R-[A-Z-]*[A-Z]') VALID; do
	grep -qx "reason=$r" $VEC/*/expected && ok "vector-reason-$r" ||
	    nok "vector-reason-$r" "no case says $r"
done
