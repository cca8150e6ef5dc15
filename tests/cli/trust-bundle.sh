#!/bin/sh
# The trust bundle (formats/trust.md): segel-trust bundle, show and check,
# segel-sign --bundle, the forgeries a bundle must refuse, and the
# openssl recipe on the committed vectors.
. tests/cli/lib.sh
TT="$BIN/segel-trust" S="$BIN/segel-sign" V="$BIN/segel-verify"
TR=testdata/pki/trust
export SEGEL_TODAY=2026-11-28
setup_pki
. tests/cli/lib-trust.sh
P=$T/pki
# mk OUT [DIR] [more options]: a bundle of DIR (default trust/) with the
# test bundle key
mk() {
	o=$1 d=${2:-$TR}
	shift
	[ $# -gt 0 ] && shift
	$TT bundle -q -t "$d" -k "$P/bundle.key.pem" -c "$P/bundle.pem" \
	    -o "$o" "$@"
}
# code FILE: the [CODE] of the last diagnostic in FILE
code() {
	sed -n 's/.*\[\([A-Z0-9-]*\)\]$/\1/p' "$1" | tail -1
}
# want NAME STATUS CODE CMD...: exit status and the code it names
want() {
	n=$1 st=$2 c=$3
	shift 3
	sh -c "$*" >"$T/w.out" 2>"$T/w.err"
	rc=$? got=$(code "$T/w.err")
	if [ "$rc" = "$st" ] && [ "$got" = "$c" ]; then
		ok "$n"
	else
		nok "$n" "exit $rc [$got], want $st [$c]: $(head -c 300 "$T/w.err")"
	fi
}
# resign IN OUT KEY CERT: IN with its signer line replaced by CERT and
# signed again with KEY by openssl alone (a forger who holds KEY)
resign() {
	sed '/^sig /,$d' "$1" |
	    awk -v c="$(openssl x509 -in "$4" -outform DER | openssl base64 -A)" \
	    '/^signer / { print "signer " c; next } { print }' >"$2"
	sign_status "$3" "$2"
}

# ---- made, shown, checked
golden trust-bundle-make "$TT bundle -t $TR -k $P/bundle.key.pem -c $P/bundle.pem -o $T/b1"
want trust-bundle-check 0 "" "$TT check $T/b1"
golden trust-bundle-show "$TT show $T/b1"
$TT show --json "$T/b1" >"$T/j"
if [ "$(jq -r '[.sequence, (.roots | length), (.offices | length),
    (.crls[0].revoked), (.types | length), .overdue] | @tsv' "$T/j")" = \
    "$(printf '1\t1\t8\t2\t7\tfalse')" ] &&
    [ "$(jq -r '.roots[0].sha256' "$T/j")" = "$(openssl x509 -in \
    testdata/pki/certs/root.pem -outform DER | sha256sum | cut -c1-64)" ]
then
	ok trust-bundle-show-json
else
	nok trust-bundle-show-json "$(head -c 300 "$T/j")"
fi
# what no root vouches for is left out, and said so
grep -q 'stranger-7501.pem.*left out.*W-BUNDLE-LEFT-OUT' "$G/trust-bundle-make.err" &&
    ok trust-bundle-left-out || nok trust-bundle-left-out "no notice"
# the region tables are trimmed to the offices
base64_of() { sed -n "s|^file $1 ||p" "$2" | openssl base64 -d -A; }
base64_of wilayah/wilayah_2025.csv "$T/b1" >"$T/wil"
if grep -q '^75.01.09.2006,' "$T/wil" && grep -q '^75,' "$T/wil" &&
    ! grep -q '^11' "$T/wil" && [ "$(head -1 "$T/wil" | tr -d '\r')" = kode,nama ]; then
	ok trust-bundle-regions-trimmed
else
	nok trust-bundle-regions-trimmed "$(head -3 "$T/wil")"
fi
# the committed test bundle (testdata/pki/trust.bundle) still checks
want trust-bundle-committed 0 "" "$TT check testdata/pki/trust.bundle"

# ---- a changed byte, a cut, parser attacks: refused whole
sed 's/^sequence 1$/sequence 9/' "$T/b1" >"$T/flip"
want trust-bundle-flipped 1 E-BUNDLE-SIGNATURE "$TT check $T/flip"
# a byte flipped inside an item's base64 (a certificate)
awk '/^cert / && !done { sub(/A/, "B"); done = 1 } { print }' "$T/b1" >"$T/flip2"
want trust-bundle-flipped-item 1 E-BUNDLE-SIGNATURE "$TT check $T/flip2"
head -c 5000 "$T/b1" >"$T/cut"
want trust-bundle-cut 1 E-BUNDLE "$TT check $T/cut"
sed '/^sig /d' "$T/b1" >"$T/nosig"
want trust-bundle-no-sig 1 E-BUNDLE "$TT check $T/nosig"
{ cat "$T/b1"; echo "root AAAA"; } >"$T/after"
want trust-bundle-after-sig 1 E-BUNDLE "$TT check $T/after"
awk 'NR == 6 { print "sequence 2" } { print }' "$T/b1" >"$T/dup"
want trust-bundle-dup-head 1 E-BUNDLE "$TT check $T/dup"
sed 's/$/\r/' "$T/b1" >"$T/crlf"
want trust-bundle-crlf 1 E-BUNDLE "$TT check $T/crlf"
grep -q 'the bundle.s signature does not verify' "$T/w.err" &&
    nok trust-bundle-crlf-where "signature checked before the syntax" ||
    ok trust-bundle-crlf-where

# ---- forgers
# an office's key (it chains to the same root) signs a bundle
resign "$T/b1" "$T/office" "$P/issuer-7501.key.pem" "$P/issuer-7501.pem"
want trust-bundle-office-signed 1 E-BUNDLE-SIGNER "$TT check $T/office"
# ... with a certificate carrying the marker beside its region
resign "$T/b1" "$T/offmark" "$P/issuer-7501.key.pem" "$P/bundle-region.pem"
want trust-bundle-office-marked 1 E-BUNDLE-SIGNER "$TT check $T/offmark"
grep -q 'also names regions' "$T/w.err" && ok trust-bundle-office-marked-why ||
    nok trust-bundle-office-marked-why "$(cat "$T/w.err")"
# a bundle signer that a stranger root certifies
resign "$T/b1" "$T/strange" "$P/stranger-7501.key.pem" "$P/stranger-bundle.pem"
want trust-bundle-stranger-signer 1 E-BUNDLE-SIGNER "$TT check $T/strange"
# segel-trust itself will not sign with either
want trust-bundle-make-office 2 E-BUNDLE-SIGNER \
    "$TT bundle -t $TR -k $P/issuer-7501.key.pem -c $P/issuer-7501.pem -o $T/x1"
[ ! -e "$T/x1" ] && ok trust-bundle-make-office-nothing ||
    nok trust-bundle-make-office-nothing "a file was written"
want trust-bundle-make-stranger 2 E-BUNDLE-SIGNER \
    "$TT bundle -t $TR -k $P/stranger-7501.key.pem -c $P/stranger-bundle.pem -o $T/x2"
# a whole stranger PKI: a bundle good on its own, refused by --root and
# --against
mkdir -p "$T/sdir"
cp testdata/pki/certs/stranger-root.pem "$T/sdir/root-stranger.pem"
cp testdata/pki/certs/stranger-7501.pem "$T/sdir/"
$TT bundle -q -t "$T/sdir" -k "$P/stranger-7501.key.pem" \
    -c "$P/stranger-bundle.pem" -o "$T/sb" 2>"$T/err"
want trust-bundle-stranger-alone 0 "" "$TT check $T/sb"
want trust-bundle-root-pinned 0 "" "$TT check --root testdata/pki/certs/root.pem $T/b1"
want trust-bundle-root-stranger 1 E-BUNDLE-ROOT \
    "$TT check --root testdata/pki/certs/root.pem $T/sb"
want trust-bundle-root-other 1 E-BUNDLE-ROOT \
    "$TT check --root testdata/pki/certs/stranger-root.pem $T/b1"
want trust-bundle-against-stranger 1 E-BUNDLE-ROOT "$TT check --against $T/b1 $T/sb"

# ---- sequence: updates go up, never back
cp "$T/b1" "$T/b2"
mk "$T/b2"
[ "$($TT show --json "$T/b2" | jq .sequence)" = 2 ] && ok trust-bundle-sequence-next ||
    nok trust-bundle-sequence-next "not 2"
want trust-bundle-against-update 0 "" "$TT check --against $T/b1 $T/b2"
want trust-bundle-against-rollback 1 E-BUNDLE-SEQUENCE "$TT check --against $T/b2 $T/b1"
want trust-bundle-against-replay 1 E-BUNDLE-SEQUENCE "$TT check --against $T/b2 $T/b2"
SEGEL_TODAY=2026-11-20 mk "$T/back" "$TR" --sequence 5
want trust-bundle-against-backdated 1 E-BUNDLE-SEQUENCE "$TT check --against $T/b1 $T/back"
cp "$T/b2" "$T/b2.before"
want trust-bundle-no-rollback 2 E-BUNDLE-SEQUENCE \
    "$TT bundle -t $TR -k $P/bundle.key.pem -c $P/bundle.pem -o $T/b2 --sequence 2"
cmp -s "$T/b2" "$T/b2.before" && ok trust-bundle-no-rollback-kept ||
    nok trust-bundle-no-rollback-kept "the bundle changed"
# ---- install: where segel-verify looks, updates only
H="env -u SEGEL_TRUST XDG_DATA_HOME=$T/home"
IB=$T/home/segel/trust.bundle
want trust-install-first-unpinned 2 E-BUNDLE-INSTALL "$H $TT install $T/b1"
[ ! -e "$T/home" ] && ok trust-install-first-unpinned-nothing ||
    nok trust-install-first-unpinned-nothing "a bundle was installed"
want trust-install-first-stranger 1 E-BUNDLE-ROOT \
    "$H $TT install --root testdata/pki/certs/root.pem $T/sb"
want trust-install-first 0 "" "$H $TT install --root testdata/pki/certs/root.pem $T/b1"
cmp -s "$IB" "$T/b1" && ok trust-install-first-bytes ||
    nok trust-install-first-bytes "not the bundle's bytes"
want trust-install-same 0 "" "$H $TT install $T/b1"
want trust-install-update 0 "" "$H $TT install $T/b2"
cmp -s "$IB" "$T/b2" && ok trust-install-update-bytes ||
    nok trust-install-update-bytes "not the update's bytes"
# a rollback, a backdated bundle and a stranger's are refused, --root or
# not, and the installed bundle stays
want trust-install-rollback 1 E-BUNDLE-SEQUENCE "$H $TT install $T/b1"
want trust-install-rollback-pinned 1 E-BUNDLE-SEQUENCE \
    "$H $TT install --root testdata/pki/certs/root.pem $T/b1"
want trust-install-backdated 1 E-BUNDLE-SEQUENCE "$H $TT install $T/back"
want trust-install-stranger 1 E-BUNDLE-ROOT "$H $TT install $T/sb"
want trust-install-flipped 1 E-BUNDLE-SIGNATURE "$H $TT install $T/flip"
cmp -s "$IB" "$T/b2" && ok trust-install-kept ||
    nok trust-install-kept "the installed bundle changed"
# segel-verify finds it there with no -t (-v names the trust it used)
$H $V -v -q SG1:X 2>&1 | grep -q "^segel-verify: trust: $IB (bundle 2," &&
    ok trust-install-found || nok trust-install-found "$($H $V -v -q SG1:X 2>&1 | head -3)"
# a damaged installed bundle is replaced only with --root
echo 'SEGEL-TRUST 1 damaged' >"$IB"
want trust-install-damaged 2 E-BUNDLE-INSTALL "$H $TT install $T/b2"
want trust-install-damaged-pinned 0 "" "$H $TT install --root testdata/pki/certs/root.pem $T/b2"
want trust-install-to 0 "" "$TT install --root testdata/pki/certs/root.pem --to $T/sys.bundle $T/b1"
want trust-install-against 2 "" "$H $TT install --against $T/b1 $T/b2"
echo 'not a bundle' >"$T/other"
want trust-bundle-output-other 2 E-BUNDLE-OUTPUT \
    "$TT bundle -t $TR -k $P/bundle.key.pem -c $P/bundle.pem -o $T/other"
mk "$T/b40" "$TR" --sequence 40 --next 1
j=$($TT show --json "$T/b40" | jq -c '[.sequence, .next]')
[ "$j" = '[40,"2026-11-29T00:00:00Z"]' ] && ok trust-bundle-options ||
    nok trust-bundle-options "$j"
SEGEL_TODAY=2026-12-01 $TT show "$T/b40" | grep -q OVERDUE &&
    ok trust-bundle-overdue || nok trust-bundle-overdue "not said"

# ---- status lists: verified before they go in
mkdir -p "$T/st"
cp $TR/* "$T/st/"
$S -p "$P/7501.conf" --date 2026-11-20 --status-list "$T/st/7501-old.status" 2>/dev/null
$S -p "$P/7501.conf" --date 2026-11-27 --status-list "$T/st/7501.status" 2>/dev/null
$TT bundle -t "$T/st" -k "$P/bundle.key.pem" -c "$P/bundle.pem" \
    -o "$T/bs" 2>"$T/err"
j=$($TT show --json "$T/bs" | jq -c '[.status_lists[] | [.file, .office, .date, .age_days]]')
[ "$j" = '[["7501.status","75.01","2026-11-27",1]]' ] && ok trust-bundle-status-newest ||
    nok trust-bundle-status-newest "$j"
grep -q '7501-old.status.*older status list' "$T/err" && ok trust-bundle-status-old-said ||
    nok trust-bundle-status-old-said "$(cat "$T/err")"
sed 's/^date 2026-11-27$/date 2026-11-28/' "$T/st/7501.status" >"$T/st/forged.status"
want trust-bundle-status-forged 2 E-STATUS-SIGNATURE \
    "$TT bundle -t $T/st -k $P/bundle.key.pem -c $P/bundle.pem -o $T/x3"
[ ! -e "$T/x3" ] && ok trust-bundle-status-forged-nothing ||
    nok trust-bundle-status-forged-nothing "a bundle was written"

# ---- segel-sign --bundle: no documents nobody can verify
$BIN/segel-intake -q testdata/bulk 2>/dev/null |
    SEGEL_TODAY=2026-11-23 $BIN/segel-validate -q 2>/dev/null |
    jq -c 'select(.fields.kode_wilayah | startswith("75.01."))' | head -2 >"$T/in"
mkdir -p "$T/no7501"
cp $TR/* "$T/no7501/"
rm "$T/no7501/issuer-7501.pem"
mk "$T/bno" "$T/no7501" 2>/dev/null
want sign-bundle-missing-office 2 E-BUNDLE-OFFICE \
    "$S -p $P/7501.conf --date 2026-11-23 --bundle $T/bno $T/in > $T/signed"
if [ ! -s "$T/signed" ] && [ ! -s "$P/7501.ledger" ]; then
	ok sign-bundle-missing-office-nothing
else
	nok sign-bundle-missing-office-nothing "records or ledger entries written"
fi
want sign-bundle-revoked-office 2 E-BUNDLE-OFFICE \
    "$S -p $P/1708-revoked.conf --date 2026-11-23 --bundle $T/b1 $T/in"
want sign-bundle-expired-office 2 E-BUNDLE-OFFICE \
    "$S -p $P/7501-expired.conf --date 2026-11-23 --bundle $T/b1 $T/in"
want sign-bundle-stranger-office 2 E-BUNDLE-OFFICE \
    "$S -p $P/stranger-7501.conf --date 2026-11-23 --bundle $T/b1 $T/in"
want sign-bundle-bad-bundle 2 E-BUNDLE-SIGNATURE \
    "$S -p $P/7501.conf --date 2026-11-23 --bundle $T/flip $T/in"
want sign-bundle-trusted 0 "" \
    "$S -p $P/7501.conf --date 2026-11-23 --bundle $T/b1 $T/in > $T/signed"
[ "$(wc -l <"$T/signed")" = 2 ] && ok sign-bundle-trusted-signed ||
    nok sign-bundle-trusted-signed "$(wc -l <"$T/signed") records"

# ---- the openssl recipe of formats/trust.md on the committed vectors
V2=formats/trust-vectors
recipe() {
	sed '/^sig /,$d' "$1" >"$T/body"
	sed -n 's/^sig //p' "$1" | openssl base64 -d -A >"$T/sig.raw"
	sed -n 's/^signer //p' "$1" | openssl base64 -d -A |
	    openssl x509 -inform DER -out "$T/signer.pem"
	openssl x509 -in "$T/signer.pem" -pubkey -noout >"$T/pub.pem"
	r=$(head -c 32 "$T/sig.raw" | od -An -v -tx1 | tr -d ' \n')
	s=$(tail -c 32 "$T/sig.raw" | od -An -v -tx1 | tr -d ' \n')
	printf 'asn1=SEQUENCE:sig\n[sig]\nr=INTEGER:0x%s\ns=INTEGER:0x%s\n' \
	    "$r" "$s" >"$T/sig.cnf"
	openssl asn1parse -genconf "$T/sig.cnf" -out "$T/sig.der" -noout
	openssl dgst -sha256 -verify "$T/pub.pem" -signature "$T/sig.der" \
	    "$T/body" 2>&1
}
[ "$(recipe $V2/valid.bundle)" = "Verified OK" ] && ok trust-vector-openssl ||
    nok trust-vector-openssl "openssl did not verify valid.bundle"
openssl verify -CAfile $V2/root.pem "$T/signer.pem" >"$T/ov" 2>&1 &&
    grep -q ': OK$' "$T/ov" && ok trust-vector-openssl-signer ||
    nok trust-vector-openssl-signer "$(cat "$T/ov")"
openssl x509 -in "$T/signer.pem" -noout -ext subjectAltName |
    grep -qx ' *URI:urn:segel:trust-bundle' && ok trust-vector-openssl-marker ||
    nok trust-vector-openssl-marker "no marker"
[ "$(recipe $V2/changed.bundle)" = "Verification failure" ] &&
    ok trust-vector-openssl-changed ||
    nok trust-vector-openssl-changed "openssl accepted a changed bundle"
[ "$(recipe $V2/office-signed.bundle)" = "Verified OK" ] &&
    ok trust-vector-openssl-office || nok trust-vector-openssl-office "no"
want trust-vector-valid 0 "" "$TT check $V2/valid.bundle"
want trust-vector-changed 1 E-BUNDLE-SIGNATURE "$TT check $V2/changed.bundle"
want trust-vector-office 1 E-BUNDLE-SIGNER "$TT check $V2/office-signed.bundle"
want trust-vector-pinned 0 "" "$TT check --root $V2/root.pem $V2/valid.bundle"

# ---- misuse
golden trust-misuse "$TT; $TT frobnicate x; $TT show; $TT bundle -o x"
