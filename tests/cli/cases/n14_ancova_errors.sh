# ssp test ancova: usage errors (status 2), a value that is not a number
# (status 1, FILE:LINE:COL), --levels picking two arms, a covariate.
printf 'arm,pre,post\nintervention,1,x\n' >in.csv
ssp test ancova post arm pre in.csv; echo "status $?"
ssp test ancova post arm; echo "status $?"
ssp test ancova --levels a post arm pre in.csv; echo "status $?"
ssp test ancova --cluster nosuch post arm pre in.csv; echo "status $?"
ssp test ancova --mcid 1 post arm pre in.csv; echo "status $?"
printf 'arm,pre,post,age\nb,1,2,70\na,2,3.5,80\nb,3,4,75\na,4,6.5,71\nb,5,5.5,90\na,6,8,66\nc,1,1,1\n' | ssp test ancova --levels a,b --covariate age post arm pre; echo "status $?"
ssp test paired --bogus pre post in.csv; echo "status $?"
