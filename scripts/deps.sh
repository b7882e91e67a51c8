#!/bin/sh
# deps.sh build|bench|fuzz|sim|fixtures: check the Debian packages ssp needs; as root, install
# the missing ones, otherwise print the apt-get line and fail.
set -eu
case "${1:-build}" in
build) pkgs="gcc clang make libc6-dev libcsv-dev libgsl-dev libjansson-dev libpcre2-dev libsodium-dev libxlsxwriter-dev libcairo2-dev libpango1.0-dev libqrencode-dev pkg-config fonts-nanum gnuplot-nox python3 python3-pil minisign poppler-utils librsvg2-bin zbar-tools python3-openpyxl unzip groff-base locales parallel clang-format valgrind" ;;
bench) pkgs="datamash r-base-core r-cran-data.table hyperfine time miller" ;;
fuzz) pkgs="clang" ;;
sim) pkgs="jq" ;;
fixtures) pkgs="r-base-core r-cran-nlme r-cran-jsonlite r-cran-survival r-cran-pwr r-cran-mass r-cran-emmeans r-cran-clubsandwich" ;;
*) echo "usage: deps.sh build|bench|fuzz|sim|fixtures" >&2; exit 2 ;;
esac
missing=
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "ssp: missing Debian packages; install them with:" >&2
	echo "  sudo apt-get install$missing" >&2
	exit 1
fi
echo "ssp: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends$missing >/dev/null
