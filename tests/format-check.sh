#!/bin/bash
# format-check.sh: every C file of the tree is as clang-format (the
# .clang-format at the top) writes it; fails naming the files that are not.
# Fix with: clang-format -i FILE...
set -u
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "clang-format not installed (make deps)"; exit 1; }
if [ -d .git ]; then files=$(git ls-files '*.c' '*.h'); else
	files=$(find bench include src tests -name '*.[ch]' | sort); fi
bad=
for f in $files; do
	clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad="$bad $f"
done
[ -z "$bad" ] && exit 0
echo "not formatted as .clang-format says (clang-format -i FILE):$bad"
exit 1
