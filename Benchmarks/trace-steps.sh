#!/usr/bin/env bash
# Each traced step (ABCXYZ_TRACE=1) of the whole job (both listings from one read) for several
# builds, run after run in turn; prints each step's median / minimum in ms per build:
#   Benchmarks/trace-steps.sh FILE RUNS THREADS BINARY...
# The outputs go to mktemp -d, so TMPDIR=/dev/shm keeps the disk out of the figures. A step
# traced more than once (the two listings' writes) is numbered: "#2".
set -euo pipefail
[ $# -ge 4 ] || { echo "usage: $0 FILE RUNS THREADS BINARY..." >&2; exit 64; }
file=$1; runs=$2; threads=$3; shift 3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat "$file" >/dev/null  # into the page cache
for _ in $(seq "$runs"); do
    for index in $(seq 0 $(($# - 1))); do
        binary=${*:index+1:1}
        sync  # no earlier run's output still being written back to throttle this one
        start=$(date +%s%N)
        ABCXYZ_TRACE=1 "$binary" classify "$file" --format csv -o "$work/c.csv" --winback-output "$work/w.csv" \
            --threads "$threads" 2>"$work/trace" >/dev/null
        end=$(date +%s%N)
        { echo "run $index $(( (end - start) / 1000 ))"; grep '^trace: .* ms$' "$work/trace" || true; } >>"$work/log"
    done
done
python3 - "$work/log" "$@" <<'PY'
import collections, re, statistics, sys
binaries = sys.argv[2:]
steps = collections.defaultdict(lambda: collections.defaultdict(list))
order = []
current, seen = None, None
for line in open(sys.argv[1]):
    if line.startswith("run "):
        _, index, micros = line.split()
        current, seen = int(index), collections.Counter()
        steps["wall"][current].append(int(micros) / 1000)
        continue
    match = re.match(r"trace: (.*) ([\d.]+) ms$", line.strip())
    name = match[1]
    seen[name] += 1
    if seen[name] > 1: name += f" #{seen[name]}"
    if name not in order: order.append(name)
    steps[name][current].append(float(match[2]))
print(f"{'step (median / min, ms)':<36}" + "".join(f"{b.split('/')[-1][-20:]:>22}" for b in binaries))
for name in order + ["wall"]:
    cells = []
    for index in range(len(binaries)):
        values = steps[name][index]
        cells.append(f"{statistics.median(values):.1f} / {min(values):.1f}" if values else "-")
    print(f"{name:<36}" + "".join(f"{c:>22}" for c in cells))
PY
