#!/bin/sh
# The record envelope has one owner (lib/record.c): a line that is no
# record is rejected in one shape by every tool that reads records
# (formats/records.md, "Rejects"), and said once on standard error.
. tests/cli/lib.sh
S="$BIN/segel-sign" VA="$BIN/segel-validate"
setup_pki

{
	echo 'not json'
	echo '["an","array"]'
	echo '{"id":"a","id":"b"}'
} >"$T/bad.jsonl"
golden records-reject-line-sign "$S -p $T/pki/7501.conf --date 2026-11-23 -r $T/rs.jsonl $T/bad.jsonl; rc=\$?; cat $T/rs.jsonl; exit \$rc"
$VA -q -r "$T/rv.jsonl" "$T/bad.jsonl" 2>/dev/null
if cmp -s "$T/rv.jsonl" "$T/rs.jsonl"; then
	ok records-reject-line-same
else
	nok records-reject-line-same "segel-sign's rejects differ from segel-validate's"
	diff "$T/rv.jsonl" "$T/rs.jsonl" | head -10
fi
