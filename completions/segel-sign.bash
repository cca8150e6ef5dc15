# bash completion for segel-sign
# generated from its option table by cmd/opt-gen.sh: do not edit
_segel_sign()
{
	local cur prev
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	-p|--profile|--key|--cert|--ledger|--logo|--passphrase-file|-r|--rejects|--status-list|--bundle)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--office|--region|--official|--nip|--revoke|--supersede|--by|--reason)
		COMPREPLY=()
		return ;;
	--passphrase-fd)
		COMPREPLY=($(compgen -W "0 3 4 5" -- "$cur"))
		return ;;
	--date)
		COMPREPLY=($(compgen -W "$(date +%Y-%m-%d 2>/dev/null)" -- "$cur"))
		return ;;
	-b|--batch)
		COMPREPLY=($(compgen -W "1 64 256 1024" -- "$cur"))
		return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "-p --profile --office --region --official --nip --key --cert --ledger --logo --passphrase-file --passphrase-fd --date -r --rejects -b --batch --revoke --supersede --by --reason --status-list --bundle -q --quiet -h --help -V --version" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -X '!*.@(jsonl|ndjson|json)' -- "$cur") $(compgen -d -- "$cur"))
	fi
}
complete -o filenames -F _segel_sign segel-sign
