#!/bin/sh
# segel-render: the largest realistic record of every shipped type, signed
# by segel-sign, rendered and checked with outside tools only: qpdf --check,
# pdffonts (every font embedded), pdftotext (name and number), pdftoppm at
# 150/200/300 dpi then zbarimg (exactly the seal text), segel-verify (the
# seal read back verifies).  Then: a KK continued on a second page, F4,
# re-runs and the never-overwrite rule, -j 2 giving the same output as one
# process, --combined, rejects, and the PDF metadata.
. tests/cli/lib.sh
R=$BIN/segel-render
for tool in qpdf pdffonts pdftotext pdftoppm pdfinfo zbarimg jq; do
	command -v $tool >/dev/null || { nok render-tools "$tool missing"; exit 0; }
done

office_profile "$T"
# The largest records, plus a Kartu Keluarga of 14 (past one page's 10).
{
	cat testdata/render/largest.jsonl
	kk_of_14 largest/kk:14
} >"$T/in.jsonl"
# (the KK of 14 repeats the first KK's people: a run of its own, as
# segel-sign holds a NIK to one KK per run)
{ head -n -1 "$T/in.jsonl" | $BIN/segel-sign -q -p "$T/p.conf" \
    --date 2026-11-23 && tail -n 1 "$T/in.jsonl" | $BIN/segel-sign -q \
    -p "$T/p.conf" --date 2026-11-23; } >"$T/signed.jsonl" 2>"$T/sign.err" ||
    { nok render-sign "segel-sign failed: $(cat "$T/sign.err")"; exit 0; }
mkdir "$T/pdf"
if $R -q -o "$T/pdf" "$T/signed.jsonl" >"$T/rendered.jsonl" 2>"$T/err"; then
	ok render-largest
else
	nok render-largest "exit $?: $(cat "$T/err")"
fi

# check_pdf NAME PATH SEAL NAME_TEXT NUMBER
check_pdf() {
	n=$1 p=$2 seal=$3 who=$4 num=$5
	if qpdf --check "$p" >/dev/null 2>&1; then ok "$n-qpdf"
	else nok "$n-qpdf" "qpdf --check fails"; fi
	if pdffonts "$p" 2>/dev/null | awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 }
	    NR > 2 { n++ } END { exit bad || n == 0 }'; then ok "$n-fonts"
	else nok "$n-fonts" "a font is not embedded"; fi
	# one line of words: a long name may wrap on the page
	pdftotext "$p" - 2>/dev/null | tr -s ' \n' '  ' >"$T/text"
	if grep -qF "$who" "$T/text" && grep -qF "$num" "$T/text"; then
		ok "$n-text"
	else
		nok "$n-text" "pdftotext lacks \"$who\" or \"$num\""
	fi
	# nothing under 6 pt: a word's box is 1.163 font sizes high (DejaVu)
	small=$(pdftotext -bbox "$p" - 2>/dev/null | sed -n \
	    's/.*yMin="\([0-9.]*\)".*yMax="\([0-9.]*\)">\(.*\)<\/word>/\1 \2 \3/p' |
	    awk '$2 - $1 < 6.95 { print $3; exit }')
	if [ -z "$small" ]; then ok "$n-min-size"
	else nok "$n-min-size" "\"$small\" is printed under 6 pt"; fi
	# every page carries the seal: each page's QR alone is the seal text
	for r in 150 200 300; do
		rm -f "$T"/page-*.png
		pdftoppm -r $r -gray -png "$p" "$T/page" 2>/dev/null
		bad= pn=0
		for f in "$T"/page-*.png; do
			pn=$((pn + 1))
			got=$(zbarimg -q --raw -Sdisable -Sqrcode.enable "$f" \
			    2>/dev/null)
			# (the KIA card's front has no room for it: its back)
			[ "$n" = render-kia ] && [ $pn = 1 ] && [ -z "$got" ] &&
			    continue
			[ "$got" = "$seal" ] || bad="page $pn: \"$(echo "$got" |
			    cut -c1-40)\""
		done
		if [ -z "$bad" ] && [ $pn -ge 1 ]; then ok "$n-qr-$r"
		else nok "$n-qr-$r" "zbarimg read $bad"; fi
	done
	if printf '%s\n' "$got" | $BIN/segel-verify -q -t testdata/pki/trust \
	    >/dev/null 2>&1; then ok "$n-verify"
	else nok "$n-verify" "the seal read back does not verify"; fi
	if [ "$(pdfinfo "$p" 2>/dev/null | sed -n 's/^Keywords: *//p')" = "$seal" ] &&
	    pdfinfo "$p" 2>/dev/null | grep -q "^Subject: *$num\$" &&
	    grep -aq "pdfaid:part='1' pdfaid:conformance='B'" "$p"; then
		ok "$n-metadata"
	else
		nok "$n-metadata" "seal, number or PDF/A id missing"
	fi
}

