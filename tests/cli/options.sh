#!/bin/sh
# The options each tool's table declares (cmd/opt.h) are the options it
# takes, lists in --help, completes in bash, zsh and fish, and documents
# in its man pages, English and Indonesian.  UPDATE=1 regenerates the
# completions and the OPTIONS sections (as make options does).
. tests/cli/lib.sh

if [ "${UPDATE:-0}" = 1 ]; then
	sh cmd/opt-gen.sh "$BIN"
	exit 0
fi
# completions/ and the man pages, against the tables
sh cmd/opt-gen.sh --check "$BIN"

for page in cmd/segel-*.1; do
	prog=$(basename "$page" .1)
	t=${prog#segel-}
	"$BIN/$prog" --options-table >"$T/tab" || { nok "options-$t-table" \
	    "no table"; continue; }
	# --help lists every long option of the table, in its order
	awk -F'\t' '$1 == "opt" { print "--" $3 }' "$T/tab" >"$T/want"
	"$BIN/$prog" --help | sed -n "/^Options:$/,/^$/p" | grep -oE -- '^(  -[A-Za-z], |      )--[a-z-]+' |
	    sed 's/.*--/--/' >"$T/got"
	if cmp -s "$T/want" "$T/got"; then
		ok "options-$t-help"
	else
		nok "options-$t-help" "--help lists other options than the table"
		diff "$T/want" "$T/got" | head
	fi
	# every option of the table is taken, with its argument (getopt's
	# own complaints are the only ones that mean it is not)
	bad=
	for o in $(cat "$T/want"); do
		arg=$(awk -F'\t' -v o="${o#--}" '$3 == o && $4 != "" { print "x" }' \
		    "$T/tab")
		"$BIN/$prog" $o $arg --help 2>&1 >/dev/null </dev/null |
		    grep -q 'unrecognized option\|invalid option\|requires an' &&
		    bad="$bad $o"
	done
	[ -z "$bad" ] && ok "options-$t-taken" ||
	    nok "options-$t-taken" "refused:$bad"
	# each man page, English and Indonesian, renders without a warning
	for p in "$page" "cmd/id/$prog.1"; do
		command -v man >/dev/null || { ok "options-man-clean $p (no man)"; continue; }
		w=$(MANWIDTH=80 man --warnings -l "$p" 2>&1 >/dev/null)
		[ -z "$w" ] && ok "options-man-clean $p" ||
		    nok "options-man-clean $p" "$w"
	done
done
# a tool with commands completes them first, then its operands
got=$(bash -c '. completions/segel-trust.bash
	COMP_WORDS=(segel-trust -q ""); COMP_CWORD=2; _segel_trust; echo "${COMPREPLY[*]}"
	COMP_WORDS=(segel-trust check tests/cli/optio); COMP_CWORD=2; _segel_trust; echo "${COMPREPLY[*]}"' 2>&1)
[ "$got" = "bundle show check install
tests/cli/options.sh" ] && ok options-trust-commands ||
    nok options-trust-commands "bash completes: $got"
