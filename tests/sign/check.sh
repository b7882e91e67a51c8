#!/bin/bash
# check.sh SSP [TEST_SIGN]: ssp's minisign-format keys and signatures
# against minisign itself (Debian's minisign 0.11), both ways. SSP is
# bin/ssp or build/asan/bin/ssp; TEST_SIGN, the library's command-line
# driver (tests/unit/test_sign.c), defaults to the unit binary of the same
# build. Prints what it checks; the first failure ends it with status 1.
set -u
shopt -s extglob
ssp=$1
case $ssp in */*) ssp=$(cd "$(dirname "$ssp")" && pwd)/$(basename "$ssp") ;; esac
top=$(cd "$(dirname "$0")/../.." && pwd)
if [ $# -ge 2 ]; then drv=$2; else
	case $ssp in */build/asan/bin/ssp) drv=$top/build/asan/unit/test_sign ;;
	*) drv=$top/build/unit/test_sign ;; esac
fi
case $drv in */*) drv=$(cd "$(dirname "$drv")" && pwd)/$(basename "$drv") ;; esac
command -v minisign >/dev/null || { echo "minisign is not installed (make deps)"; exit 1; }
[ -x "$drv" ] || { echo "$drv: missing (make check builds it)"; exit 1; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
n=0
pass() { n=$((n + 1)); echo "ok $n $1"; }
fail() { echo "FAILED: $1"; exit 1; }
# expect STATUS WORDS CMD...: CMD exits with STATUS and its stderr has WORDS.
expect() {
	local want=$1 words=$2
	shift 2
	"$@" >out 2>err
	local rc=$?
	[ $rc = "$want" ] || { cat out err; fail "status $rc, not $want: $*"; }
	grep -qF -- "$words" err || { cat err; fail "no \"$words\" from: $*"; }
}

printf 'region,technology,verdict\nandong,food_scanner,met\n' >data.csv

# 1. our key pair: 0600, never overwritten, byte for byte minisign's -W key
id=$("$ssp" keygen --sign -o ours) || fail "ssp keygen --sign"
[[ $id =~ ^[0-9A-F]{16}$ ]] || fail "key id '$id'"
[ "$(stat -c %a ours.key)" = 600 ] || fail "ours.key mode $(stat -c %a ours.key)"
[ "$(head -1 ours.pub)" = "untrusted comment: minisign public key $id" ] || fail "ours.pub comment"
expect 2 "ours.key: exists; a key is never overwritten" "$ssp" keygen --sign -o ours
minisign -G -W -p ms.pub -s ms.key >/dev/null || fail "minisign -G -W"
[ "$(head -1 ours.key)" = "$(head -1 ms.key)" ] || fail "secret key comment differs from minisign's"
# The same layout: header (algorithms, no KDF, zero salt and limits) and
# zero checksum; only keynum and key differ.
layout() { sed -n 2p "$1" | base64 -d | od -An -tx1 -v | tr -d ' \n' |
	sed -E 's/^(.{108}).{144}(.{64})$/\1|\2/'; }
[ "$(layout ours.key)" = "$(layout ms.key)" ] || fail "secret key layout differs: $(layout ours.key) / $(layout ms.key)"
# minisign rebuilds our public key from our secret key: the same key, and
# the same comment but for the id's leading zeros, which minisign 0.11
# drops there (later versions keep them, as ssp does).
minisign -R -s ours.key -p rebuilt.pub >/dev/null 2>&1 || fail "minisign -R on our key"
[ "$(sed -n 2p rebuilt.pub)" = "$(sed -n 2p ours.pub)" ] || fail "minisign -R gives another public key"
[ "$(wc -l <rebuilt.pub)" = 2 ] || fail "minisign -R: not 2 lines"
[ "$(head -1 rebuilt.pub)" = "untrusted comment: minisign public key ${id##+(0)}" ] ||
	[ "$(head -1 rebuilt.pub)" = "untrusted comment: minisign public key $id" ] ||
	fail "minisign -R comment: $(head -1 rebuilt.pub)"
pass "ssp keygen --sign: 0600, no overwrite, minisign's layout, minisign -R agrees"

# 2. our key, our signature; minisign verifies it
"$drv" sign ours.key data.csv "ssp cert: andong food_scanner met" || fail "sign with our key"
out=$(minisign -Vm data.csv -p ours.pub) || fail "minisign -V of our signature"
[ "$out" = $'Signature and comment signature verified\nTrusted comment: ssp cert: andong food_scanner met' ] ||
	fail "minisign said: $out"
[ "$("$drv" verify ours.pub data.csv data.csv.minisig)" = "ssp cert: andong food_scanner met" ] ||
	fail "our verify of our signature"
minisign -Vm data.csv -H -p ours.pub >/dev/null || fail "minisign -V -H: ours is not prehashed"
pass "our key and signature verify with minisign -V (prehashed)"

# 3. minisign's -W key signs with ssp; minisign verifies
cp data.csv d2.csv
"$drv" sign ms.key d2.csv "made by ssp with minisign's key" || fail "sign with minisign -G -W key"
out=$(minisign -Vm d2.csv -p ms.pub) || fail "minisign -V of ssp's signature with its key"
[ "${out##*Trusted comment: }" = "made by ssp with minisign's key" ] || fail "minisign said: $out"
pass "a minisign -G -W key signs with ssp_sign_file; minisign verifies"

# 4. minisign's signature verifies with ssp, trusted comment and all
cp data.csv d3.csv
minisign -S -s ms.key -m d3.csv -t 'verdict	met (tab inside)' >/dev/null || fail "minisign -S"
[ "$("$drv" verify ms.pub d3.csv d3.csv.minisig)" = 'verdict	met (tab inside)' ] || fail "our verify of minisign's signature"
# and its default trusted comment, and a legacy (-l, "Ed") signature
cp data.csv d4.csv
minisign -S -s ms.key -m d4.csv >/dev/null || fail "minisign -S (default comment)"
[[ $("$drv" verify ms.pub d4.csv d4.csv.minisig) =~ ^timestamp:[0-9]+$'\t'file:d4.csv$'\t'hashed$ ]] ||
	fail "minisign's default trusted comment"
cp data.csv d5.csv
minisign -S -l -s ms.key -m d5.csv -t legacy >/dev/null || fail "minisign -S -l"
[ "$(sed -n 2p d5.csv.minisig | base64 -d | head -c 2)" = Ed ] || fail "minisign -l did not make a legacy signature"
minisign -Vm d5.csv -p ms.pub >/dev/null || fail "minisign -V of its legacy signature"
out=$("$drv" verify ms.pub d5.csv d5.csv.minisig 2>&1)
[ $? = 1 ] && [[ $out == *"a legacy signature (Ed, minisign -l), which ssp never makes: refused"* ]] ||
	fail "our verify of a legacy signature: $out"
pass "minisign's signatures (prehashed, default comment) verify with ssp_verify_file; its genuine legacy -l one is refused"

# 5. each change fails with status 1 (SSP_EDATA), saying what failed, and
# minisign refuses it too (so the change is real)
# flip FILE LINE COL: another base64 digit at LINE, COL of FILE.
flip() { awk -v l="$2" -v c="$3" 'NR == l { ch = substr($0, c, 1)
	$0 = substr($0, 1, c - 1) (ch == "A" ? "B" : "A") substr($0, c + 1) } { print }' "$1"; }
refused() { ! minisign -V -p "$1" -m "$2" -x "$3" >/dev/null 2>&1 || fail "minisign accepts $3"; }
cp d3.csv changed.csv
printf 'x' | dd of=changed.csv bs=1 seek=30 conv=notrunc 2>/dev/null
cmp -s d3.csv changed.csv && fail "the file did not change"
expect 1 "does not match: the file was changed after signing" "$drv" verify ms.pub changed.csv d3.csv.minisig
refused ms.pub changed.csv d3.csv.minisig
flip d3.csv.minisig 2 40 >badsig.minisig
expect 1 "or the signature is damaged" "$drv" verify ms.pub d3.csv badsig.minisig
refused ms.pub d3.csv badsig.minisig
sed '3s/met/mex/' d3.csv.minisig >badtc.minisig
cmp -s d3.csv.minisig badtc.minisig && fail "the trusted comment did not change"
expect 1 "badtc.minisig:3:18: the trusted comment does not match its signature" "$drv" verify ms.pub d3.csv badtc.minisig
refused ms.pub d3.csv badtc.minisig
flip d3.csv.minisig 4 10 >badglobal.minisig
expect 1 "the trusted comment does not match its signature" "$drv" verify ms.pub d3.csv badglobal.minisig
refused ms.pub d3.csv badglobal.minisig
msid=$(printf '%16s' "$(head -1 ms.pub | cut -d' ' -f6)" | tr ' ' 0)
expect 1 "the key id differs: signed with key $msid, but the public key ours.pub is key $id" \
	"$drv" verify ours.pub d3.csv d3.csv.minisig
refused ours.pub d3.csv d3.csv.minisig
# and the same for a signature ssp made
flip data.csv.minisig 2 60 >ours-bad.minisig
expect 1 "or the signature is damaged" "$drv" verify ours.pub data.csv ours-bad.minisig
refused ours.pub data.csv ours-bad.minisig
pass "a changed byte of the file, signature, trusted comment or its signature, or another key: status 1"

# 6. malformed key or signature files: status 2; unreadable: status 3
expect 2 "ms.key:2:1: not a minisign public key" "$drv" verify ms.key d3.csv d3.csv.minisig
head -2 d3.csv.minisig >short.minisig
expect 2 "short.minisig:3:1: not a minisign signature" "$drv" verify ms.pub d3.csv short.minisig
expect 3 "nosuch.minisig:0:0: cannot open" "$drv" verify ms.pub d3.csv nosuch.minisig
pass "malformed files: status 2 with the line; a missing file: status 3"

# 7. an encrypted minisign key (made without -W) is refused, pointing to -W;
# once minisign -C -W removes its password, it signs.
if printf 'pw\npw\n' | minisign -G -p enc.pub -s enc.key >/dev/null 2>&1; then
	cp data.csv d6.csv
	expect 2 "encrypted with a password, which ssp does not ask for: use a key made with minisign -G -W" \
		"$drv" sign enc.key d6.csv x
	[ -e d6.csv.minisig ] && fail "a signature was written with an encrypted key"
	printf 'pw\n' | minisign -C -W -s enc.key >/dev/null 2>&1 || fail "minisign -C -W"
	# (its checksum is real now, not 0 as -G -W leaves it: ssp checks it)
	[ "$(sed -n 2p enc.key | base64 -d | tail -c 32 | od -An -tx1 | tr -d ' 0\n')" ] || fail "no checksum"
	"$drv" sign enc.key d6.csv "password removed" || fail "sign with a key whose password minisign removed"
	minisign -Vm d6.csv -p enc.pub >/dev/null || fail "minisign -V after -C -W"
	pass "an encrypted minisign key is refused; with its password removed it signs"
else
	echo "# skipped: minisign -G did not take its password from stdin"
fi
echo "1..$n"