while read -r line; do
	type=$(printf '%s' "$line" | jq -r .type)
	id=$(printf '%s' "$line" | jq -r .id)
	path=$(printf '%s' "$line" | jq -r .pdf.path)
	seal=$(printf '%s' "$line" | jq -r .seal)
	num=$(printf '%s' "$line" | jq -r .issue.number)
	who=$(printf '%s' "$line" | jq -r '.fields | .nama_lengkap //
	    .nama_suami // .anggota[-1].nama_lengkap')
	n=render-$type
	[ "$id" = "largest/kk:14" ] && n=render-kk-14
	check_pdf "$n" "$path" "$seal" "$who" "$num"
	if [ "$(printf '%s' "$line" | jq .pdf.pages)" = \
	    "$(pdfinfo "$path" 2>/dev/null | sed -n 's/^Pages: *//p')" ] &&
	    [ "$(printf '%s' "$line" | jq -r .pdf.sha256)" = \
	    "$(sha256sum "$path" | cut -d' ' -f1)" ]; then
		ok "$n-pdf-section"
	else
		nok "$n-pdf-section" "pages or sha256 do not match the file"
	fi
done <"$T/rendered.jsonl"
if [ "$(jq -r 'select(.id == "largest/kk:14") | .pdf.pages' \
    "$T/rendered.jsonl")" = 2 ]; then ok render-kk-continues
else nok render-kk-continues "14 members not on 2 pages"; fi
if [ "$(pdfinfo "$(jq -r 'select(.type == "kia") | .pdf.path' \
    "$T/rendered.jsonl")" 2>/dev/null | sed -n 's/^Page size: *//p')" = \
    "242.646 x 153.014 pts" ]; then ok render-kia-card
else nok render-kia-card "KIA page is not ID-1"; fi

# Every PDF verifies as a file, page check included (a KK of two pages
# carries its seal on both); each page of it says "Halaman N dari 2".
for f in "$T"/pdf/*.pdf; do
	v=$($BIN/segel-verify -q -t testdata/pki/trust --json "$f" 2>/dev/null |
	    jq -r .reason)
	[ "$v" = VALID ] || { echo "${f##*/}: $v"; }
done >"$T/pdfv"
[ ! -s "$T/pdfv" ] && ok render-pdf-verify ||
    nok render-pdf-verify "$(head -3 "$T/pdfv")"
kk14=$(jq -r 'select(.id == "largest/kk:14") | .pdf.path' "$T/rendered.jsonl")
for pn in 1 2; do
	pdftotext -f $pn -l $pn "$kk14" - 2>/dev/null | tr -s ' \n' '  ' |
	    grep -q "Halaman $pn dari 2" && ok render-kk-halaman-$pn ||
	    nok render-kk-halaman-$pn "page $pn lacks \"Halaman $pn dari 2\""
done
# a page of it taken away, or the pages swapped: the file was changed
qpdf --empty --pages "$kk14" 1 -- "$T/kk-p1.pdf" 2>/dev/null
qpdf --empty --pages "$kk14" 2,1 -- "$T/kk-swap.pdf" 2>/dev/null
for a in p1 swap; do
	v=$($BIN/segel-verify -q -t testdata/pki/trust --json "$T/kk-$a.pdf" \
	    2>/dev/null | jq -r .reason | sort -u)
	[ "$v" = R-TAMPERED ] && ok render-kk-attack-$a ||
	    nok render-kk-attack-$a "verdict $v"
done

# The same records again: identical bytes, so "already there", exit 0.
if $R -q -o "$T/pdf" "$T/signed.jsonl" >"$T/again.jsonl" 2>"$T/err" &&
    cmp -s "$T/again.jsonl" "$T/rendered.jsonl" &&
    grep -q "8 already there" "$T/err"; then ok render-rerun
else nok render-rerun "a re-run did not find the same files"; fi
# A different file under a document's name is never overwritten.
first=$(head -1 "$T/rendered.jsonl" | jq -r .pdf.path)
echo "not a pdf" >"$first"
$R -q -o "$T/pdf" -r "$T/rej.jsonl" "$T/signed.jsonl" >/dev/null 2>"$T/err"
rc=$?
if [ $rc = 1 ] && [ "$(cat "$first")" = "not a pdf" ] &&
    [ "$(jq -r '.errors[0].code' "$T/rej.jsonl")" = E-RENDER-EXISTS ]; then
	ok render-no-overwrite
