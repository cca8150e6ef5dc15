#!/bin/sh
# The PDF signature (issue 14): every PDF segel-render writes with a
# profile that names key and cert carries a PAdES B-B signature.  Outside
# judges: pdfsig (poppler) says "Signature is Valid." (and, the test root
# being unknown to poppler's NSS store, "Certificate issuer is unknown."),
# qpdf --check, pdffonts, pdftotext; the PDF/A facts we can check (no
# encryption, the XMP kept, a classic xref in the update).  Then a forger's
# attacks, each R-TAMPERED in segel-verify (and broken in pdfsig): a
# changed byte in either signed range, a second update appended that swaps
# the page text, a byte range that skips bytes, two signatures, a signature
# by another office's key; a stripped signature falls back to the page
# check.
. tests/cli/lib.sh
R=$BIN/segel-render
V="$BIN/segel-verify -q -t testdata/pki/trust --json"
for tool in pdfsig qpdf pdffonts pdftotext jq python3; do
	command -v $tool >/dev/null || { nok pdfsig-tools "$tool missing"; exit 0; }
done

office_profile "$T"
$BIN/segel-sign -q -p "$T/p.conf" --date 2026-11-23 \
    testdata/render/largest.jsonl >"$T/signed.jsonl" 2>"$T/err" ||
    { nok pdfsig-sign "segel-sign failed: $(cat "$T/err")"; exit 0; }
mkdir "$T/pdf"
if $R -q -p "$T/p.conf" -o "$T/pdf" --combined "$T/book.pdf" \
    "$T/signed.jsonl" >"$T/rendered.jsonl" 2>"$T/err"; then
	ok pdfsig-render
else
	nok pdfsig-render "exit $?: $(cat "$T/err")"
fi

verdict() { $V "$1" 2>/dev/null | jq -r '.reason + " " + (.pdf_signature // "-")' | sort -u | tr '\n' ' ' | sed 's/ $//'; }
sig_valid() { pdfsig "$1" 2>/dev/null | grep -q 'Signature Validation: Signature is Valid\.'; }

bad=
for p in $(jq -r .pdf.path "$T/rendered.jsonl") "$T/book.pdf"; do
	pdfsig "$p" >"$T/sig" 2>&1
	grep -q 'Signature Validation: Signature is Valid\.' "$T/sig" &&
	    grep -q 'Signature Type: ETSI.CAdES.detached' "$T/sig" &&
	    grep -q 'Total document signed' "$T/sig" &&
	    grep -q 'Certificate Validation: Certificate issuer is unknown\.' \
	    "$T/sig" || bad="$bad $p: $(tr '\n' ' ' <"$T/sig" | head -c 300)"
	qpdf --check "$p" >/dev/null 2>&1 || bad="$bad $p: qpdf --check"
	pdffonts "$p" 2>/dev/null | awk 'NR > 2 && $(NF-4) != "yes" { b = 1 }
	    NR > 2 { n++ } END { exit b || n == 0 }' || bad="$bad $p: fonts"
	# PDF/A-1: no encryption, the XMP still the catalog's, the update's
	# xref a classic table (no xref stream), the same /ID
	tail -c 1200 "$p" | grep -aq '^xref$' || bad="$bad $p: no classic xref"
	grep -aq '/Encrypt\|/XRefStm\|/Type /XRef' "$p" && bad="$bad $p: encrypt or xref stream"
	[ "$(grep -ac '^/ID \[' "$p")" = 2 ] &&
	    [ "$(grep -a '^/ID \[' "$p" | uniq | wc -l)" = 1 ] ||
	    bad="$bad $p: /ID changed"
	qpdf --show-object=$(qpdf --show-object=trailer "$p" |
	    sed -n 's/.*\/Root \([0-9]*\) 0 R.*/\1/p') "$p" 2>/dev/null |
	    grep -q '/Metadata' || bad="$bad $p: the catalog lost its XMP"
