#!/bin/sh
# Hostile files and output: a file that would keep a decoder busy for
# minutes, an attachment that is a FIFO, an XML file with a flood of
# attributes, outside text holding terminal escapes, a message cut inside
# a character.  Every command that could hang runs under timeout, so that
# a regression fails instead of hanging the run.
. tests/cli/lib.sh
V="$BIN/segel-verify -t testdata/pki/trust"

# ---- a PDF that poppler draws for minutes ------------------------------
# 4 KB: 14 levels of form XObjects, each drawing the next four times
# (4^14 draws of the last).  The time limit must hold inside poppler: the
# file is given up after 13 s of CPU time (about 15 s on an idle machine;
# the wall clock is only checked against the timeout guard, since a busy
# machine must change nothing but how long it takes).
python3 - "$T/nested.pdf" <<'EOF'
import sys
depth, objs = 14, []
def add(b):
    objs.append(b)
    return len(objs)
add(b"<< /Type /Catalog /Pages 2 0 R >>")
add(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
add(b"")  # the page, below
first = len(objs) + 1
for i in range(depth):
    me = first + i
    if i + 1 < depth:
        s = b"".join(b"q 0.5 0 0 0.5 %d %d cm /X Do Q\n" % (x, y)
                     for x, y in ((0, 0), (50, 0), (0, 50), (50, 50)))
        res = b"/Resources << /XObject << /X %d 0 R >> >>" % (me + 1)
    else:
        s, res = b"0 0 100 100 re f\n", b""
    add(b"<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] %s "
        b"/Length %d >>\nstream\n%sendstream" % (res, len(s), s))
c = b"q 5 0 0 5 0 0 cm /X Do Q\n"
cont = add(b"<< /Length %d >>\nstream\n%sendstream" % (len(c), c))
objs[2] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 500 500] "
           b"/Resources << /XObject << /X %d 0 R >> >> /Contents %d 0 R >>"
           % (first, cont))
out, offs = bytearray(b"%PDF-1.4\n"), []
for i, o in enumerate(objs):
    offs.append(len(out))
    out += b"%d 0 obj\n%s\nendobj\n" % (i + 1, o)
x = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
out += b"".join(b"%010d 00000 n \n" % o for o in offs)
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
    len(objs) + 1, x)
open(sys.argv[1], "wb").write(out)
EOF
t0=$(date +%s)
timeout 120 $V "$T/nested.pdf" >"$T/out" 2>"$T/err"
rc=$? t1=$(date +%s)
if [ $rc = 2 ] && [ $((t1 - t0)) -lt 120 ] &&
    grep -q '^COULD NOT BE READ (E-SCAN-TIME) .*nested.pdf: .*CPU time' "$T/out"; then
	ok hostile-pdf-time
else
	nok hostile-pdf-time "exit $rc after $((t1 - t0)) s: $(cat "$T/out" "$T/err")"
fi
# -j: each worker's file has its limit, and the other files are read.
t0=$(date +%s)
timeout 120 $V -j 2 --json "$T/nested.pdf" testdata/scans/akta.pdf \
    >"$T/out" 2>"$T/err"
rc=$? t1=$(date +%s)
if [ $rc = 2 ] && [ $((t1 - t0)) -lt 120 ] &&
    grep -q '"verdict":"UNREADABLE".*E-SCAN-TIME' "$T/out" &&
    grep -q '"source":"testdata/scans/akta.pdf".*"verdict":"VALID"' "$T/out"; then
	ok hostile-pdf-time-jobs
else
	nok hostile-pdf-time-jobs "exit $rc after $((t1 - t0)) s: $(cat "$T/out" "$T/err")"
fi

# ---- an attachment that is a FIFO ---------------------------------------
# Opening a FIFO for reading waits for a writer: forever.  A device or a
# socket named as an attachment is refused the same way.
cp -R testdata/bulk/kepahiang/kebawetan-tugu-rejo "$T/bulk"
rm "$T/bulk/lampiran/1708062202090002-f101.pdf"
mkfifo "$T/bulk/lampiran/1708062202090002-f101.pdf"
timeout 20 $BIN/segel-intake "$T/bulk" >"$T/out" 2>"$T/err"
rc=$?
if [ $rc = 1 ] && grep -q 'f101.pdf" is not a regular file but a FIFO.*E-ATTACH-NOT-FILE' "$T/err"; then
	ok hostile-attach-fifo
else
	nok hostile-attach-fifo "exit $rc: $(cat "$T/err")"
fi

