#!/bin/sh
# testdata/names/akta-kelahiran.csv as a workbook, made with real office
# software (LibreOffice, headless; libreoffice-calc-nogui in
# packages-bench.txt; the file it made is committed), so that
# tests/cli/region-names.sh runs the addresses-as-names rows from an .xlsx
# too.  Run from the top of the tree: sh testdata/names/make.sh
# Every column as text, as a village clerk types names and numbers.
set -eu
top=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=$(head -1 "$top/testdata/names/akta-kelahiran.csv" | tr ',' '\n' | wc -l)
cols=$(seq 1 "$n" | sed 's|$|/2|' | paste -sd/ -)
mkdir -p "$tmp/in" "$top/testdata/workbooks/names"
cp "$top/testdata/names/akta-kelahiran.csv" "$tmp/in/"
soffice -env:UserInstallation=file://$tmp/profile --headless \
    --infilter="CSV:44,34,76,1,$cols" --convert-to xlsx:"Calc MS Excel 2007 XML" \
    --outdir "$tmp/out" "$tmp/in/akta-kelahiran.csv" >"$tmp/log" 2>&1
cp "$tmp/out/akta-kelahiran.xlsx" "$top/testdata/workbooks/names/"