done
[ -z "$bad" ] && ok pdfsig-valid-all || nok pdfsig-valid-all "$bad"
a=$(jq -r 'select(.type == "akta-kelahiran") | .pdf.path' "$T/rendered.jsonl")
num=$(jq -r 'select(.type == "akta-kelahiran") | .issue.number' "$T/rendered.jsonl")
pdftotext "$a" - 2>/dev/null | grep -qF "$num" && ok pdfsig-text ||
    nok pdfsig-text "pdftotext lacks $num"
[ "$(verdict "$a")" = "VALID valid" ] && ok pdfsig-verify-valid ||
    nok pdfsig-verify-valid "$(verdict "$a")"
[ "$(verdict "$T/book.pdf")" = "VALID valid" ] && ok pdfsig-verify-book ||
    nok pdfsig-verify-book "$(verdict "$T/book.pdf")"
# the sha256 in the record is the file's
[ "$(jq -r 'select(.type == "akta-kelahiran") | .pdf.sha256' "$T/rendered.jsonl")" = \
    "$(sha256sum "$a" | cut -d' ' -f1)" ] && ok pdfsig-sha256 ||
    nok pdfsig-sha256 "the record's sha256 is not the file's"

# A re-run signs anew (ECDSA): the same document is "already there".
if $R -q -p "$T/p.conf" -o "$T/pdf" "$T/signed.jsonl" >"$T/again.jsonl" \
    2>"$T/err" && cmp -s "$T/again.jsonl" "$T/rendered.jsonl" &&
    grep -q "$(wc -l <"$T/signed.jsonl") already there" "$T/err"; then
	ok pdfsig-rerun
else nok pdfsig-rerun "$(cat "$T/err")"; fi
# --no-pdf-signature: no signature, the page check decides
mkdir "$T/plain"
$R -q -p "$T/p.conf" --no-pdf-signature -o "$T/plain" "$T/signed.jsonl" \
    >"$T/plain.jsonl" 2>/dev/null
pa=$(jq -r 'select(.type == "akta-kelahiran") | .pdf.path' "$T/plain.jsonl")
{ ! grep -aq '/ByteRange' "$pa" && [ "$(verdict "$pa")" = "VALID none" ]; } &&
    ok pdfsig-off || nok pdfsig-off "$(verdict "$pa")"
# the signed file is the unsigned one plus the update
n=$(wc -c <"$pa")
cmp -s -n "$n" "$pa" "$a" && ok pdfsig-incremental ||
    nok pdfsig-incremental "libharu's bytes were changed"

