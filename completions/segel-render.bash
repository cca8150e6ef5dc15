# bash completion for segel-render
# generated from its option table by cmd/opt-gen.sh: do not edit
_segel_render()
{
	local cur prev
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	-o|--outdir)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	--combined|-r|--rejects|-p|--profile|--logo|--font|--font-bold)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	-j|--jobs)
		COMPREPLY=($(compgen -W "1 2 4" -- "$cur"))
		return ;;
	--paper)
		COMPREPLY=($(compgen -W "a4 f4" -- "$cur"))
		return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "-o --outdir --combined -r --rejects -j --jobs -p --profile --logo --paper --font --font-bold --no-compress --no-pdf-signature --progress --no-progress -q --quiet -h --help -V --version" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -X '!*.@(jsonl|ndjson|json)' -- "$cur") $(compgen -d -- "$cur"))
	fi
}
complete -o filenames -F _segel_render segel-render
