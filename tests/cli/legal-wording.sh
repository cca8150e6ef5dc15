#!/bin/sh
# The legal wording of the pages (formats/doctype.md, "Akta kelahiran",
# "Region names"), read back with pdftotext only: the akta kelahiran's
# three formulas (both parents, an unregistered marriage, mother only)
# with every sealed value and no broken sentence, dates and numbers in
# capitalised words, "Dikeluarkan di <place>," from the issuer region or
# the profile; the surat pindah's Asal and Tujuan names and the move's
# classification for every class; the same pages pass segel-verify's page
# check, and a page printing the wrong formula under a genuine seal does
# not.  Validation: a mother-only akta names no father (E-FIELD-NEEDS).
. tests/cli/lib.sh
for tool in pdftotext jq; do
	command -v $tool >/dev/null || { nok legal-tools "$tool missing"; exit 0; }
done
V=$BIN/segel-verify
office_profile "$T"
sed 's/^ledger = ledger$/ledger = ledger2/' "$T/p.conf" >"$T/place.conf"
echo "place = Limboto" >>"$T/place.conf"

base=$(jq -c 'select(.type == "akta-kelahiran")' testdata/render/largest.jsonl)
skp=$(jq -c 'select(.type == "surat-pindah")' testdata/render/largest.jsonl)
{
	echo "$base" | jq -c '.id = "lahir/both" |
	    .fields.status_perkawinan_ortu = "KAWIN TERCATAT"'
	echo "$base" | jq -c '.id = "lahir/unregistered" |
	    .fields.nik = "7501015011250005" |
	    .fields.status_perkawinan_ortu = "5"'
	echo "$base" | jq -c '.id = "lahir/mother" |
	    .fields.nik = "7501015011250006" |
	    del(.fields.nama_ayah, .fields.nik_ayah, .fields.anak_ke,
	        .fields.jam_lahir, .fields.status_perkawinan_ortu)'
	for to in 75.01.01.1003:desa 75.01.01.1001:kecamatan \
	    75.01.02.2011:kabupaten 75.71.01.1001:provinsi 74.71.01.1005:antar; do
		echo "$skp" | jq -c --arg to "${to%%:*}" --arg id "${to#*:}" \
		    '.id = "pindah/" + $id | .fields.kode_wilayah_tujuan = $to'
	done
} >"$T/in.jsonl"
# one record per run: a batch holds a person to one surat pindah
: >"$T/signed.jsonl"
: >"$T/err"
mkdir "$T/pdf"
fail=
while read -r line; do
	printf '%s\n' "$line" | $BIN/segel-validate >"$T/one.jsonl" \
	    2>>"$T/err" && $BIN/segel-sign -q -p "$T/p.conf" --date 2026-11-23 \
	    "$T/one.jsonl" >>"$T/signed.jsonl" 2>>"$T/err" || fail=1
done <"$T/in.jsonl"
if [ -z "$fail" ] && $BIN/segel-render -q -o "$T/pdf" "$T/signed.jsonl" \
    >"$T/rendered.jsonl" 2>>"$T/err"; then
	ok legal-render
else
	nok legal-render "$(head -c 400 "$T/err")"
	exit 0
fi

# text ID: the page of record ID as one line of words
text() {
	p=$(jq -r --arg id "$1" 'select(.id == $id) | .pdf.path' \
	    "$T/rendered.jsonl")
	pdftotext "$p" - 2>/dev/null | tr -s ' \n' '  '
}
# has NAME ID PHRASE... / hasnt NAME ID PHRASE...
has() {
	n=$1 id=$2
	shift 2
	text "$id" >"$T/text"
	for w in "$@"; do
		grep -qF -- "$w" "$T/text" ||
		    { nok "$n" "no \"$w\" in: $(head -c 300 "$T/text")"; return; }
	done
	ok "$n"
}
hasnt() {
	n=$1 id=$2
	shift 2
	text "$id" >"$T/text"
	for w in "$@"; do
		! grep -qF -- "$w" "$T/text" ||
		    { nok "$n" "\"$w\" printed"; return; }
	done
	ok "$n"
}

ayah="MUHAMMAD FACHRUL RAMADHANI HASANUDDIN SALAMAHU"
ibu="NURHAYATI FITRIANINGSIH RAHMAWATI MOPANGGA"
anak="NUR AINUN FITRIANI RAHMADANI PUTRI SALAMAHU"
tempat="RUMAH SAKIT UMUM DAERAH PROF. DR. H. ALOEI SABOE GORONTALO"
phrase="yang perkawinannya belum tercatat sesuai dengan ketentuan peraturan perundang-undangan"
words="pada tanggal SEPULUH NOVEMBER DUA RIBU DUA PULUH LIMA pukul 23:59 telah lahir seorang anak PEREMPUAN bernama: $anak"
# every sealed value as the page prints it
sealed="7501015011250004 7501011203780001 7501014509800002 7501011204100003"
has lahir-both lahir/both "di $tempat $words" \
    "anak ke-SEPULUH dari ayah $ayah dan ibu $ibu." $sealed \
    "$tempat, 10 November 2025" ": 23:59" ": 10 " ": WNI" ": 75.01.01.1003" \
    ": KAWIN TERCATAT"
hasnt lahir-both-no-phrase lahir/both "$phrase" "anak seorang ibu"
has lahir-unregistered lahir/unregistered \
    "anak ke-SEPULUH dari ayah $ayah dan ibu $ibu, $phrase." \
    ": KAWIN BELUM TERCATAT" 7501015011250005
has lahir-mother lahir/mother \
    "telah lahir seorang anak PEREMPUAN bernama: $anak anak seorang ibu bernama $ibu." \
    7501015011250006 7501014509800002 7501011204100003 ": 75.01.01.1003"
