# bash completion for segel-verify
# generated from its option table by cmd/opt-gen.sh: do not edit
_segel_verify()
{
	local cur prev
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	-t|--trust)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--max-age)
		COMPREPLY=()
		return ;;
	-j|--jobs)
		COMPREPLY=($(compgen -W "1 2 4" -- "$cur"))
		return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "-t --trust --max-age --json --decode-only -j --jobs --progress --no-progress -q --quiet -v --verbose -h --help -V --version" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -o filenames -F _segel_verify segel-verify
