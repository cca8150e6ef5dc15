#!/bin/sh
# The verdict for a person (issue 11): in English and in Indonesian
# (goldens verify-person-en, verify-person-id), the verdict first, what it
# means and what to do, the fields as the paper prints them; -q keeps the
# verdict lines.  The JSON and the exit statuses are the same in both
# languages.  One verdict per document: a PDF whose metadata and page
# differ is one R-TAMPERED verdict, never a VALID beside it.
. tests/cli/lib.sh
S="$BIN/segel-sign" V="$BIN/segel-verify" TR=testdata/pki/trust
D="--date 2026-11-23"
SEGEL_TODAY=2026-11-28
export SEGEL_TODAY
setup_pki

loc=$B/locale-def
if [ ! -f "$loc/id_ID.UTF-8/LC_MESSAGES/SYS_LC_MESSAGES" ]; then
	mkdir -p "$loc"
	localedef -i id_ID -f UTF-8 "$loc/id_ID.UTF-8" >/dev/null 2>&1
fi
LOCPATH=$(cd "$loc" && pwd)

# A Kartu Keluarga and an akta kelahiran of Kabupaten Gorontalo (75.01).
$BIN/segel-intake -q testdata/bulk 2>/dev/null |
    SEGEL_TODAY=2026-11-23 $BIN/segel-validate -q 2>/dev/null |
    jq -c 'select(.fields.kode_wilayah | startswith("75.01."))' >"$T/in.jsonl"
{
	jq -c 'select(.type == "kk")' "$T/in.jsonl" | head -1
	jq -c 'select(.type == "akta-kelahiran")' "$T/in.jsonl" | head -3
} | $S -q -p "$T/pki/7501.conf" $D 2>/dev/null >"$T/signed.jsonl"
for i in 1 2 3 4; do
	sed -n "${i}p" "$T/signed.jsonl" | jq -r .seal >"$T/s$i"
done
[ "$(wc -l <"$T/signed.jsonl")" = 4 ] && ok person-setup ||
    nok person-setup "$(wc -l <"$T/signed.jsonl") records signed"

