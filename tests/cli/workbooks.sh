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

# What the sheet shows is what is read; what it does not show as data is
# a reject with a reason, counted (testdata/workbooks/shown/make.sh, made
# by LibreOffice).  S: the shown folder.
S=$W/shown
# has NAME JQ FILE: a check that jq -e JQ holds over FILE (slurped).
has() {
	if jq -se "$2" "$3" >/dev/null 2>&1; then
		ok "$1"
	else
		nok "$1" "not so: $2"
	fi
}
for kind in xlsx ods; do
	# Error values (#N/A, #REF!, #DIV/0!) are rejects naming the column
	# and the error, never a field; the JAM LAHIR times show as HH:MM.
	one_file "shown-errors-$kind" $S/akta-errors.$kind
	has "shown-errors-$kind-rejects" '[.[] | .errors[]? |
	    select(.code == "E-BOOK-CELL-ERROR")] | length == 3' $T/rej.jsonl
	has "shown-errors-$kind-no-error-text" \
	    '[.. | strings | select(test("#(N/A|REF!|DIV/0!)"))] | length == 0' \
	    $T/rec.jsonl
	has "shown-errors-$kind-time" '.[0].fields.jam_lahir == "22:24"' \
	    $T/rec.jsonl
	# NO KK and the address merged down each family's rows: every member
	# of the three families read, none rejected.
	one_file "shown-merged-$kind" $S/kk-merged.$kind
	has "shown-merged-$kind-families" '[.[] | .fields.anggota | length] ==
	    [4, 9, 4] and ([.[] | .fields.alamat | length > 0] | all)' \
	    $T/rec.jsonl
	# A row hidden by hand, a row filtered out and the four rows of a
	# hidden sheet: six rejects, none read.
	one_file "shown-hidden-$kind" $S/kk-hidden.$kind
	has "shown-hidden-$kind-rejects" '[.[] | .errors[]? |
	    select(.code == "E-BOOK-HIDDEN")] | length == 6' $T/rej.jsonl
	# Dates turned month-first by an en-US spreadsheet next to day-first
	# text: the dates are rejects, none read month first.
	one_file "shown-usdate-$kind" $S/akta-usdate.$kind
	has "shown-usdate-$kind-rejects" '[.[] | .errors[]? |
	    select(.code == "E-BOOK-DATE-AMBIGUOUS")] | length == 2' \
	    $T/rej.jsonl
done
# _xHHHH_ escapes of U+0000 (which cut the text off), U+FFFF and a lone
# surrogate are rejects; a TAB and an underscore are read.
one_file shown-xescape $S/xescape.xlsx
has shown-xescape-rejects '[.[] | .errors[]? |
    select(.code == "E-FIELD-CONTROL")] | length == 3' $T/rej.jsonl
has shown-xescape-read '[.. | strings | select(test("^(SAFRUDIN|NURAINI|SITI)$|SAFRUDIN MOPANGGA|NURAINI MOPANGGA|SITI HULUBANGGA"))]
    == [] and ([.. | strings | select(. == "LIM_BOTO")] | length > 0)' \
    $T/rec.jsonl
# A merged range over the whole sheet and one down a million rows: the
# header spans past column 512 (the sheet is refused by name), at once.
one_file shown-merge-bomb $S/merge-bomb.xlsx
