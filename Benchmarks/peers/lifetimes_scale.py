#!/usr/bin/env python3
"""abcxyz's purchase models against lifetimes 0.11.3 at scale: time, peak memory, parameters.

For each size (files made by `abcxyz generate --rows N`, named sales-1m.csv, sales-10m.csv, …):

1. The summary from the raw export, alternating run by run:
   - lifetimes: `pandas.read_csv` of (client, date, amount) and
     `summary_data_from_transaction_data(freq="D", freq_multiplier=7, monetary_value_col="amount")`
     (any day with a row is an occasion; t_x and T in weeks), the summary written to a CSV
     (x, t_x, T, m_x; one row per client) that step 2 fits;
   - abcxyz: the whole `abcxyz model FILE --occasions transaction-days --format json` job
     (read, summary, BG/NBD, Pareto/NBD and Gamma-Gamma fits).
2. The fits on that same summary CSV, alternating run by run:
   - lifetimes: read the CSV, `BetaGeoFitter().fit(x, t_x, T)` and
     `GammaGammaFitter().fit(x, m_x)` over the clients with x > 0 and m_x > 0 (with
     `--pareto`, also `ParetoNBDFitter`, once, not alternated);
   - abcxyz: `abcxyz model --summary FILE --format json` (which fits all three models).
3. The parameters of both fits on the same summary, their relative differences (issue 12:
   1e-4 for BG/NBD and Gamma-Gamma), and each tool's parameters in lifetimes' own
   log-likelihood (which tool stopped short, if they differ). Where lifetimes raises
   ConvergenceError, its parameters are those at the point where scipy's optimiser stopped.

Wall time and peak RSS are from `/usr/bin/time -f '%e %M'`; each run has a timeout (default
900 s), and a run that times out, runs out of memory or raises (lifetimes' ConvergenceError) is
recorded as such, not retried. The 1-minute load average is recorded before every run.

    Benchmarks/peers/lifetimes_scale.py --binary .build/release/abcxyz --data /work/bench \
        --sizes 1m,10m --runs 3 --json results.json

Installs lifetimes==0.11.3 (as lifetimes_compare.py does) into Benchmarks/.venv/lifetimes-0.11.3.
Not part of the package.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from lifetimes_compare import ROOT, PYTHON, ensure_venv  # noqa: E402

TIME = "/usr/bin/time"


# ---------------------------------------------------------------- inside the venv

def peer_summary(raw_path, out_path):
    import warnings
    warnings.simplefilter("ignore")
    import numpy as np
    import pandas as pd
    from lifetimes.utils import summary_data_from_transaction_data

    t0 = time.perf_counter()
    frame = pd.read_csv(raw_path, usecols=["client", "date", "amount"])
    t1 = time.perf_counter()
    summary = summary_data_from_transaction_data(frame, "client", "date", monetary_value_col="amount",
                                                 freq="D", freq_multiplier=7)
    t2 = time.perf_counter()
    x = summary["frequency"].to_numpy().astype(np.int64)
    m = summary["monetary_value"].to_numpy()
    with open(out_path, "w") as out:
        out.write("x,t_x,T,m_x\n")
        for xi, txi, Ti, mi in zip(x, summary["recency"].to_numpy(), summary["T"].to_numpy(), m):
            out.write(f"{xi},{txi!r},{Ti!r},{'' if xi == 0 else repr(float(mi))}\n")
    t3 = time.perf_counter()
    print(json.dumps({"read_s": t1 - t0, "summary_s": t2 - t1, "write_s": t3 - t2, "clients": int(len(x)),
                      "repeaters": int((x > 0).sum())}))


def _load_summary(path):
    import numpy as np
    import pandas as pd
    frame = pd.read_csv(path)
    x = frame["x"].to_numpy().astype(np.int64)
    tx = frame["t_x"].to_numpy().astype(float)
    T = frame["T"].to_numpy().astype(float)
    m = frame["m_x"].fillna(0.0).to_numpy().astype(float)
    return x, tx, T, m


def peer_fit(summary_path, pareto):
    import warnings
    warnings.simplefilter("ignore")
    import contextlib
    import io
    import numpy as np
    import lifetimes.fitters as fitters
    from lifetimes import BetaGeoFitter, GammaGammaFitter, ParetoNBDFitter
    from lifetimes.utils import _scale_time

    # Keep the optimiser's last result: when lifetimes raises ConvergenceError it drops the point
    # where it stopped, and that point is what a comparison of parameters needs.
    last = {}
    minimize = fitters.minimize

    def keeping(*a, **k):
        last["output"] = minimize(*a, **k)
        return last["output"]

    fitters.minimize = keeping

    result = {}
    t0 = time.perf_counter()
    x, tx, T, m = _load_summary(summary_path)
    result["read_s"] = time.perf_counter() - t0

    def stopped_at(name, names):
        """lifetimes' parameters at the point where its optimiser stopped (as its fit() would set them)."""
        values = dict(zip(names, np.exp(last["output"].x)))
        scale = _scale_time(T)
        for scaled in {"bgnbd": ("alpha",), "pareto_nbd": ("alpha", "beta")}.get(name, ()):
            values[scaled] /= scale
        return {k: float(v) for k, v in values.items()}

    def attempt(name, make, names):
        last.clear()
        started = time.perf_counter()
        printed = io.StringIO()
        try:
            with contextlib.redirect_stdout(printed):  # lifetimes prints the optimiser's result on failure
                fitter = make()
            params = dict(fitter.params_)
            if "v" in params:
                params["gamma"] = params.pop("v")
            result[name] = {**{k: float(params[k]) for k in names}, "converged": True,
                            "seconds": time.perf_counter() - started}
        except Exception as error:  # ConvergenceError, MemoryError, …
            result[name] = {"converged": False, "seconds": time.perf_counter() - started,
                            "error": f"{type(error).__name__}: {str(error).strip()}",
                            "optimizer": printed.getvalue()[-2000:]}
            if "output" in last:
                result[name]["stopped_at"] = stopped_at(name, names)
                result[name]["message"] = str(last["output"].message)

    attempt("bgnbd", lambda: BetaGeoFitter().fit(x, tx, T), ("r", "alpha", "a", "b"))
    keep = (x > 0) & (m > 0)
    result["gamma_gamma_clients"] = int(keep.sum())
    attempt("gamma_gamma", lambda: GammaGammaFitter().fit(x[keep], m[keep]), ("p", "q", "gamma"))
    if pareto:
        attempt("pareto_nbd", lambda: ParetoNBDFitter().fit(x, tx, T), ("r", "alpha", "s", "beta"))
    result["total_s"] = time.perf_counter() - t0
    print(json.dumps(result))


