# opt-gen.awk - a tool's option table (the rows `segel-X --options-table`
# prints) as its bash, zsh or fish completion, or as the OPTIONS section
# of its man page.  cmd/opt-gen.sh runs it; nothing here is edited by
# hand for one tool.
#
#   awk -v prog=segel-X -v format=bash|zsh|fish|man [-v po=FILE]
#       [-v heading=OPSI] -f cmd/opt-gen.awk
#
# With po, the man page's texts are taken from that PO file's msgstr for
# each help text (msgid exactly the C string); a text without a
# translation is an error, so a language never falls back unnoticed.
BEGIN {
	FS = "\t"
	if (heading == "")
		heading = "OPTIONS"
	if (po != "")
		po_read(po)
	n = 0
}

# ---- reading a PO file ----
function po_unquote(s) {
	sub(/^[ \t]*"/, "", s)
	sub(/"[ \t]*$/, "", s)
	gsub(/\\\\/, "\001", s)
	gsub(/\\"/, "\"", s)
	gsub(/\\n/, "\n", s)
	gsub(/\\t/, "\t", s)
	gsub(/\001/, "\\", s)
	return s
}
function po_store() {
	if (state == "str" && !fuzzy && id != "" && str != "")
		tr[id] = str
	state = ""; id = ""; str = ""; fuzzy = 0
}
function po_read(file,    line) {
	state = ""
	while ((getline line < file) > 0) {
		if (line ~ /^#,.*fuzzy/) {
			po_store(); fuzzy = 1
		} else if (line ~ /^msgid /) {
			if (state != "")
				po_store()
			state = "id"; id = po_unquote(substr(line, 7))
		} else if (line ~ /^msgstr /) {
			state = "str"; str = po_unquote(substr(line, 8))
		} else if (line ~ /^[ \t]*"/) {
			if (state == "id")
				id = id po_unquote(line)
			else if (state == "str")
				str = str po_unquote(line)
		} else if (line ~ /^[ \t]*$/)
			po_store()
	}
	po_store()
	close(file)
}
function translate(s) {
	if (po == "" || s == "")
		return s
	if (!(s in tr)) {
		printf "opt-gen: %s: no translation in %s for \"%s\"\n", prog,
		    po, s > "/dev/stderr"
		failed = 1
		return s
	}
	return tr[s]
}

# ---- the rows ----
# "bundle|show|check [FILE]": a tool with commands first
$1 == "operands" {
	operands = $2; operand_kind = $3
	if (match(operands, /^[a-z]+(\|[a-z]+)+/)) {
		commands = substr(operands, 1, RLENGTH)
		gsub(/\|/, " ", commands)
	}
	next
}
$1 == "opt" {
	n++
	sh[n] = $2 == "-" ? "" : $2
	lo[n] = $3; arg[n] = $4; kind[n] = $5; alone[n] = $6 == "alone"
	words[n] = $7; help[n] = $8; more[n] = $9
	next
}
{ printf "opt-gen: %s: a row I do not know: %s\n", prog, $0 > "/dev/stderr"
  failed = 1 }

# The short description completions show: the help text up to its first
# aside, capitalised for fish.
function brief(s) {
	sub(/ \(.*/, "", s)
	sub(/[;:] .*/, "", s)
	return s
}
function cap(s) { return toupper(substr(s, 1, 1)) substr(s, 2) }
function flags(i) { return (sh[i] != "" ? "-" sh[i] "|" : "") "--" lo[i] }

# ---- bash ----
function bash_action(k, w) {
	if (k == "file") return "COMPREPLY=($(compgen -f -- \"$cur\"))"
	if (k == "dir") return "COMPREPLY=($(compgen -d -- \"$cur\"))"
	if (k == "records") return "COMPREPLY=($(compgen -f -X '!*.@(jsonl|ndjson|json)' -- \"$cur\") $(compgen -d -- \"$cur\"))"
	if (k == "type") return "COMPREPLY=($(compgen -W \"$(segel-intake --list-types 2>/dev/null | cut -f1)\" -- \"$cur\"))"
	if (k == "date") return "COMPREPLY=($(compgen -W \"$(date +%Y-%m-%d 2>/dev/null)\" -- \"$cur\"))"
	if (k == "words") return "COMPREPLY=($(compgen -W \"" w "\" -- \"$cur\"))"
	return "COMPREPLY=()"
}
function gen_bash(    i, k, a, na, order, pat, fn, all) {
	fn = "_" prog; gsub(/-/, "_", fn)
	print "# bash completion for " prog
	print "# generated from its option table by cmd/opt-gen.sh: do not edit"
	print fn "()"
	print "{"
	print "\tlocal cur prev"
	print "\tcur=${COMP_WORDS[COMP_CWORD]}"
	print "\tprev=${COMP_WORDS[COMP_CWORD-1]}"
	print "\tcase $prev in"
	# one case for the options that complete alike, in table order
	na = 0
	for (i = 1; i <= n; i++) {
		if (arg[i] == "")
			continue
		a = bash_action(kind[i], words[i])
		if (!(a in pat)) {
			order[++na] = a
			pat[a] = flags(i)
		} else
			pat[a] = pat[a] "|" flags(i)
	}
	for (k = 1; k <= na; k++) {
		print "\t" pat[order[k]] ")"
		print "\t\t" order[k]
		print "\t\treturn ;;"
	}
	print "\tesac"
	all = ""
	for (i = 1; i <= n; i++)
		all = all (all == "" ? "" : " ") (sh[i] != "" ? "-" sh[i] " " : "") "--" lo[i]
	print "\tif [[ $cur == -* ]]; then"
	print "\t\tCOMPREPLY=($(compgen -W \"" all "\" -- \"$cur\"))"
	if (commands != "") {
		# the first word that is no option is the command
		print "\telif ! (for ((i = 1; i < COMP_CWORD; i++)); do [[ ${COMP_WORDS[i]} == -* ]] || exit 1; done); then"
		print "\t\t" bash_action(operand_kind, "")
		print "\telse"
		print "\t\t" bash_action("words", commands)
	} else {
		print "\telse"
		print "\t\t" bash_action(operand_kind, "")
	}
	print "\tfi"
	print "}"
	print "complete -o filenames -F " fn " " prog
}

# ---- zsh ----
function zsh_desc(s) {
	gsub(/'/, "'\\''", s)
	gsub(/\[/, "\\[", s); gsub(/\]/, "\\]", s); gsub(/:/, "\\:", s)
	return s
}
function zsh_action(k, w) {
	if (k == "file") return "_files"
	if (k == "dir") return "_files -/"
	if (k == "records") return "_files -g \"*.(jsonl|ndjson|json)(-.)\""
	if (k == "type") return "{compadd -- ${(f)\"$(segel-intake --list-types 2>/dev/null | cut -f1)\"}}"
	if (k == "date") return "{compadd -- $(date +%Y-%m-%d)}"
	if (k == "words") return "(" w ")"
	return " "
}
function gen_zsh(    i, spec, excl) {
	print "#compdef " prog
	print "# generated from its option table by cmd/opt-gen.sh: do not edit"
	print "_arguments \\"
	for (i = 1; i <= n; i++) {
		excl = alone[i] ? "(- *)" : sh[i] != "" ? "(-" sh[i] " --" lo[i] ")" : ""
		if (sh[i] != "")
			spec = "'" excl "'{-" sh[i] ",--" lo[i] "}'"
		else
			spec = "'" excl "--" lo[i]
		spec = spec "[" zsh_desc(brief(help[i])) "]"
		if (arg[i] != "")
			spec = spec ":" zsh_desc(arg[i]) ":" zsh_action(kind[i], words[i])
		print "\t" spec "' \\"
	}
	if (commands != "")
		print "\t'1:command:(" commands ")' \\"
	print "\t'*:" zsh_desc(operands) ":" zsh_action(operand_kind, "") "'"
}

# ---- fish ----
function fish_quote(s) {
	gsub(/\\/, "\\\\", s); gsub(/'/, "\\'", s)
	return "'" s "'"
}
function fish_action(k, w) {
	if (k == "file" || k == "records") return " -r -F"
	if (k == "dir") return " -x -a '(__fish_complete_directories)'"
	if (k == "type") return " -x -a '(segel-intake --list-types 2>/dev/null | cut -f1)'"
	if (k == "date") return " -x -a '(date +%Y-%m-%d)'"
	if (k == "words") return " -x -a " fish_quote(w)
	return " -x"
}
function gen_fish(    i, line) {
	print "# fish completion for " prog
	print "# generated from its option table by cmd/opt-gen.sh: do not edit"
	for (i = 1; i <= n; i++) {
		line = "complete -c " prog
		if (sh[i] != "")
			line = line " -s " sh[i]
		line = line " -l " lo[i]
		if (arg[i] != "")
			line = line fish_action(kind[i], words[i])
		print line " -d " fish_quote(cap(brief(help[i])))
	}
	if (commands != "")
		print "complete -c " prog " -n __fish_use_subcommand -x -a " fish_quote(commands)
}

# ---- man ----
function roff(s) {
	gsub(/\\/, "\\e", s)
	gsub(/-/, "\\-", s)
	return s
}
# One sentence a line; a line never starts with a control character.
function roff_lines(s,    out, parts, k, m) {
	gsub(/\.  /, ".\n", s)
	m = split(s, parts, "\n")
	out = ""
	for (k = 1; k <= m; k++) {
		if (parts[k] ~ /^[.']/)
			parts[k] = "\\&" parts[k]
		out = out roff(parts[k]) (k < m ? "\n" : "")
	}
	return out
}
function gen_man(    i, h) {
	print ".SH " heading
	print ".\\\" Generated from the option table by cmd/opt-gen.sh: edit the table."
	for (i = 1; i <= n; i++) {
		print ".TP"
		if (sh[i] != "" && arg[i] != "")
			print ".BR \\-" sh[i] " \", \" \\-\\-" roff(lo[i]) " \" \\fI" roff(arg[i]) "\\fR\""
		else if (sh[i] != "")
			print ".BR \\-" sh[i] " \", \" \\-\\-" roff(lo[i])
		else if (arg[i] != "")
			print ".BI \\-\\-" roff(lo[i]) " \" " roff(arg[i]) "\""
		else
			print ".B \\-\\-" roff(lo[i])
		h = cap(translate(help[i]))
		if (h !~ /[.!?]$/)
			h = h "."
		print roff_lines(h)
		if (more[i] != "")
			print roff_lines(translate(more[i]))
	}
}

END {
	if (format == "bash") gen_bash()
	else if (format == "zsh") gen_zsh()
	else if (format == "fish") gen_fish()
	else if (format == "man") gen_man()
	else { print "opt-gen: no format " format > "/dev/stderr"; exit 2 }
	if (failed)
		exit 1
}
