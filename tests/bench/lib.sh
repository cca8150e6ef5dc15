# lib.sh - helpers for the benchmark scripts (sourced).
# now: seconds since the epoch with nanoseconds; rate N SECONDS: per second.
now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l; }
rate() { echo "$1 / $2" | bc -l | cut -d. -f1; }
# median FILE: the median of the whole numbers in FILE, one a line
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# verdict FIGURE TARGET: "ok" or "MISSED"
verdict() { [ "$1" -ge "$2" ] && echo "ok" || echo "MISSED"; }
. tests/profile.sh
# bench_profile DIR: office_profile (tests/profile.sh).
bench_profile() { office_profile "$1"; }
