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

# every value at its longest (the type's max-length): the card still holds
# it at 6 pt, wrapped, and verifies; were it to run past the card's
# bottom margin it would be E-RENDER-TOO-LONG, never text off the card
printf '%s\n' "$kia" | jq -c '.fields.nama_lengkap =
    "ANDI NURUL FATIMAH AZ-ZAHRA KHAIRUNNISA PUTRI MOPANGGA SALAM" |
    .fields.tempat_lahir =
    "KABUPATEN BOLAANG MONGONDOW SELATAN KECAMATAN PINOLOSIAN TIM" |
    .fields.nama_kepala_keluarga =
    "MUHAMMAD RIZKY RAMADHAN SYAHPUTRA HASAN BASRI DAUD SALAMAHU"' |
    $V 2>/dev/null | $BIN/segel-sign -q -p "$T/p.conf" --date 2026-11-23 \
    >"$T/s4.jsonl" 2>/dev/null
mkdir "$T/pdf4"
$BIN/segel-render -q -p "$T/p.conf" -o "$T/pdf4" -r "$T/rej4" "$T/s4.jsonl" \
    >"$T/r4.jsonl" 2>/dev/null
p4=$(jq -r .pdf.path "$T/r4.jsonl" 2>/dev/null)
small=$(pdftotext -bbox "$p4" - 2>/dev/null | sed -n \
    's/.*yMin="\([0-9.]*\)".*yMax="\([0-9.]*\)">\(.*\)<\/word>/\1 \2 \3/p' |
    awk '$2 - $1 < 6.95 || $2 > 153 - 8.5 { print $3; exit }')
[ -f "$p4" ] && [ -z "$small" ] && [ "$($BIN/segel-verify -q -t \
    testdata/pki/trust --json "$p4" 2>/dev/null | jq -r .reason)" = VALID ] &&
    ok kia-longest || nok kia-longest "$(jq -c .errors "$T/rej4" 2>&1) $small"
