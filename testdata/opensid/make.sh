#!/bin/sh
# The OpenSID test export as a workbook, made with real office software
# (LibreOffice, headless; libreoffice-calc-nogui in packages-bench.txt, the
# file it made is committed).  Run from the top of the tree:
#     sh testdata/opensid/make.sh
#
# csv/kayubulan/penduduk.csv is written by hand from OpenSID's own column list
# (its population export in the import format: alamat, dusun, rw, rt,
# nama, no_kk, nik, sex, tempatlahir, tanggallahir, agama_id, … no_asuransi;
# OpenSID donjo-app import/export models) and its code tables
# (tweb_penduduk_sex, _agama, _pendidikan_kk, _pekerjaan, _kawin,
# _hubungan, _warganegara, tweb_golongan_darah).  Three families of Desa
# Kayubulan, Kecamatan Limboto (75.01.01.1001; OpenSID keeps the village in
# its settings, so the export names none): a newborn with a temporary NIK
# (0…), a couple "2" (KAWIN) without a marriage certificate, RT and RW "-",
# a WNA mother with passport and KITAS, a child with dual citizenship (3).
# xlsx/kayubulan/penduduk.xlsx is the same sheet as OpenSID writes it: the code columns
# (…_id, sex, status_kawin, kk_level) as numbers, the rest as text.
set -eu
top=$(pwd)
d=$top/testdata/opensid/csv/kayubulan
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cols=$(head -1 "$d/penduduk.csv" | tr ',' '\n' | awk '
	/^(sex|agama_id|pendidikan_kk_id|pendidikan_sedang_id|pekerjaan_id|status_kawin|kk_level|warganegara_id|golongan_darah_id|cacat_id|cara_kb_id|hamil|ktp_el|status_rekam|status_dasar|id_asuransi)$/ { printf "%s%d/1", s, NR; s = "/"; next }
	{ printf "%s%d/2", s, NR; s = "/" }')
mkdir -p "$tmp/in"
cp "$d/penduduk.csv" "$tmp/in/"
soffice -env:UserInstallation=file://$tmp/profile --headless \
    --infilter="CSV:44,34,76,1,$cols" --convert-to xlsx:"Calc MS Excel 2007 XML" \
    --outdir "$tmp/out" "$tmp/in/penduduk.csv" >"$tmp/log" 2>&1
mkdir -p "$top/testdata/opensid/xlsx/kayubulan"
cp "$tmp/out/penduduk.xlsx" "$top/testdata/opensid/xlsx/kayubulan/"