else
	nok render-no-overwrite "exit $rc, or the file was replaced"
fi
ls -a "$T/pdf" | grep -q '^\.segel-' && nok render-no-temp "temporary file left" ||
    ok render-no-temp
# A book that cannot be written is said before any record is rendered
mkdir "$T/cb"
$R -q -o "$T/cb" --combined "$T/no/such/book.pdf" "$T/signed.jsonl" \
    >/dev/null 2>"$T/cb.err"
rc1=$?
$R -q -o "$T/cb" --combined "$T/cb" "$T/signed.jsonl" >/dev/null 2>>"$T/cb.err"
rc2=$?
if [ $rc1 = 2 ] && [ $rc2 = 2 ] && [ -z "$(ls -A "$T/cb")" ] &&
    [ "$(grep -c -- --combined "$T/cb.err")" = 2 ]; then
	ok render-combined-unwritable
else
	nok render-combined-unwritable "exit $rc1 $rc2, $(ls "$T/cb" | wc -l) PDFs: $(cat "$T/cb.err")"
fi

# -j 2: the same records out in the same order; --combined has every page.
mkdir "$T/pdf2"
$R -j 2 -q -o "$T/pdf2" --combined "$T/all.pdf" "$T/signed.jsonl" \
    >"$T/j2.jsonl" 2>/dev/null
if [ "$(jq -c 'del(.pdf.path)' "$T/j2.jsonl")" = \
    "$(jq -c 'del(.pdf.path)' "$T/rendered.jsonl")" ]; then ok render-jobs
else nok render-jobs "-j 2 output differs from one process"; fi
pages=$(jq -s 'map(.pdf.pages) | add' "$T/rendered.jsonl")
if qpdf --check "$T/all.pdf" >/dev/null 2>&1 &&
    [ "$(pdfinfo "$T/all.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')" = "$pages" ]; then
	ok render-combined
else
	nok render-combined "combined PDF broken or not $pages pages"
fi
# The book is made from the records' PDFs: still one XMP and one
# OutputIntent, every font embedded, and every record's seal read off its
# pages in order.
pdftoppm -r 150 -gray "$T/all.pdf" "$T/book" 2>/dev/null
for f in "$T"/book-*.pgm; do zbarimg -q --raw "$f" 2>/dev/null; done |
    grep '^SG1:' | uniq >"$T/book.seals"
if [ "$(grep -ac '/Type /OutputIntent' "$T/all.pdf")" = 1 ] &&
    [ "$(grep -ac '/Type /Metadata' "$T/all.pdf")" = 1 ] &&
    pdffonts "$T/all.pdf" 2>/dev/null | awk 'NR > 2 && $(NF-4) != "yes" {
        bad = 1 } NR > 2 { n++ } END { exit bad || n == 0 }' &&
    [ "$(jq -r .seal "$T/rendered.jsonl")" = "$(cat "$T/book.seals")" ]; then
	ok render-combined-book
else
	nok render-combined-book "metadata, fonts or the seals on its pages"
fi
rm -f "$T"/book-*.pgm
# What every record repeats (the fonts' objects) is in the book once: as
# many fonts as one record has, under half the records' bytes, and each
# page the same pixels as its record's own.
pdftoppm -r 40 -gray "$T/all.pdf" "$T/bk" 2>/dev/null
k=0
for p in $(jq -r .pdf.path "$T/j2.jsonl"); do
	pdftoppm -r 40 -gray "$p" "$T/rec" 2>/dev/null
	for f in "$T"/rec-*.pgm; do
		k=$((k + 1))
		cmp -s "$f" "$(ls "$T"/bk-*.pgm | sed -n "${k}p")" ||
		    echo "page $k" >>"$T/bk.diff"
	done
	rm -f "$T"/rec-*.pgm
done
one=$(pdffonts "$(jq -r .pdf.path "$T/j2.jsonl" | head -1)" 2>/dev/null |
    tail -n +3 | wc -l)
sum=$(jq -r .pdf.path "$T/j2.jsonl" | xargs cat | wc -c)
if [ ! -s "$T/bk.diff" ] && [ "$k" = "$pages" ] &&
    [ "$(pdffonts "$T/all.pdf" 2>/dev/null | tail -n +3 | wc -l)" = "$one" ] &&
    [ $(($(wc -c <"$T/all.pdf") * 2)) -lt "$sum" ]; then
	ok render-combined-shared
