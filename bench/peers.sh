#!/bin/sh
# bench/peers.sh: DuckDB and Polars for Node.js, at pinned versions, in a
# folder of the bench's own (bench/out/peers), installed once with npm;
# prints the folder's node_modules for NODE_PATH. Node.js and npm from
# Debian when the machine has none.
set -eu
cd "$(dirname "$0")/.."
DIR=bench/out/peers
VERSIONS="@duckdb/node-api@1.5.6-r.1 nodejs-polars@0.26.1 nodejs-polars-linux-x64-gnu@0.26.1"
if [ "$(cat "$DIR/.versions" 2>/dev/null)" != "$VERSIONS" ]; then
	if ! command -v npm >/dev/null; then
		[ "$(id -u)" -eq 0 ] || { echo "bench: npm not found: sudo apt-get install nodejs npm" >&2; exit 1; }
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
	fi
	rm -rf "$DIR"
	mkdir -p "$DIR"
	echo "bench: installing $VERSIONS into $DIR" >&2
	# shellcheck disable=SC2086  # one word per package
	npm install --prefix "$DIR" --no-audit --no-fund --loglevel=error $VERSIONS >&2
	echo "$VERSIONS" >"$DIR/.versions"
fi
echo "$PWD/$DIR/node_modules"
