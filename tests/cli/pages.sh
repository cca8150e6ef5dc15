#!/bin/sh
# Golden page images: the largest realistic record of every type and
# variant (testdata/render/largest.jsonl, a KK of 14 over two pages, a KIA
# of a child under five, the akta kelahiran's three formulas), rendered by segel-render, rasterised at 30 dpi
# in grey (pdftoppm) and compared with tests/cli/golden/pages/*.png, a few
# pixels' tolerance (compare -metric AE -fuzz): a layout change shows up
# here as a diff of pictures.  The records are signed once and kept
# (golden/pages/signed.jsonl: an ECDSA seal differs at every signing, and
# the QR code with it).  UPDATE=1 signs them again and rewrites the lot;
# look at the new pictures before committing them.
. tests/cli/lib.sh
for tool in pdftoppm compare convert jq; do
	command -v $tool >/dev/null || { nok pages-tools "$tool missing"; exit 0; }
done
P=$G/pages
DPI=30
FUZZ=25%     # grey levels: antialiasing differs a little between builds
MAX_AE=40    # pixels that may differ on a page (a 248 x 351 A4 page)

mkdir -p "$P"
if [ "${UPDATE:-0}" = 1 ]; then
	office_profile "$T"
	{
		cat testdata/render/largest.jsonl
		kk_of_14 pages/kk-14
		jq -c 'select(.type == "kia") | .id = "pages/kia-under-5" |
		    .fields.tanggal_lahir = "2023-05-02" |
		    .fields.nik = "7501014205230001" |
		    .fields.berlaku_hingga = "" | del(.attachments)' \
		    testdata/render/largest.jsonl
		# the akta kelahiran's other two formulas (legal-wording.sh)
		jq -c 'select(.type == "akta-kelahiran") |
		    .id = "pages/lahir-tercatat" |
		    .fields.nik = "7501015011250012" |
		    .fields.status_perkawinan_ortu = "KAWIN TERCATAT"' \
		    testdata/render/largest.jsonl
		jq -c 'select(.type == "akta-kelahiran") |
		    .id = "pages/lahir-seorang-ibu" |
		    .fields.nik = "7501015011250013" |
		    del(.fields.nama_ayah, .fields.nik_ayah, .fields.anak_ke,
		        .fields.jam_lahir, .fields.status_perkawinan_ortu)' \
		    testdata/render/largest.jsonl
	} >"$T/in.jsonl"
	# (the KK of 14 repeats the first KK's people: runs of its own)
	v() { SEGEL_TODAY=2026-11-23 $BIN/segel-validate -q | $BIN/segel-sign \
	    -q -p "$T/p.conf" --date 2026-11-23; }
	{ grep -v '"pages/kk-14"' "$T/in.jsonl" | v &&
	    grep '"pages/kk-14"' "$T/in.jsonl" | v; } >"$P/signed.jsonl" &&
	    [ "$(wc -l <"$P/signed.jsonl")" = "$(wc -l <"$T/in.jsonl")" ] || {
		nok pages-sign "a record was not signed"; exit 0; }
fi
office_profile "$T/r"
mkdir "$T/pdf"
if ! $BIN/segel-render -q -p "$T/r/p.conf" -o "$T/pdf" "$P/signed.jsonl" \
    >"$T/rendered.jsonl" 2>"$T/err"; then
	nok pages-render "$(head -c 300 "$T/err")"
	exit 0
fi
# a page's name: the record's id made a file name, and its page number
while read -r line; do
	id=$(printf '%s' "$line" | jq -r .id | sed 's|^largest/||; s|^pages/||;
	    s|[^A-Za-z0-9._-]|-|g')
	path=$(printf '%s' "$line" | jq -r .pdf.path)
	rm -f "$T"/pg-*.png
	pdftoppm -r $DPI -gray -png "$path" "$T/pg"
	for f in "$T"/pg-*.png; do
		n=${f##*-}
		name=$id-p${n%.png}
		n=$((${n%.png} + 0))
		name=$id-p$n
		# no timestamps or names in the file: the same bytes each run
		convert "$f" -strip -define png:exclude-chunks=date,time \
		    "$T/$name.png"
		if [ "${UPDATE:-0}" = 1 ]; then
			cp "$T/$name.png" "$P/$name.png"
			ok "pages-$name (updated)"
			continue
		fi
		if [ ! -f "$P/$name.png" ]; then
			nok "pages-$name" "no $P/$name.png (run with UPDATE=1)"
			continue
		fi
		ae=$(compare -metric AE -fuzz $FUZZ "$P/$name.png" \
		    "$T/$name.png" null: 2>&1)
		if [ "$ae" -le $MAX_AE ] 2>/dev/null; then ok "pages-$name"
		else nok "pages-$name" "$ae pixels differ from $P/$name.png"; fi
	done
done <"$T/rendered.jsonl"
# a golden page no record makes any more is stale
for g in "$P"/*.png; do
	[ -f "$g" ] || continue
	[ -f "$T/${g##*/}" ] || nok "pages-${g##*/}" "no record makes this page"
done
