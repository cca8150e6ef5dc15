#!/bin/sh
# Workbooks read directly (lib/workbook.c): the CSV folders of testdata/bulk
# as LibreOffice saved them (.xlsx, .ods, .xls; testdata/workbooks/make.sh)
# give the same records and rejects as the CSVs, and what villages also
# send is read or refused by name: a NIK that became a number, several
# sheets, an empty sheet, a damaged file, a zip bomb.
. tests/cli/lib.sh
I="$BIN/segel-intake"
W=testdata/workbooks

# The records of a folder, with what tells the copies apart taken out:
# the folder it was copied to, the file's extension, the sheet.
norm() {
	jq -c --arg t "$2" '
	    def noext: sub("\\.(csv|xlsx|ods|xls)(?=:|$)"; "");
	    (.source.folder |= (if . then sub("^" + $t; "testdata/bulk") else . end))
	    | (.source.file |= (if . then noext else . end))
	    | (.id |= (if . then noext else . end))
	    | del(.source.sheet)
	    # a cell with a line break in it is two lines of the CSV but one
	    # row of the sheet: in that file (limboto-hunggaluwa/kk) the places
	    # are the row numbers of the sheet, as the village sees them
	    | if (.id // "") | startswith("limboto-hunggaluwa/kk:")
	      then del(.source.line, .source.lines) | .id = "limboto-hunggaluwa/kk"
	      else . end' "$1"
}

$I -q -r "$T/csv.rej" testdata/bulk >"$T/csv.rec" 2>"$T/csv.err"
echo $? >"$T/csv.rc"
norm "$T/csv.rec" x >"$T/csv.rec.n"
norm "$T/csv.rej" x >"$T/csv.rej.n"
for kind in xlsx ods xls; do
	cp -R testdata/bulk "$T/$kind"
	find "$T/$kind" -name '*.csv' -exec rm {} +
	cp -R "$W/$kind/." "$T/$kind/"
	$I -q -r "$T/$kind.rej" "$T/$kind" >"$T/$kind.rec" 2>"$T/$kind.err"
	echo $? >"$T/$kind.rc"
	norm "$T/$kind.rec" "$T/$kind" >"$T/$kind.rec.n"
	norm "$T/$kind.rej" "$T/$kind" >"$T/$kind.rej.n"
	if [ -s "$T/$kind.rec.n" ] && cmp -s "$T/csv.rec.n" "$T/$kind.rec.n"; then
		ok "workbooks-$kind-records"
	else
		nok "workbooks-$kind-records" "the $kind records differ from the CSV ones"
		diff "$T/csv.rec.n" "$T/$kind.rec.n" | head -10
	fi
	if cmp -s "$T/csv.rej.n" "$T/$kind.rej.n" && cmp -s "$T/csv.rc" "$T/$kind.rc"; then
		ok "workbooks-$kind-rejects"
	else
		nok "workbooks-$kind-rejects" "the $kind rejects differ from the CSV ones"
		diff "$T/csv.rej.n" "$T/$kind.rej.n" | head -10
	fi
done

# one_file NAME FILE [ARGS]: records, rejects and the exit status.
one_file() {
	name=$1 f=$2
	shift 2
	golden "workbook-$name" "$I $* -r $T/rej.jsonl $f >$T/rec.jsonl; rc=\$?;
	    cat $T/rec.jsonl; echo '--- rejects'; cat $T/rej.jsonl; exit \$rc"
}

# A NIK and a KK number that became numbers (1.70805E+15): rejects that
# say so, never a NIK made of the 15 digits left.
one_file nik-float $W/special/nik-float.xlsx
if grep -q '"nik":"17' "$T/out"; then
	nok workbook-nik-float-no-digits "a NIK made of the digits a number kept"
else
	ok workbook-nik-float-no-digits
fi
# Several sheets: instructions (named, not read), births, an empty sheet
# (nothing said), deaths; ids name the sheet.
for kind in xlsx ods xls; do
	one_file "sheets-$kind" $W/special/sheets.$kind
done
# A folder of workbooks alone is read (it used to be "0 files").
one_file folder $W/special
# With --type, a sheet with no column of the type is named and skipped.
one_file sheets-forced $W/special/sheets.xlsx -t akta-kematian
# A workbook saved under a .csv name is read as the workbook it is.
mkdir -p "$T/kiriman"
cp $W/special/sheets.xlsx "$T/kiriman/dikirim.csv"
one_file named-csv "$T/kiriman/dikirim.csv"
# Refused by name, counted as a file reject, nothing read from them:
# damaged, a zip bomb (by ratio, and one whose entry lies about its
# size), an XML bomb, a zip that is no workbook, a kind segel does not
# read.
for f in damaged bomb liar xmlbomb notabook; do
	one_file "hostile-$f" $W/hostile/$f.xlsx
done
# An .xls on which libfreexl reads past a stack buffer (found by
# fuzz_workbook): the reader runs in a child of its own, the file is a
# reject like any damaged one.
one_file hostile-freexl $W/hostile/freexl-overread.xls
: >"$T/kiriman/rekap.xlsb"
one_file hostile-xlsb "$T/kiriman/rekap.xlsb"
# The bombs are refused before they are inflated: memory stays small.
# Measured against the same run on a zip that is no workbook (what the
# program itself costs; under ASan that is some 40 MB): a bomb read
# through would add its 64 MiB.
rss() {
	$BUILD_TESTS/maxrss $I "$1" >/dev/null 2>"$T/rss"
	sed -n 's/^maxrss: \([0-9]*\) KiB/\1/p' "$T/rss"
}
base=$(rss $W/hostile/notabook.xlsx)
for f in bomb liar; do
	kib=$(rss $W/hostile/$f.xlsx)
	if [ -n "$base" ] && [ -n "$kib" ] && [ "$kib" -lt $((base + 16384)) ]; then
		ok "workbook-$f-memory"
	else
		nok "workbook-$f-memory" "peak ${kib:-?} KiB for a 70 KiB file, ${base:-?} KiB for no workbook"
	fi
done
