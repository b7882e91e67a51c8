#!/bin/bash
# install.sh: `make install` into a DESTDIR gives a working ssp, its links,
# man pages and data-schema; `make uninstall` removes them again.
set -eu
cd "$(dirname "$0")/.."
d=$(mktemp -d)
w=$(mktemp -d)
trap 'rm -rf "$d" "$w"' EXIT
make -s install DESTDIR="$d" PREFIX=/opt/ssp >/dev/null
test -x "$d/opt/ssp/bin/ssp"
test "$(readlink "$d/opt/ssp/bin/ssp-stats")" = ssp
"$d/opt/ssp/bin/ssp-stats" --version | grep -q '^ssp stats '
test -f "$d/opt/ssp/share/man/man1/ssp.1"
test -f "$d/opt/ssp/share/man/man1/ssp-stats.1"
test -f "$d/opt/ssp/share/man/man5/ssp-schema.5"
test -f "$d/opt/ssp/share/ssp/data-schema/measures.schema.json"
test -d "$d/opt/ssp/share/ssp/data-schema"
# The installed program finds its own schemas, whatever PREFIX the objects
# were compiled with (a default build installed under another PREFIX).
printf 'subject_id,instrument,phase,measured_on,score\ns_1,GRIP,baseline,2024-06-03,21.5\n' >"$w/m.csv"
(cd / && env -u SSP_SCHEMA_DIR "$d/opt/ssp/bin/ssp" validate -q --table measures "$w/m.csv" 2>"$w/err") ||
	{ cat "$w/err"; exit 1; }
make -s uninstall DESTDIR="$d" PREFIX=/opt/ssp >/dev/null
left=$(find "$d" -type f -o -type l)
test -z "$left" || { echo "left after uninstall: $left"; exit 1; }
