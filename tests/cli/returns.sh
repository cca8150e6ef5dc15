#!/bin/sh
# The return list for the villages (segel-intake --return DIR,
# lib/returns.c): each village folder's rejected rows as its own .xlsx and
# .csv, in Indonesian whatever language the operator reads (the
# operator's messages stay in theirs), the summary naming how many lines
# each village gets.  The .xlsx is read back in tests/unit/test_returns.c.
. tests/cli/lib.sh
I=$BIN/segel-intake
loc=$B/locale-def
if [ ! -f "$loc/id_ID.UTF-8/LC_MESSAGES/SYS_LC_MESSAGES" ]; then
	mkdir -p "$loc"
	localedef -i id_ID -f UTF-8 "$loc/id_ID.UTF-8" >/dev/null 2>&1
fi
LOCPATH=$(cd "$loc" && pwd)

golden returns-summary "LOCPATH='$LOCPATH' $I --return $T/ret testdata/broken 2>&1 >/dev/null | grep 'return list'"
# one pair of files a village with a reject, none for the others
n=$(ls "$T/ret"/*.xlsx | wc -l)
c=$(ls "$T/ret"/*.csv | wc -l)
v=$($I -q -r "$T/rej" testdata/broken >/dev/null 2>&1; jq -r .source.folder "$T/rej" | sort -u | wc -l)
[ "$n" = "$v" ] && [ "$c" = "$v" ] && ok "returns-one-per-village ($v)" ||
    nok returns-one-per-village "$n xlsx, $c csv for $v villages"
# every problem of every reject is a line (nothing left out)
want=$(jq '.errors | length' "$T/rej" | awk '{ s += $1 } END { print s }')
got=$(cat "$T/ret"/*.csv | tr -d '\r' | grep -c '"[EW]-[A-Z0-9-]*"$')
[ "$want" = "$got" ] && ok "returns-every-problem ($got)" ||
    nok returns-every-problem "$got lines for $want problems"
# in Indonesian, as the office runs it
env -u LC_ALL -u LANGUAGE LOCPATH="$LOCPATH" LANG=id_ID.UTF-8 \
    $I -q --return "$T/ret-id" testdata/broken/bad-dates >/dev/null 2>&1
golden returns-bad-dates-id "cat $T/ret-id/bad-dates.csv"
# an operator reading English sends the village the same Indonesian list,
# and reads the problems in English
cmp -s "$T/ret/bad-dates.csv" "$T/ret-id/bad-dates.csv" &&
    ok returns-indonesian-for-english-operator ||
    nok returns-indonesian-for-english-operator \
    "$(diff "$T/ret/bad-dates.csv" "$T/ret-id/bad-dates.csv" | head -3)"
LOCPATH="$LOCPATH" $I --return "$T/ret-en" testdata/broken/bad-dates \
    2>"$T/ret-en.err" >/dev/null
grep -q 'is not a date that exists' "$T/ret-en.err" &&
    ! grep -q 'bukan tanggal' "$T/ret-en.err" &&
    ok returns-operator-language || nok returns-operator-language \
    "$(head -3 "$T/ret-en.err")"
# a system with no Indonesian locale says so, and the list is still whole
golden returns-bad-dates-nolocale "LOCPATH=/nonexistent $I --return $T/ret-nl testdata/broken/bad-dates 2>&1 >/dev/null | grep -e '--return'; cat $T/ret-nl/bad-dates.csv"
golden returns-unwritable "$I -q --return /proc/version testdata/broken/bad-dates >/dev/null"
