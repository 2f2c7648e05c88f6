#!/usr/bin/env bash
# How the C floor itself (floor.c) scales from one thread to two on one file, alternating run
# by run (1, 2, 1, 2, ...): the ceiling for issue 16's threads bar on this machine, since abcxyz
# cannot gain more from a second core than a program that only reads, parses and sums.
#
#   Benchmarks/floor/scaling.sh FILE RUNS        # e.g. /work/bench/sales-10m.csv 7
#
# Env: CC (default gcc), A and B (default 1 and 2, the thread counts compared), ABCXYZ_BIN (when
# set, each round also runs abcxyz's whole job, `classify FILE --format csv -o … --winback-output
# … -q`, on A and B threads, so both speed-ups come from the same minutes: this machine has fast
# and slow hours). Compiles floor.c with $CC -std=c11 -O2 -march=native -pthread, reads the file
# once (into the page cache), prints one line per run (program, threads, run, wall s, the 1-minute
# load average before it), checks that every floor run printed the same totals, then each
# program's medians and speed-up (median of medians, and the median of the per-round ratios).
# Wall time is bash's $EPOCHREALTIME around the run; abcxyz's outputs go to mktemp -d.
set -euo pipefail
file=$1; runs=$2; a=${A:-1}; b=${B:-2}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"${CC:-gcc}" -std=c11 -O2 -march=native -pthread -o "$work/floor" "$here/floor.c"
cat "$file" > /dev/null   # into the page cache
for ((i = 1; i <= runs; i++)); do
  for program in floor ${ABCXYZ_BIN:+abcxyz}; do
    for threads in "$a" "$b"; do
      sync  # no earlier run's output still being written back to throttle this one
      load=$(cut -d' ' -f1 /proc/loadavg)
      start=$EPOCHREALTIME
      if [[ $program == floor ]]; then
        "$work/floor" "$file" --threads "$threads" > "$work/out"
      else
        "$ABCXYZ_BIN" classify "$file" --format csv -o "$work/c.csv" --winback-output "$work/w.csv" -q \
          --threads "$threads"
      fi
      stop=$EPOCHREALTIME
      [[ $program == floor ]] && cut -d';' -f1 "$work/out" >> "$work/totals"
      echo "$program $threads $i $(python3 -c "print(f'{$stop - $start:.3f}')") $load" | tee -a "$work/log"
    done
  done
done
[[ $(sort -u "$work/totals" | wc -l) == 1 ]] || { echo "the runs disagree:" >&2; sort -u "$work/totals" >&2; exit 1; }
echo "floor: $(head -1 "$work/totals")"
python3 - "$work/log" "$a" "$b" "$file" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
a, b, name = sys.argv[2], sys.argv[3], sys.argv[4]
speedups = {}
for program in dict.fromkeys(r[0] for r in rows):
    wall = {t: [float(r[3]) for r in rows if r[0] == program and r[1] == t] for t in (a, b)}
    for t in (a, b):
        print(f"{program} {t} thread(s): median {statistics.median(wall[t]):.3f} s ({min(wall[t]):.3f}-{max(wall[t]):.3f})")
    pairs = [x / y for x, y in zip(wall[a], wall[b])]
    speedups[program] = statistics.median(wall[a]) / statistics.median(wall[b])
    print(f"{name}: {program} speed-up {b} over {a} threads {speedups[program]:.2f}x "
          f"(median of per-round ratios {statistics.median(pairs):.2f}x, {min(pairs):.2f}-{max(pairs):.2f}x)")
if "abcxyz" in speedups:
    print(f"abcxyz's speed-up is {speedups['abcxyz'] / speedups['floor']:.2f} of the floor's")
PY
