#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer and ThreadSanitizer:
#   Tests/run-sanitizers.sh [address] [thread]     (both by default)
# Each sanitizer builds in its own scratch directory (.build-address, .build-thread),
# the built abcxyz that the command-line tests run included. The full log of a run is
# kept in .build-SANITIZER/test.log; on failure the sanitizer's report is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizers=("$@")
[ ${#sanitizers[@]} -gt 0 ] || sanitizers=(address thread)
# Known leaks of the toolchain (XCTest, Foundation) are suppressed; any other leak fails.
export LSAN_OPTIONS="suppressions=$PWD/Tests/lsan-suppressions.txt:print_suppressions=0"
symbolizer=$(dirname "$(command -v swift)")/llvm-symbolizer
export TSAN_OPTIONS="external_symbolizer_path=$symbolizer"
export ASAN_OPTIONS="external_symbolizer_path=$symbolizer"
for sanitizer in "${sanitizers[@]}"; do
    echo "== swift test --sanitize=$sanitizer"
    start=$(date +%s)
    log=".build-$sanitizer/test.log"
    mkdir -p ".build-$sanitizer"
    if swift test --sanitize="$sanitizer" --scratch-path ".build-$sanitizer" >"$log" 2>&1; then
        tail -n 1 "$log"
        echo "== $sanitizer: passed in $(( $(date +%s) - start )) s"
    else
        grep -E "✘|error:|FAIL" "$log" | head -n 40 || true
        sed -n '/==[0-9]*==ERROR\|WARNING: ThreadSanitizer/,$p' "$log" | head -n 200
        tail -n 3 "$log"
        echo "== $sanitizer: FAILED after $(( $(date +%s) - start )) s (full log: $log)"
        exit 1
    fi
done
