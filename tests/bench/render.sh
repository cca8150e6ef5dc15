#!/bin/sh
# Rendering: 2,000 akta kelahiran and 1,000 ten-member Kartu Keluarga with
# segel-render -j 2 (targets: 1,200 and 700 PDFs/s), the CPU each PDF
# costs beside the physical limit measured in the same run (renderlimit:
# the QR encoding of its seal, one P-256 signature, writing its bytes;
# target: within 2 times), and the same jobs done the way offices do them
# today: PHP with TCPDF (target: segel-render -j 2 at least 10 times
# faster) and Python with ReportLab (40 times).  The peers are single
# scripts, as offices run them, on a slice of the records (they are
# slow); rates are compared.  Three turns, each running every contender
# once in turn, so a busy moment of the machine hurts them alike; the
# figures are the medians (the turns' figures in brackets).
. tests/bench/lib.sh
G=$B/tests/gen-rows I=$BIN/segel-intake S=$BIN/segel-sign R=$BIN/segel-render
M=$B/tests/maxrss L=$B/tests/renderlimit
mkdir -p "$BT/render"
D=$BT/render
bench_profile "$D"
$G --type akta-kelahiran --rows 8000 --seed 11 >"$D/akta.csv"
$I -q -t akta-kelahiran "$D/akta.csv" 2>/dev/null |
    jq -c 'select(.fields.kode_wilayah | startswith("75.01."))' |
    head -2000 >"$D/akta.jsonl"
# Families of three or more in the office's region, made ten by repeating children with new NIKs.
$G --type kk --rows 40000 --seed 12 >"$D/kk.csv"
$I -q -t kk "$D/kk.csv" 2>/dev/null |
    jq -c 'select((.fields.anggota | length) >= 3 and
        (.fields.kode_wilayah | startswith("75.01."))) |
        .fields.anggota as $a |
        .fields.anggota = ($a + [range(0; 10 - ($a | length)) as $i |
            $a[2 + ($i % ($a | length - 2))] |
            .nik = (.nik[0:12] + (9000 + $i | tostring))])' |
    head -1000 >"$D/kk.jsonl"
$S -q -p "$D/p.conf" --date 2026-11-23 "$D/akta.jsonl" >"$D/akta-s.jsonl" \
    2>/dev/null
$S -q -p "$D/p.conf" --date 2026-11-23 "$D/kk.jsonl" >"$D/kk-s.jsonl" \
    2>/dev/null
na=$(wc -l <"$D/akta-s.jsonl") nk=$(wc -l <"$D/kk-s.jsonl")
head -60 "$D/akta-s.jsonl" >"$D/php-a.jsonl"
head -30 "$D/kk-s.jsonl" >"$D/php-k.jsonl"
head -15 "$D/akta-s.jsonl" >"$D/py-a.jsonl"
head -8 "$D/kk-s.jsonl" >"$D/py-k.jsonl"
php=0 py=0
command -v php >/dev/null && [ -f /usr/share/php/tcpdf/tcpdf.php ] && php=1
/usr/bin/python3 -c 'import reportlab' 2>/dev/null && py=1

# us N SECONDS: microseconds a record, a whole number
us() { echo "$2 * 1000000 / $1" | bc -l | cut -d. -f1; }
# Every run writes into a new folder, and the folders are removed only
# at the end: ext4 skips an inode freed in the last 30 seconds when it
# makes a file (recently_deleted() reads the inode table for each), so
# creating thousands of files just after removing thousands cost up to a
# quarter of the render's CPU and a fifth of renderlimit's in this bench,
# unevenly, a cost no office pays.
# one KIND FILE N: segel-render -j 2 on FILE; appends the rate to
# KIND.rate and the CPU a PDF (us, all processes) to KIND.cpu
one() {
	o=$D/out/$1-$turn
	mkdir -p "$o"
	t0=$(now)
	$M $R -q -j 2 -o "$o" "$2" 2>"$D/err" >/dev/null
	t1=$(now)
	rate "$3" "$(elapsed "$t0" "$t1")" >>"$D/$1.rate"
	us "$3" "$(sed -n 's/^cpu: \(.*\) s$/\1/p' "$D/err")" >>"$D/$1.cpu"
}
# limit KIND FILE BYTES: renderlimit's CPU a record (us) to KIND.lim
limit() {
	mkdir -p "$D/out/lim-$1-$turn"
	$L "$2" "$D/out/lim-$1-$turn" "$3" | sed -n 's/^limit: \(.*\) ms.*/\1/p' |
	    awk '{ printf "%d\n", $1 * 1000 }' >>"$D/$1.lim"
}
# peer KIND N CMD...: rate of a peer script on N records to KIND.rate
peer() {
	k=$1 n=$2
	shift 2
	rm -rf "$D/p" && mkdir "$D/p"
	t0=$(now)
	"$@" "$D/p" >/dev/null 2>&1
	t1=$(now)
	echo "$n / $(elapsed "$t0" "$t1")" | bc -l | awk '{ printf "%.2f\n", $1 }' \
	    >>"$D/$k.rate"
}
for turn in 1 2 3; do
	one akta "$D/akta-s.jsonl" "$na"
	sa=$(du -b "$o" | cut -f1)
	one kk "$D/kk-s.jsonl" "$nk"
	sk=$(du -b "$o" | cut -f1)
	limit akta "$D/akta-s.jsonl" $((sa / na))
	limit kk "$D/kk-s.jsonl" $((sk / nk))
	if [ $php = 1 ]; then
		peer php-a 60 php tests/bench/tcpdf.php "$D/php-a.jsonl"
		peer php-k 30 php tests/bench/tcpdf.php "$D/php-k.jsonl"
	fi
	if [ $py = 1 ]; then
		peer py-a 15 /usr/bin/python3 tests/bench/reportlab.py "$D/py-a.jsonl"
		peer py-k 8 /usr/bin/python3 tests/bench/reportlab.py "$D/py-k.jsonl"
	fi
