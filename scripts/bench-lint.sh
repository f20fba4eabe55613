#!/bin/sh
# Times `stepwise lint` and markdownlint-cli on the same corpus of Markdown
# SOPs, in one run, and prints files per second for each. The corpus is
# synthetic, or, with CORPUS set to a folder of Markdown files (the
# published procedures: CORPUS=sopgen/lint/testdata/published), those files
# copied round-robin to N_FILES.
#
#   scripts/bench-lint.sh [N_FILES] [RUNS]
#   CORPUS=sopgen/lint/testdata/published scripts/bench-lint.sh 1000 5
#
# Needs Go and Node.js with npm; markdownlint-cli is installed into a
# temporary folder, nothing is added to the repository.
set -eu
n=${1:-1000}
runs=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -n "${CORPUS:-}" ]; then
	mkdir -p "$work/corpus"
	set -- "$root/$CORPUS"/*.md
	srcs="$*"
	i=0
	while [ "$i" -lt "$n" ]; do
		for f in $srcs; do
			[ "$i" -lt "$n" ] || break
			[ "$(basename "$f")" = README.md ] && continue
			cp "$f" "$work/corpus/$i-$(basename "$f")"
			i=$((i + 1))
		done
	done
else
	go run "$root/scripts/lintcorpus" -n "$n" -out "$work/corpus"
fi
go build -o "$work/stepwise" "$root/cmd/stepwise"
(cd "$work" && npm install --silent --no-audit --no-fund markdownlint-cli@0.50.0 >/dev/null 2>&1)
mdl="$work/node_modules/.bin/markdownlint"

# seconds one run of a command takes (its exit status ignored)
timed() {
	s=$(date +%s.%N)
	"$@" >/dev/null 2>&1 || true
	e=$(date +%s.%N)
	echo "$e - $s" | bc -l
}

# the two tools in turn, best of $runs each: run one after the other in
# blocks, a shared host's load moving between the blocks skews the ratio
sw="" ml=""
i=0
while [ "$i" -lt "$runs" ]; do
	t=$(timed "$work/stepwise" lint --today 2026-11-22 "$work/corpus")
	if [ -z "$sw" ] || [ "$(echo "$t < $sw" | bc -l)" = 1 ]; then sw=$t; fi
	t=$(timed "$mdl" "$work/corpus")
	if [ -z "$ml" ] || [ "$(echo "$t < $ml" | bc -l)" = 1 ]; then ml=$t; fi
	i=$((i + 1))
done
printf 'files: %s, best of %s runs, interleaved\n' "$n" "$runs"
printf 'stepwise lint     %6.3f s  %7.0f files/s\n' "$sw" "$(echo "$n / $sw" | bc -l)"
printf 'markdownlint-cli  %6.3f s  %7.0f files/s\n' "$ml" "$(echo "$n / $ml" | bc -l)"
printf 'ratio             %6.1f x\n' "$(echo "$ml / $sw" | bc -l)"
