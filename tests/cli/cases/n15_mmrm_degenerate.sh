# ssp test mmrm: degenerate input gives a note and NA, never a number (an
# arm without a score at a visit, a constant baseline, too few rows); bad
# data is refused at its row (a subject in two arms, with two baselines,
# with a visit twice); rows missing a value are counted; JSON nulls; the
# options it needs.
d='g,id,visit,arm,base,y\nempty,a1,v1,intervention,1,2\nempty,a2,v1,comparison,2,3\nempty,a1,v2,intervention,1,5\nempty,a3,v1,intervention,4,4\nempty,a4,v1,comparison,3,3\nempty,a5,v1,intervention,2,4\nempty,a6,v1,comparison,5,4\nempty,a7,v2,intervention,2,3\nconst,c1,v1,intervention,5,2\nconst,c2,v1,comparison,5,3\nconst,c3,v1,intervention,5,5\nconst,c4,v1,comparison,5,4\nconst,c5,v1,intervention,5,1\nconst,c6,v1,comparison,5,2\nfew,f1,v1,intervention,1,2\nfew,f2,v1,comparison,2,3\nfew,f3,v1,intervention,3,5\nfew,f4,v1,comparison,4,\n'
printf "$d" | ssp test mmrm -g g --id id --visit visit y arm base; echo "status $?"
printf "$d" | ssp test mmrm -g g --json --id id --visit visit y arm base; echo "status $?"
printf 'id,visit,arm,base,y\ns1,v1,intervention,1,2\ns1,v2,comparison,1,3\n' |
	ssp test mmrm --id id --visit visit y arm base; echo "status $?"
printf 'id,visit,arm,base,y\ns1,v1,intervention,1,2\ns1,v2,intervention,2,3\n' |
	ssp test mmrm --id id --visit visit y arm base; echo "status $?"
printf 'id,visit,arm,base,y\ns1,v1,intervention,1,2\ns1,v1,intervention,1,3\n' |
	ssp test mmrm --id id --visit visit y arm base; echo "status $?"
printf 'id,visit,arm,base,y\ns1,v1,intervention,1,x\n' |
	ssp test mmrm --id id --visit visit y arm base; echo "status $?"
printf 'id,visit,arm,base,y\n' | ssp test mmrm --id id y arm base; echo "status $?"
printf 'id,visit,arm,base,y\n' | ssp test mmrm --id id --visit visit y arm; echo "status $?"
printf 'id,visit,arm,base,y\n' | ssp test mmrm --id id --visit nope y arm base; echo "status $?"
# a constant outcome; a thirteenth visit
printf 'id,visit,arm,base,y\na,v1,intervention,1,5\nb,v1,comparison,2,5\nc,v1,intervention,3,5\nd,v1,comparison,4,5\ne,v1,intervention,5,5\nf,v1,comparison,6,5\n' |
	ssp test mmrm --id id --visit visit y arm base; echo "status $?"
{ echo id,visit,arm,base,y; for v in 1 2 3 4 5 6 7 8 9 10 11 12 13; do echo "s1,v$v,intervention,1,$v"; done; } |
	ssp test mmrm --id id --visit visit y arm base; echo "status $?"
