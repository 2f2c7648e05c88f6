#!/usr/bin/env bash
# Runs one command and reports its peak memory split as issue 16 asks: the anonymous
# memory the engine allocates apart from the file-backed pages of the mapped input.
#   Benchmarks/peak-memory.sh COMMAND [ARGS...]
# Polls /proc/PID/status every 20 ms (RssAnon, RssFile, VmHWM); prints the maxima in MiB
# and the wall time. A poll can miss a peak shorter than 20 ms: VmHWM (the kernel's own
# high-water mark of the total) is exact, and RssAnon's maximum is never above it.
# The pages of a spilled run's temporary file (mapped shared, so counted in RssFile) are
# summed apart from /proc/PID/smaps every 25th poll (0.5 s): "peak spill resident".
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 64; }
start=$(date +%s.%N)
"$@" &
pid=$!
anon=0; file=0; hwm=0; spill=0; polls=0
while kill -0 "$pid" 2>/dev/null; do
    polls=$((polls + 1))
    if [ $((polls % 25)) -eq 0 ]; then
        s=$(awk '/^[0-9a-f]+-[0-9a-f]+ / {inspill = ($0 ~ /abcxyz-spill/)} inspill && /^Rss:/ {sum += $2} END {print sum + 0}' \
            "/proc/$pid/smaps" 2>/dev/null || echo 0)
        [ -n "$s" ] && [ "$s" -gt "$spill" ] && spill=$s
    fi
    if status=$(cat "/proc/$pid/status" 2>/dev/null); then
        a=$(awk '/^RssAnon:/ {print $2}' <<<"$status"); f=$(awk '/^RssFile:/ {print $2}' <<<"$status")
        h=$(awk '/^VmHWM:/ {print $2}' <<<"$status")
        [ -n "$a" ] && [ "$a" -gt "$anon" ] && anon=$a
        [ -n "$f" ] && [ "$f" -gt "$file" ] && file=$f
        [ -n "$h" ] && [ "$h" -gt "$hwm" ] && hwm=$h
    fi
    sleep 0.02
done
wait "$pid"; status=$?
end=$(date +%s.%N)
printf 'peak anonymous %d MiB, peak file-backed %d MiB (of it spill file %d MiB), peak total (VmHWM) %d MiB, wall %.2f s, exit %d\n' \
    $((anon / 1024)) $((file / 1024)) $((spill / 1024)) $((hwm / 1024)) "$(echo "$end - $start" | bc)" "$status"