def peer_loglik(summary_path, params_path):
    """Log-likelihoods in lifetimes' own code (unscaled, unpenalised) at each set of parameters."""
    import warnings
    warnings.simplefilter("ignore")
    import numpy as np
    from lifetimes import BetaGeoFitter, GammaGammaFitter

    x, tx, T, m = _load_summary(summary_path)
    ones = np.ones(len(x))
    keep = (x > 0) & (m > 0)
    out = {}
    for who, params in json.load(open(params_path)).items():
        entry = {}
        if params.get("bgnbd", {}).get("r") is not None:
            p = params["bgnbd"]
            log_p = np.log([p["r"], p["alpha"], p["a"], p["b"]])
            entry["bgnbd"] = float(-BetaGeoFitter._negative_log_likelihood(log_p, x, tx, T, ones, 0) * len(x))
        if params.get("gamma_gamma", {}).get("p") is not None:
            p = params["gamma_gamma"]
            log_p = np.log([p["p"], p["q"], p["gamma"]])
            entry["gamma_gamma"] = float(-GammaGammaFitter._negative_log_likelihood(
                log_p, x[keep], m[keep], ones[keep], 0) * keep.sum())
        out[who] = entry
    print(json.dumps(out))


# ---------------------------------------------------------------- the harness

def timed(command, timeout, stdout_path=None):
    """Runs command under /usr/bin/time; returns wall s, peak KiB, exit status, stdout, load before."""
    load = os.getloadavg()
    with tempfile.NamedTemporaryFile("r", suffix=".time") as timing:
        started = time.monotonic()
        try:
            done = subprocess.run([TIME, "-f", "%e %M", "-o", timing.name] + command, capture_output=True,
                                  text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"status": "timeout", "wall_s": time.monotonic() - started, "load1": load[0],
                    "command": command}
        fields = open(timing.name).read().split()
    wall, rss = (float(fields[-2]), int(fields[-1])) if len(fields) >= 2 else (None, None)
    row = {"status": "ok" if done.returncode == 0 else f"exit {done.returncode}", "wall_s": wall,
           "peak_kib": rss, "load1": load[0], "stdout": done.stdout}
    if done.returncode != 0:
        row["stderr"] = done.stderr[-3000:]
    return row