else
	nok render-combined-shared "pages differ ($(cat "$T/bk.diff" 2>/dev/null | tr '\n' ' ')), $k of $pages pages, fonts $(pdffonts "$T/all.pdf" 2>/dev/null | tail -n +3 | wc -l) against $one, $(wc -c <"$T/all.pdf") bytes against $sum"
fi
rm -f "$T"/bk-*.pgm

# F4 where an office asks for it.
mkdir "$T/f4"
grep '"akta-kelahiran"' "$T/signed.jsonl" |
    $R -q --paper f4 -o "$T/f4" >"$T/f4.jsonl" 2>/dev/null
if [ "$(pdfinfo "$(jq -r .pdf.path "$T/f4.jsonl")" 2>/dev/null |
    sed -n 's/^Page size: *//p')" = "609.449 x 935.433 pts" ]; then
	ok render-f4
else
	nok render-f4 "not 215 x 330 mm"
fi

# Rejects: unsigned, not JSON, unknown type; the summary adds up.
mkdir "$T/rj"
{
	head -1 testdata/render/largest.jsonl
	echo '{"type":"akta-kelahiran"'
	echo
	head -1 "$T/signed.jsonl" | jq -c '.type = "surat-nikah"'
	grep '"akta-kematian"' "$T/signed.jsonl"
} >"$T/mixed.jsonl"
golden render-rejects "$R -o '$T/rj' -r '$T/rj.jsonl' < '$T/mixed.jsonl' |
    jq -c '.pdf | {pages}'; jq -c '.errors' '$T/rj.jsonl'"
golden render-help "$R --help"
golden render-no-outdir "$R < /dev/null"
golden render-bad-jobs "$R -o '$T' -j 0 < /dev/null"
golden render-bad-paper "$R -o '$T' --paper letter < /dev/null"

# A line over the record bound (16 MiB) is a reject of its own; the next
# record still renders.
mkdir -p "$T/long"
{ printf '{"x":"'; head -c 17000000 /dev/zero | tr '\0' A; printf '"}\n'
  head -1 "$T/signed.jsonl"; } >"$T/long.jsonl"
$R -o "$T/long" "$T/long.jsonl" >"$T/long.out" 2>"$T/long.err"
rc=$?
if [ $rc -eq 1 ] && [ "$(wc -l <"$T/long.out")" -eq 1 ] &&
    grep -q E-REC-TOO-LONG "$T/long.err"; then
	ok render-long-line
else
	nok render-long-line "exit $rc, $(wc -l <"$T/long.out") rendered"
fi
# poppler reads every PDF without a word (libharu's encoding CMap used as
# /ToUnicode made it warn "Invalid 'begincidrange' operator" on every
# document; lib/book.c writes a real ToUnicode map; pdfinfo said "Unknown
# Metadata type" of libharu's /SubType, which PDF/A-1 wants as /Subtype),
# and the text it extracts is the text drawn, non-ASCII letters too
: >"$T/poppler.err"
for f in "$T"/pdf2/*.pdf "$T/all.pdf"; do
	pdftotext "$f" /dev/null 2>&1 | sed "s|^|${f##*/}: |" >>"$T/poppler.err"
	pdffonts "$f" >/dev/null 2>>"$T/poppler.err"
	pdfinfo "$f" >/dev/null 2>>"$T/poppler.err"
done
[ ! -s "$T/poppler.err" ] && ok render-poppler-quiet ||
    nok render-poppler-quiet "$(sort -u "$T/poppler.err" | head -3)"

# A value too long for its box even wrapped at 6 pt is a reject naming the
# cell, never text under 6 pt or over the grid.
mkdir -p "$T/toolong"
jq -c 'select(.type == "kk") | .id = "toolong" |
    .fields.no_kk = "7501011204100005" |
    .fields.anggota[1].tempat_lahir =
    "KABUPATEN BOLAANG MONGONDOW SELATAN KECAMATAN PINOLOSIAN TIMUR"[0:60]' \
    testdata/render/largest.jsonl | $BIN/segel-sign -q -p "$T/p.conf" \
    --date 2026-11-23 >"$T/toolong.jsonl" 2>/dev/null
$R -q -o "$T/toolong" -r "$T/toolong.rej" "$T/toolong.jsonl" >/dev/null 2>&1
rc=$?
if [ $rc = 1 ] && [ "$(jq -r '.errors[0] | .code + " " + .path' \
    "$T/toolong.rej")" = "E-RENDER-TOO-LONG anggota[1].Tempat Lahir" ] &&
    [ -z "$(ls "$T/toolong")" ]; then ok render-too-long
