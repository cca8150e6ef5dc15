# fish completion for segel-intake
complete -c segel-intake -s t -l type -x -a '(segel-intake --list-types 2>/dev/null | cut -f1)' -d 'Read every file as TYPE'
complete -c segel-intake -s r -l rejects -r -F -d 'Write rejected rows to FILE'
complete -c segel-intake -l max-attachment -x -a '1M 5M 10M 20M' -d 'Largest attachment accepted'
complete -c segel-intake -l list-types -d 'Print the known document types'
complete -c segel-intake -s q -l quiet -d 'Only the closing summary'
complete -c segel-intake -s h -l help -d 'Show help'
complete -c segel-intake -s V -l version -d 'Show version'
