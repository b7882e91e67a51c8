printf "family,test,p\na,x,0.01\nb,y,0.04\na,z,NA\na,w,0.03\nb,v,0.2\n" | ssp adjust --method bh -g family p