else nok render-too-long "exit $rc: $(jq -c .errors "$T/toolong.rej" 2>&1)"; fi

# The fonts: segel-render embeds them itself (lib/book.c book_font: the
# font file and CIDToGIDMap made once a process, libharu loading them
# without embedding), a bold font as a second one under the next tag;
# --no-compress leaves the embedding to libharu.  Each way: qpdf clean,
# every font embedded and named as a subset, the text read back, poppler
# quiet, and the page the same pixels as the default's.
bold=/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf
head -1 "$T/signed.jsonl" >"$T/one.jsonl"
who=$(jq -r '.fields.nama_lengkap // .fields.nama_kepala_keluarga // empty' \
    "$T/one.jsonl" | head -1)
for way in bold plain; do
	rm -rf "$T/f-$way" && mkdir "$T/f-$way"
	case $way in
	bold) [ -f "$bold" ] || { skip render-font-bold "no $bold"; continue; }
		set -- -p "$T/p.conf" --font-bold "$bold" ;;
	plain) set -- --no-compress ;;
	esac
	$R -q "$@" -o "$T/f-$way" "$T/one.jsonl" >/dev/null 2>"$T/f.err"
	p=$(ls "$T/f-$way"/*.pdf 2>/dev/null | head -1)
	fonts=$(pdffonts "$p" 2>/dev/null | awk 'NR > 2 {
	    print substr($1, 1, 7), $(NF-4), $(NF-3), $(NF-2) }' | sort | tr '\n' ' ')
	case $way in
	bold) want="HPDFAA+ yes yes yes HPDFAB+ yes yes yes " ;;
	plain) want="HPDFAA+ yes yes yes " ;;
	esac
	# poppler quiet: no "Invalid 'begincidrange' operator in ToUnicode
	# CMap" (libharu's encoding CMap, replaced either way)
	if [ -n "$p" ] && qpdf --check "$p" >/dev/null 2>&1 &&
	    [ "$fonts" = "$want" ] &&
	    pdftotext "$p" - 2>/dev/null | tr -s ' \n' '  ' | grep -qF "$who" &&
	    [ -z "$(pdftotext "$p" /dev/null 2>&1)" ] &&
	    { [ $way != plain ] || ! grep -aq FlateDecode "$p"; }
	then
		ok "render-font-$way"
	else
		nok "render-font-$way" "fonts \"$fonts\" $(cat "$T/f.err") $(pdftotext "$p" /dev/null 2>&1 | head -2)"
	fi
done
# A font of its own only with the PDF signature: an unsigned PDF is
# checked by drawing its page again in segel's font, where every genuine
# one in another font would differ (an outside review found them called
# R-TAMPERED).  Signed, it verifies by its signature.
rm -rf "$T/f-unsigned" && mkdir "$T/f-unsigned"
$R -q --font-bold "$bold" -o "$T/f-unsigned" "$T/one.jsonl" >/dev/null \
    2>"$T/f.err"
rc=$?
if [ ! -f "$bold" ]; then
	skip render-font-unsigned "no $bold"
elif [ $rc = 2 ] && grep -q E-RENDER-FONT-UNSIGNED "$T/f.err" &&
    [ -z "$(ls "$T/f-unsigned")" ] &&
    [ "$($BIN/segel-verify -q -t testdata/pki/trust --json \
    "$(ls "$T/f-bold"/*.pdf | head -1)" 2>/dev/null |
    jq -r '.reason + " " + .pdf_signature')" = "VALID valid" ]; then
	ok render-font-unsigned
else
	nok render-font-unsigned "exit $rc, $(ls "$T/f-unsigned" | wc -l) PDFs: $(cat "$T/f.err")"
fi
# the same page whichever way the font went in
rm -rf "$T/f-default" && mkdir "$T/f-default"
$R -q -o "$T/f-default" "$T/one.jsonl" >/dev/null 2>&1
for way in default plain; do
	pdftoppm -r 100 -gray -f 1 -l 1 "$(ls "$T/f-$way"/*.pdf | head -1)" \
	    "$T/px-$way" 2>/dev/null
done
if [ -s "$T/px-default-1.pgm" ] &&
    cmp -s "$T/px-default-1.pgm" "$T/px-plain-1.pgm"; then
	ok render-font-same-pixels
else nok render-font-same-pixels "the page differs with --no-compress"; fi
