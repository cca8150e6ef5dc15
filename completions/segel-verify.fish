# fish completion for segel-verify
complete -c segel-verify -s t -l trust -x -a '(__fish_complete_directories)' -d 'The trust directory'
complete -c segel-verify -l json -d 'One JSON object per seal'
complete -c segel-verify -s q -l quiet -d 'Print only the verdict lines'
complete -c segel-verify -s h -l help -d 'Show help'
complete -c segel-verify -s V -l version -d 'Show version'
