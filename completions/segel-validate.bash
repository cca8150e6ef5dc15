# bash completion for segel-validate
# generated from its option table by cmd/opt-gen.sh: do not edit
_segel_validate()
{
	local cur prev
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	-r|--rejects|--report)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "-r --rejects -s --strict --report -q --quiet -h --help -V --version" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -X '!*.@(jsonl|ndjson|json)' -- "$cur") $(compgen -d -- "$cur"))
	fi
}
complete -o filenames -F _segel_validate segel-validate
