#!/bin/sh
# Kartu Identitas Anak (Permendagri 2/2016): the validity date from the
# birth date (until the fifth birthday when issued before it, else until
# the day before the seventeenth), filled in when empty and refused when
# wrong; from five the child's photo (a JPEG or PNG attachment) is
# required and printed on the card's front, the same bytes intake checked;
# the back carries the seal; a child of 17 gets no KIA.
. tests/cli/lib.sh
for tool in jq pdfimages pdftotext zbarimg pdftoppm; do
	command -v $tool >/dev/null || { nok kia-tools "$tool missing"; exit 0; }
done
office_profile "$T"
V="$BIN/segel-validate -q"
export SEGEL_TODAY=2026-11-23
kia=$(jq -c 'select(.type == "kia")' testdata/render/largest.jsonl)

# check NAME JQ-EDIT WANT: validate the edited record; WANT is the codes
# of its errors (blank-separated) or a berlaku_hingga it must come out with
check() {
	printf '%s\n' "$kia" | jq -c "$2" | $V -r "$T/rej" >"$T/out" 2>/dev/null
	got=$(jq -r '[.errors[].code] | join(" ")' "$T/rej" 2>/dev/null)
	[ -s "$T/out" ] && got=$(jq -r .fields.berlaku_hingga "$T/out")
	[ "$got" = "$3" ] && ok "$1" || nok "$1" "got \"$got\", want \"$3\""
}
check kia-valid-11 '.' 2032-03-16
check kia-fill-11 '.fields.berlaku_hingga = ""' 2032-03-16
check kia-fill-3 '.fields.tanggal_lahir = "2023-05-02" | .fields.nik =
    "7501014205230001" | del(.fields.berlaku_hingga) | del(.attachments)' \
    2028-05-02
check kia-leap-day '.fields.tanggal_lahir = "2024-02-29" | .fields.nik =
    "7501016902240001" | .fields.berlaku_hingga = ""' 2029-03-01
check kia-wrong-validity '.fields.berlaku_hingga = "2032-03-17"' \
    E-KIA-VALIDITY
check kia-no-photo 'del(.attachments)' E-KIA-PHOTO
check kia-pdf-not-photo '.attachments[0].media = "application/pdf"' \
    E-KIA-PHOTO
check kia-age-17 '.fields.tanggal_lahir = "2009-11-20" | .fields.nik =
    "7501016011090001" | .fields.berlaku_hingga = ""' E-KIA-AGE

# Rendered: a card of two sides, the photo on the front (one image), the
# seal on the back, VALID as a file
printf '%s\n' "$kia" | $BIN/segel-sign -q -p "$T/p.conf" --date 2026-11-23 \
    >"$T/signed.jsonl" 2>"$T/err" || { nok kia-sign "$(cat "$T/err")"; exit 0; }
mkdir "$T/pdf"
$BIN/segel-render -q -p "$T/p.conf" -o "$T/pdf" "$T/signed.jsonl" \
    >"$T/r.jsonl" 2>"$T/err"
p=$(jq -r .pdf.path "$T/r.jsonl" 2>/dev/null)
if [ -f "$p" ] && [ "$(jq .pdf.pages "$T/r.jsonl")" = 2 ]; then
	ok kia-render-two-sides
else
	nok kia-render-two-sides "$(head -c 300 "$T/err")"
fi
[ "$(pdfimages -list -f 1 -l 1 "$p" 2>/dev/null | awk 'NR > 2' |
    wc -l)" = 1 ] && [ "$(pdfimages -list -f 2 -l 2 "$p" 2>/dev/null |
    awk 'NR > 2' | wc -l)" = 0 ] && ok kia-photo-front ||
    nok kia-photo-front "$(pdfimages -list "$p" 2>&1 | tail -n +3)"
pdftoppm -r 150 -gray -png -f 2 -l 2 "$p" "$T/back"
[ "$(zbarimg -q --raw -Sdisable -Sqrcode.enable "$T"/back*.png 2>/dev/null)" \
    = "$(jq -r .seal "$T/signed.jsonl")" ] && ok kia-seal-back ||
    nok kia-seal-back "zbarimg does not read the seal on the back"
[ "$($BIN/segel-verify -q -t testdata/pki/trust --json "$p" 2>/dev/null |
    jq -r .reason)" = VALID ] && ok kia-verify ||
    nok kia-verify "$($BIN/segel-verify -t testdata/pki/trust "$p" 2>&1)"

# a photo that is not the file intake checked, or gone: refused
mkdir "$T/f" "$T/pdf2"
cp testdata/render/foto-kia.jpg "$T/f/foto-kia.jpg"
printf '\n' >>"$T/f/foto-kia.jpg"
jq -c --arg f "$T/f" '.source.folder = $f' "$T/signed.jsonl" >"$T/s2.jsonl"
jq -c --arg f "$T/none" '.source.folder = $f' "$T/signed.jsonl" >>"$T/s2.jsonl"
$BIN/segel-render -q -p "$T/p.conf" -o "$T/pdf2" -r "$T/rej2" "$T/s2.jsonl" \
    >/dev/null 2>&1
[ "$(jq -r '.errors[0].code' "$T/rej2" 2>/dev/null | sort -u)" = \
    E-RENDER-PHOTO ] && [ "$(wc -l <"$T/rej2")" = 2 ] &&
    [ -z "$(ls "$T/pdf2")" ] && ok kia-photo-changed ||
    nok kia-photo-changed "$(jq -c .errors "$T/rej2" 2>&1 | head -c 300)"

# a child under five: no photo frame, no image
printf '%s\n' "$kia" | jq -c '.fields.tanggal_lahir = "2023-05-02" |
    .fields.nik = "7501014205230001" | .fields.berlaku_hingga = "" |
    del(.attachments)' | $V | $BIN/segel-sign -q -p "$T/p.conf" \
    --date 2026-11-23 >"$T/s3.jsonl" 2>/dev/null
mkdir "$T/pdf3"
$BIN/segel-render -q -p "$T/p.conf" -o "$T/pdf3" "$T/s3.jsonl" >"$T/r3.jsonl" \
    2>"$T/err"
p3=$(jq -r .pdf.path "$T/r3.jsonl" 2>/dev/null)
[ -f "$p3" ] && [ "$(pdfimages -list "$p3" 2>/dev/null | awk 'NR > 2' |
    wc -l)" = 0 ] && pdftotext "$p3" - | grep -q "2 Mei 2028" &&
    ok kia-under-five || nok kia-under-five "$(head -c 300 "$T/err")"
