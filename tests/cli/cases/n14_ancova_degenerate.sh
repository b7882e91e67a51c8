# ssp test ancova: degenerate input gives a note and NA, never a number:
# an empty arm, a constant baseline, n not above the parameters, a single
# cluster; rows missing a value or of another arm are counted; JSON nulls.
d='g,arm,pre,post,site\nempty,intervention,1,2,a\nempty,intervention,2,3,a\nempty,intervention,3,5,b\nempty,intervention,4,4,b\nconst,intervention,5,2,a\nconst,comparison,5,3,a\nconst,intervention,5,5,b\nconst,comparison,5,4,b\nfew,intervention,1,2,a\nfew,comparison,2,3,b\nfew,intervention,3,5,a\none,intervention,1,2,a\none,comparison,2,3,a\none,intervention,3,5,a\none,comparison,4,4,a\none,intervention,5,6,a\none,other,5,6,a\none,comparison,NA,6,a\n'
printf "$d" | ssp test ancova -g g post arm pre; echo "status $?"
printf "$d" | ssp test ancova -g g --cluster site post arm pre; echo "status $?"
printf "$d" | ssp test ancova -g g --json --cluster site post arm pre; echo "status $?"