# no father, no empty clause: "dari ayah dan ibu", "anak ke- ", "pukul  "
hasnt lahir-mother-not-broken lahir/mother " ayah " "Nama Ayah" "NIK Ayah" "anak ke-" \
    "pukul" "Anak Ke" "$phrase" " , " " ." "dan ibu"
has lahir-issued lahir/both "Dikeluarkan di Kabupaten Gorontalo, tanggal 23 November 2026"

# the move's class from the two codes; Asal and Tujuan by name
has pindah-names pindah/provinsi "DATA DAERAH ASAL" "DATA DAERAH TUJUAN" \
    ": HUNGGALUWA" ": LIMBOTO" ": KABUPATEN GORONTALO" ": GORONTALO" \
    ": DEMBE I" ": KOTA BARAT" ": KOTA GORONTALO" ": 75.71.01.1001"
has pindah-class-desa pindah/desa ": Dalam satu desa/kelurahan"
has pindah-class-kecamatan pindah/kecamatan \
    ": Antar desa/kelurahan dalam satu kecamatan" ": KAYUBULAN"
has pindah-class-kabupaten pindah/kabupaten \
    ": Antar kecamatan dalam satu kabupaten/kota" ": BULILA" ": TELAGA"
has pindah-class-provinsi pindah/provinsi \
    ": Antar kabupaten/kota dalam satu provinsi"
has pindah-class-antar pindah/antar ": Antar provinsi" \
    ": KOTA KENDARI" ": SULAWESI TENGGARA"
# the followers' table: every follower's NIK and name
has pindah-followers pindah/provinsi "Keluarga yang Pindah" \
    7501011204850003 7501011204850012 "HADIJAH MOPANGGA" "MERTUA"

# the page check redraws every variant from its seal
bad=
for p in "$T"/pdf/*.pdf; do
	$V -q -t testdata/pki/trust "$p" >/dev/null 2>&1 || bad="$bad $p"
done
if [ -z "$bad" ]; then ok legal-pages-verify
else nok legal-pages-verify "not VALID:$bad"; fi

# the profile's place (not in the seal: the page check masks it)
echo "$base" | jq -c '.id = "lahir/place" | .fields.nik = "7501015011250007"' |
    $BIN/segel-sign -q -p "$T/place.conf" --date 2026-11-23 >"$T/s2.jsonl" \
    2>/dev/null &&
    mkdir "$T/pdf2" && $BIN/segel-render -q -p "$T/place.conf" -o "$T/pdf2" \
    "$T/s2.jsonl" >"$T/r2.jsonl" 2>/dev/null
p=$(jq -r .pdf.path "$T/r2.jsonl")
if pdftotext "$p" - 2>/dev/null | tr -s ' \n' '  ' |
    grep -qF "Dikeluarkan di Limboto, tanggal 23 November 2026" &&
    $V -q -t testdata/pki/trust "$p" >/dev/null 2>&1; then
	ok legal-place-profile
else
	nok legal-place-profile "no \"Dikeluarkan di Limboto,\", or not VALID"
fi

# A forger prints the registered formula (no phrase) under the seal of an
# unregistered marriage: the page check sees the page is not the seal's.
mkdir "$T/fmt"
cp -R "${SEGEL_FORMATS:-formats}/." "$T/fmt/"
sed -i 's/, yang perkawinannya belum tercatat sesuai dengan ketentuan peraturan perundang-undangan\././' \
    "$T/fmt/types/akta-kelahiran.xml"
jq -c 'select(.id == "lahir/unregistered")' "$T/signed.jsonl" >"$T/s3.jsonl"
mkdir "$T/pdf3"
SEGEL_FORMATS="$T/fmt" $BIN/segel-render -q -o "$T/pdf3" "$T/s3.jsonl" \
    >"$T/r3.jsonl" 2>/dev/null
p=$(jq -r .pdf.path "$T/r3.jsonl")
if pdftotext "$p" - 2>/dev/null | grep -q "belum tercatat sesuai"; then
	nok legal-forged-formula "the forgery still has the phrase"
elif $V -q -t testdata/pki/trust "$p" >"$T/v3" 2>&1; then
	nok legal-forged-formula "a page without the phrase verified: $(cat "$T/v3")"
else
	ok legal-forged-formula
fi

# validation: a mother-only akta names no father
echo "$base" | jq -c '.id = "lahir/nik-ayah-only" | del(.fields.nama_ayah,
    .fields.status_perkawinan_ortu)' \
    >"$T/nf.jsonl"
echo "$base" | jq -c '.id = "lahir/status-only" | del(.fields.nama_ayah,
    .fields.nik_ayah) | .fields.status_perkawinan_ortu = "5"' >"$T/ns.jsonl"
# (jq 1.6 -e says yes to an empty file: compare the paths themselves)
needs() { jq -r '.errors[] | select(.code == "E-FIELD-NEEDS") | .path' "$1"; }
$BIN/segel-validate -r "$T/rn.jsonl" "$T/nf.jsonl" >/dev/null 2>&1
[ "$(needs "$T/rn.jsonl")" = nik_ayah ] && ok legal-needs-nik ||
    nok legal-needs-nik "no E-FIELD-NEEDS at nik_ayah: $(head -c 300 "$T/rn.jsonl")"
$BIN/segel-validate -r "$T/rs.jsonl" "$T/ns.jsonl" >/dev/null 2>&1
[ "$(needs "$T/rs.jsonl")" = status_perkawinan_ortu ] && ok legal-needs-status ||
    nok legal-needs-status "no E-FIELD-NEEDS at status_perkawinan_ortu: $(head -c 300 "$T/rs.jsonl")"
