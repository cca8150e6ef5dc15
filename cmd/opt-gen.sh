#!/bin/sh
# opt-gen.sh - the completions and the man pages' OPTIONS sections of
# every tool, from the tool's option table (cmd/opt.h).
#
#   sh cmd/opt-gen.sh [BIN]           rewrite completions/ and the OPTIONS
#                                     (OPSI) sections of cmd/segel-*.1 and
#                                     cmd/id/segel-*.1 (make options)
#   sh cmd/opt-gen.sh --check [BIN]   say, one "ok"/"not ok" line each,
#                                     whether they still match the tables
#                                     (tests/cli/options.sh)
#
# The Indonesian texts come from po/id.po.  Exits 1 when anything
# differs (--check) or cannot be generated.
check=0
[ "$1" = --check ] && { check=1; shift; }
bin=${1:-bin}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
po=po/id.po
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
bad=0

# result NAME FILE NEW: compare or replace.
result() {
	if [ $check = 1 ]; then
		if cmp -s "$2" "$3"; then
			echo "ok $1"
		else
			echo "not ok $1: $2 differs from the option table (make options)"
			diff -u "$2" "$3" | head -20
			bad=1
		fi
	elif ! cmp -s "$2" "$3"; then
		cp "$3" "$2" && echo "opt-gen: wrote $2"
	fi
}

# splice PAGE HEADING BLOCK OUT: PAGE with its section HEADING replaced.
splice() {
	awk -v heading="$2" -v block="$3" '
		$0 == ".SH " heading {
			while ((getline l < block) > 0) print l
			skip = 1; found = 1; next
		}
		skip && /^\.SH / { skip = 0 }
		!skip { print }
		END { if (!found) exit 1 }' "$1" >"$4"
}

for page in cmd/segel-*.1; do
	prog=$(basename "$page" .1)
	t=${prog#segel-}
	if ! "$bin/$prog" --options-table >"$tmp/$t.tab"; then
		echo "not ok options-$t: $bin/$prog --options-table failed"
		bad=1
		continue
	fi
	gen() {
		awk -v prog="$prog" -v format="$1" ${2:+-v po="$2"} \
		    ${3:+-v heading="$3"} -f cmd/opt-gen.awk "$tmp/$t.tab"
	}
	gen bash >"$tmp/bash" && result "options-$t-bash" \
	    "completions/$prog.bash" "$tmp/bash" || bad=1
	gen zsh >"$tmp/zsh" && result "options-$t-zsh" \
	    "completions/_$prog" "$tmp/zsh" || bad=1
	gen fish >"$tmp/fish" && result "options-$t-fish" \
	    "completions/$prog.fish" "$tmp/fish" || bad=1
	if gen man >"$tmp/man" && splice "$page" OPTIONS "$tmp/man" \
	    "$tmp/page"; then
		result "options-$t-man" "$page" "$tmp/page"
	else
		echo "not ok options-$t-man: no OPTIONS section in $page"
		bad=1
	fi
	if gen man "$po" OPSI >"$tmp/man" && splice "cmd/id/$prog.1" OPSI \
	    "$tmp/man" "$tmp/page"; then
		result "options-$t-man-id" "cmd/id/$prog.1" "$tmp/page"
	else
		echo "not ok options-$t-man-id: cmd/id/$prog.1 has no OPSI" \
		    "section, or $po lacks a text"
		bad=1
	fi
done
exit $bad
