#!/bin/sh
# Golden tests for segel-intake.
. tests/cli/lib.sh
I="$BIN/segel-intake"

# run_case NAME ARGS...: records, then rejects, then the exit status.
run_case() {
	name=$1
	shift
	golden "intake-$name" "$I -r $T/rej.jsonl $* >$T/rec.jsonl; rc=\$?;
	    cat $T/rec.jsonl; echo '--- rejects'; cat $T/rej.jsonl; exit \$rc"
	invariant "intake-$name"
}

# Rows read = rows into records + rows rejected, and the numbers match
# the lines written.
invariant() {
	s=$(grep 'rows read' "$T/err" | tail -1)
	set -- $(echo "$s" | sed 's/[^0-9 ]//g')
	# files, rows, in-records, records, rejected [, files rejected]
	recs=$(grep -c . "$T/rec.jsonl" 2>/dev/null || true)
	rejs=$(grep -c . "$T/rej.jsonl" 2>/dev/null || true)
	if [ -z "$s" ] || [ "$2" -ne $(($3 + $5)) ] || [ "$recs" -ne "$4" ]; then
		nok "$1-invariant" "summary \"$s\", $recs records written"
		return
	fi
	if [ "$5" -gt 0 ] || [ "${6:-0}" -gt 0 ]; then
		[ "$rejs" -gt 0 ] || { nok "$1-invariant" "rejected rows but no rejects written"; return; }
	fi
	ok "$1-invariant"
}

run_case bulk testdata/bulk
for d in testdata/broken/*/; do
	run_case "broken-$(basename "$d")" "$d"
done
run_case single-file testdata/bulk/rote-ndao/pantai-baru-nusakdale-akta-kelahiran.csv
run_case forced-type-mismatch -t kk testdata/broken/unknown-columns
run_case small-attachments --max-attachment 1K testdata/bulk/kepahiang/kebawetan-tugu-rejo

# Records pass through a second intake unchanged (provenance kept).
$I testdata/bulk/gorontalo >"$T/first.jsonl" 2>/dev/null
mkdir -p "$T/again" && cp "$T/first.jsonl" "$T/again/batch.jsonl"
$I "$T/again" >"$T/second.jsonl" 2>"$T/err"
if cmp -s "$T/first.jsonl" "$T/second.jsonl"; then
	ok intake-jsonl-passthrough
else
	nok intake-jsonl-passthrough "records changed on a second pass"
fi
printf '%s\n' '{"type":"kk","fields":{}}' 'not json' '{"type":"surat","fields":{}}' \
    '[1]' '{"type":"kk"}' >"$T/again/bad.jsonl"
rm "$T/again/batch.jsonl"
golden intake-jsonl-bad "cd $T && $OLDPWD/$I -r rej.jsonl again; rc=\$?; cat rej.jsonl; exit \$rc"

golden intake-help "$I --help"
golden intake-version "$I --version | sed 's/[0-9][0-9.]*/X/'"
golden intake-list-types "$I --list-types"
golden intake-no-args "$I"
golden intake-bad-option "$I --frobnicate x"
golden intake-unknown-type "$I -t surat testdata/bulk"
golden intake-bad-size "$I --max-attachment 12Q testdata/bulk"
golden intake-missing-path "$I testdata/no-such-folder"
expect intake-full-disk 2 "$I testdata/bulk/gorontalo >/dev/full"
golden intake-formats-missing "SEGEL_FORMATS=/nonexistent $I testdata/bulk"

# A malformed quote: text after a closing quote would change the value
# silently ("1708..."9 read as 1708...9); the row is a reject that says
# so, the rows around it are read.
mkdir -p "$T/kutip"
f=testdata/bulk/rote-ndao/pantai-baru-nusakdale-akta-kelahiran.csv
head -2 "$f" >"$T/kutip/akta.csv"
sed -n 3p "$f" | sed 's/^\([^,;	]*\)/"\1"9/' >>"$T/kutip/akta.csv"
sed -n 4p "$f" >>"$T/kutip/akta.csv"
golden intake-csv-bad-quote "cd $T && $PWD/$I -r rej.jsonl kutip/akta.csv; rc=\$?; cat rej.jsonl; exit \$rc"
# type names are case-insensitive; a forced type whose decisive columns
# are not there, or whose columns are another type's, is refused by name
golden intake-type-case "$I -q -t KK testdata/bulk/rote-ndao/lobalain-namodale/kk.csv | jq -r .type | uniq -c; $I -q -t Akta-Kelahiran testdata/bulk/rote-ndao/lobalain-namodale/akta-kelahiran.csv | jq -r .type | uniq -c"
golden intake-forced-wrong "$I -t akta-kelahiran testdata/bulk/rote-ndao/lobalain-namodale/kk.csv; $I -t akta-kematian testdata/bulk/rote-ndao/lobalain-namodale/akta-kelahiran.csv"
# a member's problem is reported at the member's own row, not the family's
# first (lines 2-6 are one family; line 4 gets an impossible date)
mkdir -p "$T/member"
cp -R testdata/bulk/rote-ndao/lobalain-namodale/lampiran "$T/member/"
awk -F';' -v OFS=';' 'NR == 4 { $6 = "31-02-1990" } { print }' \
    testdata/bulk/rote-ndao/lobalain-namodale/kk.csv >"$T/member/kk.csv"
