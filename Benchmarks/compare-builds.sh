#!/usr/bin/env bash
# Times two or more abcxyz binaries on one file, alternating run by run, and prints
# the median of each phase (--timings) and the peak RSS of each binary:
#   Benchmarks/compare-builds.sh FILE RUNS BINARY...
# Used for before/after figures of a change (build the old commit in a git worktree).
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 FILE RUNS BINARY..." >&2; exit 64; }
file=$1; runs=$2; shift 2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cat "$file" >/dev/null  # into the page cache
for _ in $(seq "$runs"); do
    for binary in "$@"; do
        sync  # no earlier run's output still being written back to throttle this one
        line=$(/usr/bin/time -f "rss %M" "$binary" classify "$file" --format csv -o /dev/null --timings 2>&1 | tr '\n' ' ')
        echo "$binary $line" >>"$log"
    done
done
python3 - "$log" <<'PY'
import collections, re, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    binary = line.split()[0]
    phases = {k: float(v) for k, v in re.findall(r"(read|group|classify|write|total) ([\d.]+) s", line)}
    phases["rss"] = int(re.search(r"rss (\d+)", line)[1]) / 1024
    runs[binary].append(phases)
for binary, rows in runs.items():
    med = lambda k: statistics.median(r[k] for r in rows)
    reads = [r["read"] for r in rows]
    print(f"{binary}: {len(rows)} runs; read {med('read'):.3f} s ({min(reads):.3f}-{max(reads):.3f}), "
          f"group {med('group'):.3f}, classify {med('classify'):.3f}, write {med('write'):.3f}, "
          f"total {med('total'):.3f} s; peak RSS {max(r['rss'] for r in rows):.0f} MiB")
PY
