# Exactly one kind of key; the name without .key; an unwritable folder.
cd "$TMPDIR"
ssp keygen --sign --hmac -o k; echo "status $?"
ssp keygen -o k; echo "status $?"
ssp keygen --sign; echo "status $?"
ssp keygen --sign -o k.key; echo "status $?"
ssp keygen --sign -o k extra; echo "status $?"
ssp keygen --sign -o nosuch/k; echo "status $?"
ls
