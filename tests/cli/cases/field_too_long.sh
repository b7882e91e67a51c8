{ echo note; head -c 1100000 /dev/zero | tr "\0" a; echo; } | ssp stats count:note
