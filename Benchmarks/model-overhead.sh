#!/usr/bin/env bash
# `classify --model bgnbd` against `classify` on one file, alternating run by run (A B A B …),
# wall time, CPU time (user + sys) and peak RSS from /usr/bin/time, the 1-minute load average before every run.
#
#   Benchmarks/model-overhead.sh FILE RUNS [BINARY]     # e.g. sales-10m.csv 5 .build/release/abcxyz
#
# Prints one line per run (side, run, wall s, peak KiB, load, CPU s) and the medians and their ratio (the bar of issue 12: at most 1.5×).
set -euo pipefail
file=$1; runs=$2; bin=${3:-.build/release/abcxyz}
log=$(mktemp); trap 'rm -f "$log" "$log.t"' EXIT
cat "$file" > /dev/null   # into the page cache
for ((i = 1; i <= runs; i++)); do
  for side in plain model; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    if [[ $side == plain ]]; then extra=(); else extra=(--model bgnbd); fi
    /usr/bin/time -f '%e %M %U %S' -o "$log.t" "$bin" classify "$file" "${extra[@]}" --format csv -o /dev/null -q
    read -r wall kib usr sys < "$log.t"
    echo "$side $i $wall $kib $load $(python3 -c "print(round($usr + $sys, 2))")" | tee -a "$log"
  done
done
python3 - "$log" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
med = {s: (statistics.median(float(r[2]) for r in rows if r[0] == s),
           statistics.median(int(r[3]) for r in rows if r[0] == s),
           statistics.median(float(r[5]) for r in rows if r[0] == s)) for s in ("plain", "model")}
pairs = [float(m[2]) / float(p[2]) for p, m in zip(rows[0::2], rows[1::2])]
loads = [float(r[4]) for r in rows]
for s, (w, k, c) in med.items():
    print(f"median {s:5} {w:.2f} s wall, {c:.2f} s CPU (user+sys), {k / 1024:.0f} MiB peak RSS")
print(f"ratio wall {med['model'][0] / med['plain'][0]:.2f}x  CPU {med['model'][2] / med['plain'][2]:.2f}x  "
      f"peak RSS {med['model'][1] / med['plain'][1]:.2f}x  median of paired wall ratios {statistics.median(pairs):.2f}x  "
      f"load {min(loads):.1f}-{max(loads):.1f}")
PY
