# ssp keygen --sign: NAME.key (0600) and NAME.pub in minisign's format; the
# id printed (random, so only its form is shown) is the one in NAME.pub.
cd "$TMPDIR" && id=$(ssp keygen --sign -o release); echo "status $?"
[[ $id =~ ^[0-9A-F]{16}$ ]] && echo "id: 16 upper-case hex digits"
[ "$(head -1 release.pub)" = "untrusted comment: minisign public key $id" ] && echo "id matches release.pub"
stat -c '%a %n' release.key
ls
head -1 release.key
sed -n 2p release.pub | base64 -d | head -c 2; echo
sed -n 2p release.key | base64 -d | wc -c
