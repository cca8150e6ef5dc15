# fish completion for segel-intake
# generated from its option table by cmd/opt-gen.sh: do not edit
complete -c segel-intake -s t -l type -x -a '(segel-intake --list-types 2>/dev/null | cut -f1)' -d 'Read every file as TYPE'
complete -c segel-intake -s r -l rejects -r -F -d 'Write rows that could not become records to FILE, each with every reason found'
complete -c segel-intake -l return -x -a '(__fish_complete_directories)' -d 'Write each village\'s rejected rows to DIR as its own spreadsheet'
complete -c segel-intake -l region -x -d 'The desa/kelurahan of rows that carry no address'
complete -c segel-intake -l max-attachment -x -a '1M 5M 10M 20M' -d 'Largest attachment accepted'
complete -c segel-intake -l list-types -d 'Print the known document types and exit'
complete -c segel-intake -l progress -d 'A progress line on standard error even when it is not a terminal'
complete -c segel-intake -l no-progress -d 'Never a progress line'
complete -c segel-intake -s q -l quiet -d 'No per-row diagnostics, only the summary'
complete -c segel-intake -s h -l help -d 'Show this help and exit'
complete -c segel-intake -s V -l version -d 'Show the version and exit'
