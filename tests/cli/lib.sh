# lib.sh - helpers for the command-line golden tests; sourced by each
# tests/cli/*.sh.  Run from the top of the tree (tests/run.sh does).
#
#   golden NAME CMD...   run CMD (through sh -c), compare its stdout,
#                        stderr and exit status with
#                        tests/cli/golden/NAME.{out,err,rc};
#                        UPDATE=1 writes them instead.
#   ok NAME / nok NAME WHY   report a check made by hand.
: "${BIN:=bin}"
G=tests/cli/golden
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
mkdir -p "$G"

ok() { echo "ok $1"; }
nok() { echo "not ok $1: $2"; }

golden() {
	name=$1
	shift
	sh -c "$*" >"$T/out" 2>"$T/err"
	echo $? >"$T/rc"
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$T/out" "$G/$name.out"
		cp "$T/err" "$G/$name.err"
		cp "$T/rc" "$G/$name.rc"
		ok "$name (updated)"
		return
	fi
	for k in out err rc; do
		if ! cmp -s "$T/$k" "$G/$name.$k"; then
			nok "$name" "$k differs from $G/$name.$k"
			diff -u "$G/$name.$k" "$T/$k" | head -30
			return
		fi
	done
	ok "$name"
}

# expect NAME STATUS CMD...: only the exit status matters.
expect() {
	name=$1 want=$2
	shift 2
	sh -c "$*" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" = "$want" ]; then
		ok "$name"
	else
		nok "$name" "exit $rc, want $want"
		head -20 "$T/err"
	fi
}
