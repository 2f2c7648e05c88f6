#!/usr/bin/env bash
# The whole job (both listings from one read, as Benchmarks/peers runs it) on 1 and on 2
# threads, alternating run by run; prints each phase's median and the speed-up of the totals:
#   Benchmarks/thread-scaling.sh FILE RUNS BINARY [THREADS_A THREADS_B]
# Issue 16's bar: 2 threads at least 1.85x one thread on the 10 M-row file.
# The outputs go to mktemp -d, so TMPDIR=/dev/shm keeps the disk out of the figures.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 FILE RUNS BINARY [A B]" >&2; exit 64; }
file=$1; runs=$2; binary=$3; a=${4:-1}; b=${5:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat "$file" >/dev/null  # into the page cache
for _ in $(seq "$runs"); do
    for threads in "$a" "$b"; do
        sync  # no earlier run's output still being written back to throttle this one
        line=$(/usr/bin/time -f "rss %M wall %e" "$binary" classify "$file" --format csv -o "$work/c.csv" \
            --winback-output "$work/w.csv" --threads "$threads" --timings 2>&1 | tr '\n' ' ')
        echo "$threads $(cut -d' ' -f1 /proc/loadavg) $line" >>"$work/log"
    done
done
python3 - "$work/log" "$a" "$b" <<'PY'
import collections, re, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    threads, load = line.split()[:2]
    phases = {k: float(v) for k, v in re.findall(r"(read|group|classify|write|total) ([\d.]+) s", line)}
    phases["wall"] = float(re.search(r"wall ([\d.]+)", line)[1])
    phases["rss"] = int(re.search(r"rss (\d+)", line)[1]) / 1024
    phases["load"] = float(load)
    runs[threads].append(phases)
med = lambda rows, k: statistics.median(r[k] for r in rows)
for threads, rows in runs.items():
    print(f"{threads} thread(s): {len(rows)} runs, load {min(r['load'] for r in rows):.1f}-{max(r['load'] for r in rows):.1f}; "
          + ", ".join(f"{k} {med(rows, k):.3f}" for k in ("read", "group", "classify", "write", "total", "wall"))
          + f" s; peak RSS {max(r['rss'] for r in rows):.0f} MiB")
a, b = sys.argv[2], sys.argv[3]
pairs = [x["wall"] / y["wall"] for x, y in zip(runs[a], runs[b])]
print(f"speed-up {b} over {a} threads: median of medians {med(runs[a], 'wall') / med(runs[b], 'wall'):.2f}x "
      f"(wall), per round {min(pairs):.2f}-{max(pairs):.2f}x; "
      f"per phase " + ", ".join(f"{k} {med(runs[a], k) / max(med(runs[b], k), 1e-9):.2f}x" for k in ("read", "group", "classify", "write")))
PY