def median(rows, key):
    values = [r[key] for r in rows if r.get("status") == "ok" and r.get(key) is not None]
    return statistics.median(values) if values else None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "abcxyz"))
    parser.add_argument("--data", default=os.path.join(ROOT, "Benchmarks", "data"))
    parser.add_argument("--sizes", default="1m,10m")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--pareto", action="store_true", help="also time lifetimes' Pareto/NBD fit, once")
    parser.add_argument("--steps", default="raw,fit", help="raw (the summary from the export), fit (the fits on "
                        "the summary), or both; fit alone reuses the summary a raw step left in --work")
    parser.add_argument("--work", default=None, help="folder for the summaries and fits (default: a temporary one)")
    parser.add_argument("--json", default=None, help="write every run to this file")
    parser.add_argument("--peer-summary", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--peer-fit", nargs=1, help=argparse.SUPPRESS)
    parser.add_argument("--peer-loglik", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--peer-pareto", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peer_summary:
        return peer_summary(*args.peer_summary)
    if args.peer_fit:
        return peer_fit(args.peer_fit[0], args.peer_pareto)
    if args.peer_loglik:
        return peer_loglik(*args.peer_loglik)
    ensure_venv()
    work = args.work or tempfile.mkdtemp(prefix="lifetimes-scale-")
    os.makedirs(work, exist_ok=True)
    me = os.path.abspath(__file__)
    report = {"binary": args.binary, "runs": args.runs, "sizes": {}}

    def save():
        if args.json:
            json.dump(report, open(args.json, "w"), indent=1)

    for size in args.sizes.split(","):
        raw = os.path.join(args.data, f"sales-{size}.csv")
        summary = os.path.join(work, f"summary-{size}.csv")
        ours_raw = os.path.join(work, f"abcxyz-model-{size}.json")
        ours_fit = os.path.join(work, f"abcxyz-summary-fit-{size}.json")
        entry = report["sizes"][size] = {"raw": raw, "summary": summary,
                                         "raw_job": {"lifetimes": [], "abcxyz": []},
                                         "fit": {"lifetimes": [], "abcxyz": []}}
        # 1. the summary from the raw export against abcxyz's whole model job
        steps = args.steps.split(",")
        for run in range(args.runs if "raw" in steps else 0):
            for who in ("lifetimes", "abcxyz"):
                if who == "lifetimes":
                    row = timed([PYTHON, me, "--peer-summary", raw, summary], args.timeout)
                else:
                    row = timed([args.binary, "model", raw, "--occasions", "transaction-days", "--format", "json",
                                 "-o", ours_raw, "-q"], args.timeout)
                entry["raw_job"][who].append(row)
                print(f"{size} raw run {run + 1} {who:9} {row['status']} {row['wall_s']} s "
                      f"{row.get('peak_kib')} KiB load {row['load1']:.2f}", flush=True)
                save()
        if not os.path.exists(summary):
            print(f"{size}: lifetimes made no summary; no fits to compare", flush=True)
            continue
        # 2. both fits on the same summary
        for run in range(args.runs if "fit" in steps else 0):
            for who in ("lifetimes", "abcxyz"):
                if who == "lifetimes":
                    row = timed([PYTHON, me, "--peer-fit", summary], args.timeout)
                else:
                    row = timed([args.binary, "model", "--summary", summary, "--format", "json", "-o", ours_fit,
                                 "-q"], args.timeout)
                entry["fit"][who].append(row)
                print(f"{size} fit run {run + 1} {who:9} {row['status']} {row['wall_s']} s "
                      f"{row.get('peak_kib')} KiB load {row['load1']:.2f}", flush=True)
                save()
        if args.pareto:
            row = timed([PYTHON, me, "--peer-fit", summary, "--peer-pareto"], args.timeout)
            entry["lifetimes_with_pareto"] = row
            print(f"{size} lifetimes fit with Pareto/NBD {row['status']} {row['wall_s']} s", flush=True)
            save()
        # 3. parameters
        theirs = next((json.loads(r["stdout"]) for r in entry["fit"]["lifetimes"] if r["status"] == "ok"), None)
        ours = json.load(open(ours_fit)) if os.path.exists(ours_fit) else None
        ours_from_raw = json.load(open(ours_raw)) if os.path.exists(ours_raw) else None
        entry["lifetimes_fit"] = theirs
        entry["abcxyz_fit"] = ours
        entry["abcxyz_fit_from_raw"] = ours_from_raw
        if theirs and ours:
            comparison = {}
            for model, names in (("bgnbd", ("r", "alpha", "a", "b")), ("gamma_gamma", ("p", "q", "gamma"))):
                for name in names:
                    theirs_model = theirs.get(model, {})
                    a, b = ours[model][name], theirs_model.get(name, theirs_model.get("stopped_at", {}).get(name))
                    if b is not None:
                        comparison[f"{model}.{name}"] = {"abcxyz": a, "lifetimes": b, "rel": abs(a - b) / abs(b)}
                    if ours_from_raw:
                        c = ours_from_raw[model][name]
                        comparison.setdefault(f"{model}.{name}", {})["rel_raw_vs_summary"] = abs(c - a) / abs(a)
            entry["comparison"] = comparison
            params_path = os.path.join(work, f"params-{size}.json")
            theirs_params = {m: (v if v.get("converged") else v.get("stopped_at", {}))
                             for m, v in theirs.items() if isinstance(v, dict)}
            json.dump({"abcxyz": ours, "lifetimes": theirs_params}, open(params_path, "w"))
            ll = subprocess.run([PYTHON, me, "--peer-loglik", summary, params_path], capture_output=True, text=True)
            entry["lifetimes_loglik"] = json.loads(ll.stdout) if ll.returncode == 0 else ll.stderr[-2000:]
        save()

    # the table
    print()
    print("| rows | step | tool | median wall s | median peak MiB | runs ok | load (1 min) |")
    print("|---|---|---|---|---|---|---|")
    for size, entry in report["sizes"].items():
        for step in ("raw_job", "fit"):
            for who, rows in entry[step].items():
                w, k = median(rows, "wall_s"), median(rows, "peak_kib")
                ok = sum(r["status"] == "ok" for r in rows)
                loads = [r["load1"] for r in rows]
                print(f"| {size} | {step} | {who} | {w} | {k / 1024 if k else None:.0f} | {ok}/{len(rows)} | "
                      f"{min(loads):.1f}–{max(loads):.1f} |" if k else
                      f"| {size} | {step} | {who} | {w} | - | {ok}/{len(rows)} | {[r['status'] for r in rows]} |")
        for key, c in entry.get("comparison", {}).items():
            print(f"  {size} {key:18} abcxyz {c.get('abcxyz')!r} lifetimes {c.get('lifetimes')!r} "
                  f"rel {c.get('rel', float('nan')):.2e}  raw-vs-summary {c.get('rel_raw_vs_summary', float('nan')):.1e}")
        if "lifetimes_loglik" in entry:
            print(f"  {size} log-likelihoods in lifetimes' code: {entry['lifetimes_loglik']}")
    save()


if __name__ == "__main__":
    sys.exit(main())
