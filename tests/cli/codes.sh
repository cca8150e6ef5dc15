#!/bin/sh
# The problem-code registry (lib/codes.def): formats/codes.md is what the
# registry makes, every code the tools can emit is in it, and every code in
# it is emitted somewhere.
. tests/cli/lib.sh

gen=$BUILD_TESTS/codes-md

# 1. The committed page is the generated one.
if "$gen" >"$T/codes.md" && cmp -s "$T/codes.md" formats/codes.md; then
	ok "codes.md is generated from the registry"
else
	nok "codes.md is generated from the registry" \
	    "formats/codes.md differs: run make codes-md"
	diff -u formats/codes.md "$T/codes.md" | head -20
fi

# 2. Every code in the sources (string literals, comments, help texts)
# and the type files.  A code ends before "-*" (a family named in a
# comment) and never follows "%" or a letter.
"$gen" --list | cut -f1 | sort >"$T/registry"
grep -rhoP '(?<![A-Za-z0-9_%-])[EWR]-[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*(?![-A-Za-z0-9*%])' \
    lib cmd formats/types --include='*.c' --include='*.h' --include='*.xml' |
    sort -u >"$T/literal"
# Codes built at run time: "E-%s-FORMAT" with %s a prefix ("NIK", "KK")
# passed in the same file (nik.c).
: >"$T/built"
for f in $(grep -rlE '"[EWR]-%s-' lib cmd --include='*.c'); do
	# the prefix is the argument after the "what" text: ("KK number", "KK"
	pfx=$(grep -oE '"[^"]*", *"[A-Z]{2,8}",' "$f" |
	    sed 's/.*, *"\([A-Z]*\)",$/\1/' | sort -u)
	for pat in $(grep -ohE '"[EWR]-%s-[A-Z0-9-]+"' "$f" | tr -d '"'); do
		for p in $pfx; do
			echo "$pat" | sed "s/%s/$p/" >>"$T/built"
		done
	done
done
# A <check severity="warning"> turns its E- codes into W- codes the
# registry does not list.
if grep -q 'severity="warning"' formats/types/*.xml; then
	nok "no check is demoted to warnings" \
	    "a type declares severity=\"warning\": register its W- codes"
fi
sort -u "$T/literal" "$T/built" >"$T/emitted"
missing=$(comm -13 "$T/registry" "$T/emitted")
unused=$(comm -23 "$T/registry" "$T/emitted")
if [ -z "$missing" ]; then
	ok "every code the tools emit is in the registry"
else
	nok "every code the tools emit is in the registry" \
	    "not in lib/codes.def: $(echo $missing)"
fi
if [ -z "$unused" ]; then
	ok "every code in the registry is emitted"
else
	nok "every code in the registry is emitted" \
	    "nobody emits: $(echo $unused)"
fi
if grep -q 'NIK-DISTRICT' "$T/built" && grep -q 'KK-SERIAL' "$T/built"; then
	ok "codes built at run time are found"
else
	nok "codes built at run time are found" "$(cat "$T/built")"
fi

# 3. Severity is the code's first letter.
"$gen" --list | awk -F'\t' '
	{ want = substr($1, 1, 1) == "E" ? "error" : \
	      substr($1, 1, 1) == "W" ? "warning" : "reason" }
	$2 != want { print $1 " is " $2; bad = 1 }
	END { exit bad }' >"$T/sev" &&
    ok "severities match the codes" ||
    nok "severities match the codes" "$(cat "$T/sev")"

# 4. The old names of one thing are gone.
old=E-RECORD; old=$old-LONG
if grep -rqE "$old" lib cmd tests/cli/*.sh formats README.md; then
	nok "one code for a line too long" "$old is still used"
else
	ok "one code for a line too long"
fi
