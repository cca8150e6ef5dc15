#!/bin/sh
# Rendering: 2,000 akta kelahiran and 500 ten-member Kartu Keluarga with
# segel-render -j 2 (targets: 250 and 100 PDFs/s), and the same akta job
# done the way offices do it today, in the same run: PHP with TCPDF
# (target: segel-render at least 4 times faster) and Python with ReportLab
# (at least 20 times).  The peers are single scripts, as offices run them;
# they render a slice of the records (they are slow) and the rate is what
# is compared.
. tests/bench/lib.sh
G=$B/tests/gen-rows I=$BIN/segel-intake S=$BIN/segel-sign R=$BIN/segel-render
mkdir -p "$BT/render"
D=$BT/render
bench_profile "$D"
$G --type akta-kelahiran --rows 8000 --seed 11 >"$D/akta.csv"
$I -q -t akta-kelahiran "$D/akta.csv" 2>/dev/null |
    jq -c 'select(.fields.kode_wilayah | startswith("75.01."))' |
    head -2000 >"$D/akta.jsonl"
# Families of six or more, made ten by repeating children with new NIKs.
$G --type kk --rows 20000 --seed 12 >"$D/kk.csv"
$I -q -t kk "$D/kk.csv" 2>/dev/null |
    jq -c 'select((.fields.anggota | length) >= 6) |
        .fields.kode_wilayah = "75.01.01.1003" |
        .fields.anggota as $a |
        .fields.anggota = ($a + [range(0; 10 - ($a | length)) as $i |
            $a[2 + ($i % ($a | length - 2))] |
            .nik = (.nik[0:12] + (9000 + $i | tostring))])' |
    head -500 >"$D/kk.jsonl"
$S -q -p "$D/p.conf" --date 2026-11-23 "$D/akta.jsonl" >"$D/akta-s.jsonl" \
    2>/dev/null
$S -q -p "$D/p.conf" --date 2026-11-23 "$D/kk.jsonl" >"$D/kk-s.jsonl" \
    2>/dev/null
na=$(wc -l <"$D/akta-s.jsonl") nk=$(wc -l <"$D/kk-s.jsonl")

mkdir "$D/a" "$D/k" "$D/a1"
t0=$(now)
$R -q -j 2 -o "$D/a" "$D/akta-s.jsonl" >/dev/null 2>&1
t1=$(now)
s=$(elapsed "$t0" "$t1") ra=$(rate "$na" "$s")
printf 'render %s akta kelahiran, -j 2: %.2f s = %s PDFs/s (target 250: %s)\n' \
    "$na" "$s" "$ra" "$(verdict "$ra" 250)"
t0=$(now)
$R -q -j 2 -o "$D/k" "$D/kk-s.jsonl" >/dev/null 2>&1
t1=$(now)
s=$(elapsed "$t0" "$t1") r=$(rate "$nk" "$s")
printf 'render %s ten-member KK, -j 2: %.2f s = %s PDFs/s (target 100: %s)\n' \
    "$nk" "$s" "$r" "$(verdict "$r" 100)"
t0=$(now)
$R -q -o "$D/a1" "$D/akta-s.jsonl" >/dev/null 2>&1
t1=$(now)
s=$(elapsed "$t0" "$t1") r1=$(rate "$na" "$s")
printf 'render %s akta kelahiran, one process: %.2f s = %s PDFs/s\n' \
    "$na" "$s" "$r1"