golden intake-member-line "$I -q -t kk $T/member/kk.csv >/dev/null; $I -t kk $T/member/kk.csv 2>&1 >/dev/null | grep tanggal_lahir"
# a progress line on a terminal (and with --progress), none in a pipe
n=$($I --progress testdata/bulk 2>&1 >/dev/null | tr '\r' '\n' | grep -c '^segel-intake: [0-9]* files, [0-9]* rows: ')
[ "$n" -ge 1 ] && ok intake-progress-forced || nok intake-progress-forced "no progress line"
$I testdata/bulk 2>"$T/np" >/dev/null
! grep -q "$(printf '\r')" "$T/np" && ok intake-progress-pipe || nok intake-progress-pipe "a progress line in a pipe"
if command -v script >/dev/null; then
	n=$(script -qec "$I testdata/bulk >/dev/null" /dev/null | tr '\r' '\n' | grep -c 'files, [0-9]* rows: ')
	[ "$n" -ge 1 ] && ok intake-progress-tty || nok intake-progress-tty "no progress line on a terminal"
fi

# A family's rows anywhere in the file: the same families come out of the
# rows shuffled as in order (each family goes out when its last row is
# read, and its slot is used again), and the memory a family costs while
# the file is read stays small (the table of families, no JSON per family).
"$B/tests/gen-rows" --type kk --rows 3000 --seed 11 >"$T/kk.csv"
{ head -n 1 "$T/kk.csv"; tail -n +2 "$T/kk.csv" | shuf --random-source="$T/kk.csv"; } >"$T/kk-shuf.csv"
fams() { "$I" -q -t kk "$1" 2>/dev/null | jq -c '.fields | .anggota |= sort_by(.nik)' | sort; }
fams "$T/kk.csv" >"$T/f1"
fams "$T/kk-shuf.csv" >"$T/f2"
n=$(grep -c . "$T/f1")
if [ "$n" -gt 500 ] && cmp -s "$T/f1" "$T/f2"; then
	ok intake-family-rows-shuffled
else
	nok intake-family-rows-shuffled "$n families in order, $(grep -c . "$T/f2") shuffled, or they differ"
fi

# Output written into the folder being read (review, session 11): the
# records, the rejects and the return lists are not read back, each named
# (before, intake read its own growing output and filled the disk, and a
# second run read the first run's return lists as a village's rows).
mkdir -p "$T/self"
cp -R testdata/bulk/gorontalo "$T/self/"
awk -F';' -v OFS=';' 'NR == 2 { $1 = "12" } { print }' \
    testdata/bulk/rote-ndao/lobalain-namodale/kk.csv >"$T/self/kk.csv"
