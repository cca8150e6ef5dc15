#!/bin/sh
# The worker pool (lib/pool.h) through the tools that use it: segel-render
# -j 2 and segel-verify -j 2, their parent stopped (SIGSTOP) for 0.3 s now
# and again while the workers go on, finish with the same output as -j 1.
# The old render pool hung here: every result in flight arrived in one
# read and it waited on workers with nothing to do.  timeout turns a hang
# into a failure.
. tests/cli/lib.sh
R=$BIN/segel-render V=$BIN/segel-verify TR=testdata/pki/trust
for tool in jq timeout pgrep; do
	command -v $tool >/dev/null || { nok pool-tools "$tool missing"; exit 0; }
done

setup_pki
$BUILD_TESTS/gen-rows --type akta-kelahiran --rows 800 --seed 5 >"$T/a.csv"
$BIN/segel-intake -q -t akta-kelahiran "$T/a.csv" 2>/dev/null |
    jq -c 'select(.fields.kode_wilayah | startswith("75.01."))' |
    head -150 >"$T/a.jsonl"
$BIN/segel-sign -q -p "$T/pki/7501.conf" --date 2026-11-23 "$T/a.jsonl" \
    >"$T/s.jsonl" 2>/dev/null
# two broken lines among them: rejects keep their place too
{ head -40 "$T/s.jsonl"; echo '{"id": "broken"'; sed -n '41,$p' "$T/s.jsonl"
  echo 'not json'; } >"$T/in.jsonl"

# paused OUT CMD...: CMD with stdout to OUT and stderr to OUT.err, its
# process stopped for 0.3 s five times while it runs; the exit status.
paused() {
	out=$1
	shift
	timeout 60 "$@" >"$out" 2>"$out.err" &
	tpid=$!
	sleep 0.3
	pid=$(pgrep -P "$tpid")
	for i in 1 2 3 4 5; do
		[ -n "$pid" ] && kill -STOP "$pid" 2>/dev/null || break
		sleep 0.3
		kill -CONT "$pid" 2>/dev/null
		sleep 0.2
	done
	wait "$tpid"
}

mkdir "$T/r1" "$T/r2"
$R -o "$T/r1" -r "$T/rej1" "$T/in.jsonl" >"$T/out1" 2>"$T/out1.err"
rc1=$?
paused "$T/out2" $R -j 2 -o "$T/r2" -r "$T/rej2" "$T/in.jsonl"
rc2=$?
if [ "$rc2" = 124 ]; then
	nok pool-render-paused "segel-render -j 2 hung after a pause"
elif [ "$rc1" != "$rc2" ] || [ "$(wc -l <"$T/out1")" -lt 150 ] ||
    ! cmp -s "$T/rej1" "$T/rej2" ||
    [ "$(sed "s|$T/r1/||" "$T/out1")" != "$(sed "s|$T/r2/||" "$T/out2")" ] ||
    [ "$(sed "s|$T/r1/||; s|/in.jsonl|X|" "$T/out1.err")" != \
      "$(sed "s|$T/r2/||; s|/in.jsonl|X|" "$T/out2.err")" ]; then
	nok pool-render-paused "-j 2 (exit $rc2) differs from -j 1 (exit $rc1)"
	diff "$T/out1.err" "$T/out2.err" | head -5
else
	ok pool-render-paused
fi

# verify: the rendered PDFs and the scans, one file at a time in a child
ls "$T/r1" | head -8 | sed "s|^|$T/r1/|" >"$T/list"
$V -t $TR --json $(cat "$T/list") testdata/scans >"$T/v1" 2>"$T/v1.err"
rc1=$?
paused "$T/v2" $V -t $TR --json -j 2 $(cat "$T/list") testdata/scans
rc2=$?
if [ "$rc2" = 124 ]; then
	nok pool-verify-paused "segel-verify -j 2 hung after a pause"
elif [ "$rc1" != "$rc2" ] || [ "$(wc -l <"$T/v1")" -lt 8 ] ||
    ! cmp -s "$T/v1" "$T/v2" || ! cmp -s "$T/v1.err" "$T/v2.err"; then
	nok pool-verify-paused "-j 2 (exit $rc2) differs from -j 1 (exit $rc1)"
else
	ok pool-verify-paused
fi
