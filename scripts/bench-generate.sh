#!/bin/sh
# Times whole processes, in one run: `stepwise generate` of each example
# and of a 50-step recording against native Graphviz drawing the same DOT
# to SVG and to PNG (`dot -Tsvg`, `dot -Tpng`), and the start-up of
# commands that draw nothing against a Go hello-world. Medians of RUNS
# runs, the commands interleaved (scripts/benchproc).
#
#   scripts/bench-generate.sh [RUNS] [OLD_BINARY]
#
# OLD_BINARY, if given, is another stepwise binary timed beside this one
# (e.g. one built from main). Needs Go and Debian's graphviz (native dot).
set -eu
runs=${1:-15}
old=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v dot >/dev/null || { echo "needs native dot: apt-get install graphviz" >&2; exit 2; }

go build -o "$work/stepwise" ./cmd/stepwise
go build -o "$work/benchproc" ./scripts/benchproc
mkdir -p "$work/hello"
printf 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n' >"$work/hello/main.go"
printf 'module hello\n\ngo 1.26\n' >"$work/hello/go.mod"
(cd "$work/hello" && go build -o "$work/hello-bin" .)
go run ./scripts/longrecording -n 50 >"$work/long50.json"
cp "$root/examples/password-reset-sms/sop.md" "$work/one.md"
bins="$work/stepwise"
[ -n "$old" ] && bins="$bins $old"

echo "== start-up (median of $runs)"
set -- -- "$work/hello-bin"
for b in $bins; do
	set -- "$@" -- "$b version" -- "$b lint --today 2026-11-22 $work/one.md" -- "$b help token"
done
"$work/benchproc" -n "$runs" "$@"

for rec in "$root"/examples/*/recording.json "$work/long50.json"; do
	name=$(basename "$(dirname "$rec")")
	[ "$rec" = "$work/long50.json" ] && name=long50
	"$work/stepwise" generate "$rec" --out "$work/out-$name" >/dev/null
	dotf="$work/out-$name/process-map.dot"
	echo "== generate $name (median of $runs)"
	set -- -- "dot -Tsvg -o $work/x.svg $dotf" -- "dot -Tpng -o $work/x.png $dotf"
	for b in $bins; do
		set -- "$@" -- "$b generate $rec --out $work/gen-$name"
	done
	"$work/benchproc" -n "$runs" "$@"
done
