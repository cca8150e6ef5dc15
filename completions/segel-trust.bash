# bash completion for segel-trust
# generated from its option table by cmd/opt-gen.sh: do not edit
_segel_trust()
{
	local cur prev
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	-t|--trust|-f|--formats)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	-k|--key|-c|--cert|--passphrase-file|-o|--output|--root|--against|--to)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--next)
		COMPREPLY=($(compgen -W "1 7 14 30" -- "$cur"))
		return ;;
	--sequence)
		COMPREPLY=()
		return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "-t --trust -f --formats -k --key -c --cert --passphrase-file --next --sequence -o --output --json --root --against --to -q --quiet -h --help -V --version" -- "$cur"))
	elif ! (for ((i = 1; i < COMP_CWORD; i++)); do [[ ${COMP_WORDS[i]} == -* ]] || exit 1; done); then
		COMPREPLY=($(compgen -f -- "$cur"))
	else
		COMPREPLY=($(compgen -W "bundle show check install" -- "$cur"))
	fi
}
complete -o filenames -F _segel_trust segel-trust