# The third akta revoked, the first replaced by the second: a status list
# in a trust folder of its own.
n2=$(sed -n 2p "$T/signed.jsonl" | jq -r .issue.number)
n3=$(sed -n 3p "$T/signed.jsonl" | jq -r .issue.number)
n4=$(sed -n 4p "$T/signed.jsonl" | jq -r .issue.number)
$S -p "$T/pki/7501.conf" $D --revoke "$n4" --reason "data keliru" 2>/dev/null
$S -p "$T/pki/7501.conf" $D --supersede "$n2" --by "$n3" 2>/dev/null
mkdir -p "$T/trust-st" && cp $TR/* "$T/trust-st/"
$S -p "$T/pki/7501.conf" $D --status-list "$T/trust-st/7501.status" 2>/dev/null
# A key the verifier does not know: its certificate left out.
head -1 "$T/in.jsonl" | $S -q -p "$T/pki/stranger-7501.conf" $D \
    --ledger "$T/pki/stranger.ledger" 2>/dev/null | jq -r .seal >"$T/s-stranger"
mkdir -p "$T/trust-nostranger" && cp $TR/* "$T/trust-nostranger/"
rm "$T/trust-nostranger/stranger-7501.pem"
# Nothing to read: a blank page.
printf 'P5\n400 300\n255\n' >"$T/blank.pgm"
head -c 120000 /dev/zero | tr '\0' '\377' >>"$T/blank.pgm"

# Every case, each verifier run on its own line of the output.
cat >"$T/cases.sh" <<EOF
run() { echo "== \$1"; shift; "\$@"; echo "(exit \$?)"; }
run "valid KK" $V -t $TR \$Q "\$(cat $T/s1)"
run "valid akta" $V -t $TR \$Q "\$(cat $T/s2)"
run "tampered PDF" $V -t $TR \$Q testdata/scans/akta-tampered.pdf
run "revoked" $V -t $T/trust-st \$Q "\$(cat $T/s4)"
run "superseded" $V -t $T/trust-st \$Q "\$(cat $T/s2)"
run "unknown key" $V -t $T/trust-nostranger \$Q "\$(cat $T/s-stranger)"
run "unreadable" $V -t $TR \$Q $T/blank.pgm
EOF
in_id() {
	env -u LC_ALL -u LANGUAGE LOCPATH="$LOCPATH" LANG=id_ID.UTF-8 "$@"
}
golden verify-person-en "Q= sh $T/cases.sh"
golden verify-person-id "env -u LC_ALL -u LANGUAGE LOCPATH='$LOCPATH' LANG=id_ID.UTF-8 Q= sh $T/cases.sh"
golden verify-person-quiet-en "Q=-q sh $T/cases.sh"
golden verify-person-quiet-id "env -u LC_ALL -u LANGUAGE LOCPATH='$LOCPATH' LANG=id_ID.UTF-8 Q=-q sh $T/cases.sh"

# The JSON and the exit statuses do not change with the language.
Q=--json sh "$T/cases.sh" >"$T/json-en" 2>/dev/null
in_id env Q=--json sh "$T/cases.sh" >"$T/json-id" 2>/dev/null
if cmp -s "$T/json-en" "$T/json-id" && [ "$(grep -c '^(exit' "$T/json-en")" = 7 ]; then
	ok person-json-same-in-id
else
	nok person-json-same-in-id "$(diff "$T/json-en" "$T/json-id" | head -5)"
fi
Q= sh "$T/cases.sh" >"$T/h-en" 2>/dev/null
in_id env Q= sh "$T/cases.sh" >"$T/h-id" 2>/dev/null
if [ "$(grep '^(exit' "$T/h-en")" = "$(grep '^(exit' "$T/h-id")" ] &&
    ! cmp -s "$T/h-en" "$T/h-id"; then
	ok person-human-translated
else
	nok person-human-translated "the same words, or other exit statuses"
fi
# The JSON: labels beside the fields, a reason for UNREADABLE.
$V -t $TR --json "$(cat "$T/s1")" >"$T/j1"
$V -t $TR --json "$T/blank.pgm" >"$T/j2"
if jq -e '.labels.no_kk == "Nomor KK" and .labels.anggota ==
    "Anggota Keluarga" and .labels.tanggal_lahir == "Tanggal Lahir" and
    .title == "Kartu Keluarga"' "$T/j1" >/dev/null &&
    jq -e '.verdict == "UNREADABLE" and .reason == "E-SCAN-NO-CODE"' \
    "$T/j2" >/dev/null; then
	ok person-json-labels-reason
else
	nok person-json-labels-reason "$(cat "$T/j1" "$T/j2" | head -c 400)"
fi

# ---- one verdict per document ------------------------------------------
# verdicts FILE: the verdicts of FILE ("reason" per line), the exit status
# and the summary line.
verdicts() {
	$V -t $TR --json "$1" >"$T/vj" 2>/dev/null
	echo "$? $(jq -r .reason "$T/vj" | tr '\n' ' ')$($V -t $TR -q "$1" 2>&1 >/dev/null | tail -1)"
}
got=$(verdicts testdata/scans/akta-tampered.pdf)
[ "$got" = "1 R-TAMPERED segel-verify: 0 valid, 1 invalid, 0 unreadable" ] &&
    ok person-tampered-one-verdict || nok person-tampered-one-verdict "$got"

# Forged PDFs from a genuine one (formats/vectors/forge-pdf.sh): A's page
# with A's and B's seals in its metadata (A alone would be VALID), and
# A's page with B's QR code drawn on it, A's metadata kept (each seal is
# genuine on its own).  One document each, R-TAMPERED, and no VALID.
if command -v qpdf >/dev/null && command -v fix-qdf >/dev/null &&
    sh formats/vectors/forge-pdf.sh setup "$T/f" "$BIN" 2>/dev/null; then
	sed -n 2p "$T/f/signed.jsonl" | jq -r .seal >"$T/f/b.seal"
	python3 - "$T/f/a.qdf" "$T/f/ab.qdf" "$T/f/a.seal" "$T/f/b.seal" <<'EOF'
import sys
data = open(sys.argv[1], 'rb').read()
a = open(sys.argv[3], 'rb').read().strip()
b = open(sys.argv[4], 'rb').read().strip()
if a not in data:
    sys.exit('seal not in the metadata')
open(sys.argv[2], 'wb').write(data.replace(a, a + b',' + b))
EOF
	fix-qdf "$T/f/ab.qdf" >"$T/f/meta-two.pdf"
	python3 formats/vectors/page-forge.py "$T/f/a.qdf" "$T/f/bq.qdf" qr \
	    "$T/f/b.qdf" && fix-qdf "$T/f/bq.qdf" >"$T/f/other-qr.pdf"
	for c in meta-two other-qr; do
		got=$(verdicts "$T/f/$c.pdf")
		[ "$got" = "1 R-TAMPERED segel-verify: 0 valid, 1 invalid, 0 unreadable" ] &&
		    ok "person-one-verdict-$c" || nok "person-one-verdict-$c" "$got"
	done
	got=$(verdicts "$T/f/a.pdf")
	[ "$got" = "0 VALID segel-verify: 1 valid, 0 invalid, 0 unreadable" ] &&
	    ok person-one-verdict-genuine || nok person-one-verdict-genuine "$got"
	# and the explanation names what each side carries
	$V -t $TR --json "$T/f/other-qr.pdf" 2>/dev/null | jq -r .message >"$T/m"
	na=$(sed -n 1p "$T/f/signed.jsonl" | jq -r .issue.number)
	nb=$(sed -n 2p "$T/f/signed.jsonl" | jq -r .issue.number)
	grep -q "on the page only: $nb; in the metadata only: $na" "$T/m" &&
	    ok person-one-verdict-names-both ||
	    nok person-one-verdict-names-both "$(cat "$T/m")"
else
	nok person-one-verdict-forgeries "qpdf, fix-qdf or the setup failed"
fi

# A file of QR codes that are no seals is one document too.
if command -v qrencode >/dev/null && command -v convert >/dev/null; then
	qrencode -o "$T/l1.png" -s 6 'https://dukcapil.example/kk/1'
	qrencode -o "$T/l2.png" -s 6 'https://dukcapil.example/kk/2'
	convert "$T/l1.png" "$T/l2.png" +append "$T/links.png"
	got=$(verdicts "$T/links.png")
	[ "$got" = "1 R-MALFORMED segel-verify: 0 valid, 1 invalid, 0 unreadable" ] &&
	    ok person-links-one-verdict || nok person-links-one-verdict "$got"
fi
