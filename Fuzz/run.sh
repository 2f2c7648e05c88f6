#!/usr/bin/env bash
# Builds the reader fuzzer (libFuzzer + AddressSanitizer, from the Swift
# toolchain) and runs it: Fuzz/run.sh [SECONDS] [JOBS]
#   - the corpus grows in Fuzz/corpus (seeded from fixtures/ the first time);
#   - a finding is written to Fuzz/artifacts/ and the run stops with its input;
#     copy it to fixtures/bad/fuzz-crashers/ once fixed (the tests read it back).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
jobs=${2:-1}
mkdir -p Fuzz/corpus Fuzz/artifacts .build/fuzz
if [ -z "$(ls -A Fuzz/corpus)" ]; then
    # Seeds: every fixture, behind each of a few sets of three option bytes (reading; scale,
    # period and window; measures, cycles, minimum periods, lost factor: ReaderSelfCheck).
    for file in fixtures/example/transactions.csv fixtures/salon/transactions.csv fixtures/bad/*.csv \
                fixtures/bad/fuzz-crashers/*; do
        [ -f "$file" ] || continue
        for control in 000000 010101 262E02 47CB8D 816634 A6F65B; do
            { printf "\\x${control:0:2}\\x${control:2:2}\\x${control:4:2}"; head -c 4000 "$file"; } \
                > "Fuzz/corpus/seed-$control-$(basename "$file")"
        done
    done
fi
# One module: the library, the checks (Sources/ABCXYZTestSupport) and the entry point; the
# package name lets the checks use the library's `package` declarations (ReadOptions.pieces).
# The C target is one inline function in a header: its module map is all the compiler needs.
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name ABCXYZFuzz -package-name abcxyz \
    -I Sources/CPrefetch/include \
    $(find Sources/ABCXYZ Sources/ABCXYZTestSupport -name '*.swift' | sort) Fuzz/ReaderFuzzer.swift \
    -o .build/fuzz/reader-fuzzer
cd Fuzz
../.build/fuzz/reader-fuzzer corpus -artifact_prefix=artifacts/ -max_total_time="$seconds" -max_len=8192 \
    -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 -jobs="$jobs" -workers="$jobs"
