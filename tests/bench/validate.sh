#!/bin/sh
# Validation throughput on 100,000 generated records (made through
# segel-intake before the clock starts), region and code tables loaded
# once per run: akta kelahiran (one person a record) against the target,
# and Kartu Keluarga (families of 1-10, 4.2 members on average) beside it.
. tests/bench/lib.sh
N=${BENCH_RECORDS:-100000}
for t in akta-kelahiran kk; do
	rows=$N
	[ $t = kk ] && rows=$((N * 43 / 10))
	"$B/tests/gen-rows" --type $t --rows "$rows" --seed 7 >"$BT/v.csv"
	"$BIN/segel-intake" -q -t $t "$BT/v.csv" 2>/dev/null | head -n "$N" >"$BT/v.jsonl"
	n=$(wc -l <"$BT/v.jsonl")
	m=$(grep -o '"nik"' "$BT/v.jsonl" | wc -l)
	t0=$(now)
	"$BIN/segel-validate" -q -r "$BT/vrej.jsonl" "$BT/v.jsonl" >/dev/null 2>&1
	t1=$(now)
	s=$(elapsed "$t0" "$t1") r=$(rate "$n" "$s")
	if [ $t = kk ]; then
		printf 'validate %-15s %s records (%s people) in %.2f s = %s records/s, %s people/s\n' \
		    $t "$n" "$m" "$s" "$r" "$(rate "$m" "$s")"
	else
		printf 'validate %-15s %s records in %.2f s = %s records/s (target 50000: %s)\n' \
		    $t "$n" "$s" "$r" "$(verdict "$r" 50000)"
	fi
done
# Hash flooding: 200,000 akta kelahiran (about 100,000 with a NIK), once
# with NIKs that share one slot of the unkeyed Fibonacci hash the NIK set
# used before lib/siphash.c (high 18 bits: every table size up to the
# 2^18 slots 100,000 NIKs need), once with NIKs of the same shape that do
# not (tests/bench/gen-collide).  Keyed: about the same time.
GC="$B/tests/gen-collide --kind nik --column 2 --bits 18 --regions $SEGEL_FORMATS/wilayah/wilayah_2025.csv"
"$B/tests/gen-rows" --type akta-kelahiran --rows 200000 --seed 9 >"$BT/f.csv"
for f in plain flood; do
	[ $f = plain ] && p=--plain || p=
	$GC $p <"$BT/f.csv" >"$BT/f-$f.csv"
	"$BIN/segel-intake" -q -t akta-kelahiran "$BT/f-$f.csv" 2>/dev/null >"$BT/f-$f.jsonl"
	t0=$(now)
	"$BIN/segel-validate" -q -r "$BT/vrej.jsonl" "$BT/f-$f.jsonl" >/dev/null 2>&1
	t1=$(now)
	s=$(elapsed "$t0" "$t1")
	[ $f = plain ] && s_plain=$s || s_flood=$s
done
m=$(grep -c '"nik"' "$BT/f-flood.jsonl")
printf 'validate akta hash flood 200000 records, %s NIKs in one old Fibonacci slot %.2f s, plain NIKs %.2f s (%.1fx)\n' \
    "$m" "$s_flood" "$s_plain" "$(echo "$s_flood / $s_plain" | bc -l)"
rm -f "$BT"/f.csv "$BT"/f-*
# Memory: validation streams, except the NIK-uniqueness check, which must
# hold every NIK seen, and the record-uniqueness check (E-RECORD-DUPLICATE,
# session 11), which holds a hash of every record that passes.  Peak memory on BENCH_MEM_SMALL and BENCH_MEM_BIG
# akta records (default 100,000 and 1,000,000): the difference over the
# records between is what each NIK costs.
M=$B/tests/maxrss
n1=${BENCH_MEM_SMALL:-100000} n2=${BENCH_MEM_BIG:-1000000}
"$B/tests/gen-rows" --type akta-kelahiran --rows "$n2" --seed 8 >"$BT/m.csv"
"$BIN/segel-intake" -q -t akta-kelahiran "$BT/m.csv" 2>/dev/null >"$BT/m2.jsonl"
head -n "$n1" "$BT/m2.jsonl" >"$BT/m1.jsonl"
rm -f "$BT/m.csv"
k1=$($M "$BIN/segel-validate" -q "$BT/m1.jsonl" 2>&1 >/dev/null | sed -n 's/maxrss: \([0-9]*\).*/\1/p')
k2=$($M "$BIN/segel-validate" -q "$BT/m2.jsonl" 2>&1 >/dev/null | sed -n 's/maxrss: \([0-9]*\).*/\1/p')
c1=$(wc -l <"$BT/m1.jsonl") c2=$(wc -l <"$BT/m2.jsonl")
printf 'validate memory: %s akta %s KiB, %s akta %s KiB: %s bytes a record held for the uniqueness checks (its NIK, its hash)\n' \
    "$c1" "$k1" "$c2" "$k2" "$(( (k2 - k1) * 1024 / (c2 - c1) ))"
rm -f "$BT/m1.jsonl" "$BT/m2.jsonl"
