#!/bin/sh
# What segel-verify loads (issue 12, reading): poppler-glib, cairo and
# GLib are 30 of its 71 shared objects, and loading them was a third of
# every start; they are loaded on the first PDF (lib/pdfdl.h), before the
# children are forked when an input is named .pdf, else by the child
# that meets one (standard input).  LD_DEBUG=files shows every object the
# dynamic loader opens, in the parent and in the children.
. tests/cli/lib.sh
V="$BIN/segel-verify --decode-only"
S=testdata/scans
# loads FILE: 1 when poppler-glib was loaded while reading FILE ("-": the
# PDF on standard input); what was read in $T/out.
loads() {
	if [ "$1" = - ]; then
		LD_DEBUG=files $V - <"$S/akta.pdf" >"$T/out" 2>"$T/dbg"
	else
		LD_DEBUG=files $V "$1" >"$T/out" 2>"$T/dbg"
	fi
	grep -q 'file=libpoppler-glib' "$T/dbg" && echo 1 || echo 0
}
r=$(loads "$S/akta-150dpi.png")
if [ "$r" = 0 ] && grep -q '^SG1:' "$T/out"; then ok startup-png-no-poppler
else nok startup-png-no-poppler "poppler loaded ($r) or no seal read"; fi
r=$(loads "$S/akta.pdf")
if [ "$r" = 1 ] && grep -q '^SG1:' "$T/out"; then ok startup-pdf-poppler
else nok startup-pdf-poppler "poppler not loaded ($r) or no seal read"; fi
# a PDF that does not say so by its name: the child loads poppler itself
r=$(loads -)
if [ "$r" = 1 ] && grep -q '^SG1:' "$T/out"; then ok startup-pdf-stdin
else nok startup-pdf-stdin "poppler not loaded ($r) or no seal read"; fi
if command -v readelf >/dev/null 2>&1; then
	if readelf -d "$BIN/segel-verify" | grep NEEDED |
	    grep -q -E 'poppler|cairo|glib'; then
		nok startup-not-linked "segel-verify links poppler, cairo or GLib"
	else
		ok startup-not-linked
	fi
else
	skip startup-not-linked "readelf missing"
fi
