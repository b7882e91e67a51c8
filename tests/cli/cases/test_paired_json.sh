printf "region,pre,post\nA,9,6\nA,7,\nA,12,9\nA,5,6\n" | ssp test paired --json -g region --lower-is-better pre post