done
# med KIND: the median of KIND's figures; all KIND: them in a line
med() { sort -n "$D/$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
all() { tr '\n' ' ' <"$D/$1" | sed 's/ $//'; }
ms() { echo "$1" | awk '{ printf "%.2f", $1 / 1000 }'; }
allms() { awk '{ printf "%s%.2f", s, $1 / 1000; s = " " }' "$D/$1"; }
# the CPU a PDF within 2 times the limit: ratio and verdict
within() { echo "$1 $2" | awk '{ r = $1 / $2; printf "%.1f times the limit (target 2: %s)", r, r <= 2 ? "ok" : "MISSED" }'; }
for k in akta kk; do
	case $k in
	akta) n=$na what="akta kelahiran" target=1200 ;;
	kk) n=$nk what="ten-member KK" target=700 ;;
	esac
	r=$(med $k.rate) c=$(med $k.cpu) l=$(med $k.lim)
	printf 'render %s %s, -j 2: median %s PDFs/s (%s; target %s: %s); CPU %s ms a PDF (%s) against the limit %s ms (%s): %s\n' \
	    "$n" "$what" "$r" "$(all $k.rate)" "$target" "$(verdict "$r" "$target")" \
	    "$(ms "$c")" "$(allms $k.cpu)" "$(ms "$l")" "$(allms $k.lim)" \
	    "$(within "$c" "$l")"
done
# peer LINE: name, rate, ratio with segel-render -j 2, target
peerline() {
	f=$1 name=$2 n=$3 seg=$4 target=$5
	[ -f "$D/$f.rate" ] || return 0
	pr=$(med "$f.rate")
	x=$(echo "$seg / $pr" | bc -l)
	printf 'peer   %s, %s, one process: median %s PDFs/s (%s); segel-render -j 2 is %.1f times faster (target %s: %s)\n' \
	    "$name" "$n" "$pr" "$(all "$f.rate")" "$x" "$target" "$(verdict "${x%.*}" "$target")"
}
ra=$(med akta.rate) rk=$(med kk.rate)
[ $php = 1 ] || echo "peer   PHP + TCPDF: not installed (php-cli, php-tcpdf)"
peerline php-a "PHP + TCPDF" "60 akta" "$ra" 10
peerline php-k "PHP + TCPDF" "30 ten-member KK" "$rk" 10
[ $py = 1 ] || echo "peer   Python + ReportLab: not installed (python3-reportlab)"
peerline py-a "Python + ReportLab" "15 akta" "$ra" 40
peerline py-k "Python + ReportLab" "8 ten-member KK" "$rk" 40

mkdir "$D/a1"
t0=$(now)
$R -q -o "$D/a1" "$D/akta-s.jsonl" >/dev/null 2>&1
t1=$(now)
s=$(elapsed "$t0" "$t1")
printf 'render %s akta kelahiran, one process: %.2f s = %s PDFs/s\n' \
    "$na" "$s" "$(rate "$na" "$s")"
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
		mkdir -p "$D/out/s-$mode-$round"
		flag=
		[ $mode = plain ] && flag=--no-pdf-signature
		t0=$(now)
		$R -q -p "$D/p.conf" $flag -o "$D/out/s-$mode-$round" "$D/sig.jsonl" \
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
s=$D/out/s-signed-5
if [ -n "$(ls "$s" | head -1)" ] && command -v pdfsig >/dev/null &&
    ! pdfsig "$s/$(ls "$s" | head -1)" 2>/dev/null |
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
# the PDFs: they were kept for the reason above
rm -rf "$D/out"
