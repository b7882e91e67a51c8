# Issue 12, item 32 (the workbook): two runs of ssp report on the same
# inputs give the same bytes (docProps/core.xml carried the time of the
# run): the creation time is SOURCE_DATE_EPOCH if set, else the fixed
# 1980-01-01T00:00:00Z; a SOURCE_DATE_EPOCH that is no count of seconds is
# a usage error (an empty one counts as unset).
ssp indicators -q --json -o "$TMPDIR/r.json" ../ref/indicators/pilot
cd "$TMPDIR" || exit
unset SOURCE_DATE_EPOCH
ssp report r.json -o a.xlsx; echo "status $?"
cp a.xlsx first.xlsx
sleep 1.1
ssp report r.json -o a.xlsx; echo "status $?"
cmp first.xlsx a.xlsx && echo "the same bytes"
unzip -p a.xlsx docProps/core.xml | grep -o '<dcterms:[a-z]*[^>]*>[^<]*'
mv first.xlsx unset.xlsx
SOURCE_DATE_EPOCH=1700000000 ssp report r.json -o a.xlsx; echo "status $?"
cp a.xlsx first.xlsx
sleep 1.1
SOURCE_DATE_EPOCH=1700000000 ssp report r.json -o a.xlsx; echo "status $?"
cmp first.xlsx a.xlsx && echo "the same bytes"
unzip -p a.xlsx docProps/core.xml | grep -o '<dcterms:[a-z]*[^>]*>[^<]*'
SOURCE_DATE_EPOCH= ssp report r.json -o a.xlsx && cmp a.xlsx unset.xlsx; echo "empty: as if unset, status $?"
for bad in x 1.5 -1 ' 1' 99999999999999999999; do
	SOURCE_DATE_EPOCH=$bad ssp report r.json -o b.xlsx; echo "status $?"
done
ls
