# lib-trust.sh - helpers for the tests that build trust material
# (trust-attacks.sh, trust-review.sh, review-attacks.sh); sourced after
# lib.sh, with $T, $V and $TR set.

# reason DIR SEAL [env...]: what segel-verify says of one seal ("" when
# it gave no verdict: the trust directory did not load)
reason() {
	$V -t "$1" --json "$2" 2>"$T/verr" | jq -r .reason 2>/dev/null
}
check() {
	[ "$3" = "$2" ] && ok "$1" || nok "$1" "segel-verify said '$3', want $2 ($(head -c 300 "$T/verr"))"
}
# trustdir NAME [CERTS-FILE:NAME-IN-DIR ...]: $T/NAME = trust/ + extras
trustdir() {
	d=$T/$1
	shift
	mkdir -p "$d" && cp $TR/* "$d/"
	for f in "$@"; do
		cp "testdata/pki/certs/${f%%:*}" "$d/${f#*:}"
	done
}
# sign_status KEY FILE: append the sig line (formats/status.md) to the
# body in FILE, signed with KEY (P-256) by openssl alone
sign_status() {
	openssl dgst -sha256 -sign "$1" -out "$T/st.der" "$2"
	openssl asn1parse -inform DER -in "$T/st.der" |
	    sed -n 's/.*INTEGER *://p' >"$T/st.rs"
	raw=$(while read -r h; do
		printf '%064s' "$h" | tr ' ' 0 | tail -c 64
	done <"$T/st.rs" | tr -d '\n')
	oct=$(printf '%s\n' "$raw" | fold -w2 | while read -r h; do
		printf '\\%03o' "0x$h"
	done)
	printf 'sig %s\n' "$(printf "$oct" | base64 -w0)" >>"$2"
}
kid() {
	awk -v n="$1" '$1 == n { print $2 }' testdata/pki/kids.txt
}
# Records signed on old dates must be valid then: segel-sign runs the
# type's rules as of --date: family cards whose dates all come before 2020.
old() {
	jq -c --arg r "$1" 'select(.type == "kk" and (.fields.kode_wilayah // "" |
	    startswith($r)) and ([.fields | .. | strings |
	    select(test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))] |
	    all(. < "2020-01-01")))' "$T/all.jsonl" | head -1
}
# write_ca_cnf, ca_init, ca_sign: the small openssl CA of testdata/pki
. testdata/pki/ca.sh
