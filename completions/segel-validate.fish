# fish completion for segel-validate
# generated from its option table by cmd/opt-gen.sh: do not edit
complete -c segel-validate -s r -l rejects -r -F -d 'Write rejected records to FILE'
complete -c segel-validate -s s -l strict -d 'Reject records with warnings too'
complete -c segel-validate -l report -r -F -d 'Write a summary for the operator to FILE'
complete -c segel-validate -s q -l quiet -d 'No per-record diagnostics, only the summary'
complete -c segel-validate -s h -l help -d 'Show this help and exit'
complete -c segel-validate -s V -l version -d 'Show the version and exit'
