#!/bin/sh
# Names that are not ASCII, through segel-validate: upper-cased by
# Unicode's rules (libunistring), a decomposed letter composed (NFC), and
# a name holding an invisible character refused.  ASCII names are covered
# by the validate goldens, which these changes leave as they were.
. tests/cli/lib.sh
V="$BIN/segel-validate"
SEGEL_TODAY=2026-11-01
export SEGEL_TODAY
command -v jq >/dev/null || { nok unicode-tools "jq missing"; exit 0; }

good=$(grep -m1 '"cases/kelahiran-good"' testdata/validate/cases.jsonl)
# name: nama_lengkap, nama_ayah, nama_ibu, tempat_lahir as typed
mk() {
	printf '%s\n' "$good" | jq -c --arg id "$1" --arg a "$2" --arg b "$3" \
	    --arg c "$4" --arg d "$5" '.id = $id | .fields.nama_lengkap = $a |
	    .fields.nama_ayah = $b | .fields.nama_ibu = $c |
	    .fields.tempat_lahir = $d'
}
{
	# josé peña, é decomposed (e + U+0301); ñ composed
	mk u/1 "$(printf 'jose\314\201 pe\303\261a')" \
	    "$(printf 'stra\303\237e')" "$(printf '\303\251lodie  \303\274lk\303\274')" \
	    "$(printf 'Payunga')"
	# a zero-width space inside the mother's name
	mk u/2 "BUDI" "ANDI" "$(printf 'NUR\342\200\213MALA')" "PAYUNGA"
} >"$T/in.jsonl"

"$V" -q -r "$T/rej.jsonl" "$T/in.jsonl" >"$T/out.jsonl" 2>"$T/err"
rc=$?
[ "$rc" = 1 ] && ok unicode-exit || nok unicode-exit "exit $rc, want 1"

want=$(printf 'JOS\303\211 PE\303\221A|STRASSE|\303\211LODIE \303\234LK\303\234|PAYUNGA')
got=$(jq -r 'select(.id == "u/1") | .fields |
    "\(.nama_lengkap)|\(.nama_ayah)|\(.nama_ibu)|\(.tempat_lahir)"' \
    "$T/out.jsonl")
if [ "$got" = "$want" ]; then
	ok unicode-upper-nfc
else
	nok unicode-upper-nfc "got '$got', want '$want'"
fi

got=$(jq -r 'select(.id == "u/2") | .errors[] |
    select(.path == "nama_ibu") | .code' "$T/rej.jsonl" 2>/dev/null)
if [ "$got" = "E-FIELD-CONTROL" ]; then
	ok unicode-invisible
else
	nok unicode-invisible "got '$got', want E-FIELD-CONTROL"
	head -5 "$T/rej.jsonl"
fi

# The same name signed and rendered: the page prints it (and the office,
# upper-cased in the header and the signature) as Unicode upper case.
command -v pdftotext >/dev/null || { nok unicode-render-tools \
    "pdftotext missing"; exit 0; }
setup_pki
sed "s/^office = .*/office = $(printf 'Dinas Kependudukan dan Pencatatan Sipil Kabupaten B\303\264ne')/" \
    "$T/pki/7501.conf" >"$T/pki/bone.conf"
mkdir "$T/pdf"
if jq -c 'select(.id == "u/1")' "$T/out.jsonl" |
    "$BIN/segel-sign" -q -p "$T/pki/bone.conf" --date 2026-11-23 \
    >"$T/signed.jsonl" 2>"$T/sign.err" &&
    "$BIN/segel-render" -q -o "$T/pdf" "$T/signed.jsonl" >/dev/null \
    2>"$T/render.err"; then
	pdftotext "$T"/pdf/*.pdf - 2>/dev/null | tr -s ' \n' '  ' >"$T/text"
	if grep -qF "$(printf 'JOS\303\211 PE\303\221A')" "$T/text" &&
	    grep -qF "$(printf 'KABUPATEN B\303\224NE')" "$T/text"; then
		ok unicode-render
	else
		nok unicode-render "the page lacks the upper-cased name or office"
		head -c 600 "$T/text"
	fi
else
	nok unicode-render "$(cat "$T/sign.err" "$T/render.err")"
fi
