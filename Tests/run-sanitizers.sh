#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer and ThreadSanitizer:
#   Tests/run-sanitizers.sh [address] [thread]     (both by default)
# Each sanitizer builds in its own scratch directory (.build-address, .build-thread),
# the built abcxyz that the command-line tests run included.
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizers=("$@")
[ ${#sanitizers[@]} -gt 0 ] || sanitizers=(address thread)
# Known leaks of the toolchain (XCTest, Foundation.Process) are suppressed; any other leak fails.
export LSAN_OPTIONS="suppressions=$PWD/Tests/lsan-suppressions.txt:print_suppressions=0"
symbolizer=$(dirname "$(command -v swift)")/llvm-symbolizer
export TSAN_OPTIONS="external_symbolizer_path=$symbolizer"
export ASAN_OPTIONS="external_symbolizer_path=$symbolizer"
for sanitizer in "${sanitizers[@]}"; do
    echo "== swift test --sanitize=$sanitizer"
    start=$(date +%s)
    swift test --sanitize="$sanitizer" --scratch-path ".build-$sanitizer" 2>&1 | tail -n 3
    echo "== $sanitizer: passed in $(( $(date +%s) - start )) s"
done