case $I in /*) IA=$I ;; *) IA=$PWD/$I ;; esac
self() { (cd "$T/self" && timeout 60 "$IA" -r rej.jsonl \
    --return kembali . >out.jsonl 2>err.txt); }
self; r1=$?; n1=$(wc -l <"$T/self/out.jsonl"); j1=$(wc -l <"$T/self/rej.jsonl")
self; r2=$?; n2=$(wc -l <"$T/self/out.jsonl"); j2=$(wc -l <"$T/self/rej.jsonl")
own=$(grep -c 'W-INTAKE-OWN-OUTPUT\|not read: ' "$T/self/err.txt")
if [ $r1 -le 1 ] && [ $r2 -le 1 ] && [ "$n1" -gt 10 ] && [ "$n1" = "$n2" ] &&
    [ "$j1" -ge 1 ] && [ "$j1" = "$j2" ] && ls "$T/self/kembali/"*.xlsx >/dev/null 2>&1 &&
    [ "$own" -ge 4 ]; then
	ok intake-own-output
else
	nok intake-own-output "exit $r1/$r2, records $n1/$n2, rejects $j1/$j2, $own notices: $(head -c 300 "$T/self/err.txt")"
fi

# A title above the header and a row numbering the columns under it, as
# many village forms have them (review, session 11: the file was a reject,
# "match no document type"): not read, each named, and the records are
# those of the file without them.  Title rows with no header below stay a
# reject; so does a first row of many cells that is no header.
K=testdata/bulk/rote-ndao/lobalain-namodale/kk.csv
mkdir -p "$T/title"
{ printf 'DATA KARTU KELUARGA DESA NAMODALE;;;\n;;;;\nBULAN NOVEMBER 2026;;\n'
  head -n 1 "$K"
  awk 'BEGIN { for (i = 1; i <= 28; i++) printf "%s%d", (i > 1 ? ";" : ""), i; print "" }'
  tail -n +2 "$K"; } >"$T/title/kk.csv"
cp -R testdata/bulk/rote-ndao/lobalain-namodale/lampiran "$T/title/"
recs() { $I -q -t kk "$1" 2>/dev/null | jq -c '.fields' | sort; }
recs "$K" >"$T/t0"
recs "$T/title/kk.csv" >"$T/t1"
$I "$T/title/kk.csv" 2>"$T/terr" >/dev/null
if [ -s "$T/t0" ] && cmp -s "$T/t0" "$T/t1" &&
    grep -q 'kk.csv: rows 1 to 3, above the header, are taken as the sheet' "$T/terr" &&
    grep -q 'kk.csv: row 5 numbers the columns' "$T/terr" &&
    ! grep -q 'rows rejected; \|[1-9][0-9]* rows rejected' "$T/terr"; then
	ok intake-title-rows
else
	nok intake-title-rows "$(diff "$T/t0" "$T/t1" | head -c 200) $(head -c 400 "$T/terr")"
fi
# the numbers written (1), (2), ... on an akta form
A=testdata/bulk/gorontalo/batudaa-payunga/akta-kelahiran.csv
{ head -n 1 "$A"; head -n 1 "$A" | awk -F',' '{ for (i = 1; i <= NF; i++) printf "%s(%d)", (i > 1 ? "," : ""), i; print "" }'
  tail -n +2 "$A"; } >"$T/title/akta.csv"
$I "$T/title/akta.csv" 2>"$T/terr" | jq -c .fields | sort >"$T/t2"
$I -q "$A" 2>/dev/null | jq -c .fields | sort >"$T/t3"
[ -s "$T/t3" ] && cmp -s "$T/t2" "$T/t3" && grep -q 'akta.csv: row 2 numbers the columns' "$T/terr" &&
    ok intake-column-numbers-parens || nok intake-column-numbers-parens "$(head -c 300 "$T/terr")"
printf 'DATA KARTU KELUARGA;;\n;;\nNAMA;ALAMAT;KETERANGAN;LAIN\nA;B;C;D\n' >"$T/title/none.csv"
printf 'NAMA;ALAMAT;KETERANGAN\nNO KK;NIK;NAMA LENGKAP\n' >"$T/title/wide.csv"
for f in none wide; do
	$I "$T/title/$f.csv" 2>"$T/terr" >/dev/null
	grep -q 'E-INTAKE-TYPE-UNKNOWN' "$T/terr" && ! grep -q 'taken as' "$T/terr" &&
	    ok "intake-title-rows-$f" || nok "intake-title-rows-$f" "$(head -c 300 "$T/terr")"
done

# A village's folder sent packed (review, session 11: skipped without a
# word): a .zip is a file reject saying to unpack it; an Excel template
# (.xltx) is read as the workbook it is.
mkdir -p "$T/packed"
cp testdata/bulk/gorontalo/batudaa-payunga/akta-kelahiran.csv "$T/packed/"
(cd "$T/packed" && zip -q desa.zip akta-kelahiran.csv 2>/dev/null ||
    printf 'PK\003\004' >desa.zip)
x=$(ls testdata/workbooks/*/*.xlsx | head -n 1)
cp "$x" "$T/packed/templat.xltx"
$I -r "$T/packed.rej" "$T/packed" >"$T/packed.out" 2>"$T/packed.err"
want=$(( $($I -q "$x" 2>/dev/null | wc -l) + $($I -q "$T/packed/akta-kelahiran.csv" 2>/dev/null | wc -l) ))
if grep -q 'desa.zip.*\[E-INTAKE-ARCHIVE\]' "$T/packed.err" &&
    [ "$(jq -r '.errors[0].code' "$T/packed.rej" | grep -c E-INTAKE-ARCHIVE)" = 1 ] &&
    [ "$(wc -l <"$T/packed.out")" = "$want" ] && [ "$want" -gt 6 ]; then
	ok intake-archive
else
	nok intake-archive "$(wc -l <"$T/packed.out") records, want $want; $(head -c 300 "$T/packed.err")"
fi
