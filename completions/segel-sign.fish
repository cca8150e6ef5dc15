# fish completion for segel-sign
complete -c segel-sign -s p -l profile -r -F -d 'The issuer profile'
complete -c segel-sign -l office -x -d 'Override the office'
complete -c segel-sign -l region -x -d 'Override the region code'
complete -c segel-sign -l official -x -d 'Override the signing official'
complete -c segel-sign -l nip -x -d "Override the official's NIP"
complete -c segel-sign -l key -r -F -d 'Override the private key'
complete -c segel-sign -l cert -r -F -d 'Override the certificate'
complete -c segel-sign -l ledger -r -F -d 'Override the ledger'
complete -c segel-sign -l logo -r -F -d 'Override the logo'
complete -c segel-sign -l passphrase-file -r -F -d "Read the key's passphrase from FILE"
complete -c segel-sign -l passphrase-fd -x -a '0 3 4 5' -d "Read the key's passphrase from descriptor N"
complete -c segel-sign -l date -x -a '(date +%Y-%m-%d)' -d 'Issue date (YYYY-MM-DD)'
complete -c segel-sign -s r -l rejects -r -F -d 'Write records that cannot be signed to FILE'
complete -c segel-sign -s b -l batch -x -a '1 64 256 1024' -d 'Records per ledger sync'
complete -c segel-sign -l revoke -x -d 'Revoke a document this office issued'
complete -c segel-sign -l supersede -x -d 'Mark a document replaced by a newer one'
complete -c segel-sign -l by -x -d 'The newer document'
complete -c segel-sign -l reason -x -d 'Why (kept in the ledger)'
complete -c segel-sign -l status-list -r -F -d 'Write the signed status list'
complete -c segel-sign -s q -l quiet -d 'No per-record diagnostics'
complete -c segel-sign -s h -l help -d 'Show help'
complete -c segel-sign -s V -l version -d 'Show version'
