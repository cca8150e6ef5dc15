#!/bin/sh
# segel-verify's trust material (formats/trust.md, "Where a verifier
# looks"; formats/status.md, "How fresh"): a bundle and a trust directory
# give the same verdicts; the default places and their order; a copied
# binary with only a bundle; stale and missing status lists, --max-age; a
# clock set back; a bundle past its next date; a bad bundle.
. tests/cli/lib.sh
S="$BIN/segel-sign" V="$BIN/segel-verify" TB="$BIN/segel-trust"
TR=testdata/pki/trust
D="--date 2026-11-23"
setup_pki
unset SEGEL_TRUST XDG_DATA_HOME
mkdir -p "$T/tmp" "$T/nohome"
export TMPDIR="$T/tmp" HOME="$T/nohome"

# Seals of 75.01 and 17.08, signed on 2026-11-23; in 75.01 one revoked,
# one superseded, published in a status list of that day.
$BIN/segel-intake -q testdata/bulk 2>/dev/null |
    SEGEL_TODAY=2026-11-23 $BIN/segel-validate -q >"$T/all.jsonl" 2>/dev/null
for r in 75.01 17.08; do
	i=$(echo "$r" | tr -d .)
	jq -c --arg r "$r." 'select(.fields.kode_wilayah | startswith($r))' \
	    "$T/all.jsonl" | head -4 >"$T/in-$i.jsonl"
	$S -q -p "$T/pki/$i.conf" $D "$T/in-$i.jsonl" >"$T/signed-$i.jsonl" \
	    2>/dev/null
	jq -r .seal "$T/signed-$i.jsonl" >"$T/seals-$i.txt"
