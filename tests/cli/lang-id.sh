#!/bin/sh
# Every tool in Indonesian (LANG=id_ID.UTF-8): stderr, summaries,
# diagnostics and verdict words in Indonesian (goldens lang-id-*), while
# records, rejects, JSON and exit statuses are byte for byte the English
# run's.  The locale is built under $B (no system locale needed):
# LOCPATH points there; the catalogue is found next to the tools.
. tests/cli/lib.sh
S="$BIN/segel-sign" V="$BIN/segel-verify" TR=testdata/pki/trust
SEGEL_TODAY=2026-11-01
export SEGEL_TODAY

loc=$B/locale-def
if [ ! -f "$loc/id_ID.UTF-8/LC_MESSAGES/SYS_LC_MESSAGES" ]; then
	mkdir -p "$loc"
	localedef -i id_ID -f UTF-8 "$loc/id_ID.UTF-8" >/dev/null 2>&1
fi
LOCPATH=$(cd "$loc" && pwd)

# in_english CMD / in_indonesian CMD: CMD with the language set.
in_english() { env LC_ALL=C.UTF-8 sh -c "$1"; }
in_indonesian() {
	env -u LC_ALL -u LANGUAGE LOCPATH="$LOCPATH" LANG=id_ID.UTF-8 \
	    sh -c "$1"
}

# both NAME CMD [same-stdout]: the Indonesian run against its golden
# (lang-id-NAME), its stdout and exit status against the English run's,
# and its stderr not the English one.
both() {
	n=$1 cmd=$2 same=${3:-yes}
	in_english "$cmd" >"$T/en.out" 2>"$T/en.err"
	echo $? >"$T/en.rc"
	golden "lang-id-$n" "env -u LC_ALL -u LANGUAGE LOCPATH='$LOCPATH' \
	    LANG=id_ID.UTF-8 sh -c \"$(echo "$cmd" | sed 's/["$\\`]/\\&/g')\""
	[ "${UPDATE:-0}" = 1 ] && return
	if [ "$same" = yes ] && ! cmp -s "$T/en.out" "$T/out.raw"; then
		nok "lang-id-$n-same-output" "stdout differs from English"
		diff "$T/en.out" "$T/out.raw" | head -10
	elif ! cmp -s "$T/en.rc" "$T/rc"; then
		nok "lang-id-$n-same-output" \
		    "exit $(cat "$T/rc"), English $(cat "$T/en.rc")"
	elif [ -s "$T/en.err" ] && cmp -s "$T/en.err" "$T/err.raw"; then
		nok "lang-id-$n-same-output" "stderr is still English"
	else
		ok "lang-id-$n-same-output"
	fi
}

# The catalogue is complete.
if msgfmt --check --statistics -o /dev/null po/id.po 2>"$T/stat" &&
    ! grep -qE 'untranslated|fuzzy' "$T/stat"; then
	ok "lang-id-catalogue-complete"
else
	nok "lang-id-catalogue-complete" "$(cat "$T/stat")"
fi

# segel-intake: rejected rows and files, their summary; a usage error.
both intake-rejects "$BIN/segel-intake -r $T/rej.jsonl testdata/broken/ragged-rows testdata/broken/binary-csv testdata/broken/missing-attachment; rc=\$?; cat $T/rej.jsonl; exit \$rc"
both intake-missing "$BIN/segel-intake $T/no-such-folder"
both intake-usage "$BIN/segel-intake --type"
both intake-help "$BIN/segel-intake --help" no
# workbooks: a NIK the spreadsheet turned into a number, a zip bomb
both intake-workbook "$BIN/segel-intake -r $T/rej.jsonl testdata/workbooks/special/nik-float.xlsx testdata/workbooks/hostile/bomb.xlsx; rc=\$?; cat $T/rej.jsonl; exit \$rc"

# segel-validate: rejects, a report, the summary.
both validate-rejects "$BIN/segel-validate -r $T/rej.jsonl --report $T/report.txt testdata/validate/cases.jsonl; rc=\$?; cat $T/rej.jsonl; cat $T/report.txt >&2; exit \$rc"
both validate-help "$BIN/segel-validate --help" no

# segel-sign: a record it refuses, a profile it refuses.
setup_pki
$BIN/segel-validate -q testdata/render/largest.jsonl 2>/dev/null |
    head -2 >"$T/valid.jsonl"
both sign-rejects "$S -p $T/pki/1708.conf --date 2026-11-23 -r $T/rej.jsonl $T/valid.jsonl; rc=\$?; cat $T/rej.jsonl; exit \$rc"
printf 'ofice = x\n' >>"$T/pki/6409.conf"
both sign-profile "$S -p $T/pki/6409.conf $T/valid.jsonl"
both sign-help "$S --help" no

# segel-render: an unsigned record is rejected.
mkdir -p "$T/pdf"
both render-rejects "$BIN/segel-render -o $T/pdf -r $T/rej.jsonl $T/valid.jsonl; rc=\$?; cat $T/rej.jsonl; exit \$rc"
both render-help "$BIN/segel-render --help" no

# segel-verify: verdicts in words (stdout differs: the human verdict is
# translated; its goldens in both languages are tests/cli/verify-person.sh's),
# the same exit statuses and the same JSON.
$S -q -p "$T/pki/7501.conf" --date 2026-11-23 "$T/valid.jsonl" \
    2>/dev/null | jq -r .seal | head -1 >"$T/seal.txt"
sed 's/.\{8\}$/AAAAAAAA/' "$T/seal.txt" >"$T/bad-seal.txt"
both verify-verdicts "$V -t $TR - <$T/seal.txt; $V -t $TR -q - <$T/bad-seal.txt; $V -t $TR -q $T/no-such.png" no
both verify-json "$V -t $TR --json - <$T/bad-seal.txt; $V -t $TR --json testdata/scans/akta.pdf $T/no-such.png"
both verify-help "$V --help" no
