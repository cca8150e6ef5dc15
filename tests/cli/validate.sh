#!/bin/sh
# Golden tests for segel-validate.  The sample data's "today" is
# 2026-10-31 or later; SEGEL_TODAY pins it so the clock does not matter.
. tests/cli/lib.sh
V="$BIN/segel-validate"
I="$BIN/segel-intake"
SEGEL_TODAY=2026-11-01
export SEGEL_TODAY

# run_case NAME ARGS...: records, rejects, report, then the exit status.
run_case() {
	name=$1
	shift
	golden "validate-$name" "$V -r $T/rej.jsonl --report $T/report.txt $* \
	    >$T/rec.jsonl; rc=\$?; cat $T/rec.jsonl; echo '--- rejects'; \
	    cat $T/rej.jsonl; echo '--- report'; cat $T/report.txt; exit \$rc"
	invariant "validate-$name"
}

# in = passed + rejected, and the numbers match the lines written.
invariant() {
	s=$(grep 'records in' "$T/err" | tail -1)
	set -- $(echo "$s" | sed 's/[^0-9 ]//g')
	recs=$(grep -c . "$T/rec.jsonl" 2>/dev/null || true)
	rejs=$(grep -c . "$T/rej.jsonl" 2>/dev/null || true)
	if [ -z "$s" ] || [ "$1" -ne $(($2 + $4)) ] || [ "$recs" -ne "$2" ] ||
	    [ "$rejs" -ne "$4" ]; then
		nok "$1-invariant" "summary \"$s\", $recs passed and $rejs rejects written"
		return
	fi
	ok "$name-invariant"
}

# The sample folders: everything passes except the planted problems in
# gorontalo/limboto-biyonga-invalid (testdata/README.md).
$I testdata/bulk >"$T/bulk.jsonl" 2>/dev/null
run_case bulk "$T/bulk.jsonl"
# Hand-made records for what the samples lack (testdata/validate/).
run_case cases testdata/validate/cases.jsonl
golden validate-strict "$V -q -s -r $T/rej.jsonl testdata/validate/cases.jsonl >/dev/null; rc=\$?; grep -o '\"id\":\"[^\"]*\"' $T/rej.jsonl; exit \$rc"
golden validate-stdin "$I testdata/bulk/rote-ndao/rote-tengah-maubesi 2>/dev/null | $V --report -"

# Validating twice changes nothing: the output is already normalised.
$V "$T/bulk.jsonl" >"$T/once.jsonl" 2>/dev/null
$V "$T/once.jsonl" >"$T/twice.jsonl" 2>/dev/null
if cmp -s "$T/once.jsonl" "$T/twice.jsonl"; then
	ok validate-idempotent
else
	nok validate-idempotent "a second run changed the records"
fi

printf '%s\n' '{"type":"kk","fields":{}}' 'not json' '[1]' '' \
    '{"type":"kk","fields":{"no_kk":"x"},"id":"a","id":"b"}' >"$T/bad.jsonl"
VA=$(cd "$(dirname "$V")" && pwd)/segel-validate
golden validate-bad-lines "cd $T && $VA -r rej.jsonl bad.jsonl; rc=\$?; cat rej.jsonl; exit \$rc"

golden validate-help "$V --help"
golden validate-version "$V --version | sed 's/[0-9][0-9.]*/X/'"
golden validate-bad-option "$V --frobnicate"
golden validate-missing-file "$V testdata/no-such-file.jsonl"
golden validate-same-output "$V -r x --report x testdata/validate/cases.jsonl"
expect validate-full-disk 2 "$V testdata/validate/cases.jsonl >/dev/full"
golden validate-formats-missing "SEGEL_FORMATS=/nonexistent $V testdata/validate/cases.jsonl"
# A type naming a check the engine does not know stops the run at start.
cp -R "$SEGEL_FORMATS" "$T/formats"
sed 's/<check name="kk-family"/<check name="kk-famly"/' formats/types/kk.xml \
    >"$T/formats/types/kk.xml"
golden validate-unknown-check "SEGEL_FORMATS=$T/formats $V testdata/validate/cases.jsonl 2>$T/e; rc=\$?; sed 's|$T|T|g' $T/e; exit \$rc"

# The same record twice in a batch, field for field (review, session 11:
# one birth on two sheets made two documents): the later is a reject that
# names the earlier.  Twins (another name and hour) and the same birth in
# another batch pass; segel-sign judges repeats itself (E-SIGN-DUPLICATE).
A=testdata/bulk/gorontalo/batudaa-payunga/akta-kelahiran.csv
$I -q "$A" 2>/dev/null | head -n 1 >"$T/one.jsonl"
jq -c '.id = "copy/lahir.xlsx:Februari:2"' "$T/one.jsonl" >"$T/copy.jsonl"
jq -c '.id = "twin" | .fields.nama_lengkap += " KEDUA" | .fields.jam_lahir = "23:59"' \
    "$T/one.jsonl" >"$T/twin.jsonl"
cat "$T/one.jsonl" "$T/twin.jsonl" "$T/copy.jsonl" | $V -r "$T/dup-rej.jsonl" >"$T/dup-ok.jsonl" 2>"$T/dup-err"
first=$(jq -r .id "$T/one.jsonl")
if [ "$(wc -l <"$T/dup-ok.jsonl")" = 2 ] &&
    [ "$(jq -r '[.id, .errors[0].code] | join(" ")' "$T/dup-rej.jsonl")" = "copy/lahir.xlsx:Februari:2 E-RECORD-DUPLICATE" ] &&
    grep -q "as record $first of this batch" "$T/dup-err"; then
	ok validate-record-duplicate
else
	nok validate-record-duplicate "$(wc -l <"$T/dup-ok.jsonl") passed; $(head -c 300 "$T/dup-err")"
fi