done
n1=$(sed -n 1p "$T/signed-7501.jsonl" | jq -r .issue.number)
n2=$(sed -n 2p "$T/signed-7501.jsonl" | jq -r .issue.number)
n3=$(sed -n 3p "$T/signed-7501.jsonl" | jq -r .issue.number)
$S -p "$T/pki/7501.conf" $D --revoke "$n1" --reason "data keliru" 2>/dev/null
$S -p "$T/pki/7501.conf" $D --supersede "$n2" --by "$n3" 2>/dev/null
mkdir -p "$T/tr" && cp $TR/* "$T/tr/"
$S -p "$T/pki/7501.conf" $D --status-list "$T/tr/7501.status"
sed -n 3,4p "$T/seals-7501.txt" >"$T/good-7501.txt"   # VALID ones

# bundle NAME DAY NEXT: a bundle of $T/tr made on DAY, the next due in NEXT
# days.
bundle() {
	SEGEL_TODAY=$2 $TB bundle -q -t "$T/tr" -f formats \
	    -k "$T/pki/bundle.key.pem" -c testdata/pki/certs/bundle.pem \
	    --next "$3" -o "$T/$1" 2>"$T/bundle.err" ||
	    { nok "bundle-$1" "$(cat "$T/bundle.err")"; }
}
bundle b.bundle 2026-11-23 7

# ---- a bundle and a directory say the same ----
IN="$T/seals-7501.txt $T/seals-1708.txt testdata/scans"
SEGEL_TODAY=2026-11-25 $V -q -t "$T/tr" $IN >"$T/by-dir" 2>/dev/null
rd=$?
SEGEL_TODAY=2026-11-25 $V -q -t "$T/b.bundle" $IN >"$T/by-bundle" 2>/dev/null
rb=$?
if [ -s "$T/by-dir" ] && cmp -s "$T/by-dir" "$T/by-bundle" && [ $rd = $rb ] &&
    grep -q R-REVOKED "$T/by-dir" && grep -q R-SUPERSEDED "$T/by-dir" &&
    grep -q '^VALID' "$T/by-dir"; then
	ok verify-trust-same
else
	nok verify-trust-same "exit $rd/$rb"
	diff "$T/by-dir" "$T/by-bundle" | head
fi

# ---- revocation news in --json ----
# news NAME WANT ENV... -- ARGS: the first verdict's asof, age, stale and
# bundle sequence, tab-separated.
news() {
	name=$1 want=$2
	shift 2
	got=$(env "$@" 2>/dev/null | head -1 | jq -r '[.revocation_asof,
	    .revocation_age, .revocation_stale, .bundle_sequence] |
	    map(tostring) | join(" ")')
	[ "$got" = "$want" ] && ok "$name" || nok "$name" "got \"$got\", want \"$want\""
}
news news-fresh-dir "2026-11-23 2 false null" SEGEL_TODAY=2026-11-25 \
    $V --json -t "$T/tr" "$T/good-7501.txt"
news news-fresh-bundle "2026-11-23 2 false 1" SEGEL_TODAY=2026-11-25 \
    $V --json -t "$T/b.bundle" "$T/good-7501.txt"
# due 7 days after its date: on the 7th day fresh, on the 8th stale
news news-day-7 "2026-11-23 7 false null" SEGEL_TODAY=2026-11-30 \
    $V --json -t "$T/tr" "$T/good-7501.txt"
news news-stale "2026-11-23 8 true null" SEGEL_TODAY=2026-12-01 \
    $V --json -t "$T/tr" "$T/good-7501.txt"
# 17.08 publishes no list: missing, stale
news news-missing "null null true null" SEGEL_TODAY=2026-11-25 \
    $V --json -t "$T/tr" "$T/seals-1708.txt"
# no news for a seal whose signature does not verify
# (a character of the signature changed, base45 keeps the length)
sed -n 1p "$T/good-7501.txt" | awk '{ c = substr($0, length($0) - 5, 1);
    print substr($0, 1, length($0) - 6) (c == "A" ? "B" : "A") \
    substr($0, length($0) - 4) }' >"$T/bad-sig.txt"
$V -q -t "$T/tr" "$T/bad-sig.txt" 2>/dev/null | grep -q R-BAD-SIGNATURE ||
    nok news-bad-signature-setup "the changed seal is not R-BAD-SIGNATURE"
news news-bad-signature "null null false null" SEGEL_TODAY=2026-11-25 \
    $V --json -t "$T/tr" "$T/bad-sig.txt"

# Stale and missing are notices: the verdict stands, exit 0; --max-age
# makes them an error (exit 2) and still prints the verdicts.
expect stale-exit-0 0 "SEGEL_TODAY=2026-12-20 $V -q -t $T/tr $T/good-7501.txt"
expect missing-exit-0 0 "SEGEL_TODAY=2026-11-25 $V -q -t $T/tr $T/seals-1708.txt"
expect max-age-fresh 0 "SEGEL_TODAY=2026-11-25 $V -q --max-age 7 -t $T/tr $T/good-7501.txt"
expect max-age-stale 2 "SEGEL_TODAY=2026-12-20 $V -q --max-age 7 -t $T/tr $T/good-7501.txt"
[ "$(grep -c '^VALID' "$T/out")" = 2 ] && grep -q -- '--max-age' "$T/err" &&
    ok max-age-still-prints || nok max-age-still-prints "$(cat "$T/err")"
expect max-age-missing 2 "SEGEL_TODAY=2026-11-25 $V -q --max-age 3650 -t $T/tr $T/seals-1708.txt"
expect max-age-bundle 2 "SEGEL_TODAY=2026-12-20 $V -q --max-age 7 -t $T/b.bundle $T/good-7501.txt"
expect max-age-bad 2 "$V --max-age x -t $T/tr $T/good-7501.txt"
expect max-age-negative 2 "$V --max-age -1 -t $T/tr $T/good-7501.txt"

# A bundle past its next date: one notice, verdicts as before, stale news
# even with a fresh list.
bundle short.bundle 2026-11-23 1
SEGEL_TODAY=2026-11-26 $V --json -t "$T/short.bundle" "$T/good-7501.txt" \
    >"$T/out" 2>"$T/err"
rc=$?
[ $rc = 0 ] && [ "$(grep -c W-TRUST-BUNDLE-OLD "$T/err")" = 1 ] &&
    [ "$(jq -r .revocation_stale "$T/out" | sort -u)" = true ] &&
    [ "$(jq -r .verdict "$T/out" | sort -u)" = VALID ] &&
    ok bundle-past-next || nok bundle-past-next "exit $rc: $(cat "$T/err")"
SEGEL_TODAY=2026-11-24 $V -q -t "$T/short.bundle" "$T/good-7501.txt" \
    >/dev/null 2>"$T/err"
grep -q W-TRUST-BUNDLE-OLD "$T/err" && nok bundle-not-yet-old "$(cat "$T/err")" ||
    ok bundle-not-yet-old

# ---- a clock set back ----
# Today is never before the newest list (or the bundle's made day): the
# revoked seal stays revoked, a seal of the 23rd is not "from the future",
# and the age is not negative.
for src in tr b.bundle; do
	SEGEL_TODAY=2020-01-01 $V -q -t "$T/$src" "$T/seals-7501.txt" \
	    >"$T/back" 2>/dev/null
	SEGEL_TODAY=2026-11-23 $V -q -t "$T/$src" "$T/seals-7501.txt" \
	    >"$T/now" 2>/dev/null
	cmp -s "$T/back" "$T/now" && grep -q R-REVOKED "$T/back" &&
	    ! grep -q R-FUTURE-DATE "$T/back" && ok "clock-back-$src" ||
	    { nok "clock-back-$src" "verdicts differ"; diff "$T/now" "$T/back"; }
done
news clock-back-age "2026-11-23 0 false null" SEGEL_TODAY=2020-01-01 \
    $V --json -t "$T/tr" "$T/good-7501.txt"
bundle later.bundle 2026-11-27 7
news clock-back-bundle-made "2026-11-23 4 false 1" SEGEL_TODAY=2020-01-01 \
    $V --json -t "$T/later.bundle" "$T/good-7501.txt"
# and the clock itself in 2020 (no SEGEL_TODAY): faketime when there is one
if command -v faketime >/dev/null; then
	faketime 2020-01-01 $V -q -t "$T/b.bundle" "$T/seals-7501.txt" \
	    >"$T/back" 2>/dev/null
	cmp -s "$T/back" "$T/now" && ok clock-back-faketime ||
	    nok clock-back-faketime "verdicts differ"
fi

# ---- the default places ----
# which NAME WANT ENV...: the trust -v says it used.
which_trust() {
	name=$1 want=$2
	shift 2
	got=$(env -u SEGEL_TRUST -u XDG_DATA_HOME "$@" $V -v -q \
	    "$T/good-7501.txt" 2>&1 >/dev/null | sed -n 's/^segel-verify: trust: //p' |
	    sed "s|$T|T|g")
	[ "$got" = "$want" ] && ok "$name" || nok "$name" "got \"$got\", want \"$want\""
}
mkdir -p "$T/home/.local/share/segel" "$T/xdg/segel"
cp -R "$T/tr" "$T/home/.local/share/segel/trust"
which_trust place-user-dir "T/home/.local/share/segel/trust (trust directory)" \
    HOME="$T/home"
cp "$T/b.bundle" "$T/home/.local/share/segel/trust.bundle"
which_trust place-user-bundle-first \
    "T/home/.local/share/segel/trust.bundle (bundle 1, made 2026-11-23)" \
    HOME="$T/home"
cp "$T/later.bundle" "$T/xdg/segel/trust"
which_trust place-xdg "T/xdg/segel/trust (bundle 1, made 2026-11-27)" \
    HOME="$T/home" XDG_DATA_HOME="$T/xdg"
which_trust place-xdg-relative-ignored \
    "T/home/.local/share/segel/trust.bundle (bundle 1, made 2026-11-23)" \
    HOME="$T/home" XDG_DATA_HOME=xdg
which_trust place-env-first "testdata/pki/trust (trust directory)" \
    HOME="$T/home" XDG_DATA_HOME="$T/xdg" SEGEL_TRUST=testdata/pki/trust
got=$(HOME="$T/home" SEGEL_TRUST=testdata/pki/trust $V -v -q -t "$T/tr" \
    "$T/good-7501.txt" 2>&1 >/dev/null | sed -n 's/^segel-verify: trust: //p')
[ "$got" = "$T/tr (trust directory)" ] && ok place-t-first ||
    nok place-t-first "got \"$got\""
# $SEGEL_TRUST, once set, must exist (as -t must): no quiet fallback
expect place-env-missing 2 "HOME=$T/home SEGEL_TRUST=$T/nothing $V -q $T/good-7501.txt"
# none at all: an error naming every place looked at
expect place-none 2 "env -u SEGEL_TRUST -u XDG_DATA_HOME HOME=$T/empty $V -q $T/good-7501.txt"
grep -q "E-TRUST-NONE" "$T/err" &&
    grep -q "$T/empty/.local/share/segel/trust.bundle, $T/empty/.local/share/segel/trust, /etc/segel/trust.bundle, /etc/segel/trust" "$T/err" &&
    [ ! -s "$T/out" ] && ok place-none-says-where || nok place-none-says-where "$(cat "$T/err")"
# a bad bundle in the first place is an error, not a reason to try the next
printf 'SEGEL-TRUST 1\nnonsense\n' >"$T/xdg/segel/trust.bundle"
expect place-bad-no-fallback 2 "env -u SEGEL_TRUST HOME=$T/home XDG_DATA_HOME=$T/xdg $V -q $T/good-7501.txt"
rm "$T/xdg/segel/trust.bundle"

# The installed share folder: <prefix>/bin/segel-verify finds
# <prefix>/share/segel/trust next to <prefix>/share/segel/formats.
mkdir -p "$T/inst/bin" "$T/inst/share/segel"
cp "$V" "$T/inst/bin/" && cp -R formats "$T/inst/share/segel/" &&
    cp -R "$T/tr" "$T/inst/share/segel/trust"
got=$(env -u SEGEL_TRUST -u XDG_DATA_HOME -u SEGEL_FORMATS HOME="$T/empty" \
    "$T/inst/bin/segel-verify" -v -q "$T/good-7501.txt" 2>&1 >/dev/null |
    sed -n 's/^segel-verify: trust: //p' | sed "s|$T|T|g")
[ "$got" = "T/inst/bin/../share/segel/trust (trust directory)" ] &&
    ok place-share || nok place-share "got \"$got\""

# ---- a copied binary with only a bundle ----
mkdir -p "$T/alone"
cp "$V" "$T/alone/segel-verify"
IN2="$T/seals-7501.txt testdata/scans/akta.pdf testdata/scans/akta-tampered.pdf"
SEGEL_TODAY=2026-11-25 $V -q -t "$T/tr" $IN2 >"$T/want" 2>/dev/null
(cd "$T/alone" && env -u SEGEL_FORMATS -u SEGEL_TRUST SEGEL_TODAY=2026-11-25 \
    ./segel-verify -q -t "$T/b.bundle" $(for f in $IN2; do case $f in
    /*) echo "$f" ;; *) echo "$OLDPWD/$f" ;; esac; done)) \
    >"$T/got" 2>"$T/err"
sed "s|$PWD/||" "$T/got" >"$T/got2"
[ -s "$T/want" ] && cmp -s "$T/want" "$T/got2" && ok alone-with-bundle ||
    { nok alone-with-bundle "$(head -3 "$T/err")"; diff "$T/want" "$T/got2" | head; }
mkdir -p "$T/home2/.local/share/segel"
cp "$T/b.bundle" "$T/home2/.local/share/segel/trust.bundle"
(cd "$T/alone" && env -u SEGEL_FORMATS -u SEGEL_TRUST -u XDG_DATA_HOME \
    HOME="$T/home2" SEGEL_TODAY=2026-11-25 ./segel-verify -q \
    "$OLDPWD/testdata/scans/akta.pdf") >"$T/got" 2>"$T/err"
# (akta.pdf's number is the one revoked above: the bundle's list counts)
grep -q '^NOT VALID (R-REVOKED)' "$T/got" && ok alone-default-place ||
    nok alone-default-place "$(head -3 "$T/err" "$T/got")"
# with workers (-j 2): the pool's children read the private folder too
(cd "$T/alone" && env -u SEGEL_FORMATS -u SEGEL_TRUST SEGEL_TODAY=2026-11-25 \
    ./segel-verify -q -j 2 -t "$T/b.bundle" $(for f in $IN2; do case $f in
    /*) echo "$f" ;; *) echo "$OLDPWD/$f" ;; esac; done)) \
    >"$T/got" 2>"$T/err"
sed "s|$PWD/||" "$T/got" >"$T/got2"
cmp -s "$T/want" "$T/got2" && ok alone-jobs ||
    { nok alone-jobs "$(head -3 "$T/err")"; diff "$T/want" "$T/got2" | head; }
# the same binary without a bundle has no formats
(cd "$T/alone" && env -u SEGEL_FORMATS ./segel-verify -q -t "$OLDPWD/$TR" \
    "$OLDPWD/testdata/scans/akta.pdf") >/dev/null 2>&1 &&
    nok alone-needs-formats "ran without formats" || ok alone-needs-formats
# SEGEL_FORMATS, when set, still wins over the bundle's formats
expect formats-env-wins 2 "SEGEL_FORMATS=$T/nothing $V -q -t $T/b.bundle $T/good-7501.txt"
# the private formats folder is gone afterwards
[ -z "$(ls "$T/tmp")" ] && ok formats-folder-removed ||
    nok formats-folder-removed "$(ls "$T/tmp")"

# ---- a bad bundle is refused: exit 2, nothing judged ----
sed 's/^sequence 1$/sequence 9/' "$T/b.bundle" >"$T/forged.bundle"
expect bundle-forged 2 "$V -t $T/forged.bundle $T/good-7501.txt"
[ ! -s "$T/out" ] && grep -q 'E-BUNDLE' "$T/err" && ok bundle-forged-nothing-judged ||
    nok bundle-forged-nothing-judged "$(cat "$T/out" "$T/err" | head -3)"
head -c 2000 "$T/b.bundle" >"$T/cut.bundle"
expect bundle-truncated 2 "$V -t $T/cut.bundle $T/good-7501.txt"
[ ! -s "$T/out" ] && ok bundle-truncated-nothing-judged ||
    nok bundle-truncated-nothing-judged "$(head -3 "$T/out")"
printf 'not a bundle\n' >"$T/text.bundle"
expect bundle-not-one 2 "$V -t $T/text.bundle $T/good-7501.txt"

# ---- a killed verifier leaves no formats folder behind ----
for sig in TERM HUP; do
	mkdir -p "$T/tmp-$sig"
	sleep 30 | sh -c 'echo $$ >"$1"; exec env -u SEGEL_FORMATS TMPDIR="$2" \
	    "$3" -q -t "$4"' sh "$T/pid" "$T/tmp-$sig" "$V" "$T/b.bundle" \
	    >/dev/null 2>&1 &
	i=0
	while [ -z "$(ls "$T/tmp-$sig")" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	had=$(ls "$T/tmp-$sig" | wc -l)
	kill -$sig "$(cat "$T/pid")"
	pkill -P $$ sleep 2>/dev/null
	wait
	if [ "$had" = 1 ] && [ -z "$(ls "$T/tmp-$sig")" ]; then
		ok "killed-$sig-cleans-up"
	else
		nok "killed-$sig-cleans-up" "had $had, left: $(ls "$T/tmp-$sig")"
	fi
done
