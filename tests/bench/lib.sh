# lib.sh - helpers for the benchmark scripts (sourced).
# now: seconds since the epoch with nanoseconds; rate N SECONDS: per second.
now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l; }
rate() { echo "$1 / $2" | bc -l | cut -d. -f1; }
# verdict FIGURE TARGET: "ok" or "MISSED"
verdict() { [ "$1" -ge "$2" ] && echo "ok" || echo "MISSED"; }
