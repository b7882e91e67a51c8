# Every header a command prints has distinct names (issue 12, item 20): a
# clash is a usage error (status 2) that names it.
printf 'g,pre,post\na,1,2\na,2,4\nb,3,3\nb,1,5\n' > "$TMPDIR/g.csv"
ssp test paired -g g pre post "$TMPDIR/g.csv"; echo "status $?"
ssp test paired -g g,1 pre post "$TMPDIR/g.csv"; echo "status $?"
printf 'p,value,group\nx,1,a\nx,2,b\n' | ssp test two-sample -g p value group; echo "status $?"
printf 'x,mean(x)\n1,a\n' | ssp stats -g 'mean(x)' mean:x; echo "status $?"
printf 'x\n1\n' | ssp stats mean:x mean:1; echo "status $?"
printf 'x\n1\n' | ssp stats --json count:x count:x; echo "status $?"
# ssp adjust on a table that has p_adjusted already (as ssp indicators'):
# refused, or the added column named with --name
printf 'indicator,p,p_adjusted\nA,0.01,0.02\nB,0.04,\nC,,\n' > "$TMPDIR/r.csv"
ssp adjust p "$TMPDIR/r.csv"; echo "status $?"
ssp adjust --name p_holm p "$TMPDIR/r.csv"; echo "status $?"
ssp adjust --name p p "$TMPDIR/r.csv"; echo "status $?"
# distinct names still work
printf 'grp,pre,post\na,1,2\na,2,4\n' | ssp test paired -g grp pre post | cut -d, -f1-3
