#!/usr/bin/env bash
# Issue 16: does the whole job grow linearly with the rows? 10 M and 100 M rows, alternating.
#   Benchmarks/size-scaling.sh SMALL.csv LARGE.csv PAIRS [BINARY] [THREADS]
# Both files are read once first, so that no run reads its file from disk (a 100 M-row file is
# pushed out of the page cache by anything large, such as billion.sh). Each pair runs the job
# (both listings from one read, into mktemp -d) on SMALL then LARGE; prints each run's wall time
# (bash's $EPOCHREALTIME around it), the medians, their ratio, and the ratio of the rows (lines
# after the header), so the growth can be read against linear whatever the two files hold.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 SMALL.csv LARGE.csv PAIRS [BINARY] [THREADS]" >&2; exit 64; }
small=$1; large=$2; pairs=$3
bin=${4:-.build/release/abcxyz}; threads=${5:-2}
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
cat "$small" "$large" > /dev/null   # into the page cache
run() {  # prints the wall seconds of one job on $1
    local start stop
    sync  # no earlier run's output still being written back to throttle this one
    start=$EPOCHREALTIME
    "$bin" classify "$1" --format csv -o "$out/c.csv" --winback-output "$out/w.csv" -q --threads "$threads"
    stop=$EPOCHREALTIME
    python3 -c "print(f'{$stop - $start:.3f}')"
}
rows() {  # the data lines (the header is not one)
    echo $(( $(wc -l < "$1") - 1 ))
}
smallTimes=(); largeTimes=()
for i in $(seq "$pairs"); do
    s=$(run "$small"); l=$(run "$large")
    echo "pair $i: small $s s, large $l s"
    smallTimes+=("$s"); largeTimes+=("$l")
done
python3 - "$(rows "$small")" "$(rows "$large")" "${smallTimes[*]}" "${largeTimes[*]}" <<'PY'
import statistics, sys
small_rows, large_rows = int(sys.argv[1]), int(sys.argv[2])
small = [float(x) for x in sys.argv[3].split()]
large = [float(x) for x in sys.argv[4].split()]
ms, ml = statistics.median(small), statistics.median(large)
print(f"median small {ms:.3f} s, large {ml:.3f} s: {ml / ms:.2f}x the time for {large_rows / small_rows:.2f}x the rows")
print(f"pairs: " + ", ".join(f"{l / s:.2f}x" for s, l in zip(small, large)))
PY
