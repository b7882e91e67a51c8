#!/bin/bash
# clang-build.sh: the tree builds with clang under the same -Werror
# warnings as with gcc (the program and the unit tests), in a copy of the
# tree so that the gcc build is left alone.
set -eu
cd "$(dirname "$0")/.."
command -v clang >/dev/null || { echo "clang not installed (make deps)"; exit 1; }
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
tar -cf - Makefile include src tests/unit data-schema | tar -xf - -C "$d"
units=$(cd "$d" && ls tests/unit/test_*.c | sed 's|tests/unit/\(.*\)\.c|build/unit/\1|')
make -s -C "$d" -j2 CC=clang all $units >"$d/log" 2>&1 || { cat "$d/log"; exit 1; }
"$d/bin/ssp" --version >/dev/null
