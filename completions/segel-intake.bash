# bash completion for segel-intake
# generated from its option table by cmd/opt-gen.sh: do not edit
_segel_intake()
{
	local cur prev
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	-t|--type)
		COMPREPLY=($(compgen -W "$(segel-intake --list-types 2>/dev/null | cut -f1)" -- "$cur"))
		return ;;
	-r|--rejects)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--return)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	--region)
		COMPREPLY=()
		return ;;
	--max-attachment)
		COMPREPLY=($(compgen -W "1M 5M 10M 20M" -- "$cur"))
		return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "-t --type -r --rejects --return --region --max-attachment --list-types --progress --no-progress -q --quiet -h --help -V --version" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -o filenames -F _segel_intake segel-intake
