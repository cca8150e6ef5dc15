# fish completion for segel-verify
# generated from its option table by cmd/opt-gen.sh: do not edit
complete -c segel-verify -s t -l trust -r -F -d 'The trust material'
complete -c segel-verify -l max-age -x -d 'Exit 2 when a verdict\'s revocation news is older than DAYS days or missing'
complete -c segel-verify -l json -d 'One JSON object per seal found, with its source file and page'
complete -c segel-verify -l decode-only -d 'Print the barcode texts found, one a line, without verifying'
complete -c segel-verify -s j -l jobs -x -a '1 2 4' -d 'Work on N files at once'
complete -c segel-verify -l progress -d 'A progress line on standard error even when it is not a terminal'
complete -c segel-verify -l no-progress -d 'Never a progress line'
complete -c segel-verify -s q -l quiet -d 'Print only the verdict lines'
complete -c segel-verify -s v -l verbose -d 'Say on standard error which trust material is used'
complete -c segel-verify -s h -l help -d 'Show this help and exit'
complete -c segel-verify -s V -l version -d 'Show the version and exit'
