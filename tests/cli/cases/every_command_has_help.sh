for c in $(ssp help | awk "/^  [a-z]/ && \$1 != \"help\" {print \$1}"); do ssp $c --help > /dev/null && ssp-$c --help | grep -q "^Usage: ssp $c" && echo "$c: ok"; done
