#!/bin/sh
# Addresses as names (lib/intake.c region_fill, lib/region.c
# region_resolve_names): a row with no region code gets the one its
# desa/kelurahan, kecamatan and kabupaten/kota names resolve to, on real
# names of the four regencies in testdata; names that fit several places
# or none are rejects that list the candidates.  --region names the
# desa/kelurahan of rows that carry no address.
. tests/cli/lib.sh
I="$BIN/segel-intake"

# testdata/names: akta kelahiran with address columns instead of a code
# (the two Kayubulan of Kabupaten Gorontalo, Kota against Kabupaten, a
# name in the wrong kecamatan, unknown names, a desa alone)
golden region-names "$I -r $T/rej testdata/names | jq -c '[.source.line, .fields.kode_wilayah, .source.address.desa]'; jq -c '[.source.line, .errors[0].code, .errors[0].message]' $T/rej"

# Every Kartu Keluarga of testdata/bulk that has the names, with its
# KODE WILAYAH column emptied, gives the same records as with it.
n=0 bad=
for f in testdata/bulk/*/*/kk.csv; do
	grep -q '"' "$f" && continue # quoted cells: not for awk
	case $f in *-invalid/*) continue ;; esac # codes and names differ on purpose
	head -1 "$f" | grep -q 'DESA/KELURAHAN' || continue
	sep=,
	head -1 "$f" | grep -q ';' && sep=';'
	d=$T/kk$n
	mkdir -p "$d"
	awk -F"$sep" -v OFS="$sep" 'NR == 1 { for (i = 1; i <= NF; i++)
	    if ($i ~ /KODE WILAYAH/) c = i; print; next } { $c = ""; print }' \
	    "$f" >"$d/kk.csv"
	[ -d "${f%/kk.csv}/lampiran" ] && cp -R "${f%/kk.csv}/lampiran" "$d/"
	$I -q "$f" 2>/dev/null | jq -c '.fields' >"$T/want"
	$I -q "$d/kk.csv" 2>/dev/null | jq -c '.fields' >"$T/got"
	if [ -s "$T/want" ] && cmp -s "$T/want" "$T/got"; then
		n=$((n + 1))
	else
		bad="$bad $f"
		n=$((n + 1))
	fi
done
[ "$n" -ge 4 ] && [ -z "$bad" ] && ok "region-names-kk ($n files)" ||
    nok region-names-kk "differ:$bad ($n files)"

# --region: rows with no address get the code; a row with another code
# or other names is a reject; a code that is no desa is misuse
cut -d, -f1-13 testdata/names/akta-kelahiran.csv >"$T/noaddr.csv"
golden region-flag "$I -q --region 75.01.01.1001 -t akta-kelahiran $T/noaddr.csv | jq -r .fields.kode_wilayah | sort | uniq -c"
golden region-flag-names "$I --region 75.01.01.1001 -r $T/rej2 testdata/names >/dev/null; jq -c '[.source.line, .errors[0].code]' $T/rej2"
golden region-flag-bad "$I --region 75.01.01 testdata/names"
golden region-flag-unknown "$I --region 75.01.01.9999 testdata/names"
golden region-flag-code "$I --region 75.01.01.1001 -r $T/rej3 testdata/bulk/rote-ndao/lobalain-namodale/kk.csv >/dev/null 2>&1; jq -r '.errors[] | select(.code == \"E-INTAKE-REGION\") | .message' $T/rej3 | sort | uniq -c"
# the same rows from the .xlsx LibreOffice made of them give the same
# records and rejects
$I -r "$T/rej-csv" testdata/names 2>/dev/null | jq -c 'del(.id, .source.folder, .source.file, .source.sheet)' >"$T/n-csv"
$I -r "$T/rej-x" testdata/workbooks/names 2>/dev/null | jq -c 'del(.id, .source.folder, .source.file, .source.sheet)' >"$T/n-x"
jq -c 'del(.id, .source.folder, .source.file, .source.sheet)' "$T/rej-csv" >>"$T/n-csv"
jq -c 'del(.id, .source.folder, .source.file, .source.sheet)' "$T/rej-x" >>"$T/n-x"
[ -s "$T/n-x" ] && cmp -s "$T/n-csv" "$T/n-x" && ok region-names-xlsx ||
    nok region-names-xlsx "$(diff "$T/n-csv" "$T/n-x" | head -5)"
# a row's own code written without dots is the same place as --region's
mkdir -p "$T/undot"
sed 's/75\.01\.03\.2004/7501032004/' testdata/bulk/gorontalo/batudaa-payunga/akta-kelahiran.csv >"$T/undot/akta-kelahiran.csv"
[ "$($I -q --region 75.01.03.2004 "$T/undot" 2>/dev/null | wc -l)" = 8 ] &&
    ok region-flag-undotted || nok region-flag-undotted "an undotted code was taken for another place"
