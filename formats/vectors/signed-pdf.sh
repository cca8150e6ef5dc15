# signed-pdf.sh - sourced by make-vectors.sh (its V, T, TODAY and
# case_file): the born-digital PDFs carrying their own PDF signature
# (PAdES, segel-render -p, formats/seal.md "The page check").  A valid
# whole-file signature by the seal's key makes the file the office's; the
# forgeries below break it (a rewrite, an update appended, a changed
# byte, a short byte range) or are signed by another key: R-TAMPERED,
# whatever the page shows.  The browser checks the signature as
# segel-verify does (web/src/pdf.js pdfSignature).
sh $V/forge-pdf.sh setup "$T/sforge" bin signed
spdf_case() { # spdf_case NAME FORGE-CASE VERDICT REASON
	sh $V/forge-pdf.sh "$T/sforge" "$2" "$T/forged.pdf"
	case $2 in
	genuine|sig-*|update-page) cp "$T/forged.pdf" "$T/small.pdf" ;; # its own bytes
	*) qpdf --object-streams=generate --compress-streams=y \
	    --recompress-flate "$T/forged.pdf" "$T/small.pdf" ;;
	esac
	case_file "$1" "$T/small.pdf" base $TODAY "$3" "$4"
}
spdf_case pdf-signed genuine VALID VALID
spdf_case pdf-signed-qpdf genuine-qpdf INVALID R-TAMPERED
spdf_case pdf-signed-meta-altered meta-altered INVALID R-TAMPERED
spdf_case pdf-signed-meta-removed meta-removed INVALID R-TAMPERED
spdf_case pdf-signed-invisible-text invisible-text INVALID R-TAMPERED
spdf_case pdf-signed-white-box white-box INVALID R-TAMPERED
spdf_case pdf-signed-other-qr other-qr INVALID R-TAMPERED
spdf_case pdf-signed-added-page added-page INVALID R-TAMPERED
spdf_case pdf-signed-update-page update-page INVALID R-TAMPERED
spdf_case pdf-signed-sig-flip sig-flip INVALID R-TAMPERED
spdf_case pdf-signed-sig-range sig-range INVALID R-TAMPERED
# signed by another key than the seal's: another office's, a stranger's
for who in issuer-5314 stranger-7501; do
	sh $V/forge-pdf.sh setup "$T/by-$who" bin signed-by=$who
	case_file pdf-signed-by-$who "$T/by-$who/a.pdf" base $TODAY INVALID R-TAMPERED
done
