../panel/merge.sh
