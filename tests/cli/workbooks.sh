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
