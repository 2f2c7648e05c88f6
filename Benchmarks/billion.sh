#!/usr/bin/env bash
# Issue 16: a 1 000 M-row export classified on one machine with bounded memory.
#   Benchmarks/billion.sh BINARY [FOLDER]
# Generates the file in FOLDER (default /work/bench; about 37 GB, plus 1.2 GB of truth, which is
# deleted at once), classifies it with both listings under Benchmarks/peak-memory.sh, checks the
# accounting line, and deletes the export and the listings after. The rows are larger than half
# the machine's memory, so they spill to a temporary file in TMPDIR (default /tmp): it needs
# about 40 bytes a row free there at its peak, less what is freed as the rows are grouped.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 BINARY [FOLDER]" >&2; exit 64; }
bin=$1; folder=${2:-/work/bench}
here=$(cd "$(dirname "$0")" && pwd)
file=$folder/sales-1000m.csv
if [ ! -f "$file" ]; then
    /usr/bin/time -f 'generate: %e s, peak %M KiB' "$bin" generate --rows 1000000000 -o "$file"
fi
rm -f "$folder/sales-1000m.truth.csv"
ls -l "$file"
df -h "${TMPDIR:-/tmp}" "$folder" | cat
"$here/peak-memory.sh" "$bin" classify "$file" --format csv -o "$folder/clients-1000m.csv" \
    --winback-output "$folder/winback-1000m.csv" --timings
wc -l "$folder/clients-1000m.csv" "$folder/winback-1000m.csv"
head -3 "$folder/winback-1000m.csv"
[ "${KEEP:-0}" = 1 ] || rm -f "$file" "$folder/clients-1000m.csv" "$folder/winback-1000m.csv"
