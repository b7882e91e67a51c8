# Group values and subject ids are never cut: two groups that share their
# first 4,096 bytes stay two (a fixed key buffer merged them, and in ssp
# adjust wrote past it); same class as issue 12, items 5 and 7.
a=$(head -c 5000 /dev/zero | tr '\0' a)
printf 'g,h,p\n%s,x,0.01\n%s,y,0.02\n' "$a" "$a" | ssp adjust -g g,h p | cut -d, -f2-
b=$(head -c 4096 /dev/zero | tr '\0' b)
printf 'grp,pre,post\n%sx,1,2\n%sy,5,1\n%sx,2,4\n%sy,3,3\n%sy,1,1\n' "$b" "$b" "$b" "$b" "$b" | ssp test paired -g grp pre post 2>/dev/null | cut -d, -f2-5
printf 'id,phase,v\n%s1,pre,1\n%s2,pre,5\n%s1,post,2\n%s2,post,9\n' "$b" "$b" "$b" "$b" | ssp test paired --id id --phase phase --from pre --to post v 2>/dev/null | cut -d, -f1-5
