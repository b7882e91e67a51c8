# A key is never overwritten: not the secret key, not the public key, and
# no half pair is left behind.
cd "$TMPDIR" && ssp keygen --sign -o a >/dev/null && cp a.key a.key.orig
ssp keygen --sign -o a; echo "status $?"
cmp a.key a.key.orig && echo "a.key unchanged"
echo mine >b.pub
ssp keygen --sign -o b; echo "status $?"
ls; cat b.pub
