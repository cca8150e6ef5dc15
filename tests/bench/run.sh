#!/bin/sh
# make bench: every tests/bench/*.sh but this one and the data generator,
# each printing its figures.  Figures, not pass/fail: a benchmark that
# misses its target says so in its line.
: "${B:=build}" "${BIN:=bin}"
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
export SEGEL_FORMATS="$top/formats" B BIN LC_ALL=C.UTF-8 TZ=UTC
BT=$(mktemp -d) || exit 2
export BT
trap 'rm -rf "$BT"' EXIT
echo "bench: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d)"
for s in tests/bench/*.sh; do
	case $s in */run.sh|*/gen-testdata.sh) continue ;; esac
	sh "$s" || echo "bench: $s failed"
done
