printf "g,x\n\"a,b\",1\n\"say \"\"hi\"\"\",2\n" | ssp stats -g g sum:x
