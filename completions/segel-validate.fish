# fish completion for segel-validate
complete -c segel-validate -s r -l rejects -r -F -d 'Write rejected records to FILE'
complete -c segel-validate -s s -l strict -d 'Reject records with warnings too'
complete -c segel-validate -l report -r -F -d 'Write a summary for the operator to FILE (- for stderr)'
complete -c segel-validate -s q -l quiet -d 'Only the closing summary'
complete -c segel-validate -s h -l help -d 'Show help'
complete -c segel-validate -s V -l version -d 'Show version'