# forge CASE OUT: python3 edits of the signed akta
forge() {
	python3 - "$a" "$2" "$1" "$pa" <<'PY'
import re, sys
src, out, case, plain = sys.argv[1:5]
d = bytearray(open(src, 'rb').read())
m = re.search(rb'/ByteRange \[ (\d+) (\d+) (\d+) (\d+) \]', d)
b, c = int(m.group(2)), int(m.group(3))
def update(objs, prev):
    # an incremental update appended after d: objs {num: bytes}
    global d
    start = len(d)
    x = b'\n'
    offs = {}
    for n, body in objs.items():
        offs[n] = start + len(x)
        x += b'%d 0 obj\n' % n + body + b'\nendobj\n'
    xref = start + len(x)
    x += b'xref\n'
    for n in sorted(offs):
        x += b'%d 1\n%010d 00000 n\r\n' % (n, offs[n])
    size = max(offs) + 1
    tr = re.findall(rb'trailer\s*<<(.*?)>>\s*startxref', bytes(d), re.S)[-1]
    root = re.search(rb'/Root \d+ 0 R', tr).group(0)
    ident = re.search(rb'/ID \[[^\]]*\]', tr).group(0)
    x += b'trailer\n<<\n/Size %d\n%s\n%s\n/Prev %d\n>>\nstartxref\n%d\n%%%%EOF\n' % (
        size + 10, root, ident, prev, xref)
    d += x
lastx = int(re.findall(rb'startxref\s+(\d+)', bytes(d))[-1])
if case == 'byte-first':      # a byte of libharu's part (the Info's Producer)
    i = d.find(b'/Producer (Haru'); d[i + 11] ^= 0x20
elif case == 'byte-second':   # a byte after /Contents (the update's trailer)
    i = d.rfind(b'/Prev '); d[i + 1] = ord('p')
elif case == 'byte-last':
    d[-2] ^= 1
elif case == 'contents':      # a byte of the CMS itself
    d[b + 5] = ord('0') if d[b + 5] != ord('0') else ord('1')
elif case == 'swap-text':     # a second update: the page's content replaced
    page = int(re.search(rb'/P (\d+) 0 R', d).group(1))
    pg = re.search(rb'\n%d 0 obj\n(<<.*?>>)\nendobj' % page, bytes(d[c:]), re.S).group(1)
    cnum = int(re.search(rb'/Contents (\d+) 0 R', pg).group(1))
    co = re.search(rb'\n%d 0 obj\s*<<(.*?)>>\s*stream\r?\n' % cnum, bytes(d), re.S)
    ln = re.search(rb'/Length (\d+)( 0 R)?', co.group(1))
    if ln.group(2):
        ln = int(re.search(rb'\n%s 0 obj\s*(\d+)' % ln.group(1), bytes(d)).group(1))
    else:
        ln = int(ln.group(1))
    import zlib
    s = zlib.decompress(bytes(d[co.end():co.end() + ln]))
    # a white box over the top of the page, other words on it; the QR kept
    s += b'\nq 1 1 1 rg 0 700 600 100 re f Q BT /F1 14 Tf 60 720 Td <00410042> Tj ET\n'
    update({cnum: b'<< /Length %d >>\nstream\n' % len(s) + s + b'\nendstream'}, lastx)
elif case == 'range-skips':   # the byte range made to leave out a part
    old = m.group(0)
    new = b'/ByteRange [ 0 %010d %010d %010d ]' % (b - 40, c, len(d) - c)
    d[m.start():m.end()] = new
elif case == 'two-sigs':      # a second signature dictionary appended
    update({9999: b'<< /Type /Sig /SubFilter /ETSI.CAdES.detached '
            b'/ByteRange [ 0 1 2 3 ] /Contents <00> >>'}, lastx)
elif case == 'stripped':      # the update cut off: libharu's PDF again
    d = bytearray(open(plain, 'rb').read())
elif case == 'stripped-edited':   # cut off, and the name on the page changed
    d = bytearray(open(plain, 'rb').read())
    i = d.find(b'/Producer (Haru'); d[i + 11] ^= 0x20
open(out, 'wb').write(d)
PY
}
attack() { # attack NAME CASE WANT-VERIFY PDFSIG-VALID(yes/no)
	rm -f "$T/x.pdf"
	forge "$2" "$T/x.pdf" || { nok "$1" "the forgery was not made"; return; }
	got=$(verdict "$T/x.pdf")
	if sig_valid "$T/x.pdf" && ! pdfsig "$T/x.pdf" 2>/dev/null |
	    grep -q 'Total document signed'; then ps=partial
	elif sig_valid "$T/x.pdf"; then ps=yes
	else ps=no; fi
	if [ "$got" = "$3" ] && [ "$ps" = "$4" ]; then ok "$1"
	else nok "$1" "verify: $got (want $3); pdfsig valid: $ps (want $4)"; fi
}
attack pdfsig-attack-byte-first byte-first "R-TAMPERED invalid" no
attack pdfsig-attack-byte-second byte-second "R-TAMPERED invalid" no
attack pdfsig-attack-byte-last byte-last "R-TAMPERED invalid" no
attack pdfsig-attack-contents contents "R-TAMPERED invalid" no
attack pdfsig-attack-swap-text swap-text "R-TAMPERED invalid" partial
attack pdfsig-attack-range-skips range-skips "R-TAMPERED invalid" no
attack pdfsig-attack-two-sigs two-sigs "R-TAMPERED invalid" partial
# stripped: the unsigned PDF, genuine, checked page by page; edited, the
# page check still sees it (an Info byte is not on the page: VALID)
attack pdfsig-stripped stripped "VALID none" no

