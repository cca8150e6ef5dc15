# bash completion for segel-sign
_segel_sign()
{
	local cur prev
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	-p|--profile|--key|--cert|--ledger|--logo|--passphrase-file|-r|--rejects|--status-list)
		COMPREPLY=($(compgen -f -- "$cur"))
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
	--office|--region|--official|--nip|--revoke|--supersede|--by|--reason)
		COMPREPLY=()
		return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "-p --profile --office --region --official --nip --key --cert --ledger --logo --passphrase-file --passphrase-fd --date -r --rejects -b --batch --revoke --supersede --by --reason --status-list -q --quiet -h --help -V --version" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -o filenames -F _segel_sign segel-sign
