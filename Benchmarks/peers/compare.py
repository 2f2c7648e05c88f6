#!/usr/bin/env python3
"""abcxyz against DuckDB and polars on the same job, side by side.

The job: SPEC §1–7 with the default options, writing both files of SPEC §11
(classify.csv and winback.csv). abcxyz runs as
    abcxyz classify FILE --format csv -o classify.csv --winback-output winback.csv
and the peers as duckdb_job.py / polars_job.py. Every run is a fresh process,
the tools alternate (abcxyz, duckdb, polars, abcxyz, …) so that drift in the
machine hits them alike, and each run's outputs are compared byte for byte
with abcxyz's. Wall time and peak RSS (wait4) per process; medians and the
median of the per-round ratios are printed. Every run starts after `sync`, so
that the previous run's outputs, still being written back to the disk, do not
throttle this one's writes (on a slow virtual disk they did, by seconds). The
outputs go to the system's temporary folder: `TMPDIR=/dev/shm` takes the disk
out of the comparison altogether.

    Benchmarks/peers/compare.py FILE [--runs 5] [--threads 2] [--binary .build/release/abcxyz]

Installs duckdb and polars into Benchmarks/.venv (from PyPI) when missing.
"""
import argparse
import filecmp
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VENV = os.path.join(ROOT, "Benchmarks", ".venv")
PYTHON = os.path.join(VENV, "bin", "python")


def ensure_peers():
    if not os.path.exists(PYTHON):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    probe = subprocess.run([PYTHON, "-c", "import duckdb, polars"], capture_output=True)
    if probe.returncode != 0:
        subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "duckdb", "polars"], check=True)
    versions = subprocess.run([PYTHON, "-c", "import duckdb, polars; print(duckdb.__version__, polars.__version__)"],
                              capture_output=True, text=True, check=True).stdout.split()
    return {"duckdb": versions[0], "polars": versions[1]}


def run(command):
    """Runs a command; returns (seconds, peak RSS in MiB)."""
    os.sync()  # no earlier run's writeback left to throttle this one
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - start
    errors = process.stderr.read().decode()
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{errors}")
    return seconds, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "abcxyz"))
    args = parser.parse_args()
    versions = ensure_peers()
    tools = ["abcxyz", "duckdb", "polars"]
    with tempfile.TemporaryDirectory() as tmp:
        def outputs(tool, run_index):
            return (os.path.join(tmp, f"{tool}{run_index}-classify.csv"), os.path.join(tmp, f"{tool}{run_index}-winback.csv"))

        def command(tool, classify, winback):
            if tool == "abcxyz":
                return [args.binary, "classify", args.file, "--format", "csv", "-o", classify,
                        "--winback-output", winback, "--threads", str(args.threads), "--quiet"]
            return [PYTHON, os.path.join(HERE, f"{tool}_job.py"), args.file, classify, winback, str(args.threads)]

        times = {tool: [] for tool in tools}
        memory = {tool: [] for tool in tools}
        for run_index in range(args.runs):
            for tool in tools:
                classify, winback = outputs(tool, run_index)
                seconds, peak = run(command(tool, classify, winback))
                times[tool].append(seconds)
                memory[tool].append(peak)
                reference = outputs("abcxyz", run_index)
                if tool != "abcxyz":
                    for mine, theirs in zip(reference, (classify, winback)):
                        if not filecmp.cmp(mine, theirs, shallow=False):
                            raise SystemExit(f"{tool} output differs from abcxyz: {theirs} vs {mine}")
                    os.remove(classify)
                    os.remove(winback)
            for path in outputs("abcxyz", run_index):
                os.remove(path)
            print(f"round {run_index + 1}: " + ", ".join(f"{t} {times[t][-1]:.2f} s" for t in tools), flush=True)

    size = os.path.getsize(args.file) / 1e6
    print(f"\nfile: {args.file} ({size:.0f} MB), {args.threads} threads, {args.runs} runs each, outputs identical")
    print(f"outputs in {tempfile.gettempdir()}, sync before every run")
    print(f"versions: duckdb {versions['duckdb']}, polars {versions['polars']}, python {sys.version.split()[0]}")
    print(f"{'tool':<8} {'median s':>9} {'min s':>7} {'max s':>7} {'peak RSS MiB':>13} {'ratio to abcxyz':>16}")
    for tool in tools:
        ratios = [theirs / mine for theirs, mine in zip(times[tool], times["abcxyz"])]
        print(f"{tool:<8} {statistics.median(times[tool]):>9.2f} {min(times[tool]):>7.2f} {max(times[tool]):>7.2f} "
              f"{max(memory[tool]):>13.0f} {statistics.median(ratios):>15.2f}x")


if __name__ == "__main__":
    main()