# Another office's key signs 7501's PDF (a stranger with the same name,
# and the office of 5314): the seal's key is not the PDF's.
for who in stranger-7501 issuer-5314; do
	mkdir -p "$T/$who"
	cp testdata/pki/keys/$who.key.pem "$T/$who/k.pem"
	chmod 600 "$T/$who/k.pem"
	sed -e "s|^key = .*|key = $T/$who/k.pem|" \
	    -e "s|^cert = .*|cert = $PWD/testdata/pki/certs/$who.pem|" \
	    "$T/p.conf" >"$T/$who/p.conf"
	grep '"akta-kelahiran"' "$T/signed.jsonl" |
	    $R -q -p "$T/$who/p.conf" -o "$T/$who" >"$T/$who.jsonl" 2>/dev/null
	o=$(jq -r .pdf.path "$T/$who.jsonl")
	if sig_valid "$o" && [ "$(verdict "$o")" = "R-TAMPERED invalid" ]; then
		ok "pdfsig-attack-key-$who"
	else
		nok "pdfsig-attack-key-$who" "$(verdict "$o")"
	fi
done

# The person's text says it.
$BIN/segel-verify -t testdata/pki/trust "$a" >"$T/text" 2>/dev/null
grep -q "PDF's own signature (PAdES)" "$T/text" && ok pdfsig-text-line ||
    nok pdfsig-text-line "$(cat "$T/text")"

# An Ed25519 office key: OpenSSL 3.0 cannot check EdDSA in a CMS (nor can
# poppler), so no PDF signature nobody can check: a warning, the PDFs
# unsigned, their pages checked.
mkdir -p "$T/ed"
cp testdata/pki/keys/issuer-7501-ed25519.key.pem "$T/ed/k.pem"
chmod 600 "$T/ed/k.pem"
sed -e "s|^key = .*|key = $T/ed/k.pem|" \
    -e "s|^cert = .*|cert = $PWD/testdata/pki/certs/issuer-7501-ed25519.pem|" \
    "$T/p.conf" >"$T/ed/p.conf"
grep '"akta-kelahiran"' "$T/signed.jsonl" |
    $R -q -p "$T/ed/p.conf" -o "$T/ed" >"$T/ed.jsonl" 2>"$T/ed.err"
o=$(jq -r .pdf.path "$T/ed.jsonl")
if grep -q W-RENDER-UNSIGNED "$T/ed.err" && [ "$(verdict "$o")" = "VALID none" ]
then ok pdfsig-ed25519-unsigned
else nok pdfsig-ed25519-unsigned "$(cat "$T/ed.err") $(verdict "$o")"; fi

# In Indonesian, the reason the signature fails is Indonesian too (it was
# an English sentence inside the Indonesian one).
loc=$B/locale-def
[ -f "$loc/id_ID.UTF-8/LC_MESSAGES/SYS_LC_MESSAGES" ] ||
    { mkdir -p "$loc" && localedef -i id_ID -f UTF-8 "$loc/id_ID.UTF-8" >/dev/null 2>&1; }
forge byte-last "$T/x.pdf"
env -u LC_ALL -u LANGUAGE LOCPATH="$(cd "$loc" && pwd)" LANG=id_ID.UTF-8 \
    $BIN/segel-verify -t testdata/pki/trust "$T/x.pdf" >"$T/text-id" 2>/dev/null
if grep -q "tanda tangan PDF tidak cocok dengan isi berkas" "$T/text-id" &&
    ! grep -q "does not match" "$T/text-id"; then
	ok pdfsig-text-id
else
	nok pdfsig-text-id "$(grep -i "tanda tangan\|signature" "$T/text-id")"
fi
