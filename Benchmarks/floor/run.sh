#!/usr/bin/env bash
# The C floor of issue 16 (floor.c) against abcxyz's whole job on one file, alternating run by run
# (floor, abcxyz, floor, abcxyz, ...).
#
#   Benchmarks/floor/run.sh FILE RUNS        # e.g. /work/bench/sales-10m.csv 5
#
# Env: ABCXYZ_BIN (default /work/main/.build/release/abcxyz), CC (default gcc), THREADS (default 2,
# both programs). Compiles floor.c with $CC -std=c11 -O2 -march=native, reads the file once (into
# the page cache), then prints one line per run: side, run, wall s, peak RSS KiB, the 1-minute load
# average before the run, and `others`, the CPU seconds other processes used during the run (busy
# time in /proc/stat less the run's own user + sys: the load average lags by a minute). Then the
# floor's totals, the medians of each side and their ratio abcxyz / floor. Wall time is bash's
# $EPOCHREALTIME around the run (/usr/bin/time's %e has two decimals), peak RSS /usr/bin/time's %M.
# abcxyz runs `classify FILE --format csv -o /tmp/floor-c.csv --winback-output /tmp/floor-w.csv -q`.
set -euo pipefail
file=$1; runs=$2
bin=${ABCXYZ_BIN:-/work/main/.build/release/abcxyz}
threads=${THREADS:-2}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"${CC:-gcc}" -std=c11 -O2 -march=native -pthread -o "$work/floor" "$here/floor.c"
cat "$file" > /dev/null   # into the page cache
busy() { read -r _ a b c _ _ f g h _ < /proc/stat; echo $((a + b + c + f + g + h)); }  # jiffies not idle
tick=$(getconf CLK_TCK)
for ((i = 1; i <= runs; i++)); do
  for side in floor abcxyz; do
    sync  # no earlier run's output still being written back to throttle this one
    load=$(cut -d' ' -f1 /proc/loadavg)
    if [[ $side == floor ]]; then
      before=$(busy); start=$EPOCHREALTIME
      /usr/bin/time -f '%M %U %S' -o "$work/t" "$work/floor" "$file" --threads "$threads" > "$work/out"
      stop=$EPOCHREALTIME; after=$(busy)
      totals=$(cut -d';' -f1 "$work/out")
    else
      before=$(busy); start=$EPOCHREALTIME
      /usr/bin/time -f '%M %U %S' -o "$work/t" "$bin" classify "$file" --format csv -o /tmp/floor-c.csv \
        --winback-output /tmp/floor-w.csv -q --threads "$threads"
      stop=$EPOCHREALTIME; after=$(busy)
    fi
    read -r kib usr sys < "$work/t"
    read -r wall others < <(python3 -c "print(f'{$stop - $start:.3f}', f'{max(0, ($after - $before) / $tick - $usr - $sys):.2f}')")
    echo "$side $i $wall $kib $load $others" | tee -a "$work/log"
  done
done
echo "floor: $totals"
python3 - "$work/log" "$file" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
med = {s: (statistics.median(float(r[2]) for r in rows if r[0] == s),
           statistics.median(int(r[3]) for r in rows if r[0] == s)) for s in ("floor", "abcxyz")}
loads = [float(r[4]) for r in rows]
for s, (w, k) in med.items():
    print(f"median {s:6} {w:.3f} s wall, {k / 1024:.0f} MiB peak RSS")
pairs = [float(a[2]) / float(f[2]) for f, a in zip(rows[0::2], rows[1::2])]
print(f"{sys.argv[2]}: ratio abcxyz/floor {med['abcxyz'][0] / med['floor'][0]:.2f}x wall "
      f"(median of paired ratios {statistics.median(pairs):.2f}x), peak RSS {med['abcxyz'][1] / med['floor'][1]:.2f}x, "
      f"load {min(loads):.2f}-{max(loads):.2f}, others' CPU {sum(float(r[5]) for r in rows):.2f} s in all")
PY
