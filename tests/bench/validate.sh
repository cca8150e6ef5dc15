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