# ---- outside text with terminal escapes ----------------------------------
# A QR code that is no seal, holding "erase the line, back to its start,
# VALID ...", in a file whose name holds an escape and a byte that is not
# UTF-8: nothing of it reaches the terminal raw, and --json keeps it all.
ESC=$(printf '\033')
if command -v qrencode >/dev/null; then
	bad=$(printf '%s/v\033[2K\377.png' "$T")
	printf '\033[2K\rVALID: Akta Kelahiran 7501-LU-12032025-0001\n\033[8m' |
	    qrencode -o "$bad" -s 6 -m 4
	for mode in "" "--json" "--decode-only" "--decode-only --json"; do
		timeout 60 $V $mode "$bad" >"$T/out" 2>"$T/err"
		if LC_ALL=C grep -q "[$ESC$(printf '\r\377')]" "$T/out" "$T/err"; then
			nok "hostile-escape-qr$mode" "raw control bytes: $(od -c "$T/out" | head)"
		elif ! grep -q 'x1b\[2K.*VALID: Akta' "$T/out"; then
			nok "hostile-escape-qr$mode" "the text is not shown: $(cat "$T/out")"
		elif case $mode in *json*) ! jq -e '.source | test("v.x1b.2K.xff.png")' \
		    "$T/out" >/dev/null ;; *) false ;; esac; then
			nok "hostile-escape-qr$mode" "JSON lost the file name: $(cat "$T/out")"
		else
			ok "hostile-escape-qr$mode"
		fi
	done
	# diagnostics name the file escaped too
	cp "$bad" "$(printf '%s/w\033[2K.txt' "$T")"
	printf 'not a seal\n' >"$(printf '%s/w\033[2K.txt' "$T")"
	timeout 60 $V "$(printf '%s/w\033[2K.txt' "$T")" >"$T/out" 2>"$T/err"
	if LC_ALL=C grep -q "$ESC" "$T/out" "$T/err"; then
		nok hostile-escape-name "raw ESC: $(od -c "$T/out" "$T/err" | head)"
	else
		ok hostile-escape-name
	fi
else
	nok hostile-escape-qr "qrencode missing"
fi

# ---- a reject never loses its reason --------------------------------------
# An attachment name of 300 two-byte characters after one ASCII byte: the
# message is cut at its size limit inside a character.  It must be cut
# between characters (with "..."), so the JSON writer takes it.
cp -R testdata/bulk/kepahiang/kebawetan-tugu-rejo "$T/long"
L=$(python3 -c "print('lampiran/x' + '\u00c9' * 300 + '.pdf')")
sed "s#lampiran/1708062202090002-f101.pdf#$L#" \
    testdata/bulk/kepahiang/kebawetan-tugu-rejo/kk.csv >"$T/long/kk.csv"
timeout 20 $BIN/segel-intake -r "$T/rej.jsonl" "$T/long" >"$T/out" 2>"$T/err"
rc=$?
if [ $rc = 1 ] && [ "$(jq -c '.errors[] | select(.code == "E-ATTACH-MISSING") |
    .message | endswith("\u00c9...")' "$T/rej.jsonl" | sort -u)" = true ] &&
    [ "$(jq '.errors[] | select(.code == "E-ATTACH-MISSING") | .path' \
    "$T/rej.jsonl" | wc -l)" = 1 ]; then   # named on 8 rows, said once
	ok hostile-message-cut
else
	nok hostile-message-cut "exit $rc: $(tail -3 "$T/err") $(head -c 800 "$T/rej.jsonl")"
fi

# ---- XML: a flood of attributes -------------------------------------------
# 200,000 attributes on one element: libxml2 2.9 compares each with all
# before it (minutes).  Counted in the bytes first and refused, with the
# line; '=' in text, comments and quoted values does not count.
mkdir "$T/xml"
python3 - "$T/xml/flood.xml" <<'EOF'
import sys
a = " ".join('a%d="1"' % i for i in range(200000))
open(sys.argv[1], "w").write(
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!-- a=1 b=2 -->\n<submission xmlns="urn:segel:submission:1" type="kk">\n'
    '  <document>\n    <field name="no_kk"\n      %s>5314010508210002</field>\n'
    '  </document>\n</submission>\n' % a)
EOF
timeout 60 $BIN/segel-intake "$T/xml" >"$T/out" 2>"$T/err"
rc=$?
if [ $rc = 1 ] && grep -q 'flood.xml:5: an element with more than 64 attributes \[E-XML-TOO-MANY\]' "$T/err"; then
	ok hostile-xml-attributes
else
	nok hostile-xml-attributes "exit $rc: $(head -c 600 "$T/err")"
fi

# ---- intake: a file name that is not UTF-8 and holds an escape -------------
# Today the record loses its id and source (JSON refuses the name); now the
# name is kept, escaped, and nothing raw reaches a terminal.
mkdir "$T/names"
cp testdata/bulk/rote-ndao/pantai-baru-nusakdale-akta-kelahiran.csv \
    "$(printf '%s/names/akta-kelahiran-\033[2K\351.csv' "$T")"
printf 'NIK;NAMA\n1;2\n' >"$(printf '%s/names/kk-\033[2K\351.csv' "$T")"
timeout 20 $BIN/segel-intake "$T/names" >"$T/out" 2>"$T/err"
rc=$?
if [ $rc = 1 ] && [ "$(jq -r 'select(.type == "akta-kelahiran") | .source.file' "$T/out" |
    sort -u)" = 'akta-kelahiran-\x1b[2K\xe9.csv' ] &&
    [ "$(jq -r .id "$T/out" | grep -c '^names/akta-kelahiran-.x1b.2K.xe9.csv:[0-9]*$')" = 6 ] &&
    grep -q 'kk-\\x1b\[2K\\xe9.csv' "$T/err" &&
    ! LC_ALL=C grep -q "[$ESC$(printf '\351')]" "$T/out" "$T/err"; then
	ok hostile-escape-intake-name
else
	nok hostile-escape-intake-name "exit $rc: $(head -c 400 "$T/out") $(cat "$T/err")"
fi
