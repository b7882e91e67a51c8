ssp synth --canonical --scale 0.01 -o /proc/nope; echo "status $?"
