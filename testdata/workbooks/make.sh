#!/bin/sh
# Make the test workbooks with real office software: LibreOffice, headless,
# from Debian (libreoffice-calc-nogui, packages-bench.txt; CI does not need
# it, the files it made are committed).  Run from the top of the tree:
#     sh testdata/workbooks/make.sh
#
# xlsx/, ods/, xls/: every CSV of testdata/bulk as a workbook, at the same
# path.  Each CSV is imported as a village clerk would type it into a sheet:
# dates (TGL..., TANGGAL...) as dates (day first), counts (ANAK KE, No) as
# numbers, everything else as text, so NIKs and RT 001 keep their digits.
# tests/cli/workbooks.sh reads them in place of the CSVs and wants the same
# records.
#
# special/: what villages also send.  nik-float: the NIK columns left as
# numbers (Excel's 7.50102E+15); sheets: a workbook with a sheet of
# instructions, a data sheet, an empty sheet and a second data sheet (made
# from sheets.fods, flat OpenDocument written here by hand); its ANAK_KE
# numbers are formatted "00", so the sheet shows 01 (the .xls reader,
# libfreexl, knows no number formats and gives 1).
set -eu
top=$(pwd)
out=$top/testdata/workbooks
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lo() {
	soffice -env:UserInstallation=file://$tmp/profile --headless "$@" \
	    >>"$tmp/log" 2>&1
}

# The CSV import filter for one file: separator, character set, and a
# column format for each heading (1 standard, 2 text, 4 date DD/MM/YY).
filter() {
	head=$(head -1 "$1" | tr -d '\r')
	case $head in
	*"	"*) sep=9 ;;
	*";"*) sep=59 ;;
	*) sep=44 ;;
	esac
	if iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1; then cs=76; else cs=1; fi
	cols=$(printf '%s\n' "$head" | sed 's/^\xef\xbb\xbf//' |
	    awk -v sep="$sep" 'BEGIN { FS = sprintf("%c", sep) }
	    { for (i = 1; i <= NF; i++) {
		h = toupper($i); gsub(/"/, "", h)
		f = 2
		if (h ~ /^(TGL|TANGGAL)/) f = 4
		else if (h ~ /ANAK.KE/ || h == "NO") f = 1
		printf "%s%d/%d", (i > 1 ? "/" : ""), i, f
	    } }')
	echo "CSV:$sep,34,$cs,1,$cols,1057,true,false"
}

rm -rf "$out/xlsx" "$out/ods" "$out/xls"
cd "$top/testdata/bulk"
find . -name '*.csv' | sort | while read -r f; do
	d=$(dirname "$f")
	mkdir -p "$tmp/ods/$d"
	lo --infilter="$(filter "$f")" --convert-to ods --outdir "$tmp/ods/$d" "$f"
done
cd "$tmp/ods"
for kind in xlsx xls; do
	find . -name '*.ods' | sort | while read -r f; do
		d=$(dirname "$f")
		mkdir -p "$out/$kind/$d"
		echo "$out/$kind/$d $f"
	done >"$tmp/list"
	# one LibreOffice run a folder
	cut -d' ' -f1 "$tmp/list" | sort -u | while read -r o; do
		files=$(awk -v o="$o" '$1 == o { print $2 }' "$tmp/list")
		# shellcheck disable=SC2086
		lo --convert-to "$kind" --outdir "$o" $files
	done
done
mkdir -p "$out/ods"
cp -R "$tmp/ods/." "$out/ods/"

# special/
cd "$top"
rm -rf "$out/special"
mkdir -p "$out/special"
f=testdata/bulk/kepahiang/merigi-taba-mulan/akta-kelahiran.csv
cp "$f" "$tmp/nik-float.csv"
lo --infilter="CSV:9,34,76,1,,1057,true,false" --convert-to xlsx \
    --outdir "$out/special" "$tmp/nik-float.csv"
for kind in xlsx ods xls; do
	lo --convert-to "$kind" --outdir "$out/special" "$out/sheets.fods"
done
sed -n 1p "$tmp/log" >/dev/null
ls -R "$out" | head -5