# The PDF signature's cost (PAdES, lib/pdfsign.c), in the same run and
# interleaved so the machine's load falls on both alike: one process, the
# profile's key and cert (signed, the default) against --no-pdf-signature,
# five rounds each on 400 akta, the medians compared (target: at most 15 %
# slower).
head -400 "$D/akta-s.jsonl" >"$D/sig.jsonl"
ns=$(wc -l <"$D/sig.jsonl")
: >"$D/t-signed" ; : >"$D/t-plain"
for round in 1 2 3 4 5; do
	for mode in signed plain; do
		rm -rf "$D/s-$mode"
		mkdir "$D/s-$mode"
		flag=
		[ $mode = plain ] && flag=--no-pdf-signature
		t0=$(now)
		$R -q -p "$D/p.conf" $flag -o "$D/s-$mode" "$D/sig.jsonl" \
		    >/dev/null 2>&1
		t1=$(now)
		echo "$(elapsed "$t0" "$t1") * 1000000" | bc -l | cut -d. -f1 \
		    >>"$D/t-$mode"
	done
done
us=$(median "$D/t-signed") up=$(median "$D/t-plain")
pct=$(echo "($us - $up) * 100 / $up" | bc -l)
printf 'render %s akta kelahiran, one process, PDF signature: %s PDFs/s signed, %s without; %.1f %% slower (target at most 15: %s)\n' \
    "$ns" "$(rate "$ns" "$(echo "$us / 1000000" | bc -l)")" \
    "$(rate "$ns" "$(echo "$up / 1000000" | bc -l)")" "$pct" \
    "$(verdict 15 "$(printf '%.0f' "$pct")")"
if [ -n "$(ls "$D/s-signed" | head -1)" ] && command -v pdfsig >/dev/null &&
    ! pdfsig "$D/s-signed/$(ls "$D/s-signed" | head -1)" 2>/dev/null |
    grep -q 'Signature is Valid'; then
	echo "render: the signed PDFs do not carry a valid PDF signature"
fi

# The printer's book on top of the PDFs: the same job with --combined,
# the book made from the records' PDFs (lib/book.c), not drawn again.
mkdir "$D/ab"
t0=$(now)
$R -q -j 2 -o "$D/ab" --combined "$D/book.pdf" "$D/akta-s.jsonl" \
    >/dev/null 2>&1
t1=$(now)
s2=$(elapsed "$t0" "$t1")
printf 'render %s akta kelahiran, -j 2 --combined: %.2f s = %s PDFs/s (book %s KB)\n' \
    "$na" "$s2" "$(rate "$na" "$s2")" "$(($(wc -c <"$D/book.pdf") / 1024))"

# The peers, on the same signed akta.
head -400 "$D/akta-s.jsonl" >"$D/peer-php.jsonl"
head -100 "$D/akta-s.jsonl" >"$D/peer-py.jsonl"
if command -v php >/dev/null && [ -f /usr/share/php/tcpdf/tcpdf.php ]; then
	mkdir "$D/php"
	t0=$(now)
	php tests/bench/tcpdf.php "$D/peer-php.jsonl" "$D/php" >/dev/null 2>&1
	t1=$(now)
	s=$(elapsed "$t0" "$t1") rp=$(rate 400 "$s")
	x=$(echo "$ra / $rp" | bc -l)
	printf 'peer   PHP + TCPDF, 400 akta, one process: %s PDFs/s; segel-render -j 2 is %.1f times faster (target 4: %s)\n' \
	    "$rp" "$x" "$(verdict "${x%.*}" 4)"
else
	echo "peer   PHP + TCPDF: not installed (php-cli, php-tcpdf)"
fi
if /usr/bin/python3 -c 'import reportlab' 2>/dev/null; then
	mkdir "$D/py"
	t0=$(now)
	/usr/bin/python3 tests/bench/reportlab.py "$D/peer-py.jsonl" "$D/py" \
	    >/dev/null 2>&1
	t1=$(now)
	s=$(elapsed "$t0" "$t1") rr=$(rate 100 "$s")
	x=$(echo "$ra / $rr" | bc -l)
	printf 'peer   Python + ReportLab, 100 akta, one process: %s PDFs/s; segel-render -j 2 is %.1f times faster (target 20: %s)\n' \
	    "$rr" "$x" "$(verdict "${x%.*}" 20)"
else
	echo "peer   Python + ReportLab: not installed (python3-reportlab)"
fi
