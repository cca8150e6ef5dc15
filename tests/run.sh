#!/bin/sh
# Run the unit test binaries given as arguments, then every command-line
# golden test in tests/cli/*.sh.  Prints "N passed, N failed, N skipped"
# last and exits non-zero when anything failed.  A check that cannot run
# here (a package missing) prints "skip NAME: why": shown, and counted
# apart from the passed ones.  UPDATE=1 rewrites the goldens.
: "${B:=build}" "${BIN:=bin}"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
export SEGEL_FORMATS="$top/formats" BIN B LC_ALL=C.UTF-8 TZ=UTC
pass=0 fail=0 skipped=0
log=$(mktemp) || exit 2
trap 'rm -f "$log"' EXIT

for t in "$@"; do
	"$t" >"$log" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok $t: exited $rc"
		tail -20 "$log"
	fi
	grep '^not ok ' "$log"
	echo "$t: $p passed, $f failed"
	pass=$((pass + p)) fail=$((fail + f))
done

for s in tests/cli/*.sh; do
	case $s in tests/cli/lib*.sh) continue ;; esac
	sh "$s" >"$log" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok $s: exited $rc"
		tail -20 "$log"
	fi
	k=$(grep -c '^skip ' "$log")
	grep -A30 '^not ok ' "$log" | head -120
	grep '^skip ' "$log"
	echo "$s: $p passed, $f failed, $k skipped"
	pass=$((pass + p)) fail=$((fail + f)) skipped=$((skipped + k))
done

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
