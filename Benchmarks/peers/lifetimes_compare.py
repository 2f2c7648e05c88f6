#!/usr/bin/env python3
"""abcxyz's purchase models (SPEC §14) against lifetimes 0.11.3, side by side.

On the CDNOW summary (fixtures/cdnow/cdnow_summary.csv, 2 357 clients, weeks):
- parameters of BG/NBD, Pareto/NBD and Gamma-Gamma as each tool fits them
  (lifetimes on one row per client, abcxyz on the grouped rows), agreement to
  1e-4 relative;
- per client P(alive), expected purchases over 365 days and CLV (12 months,
  1 % a month, k = 4.345 weeks), lifetimes' formulas evaluated at abcxyz's
  parameters, so that the formulas are compared and not the optimisers:
  P(alive) and expected purchases to 1e-6 relative; CLV, which abcxyz rounds
  to a cent, to half a cent plus 1e-6 relative;
- each tool's parameters in lifetimes' own log-likelihood: where the parameters
  differ by more than 1e-4, this says which tool stopped short of the maximum.

    Benchmarks/peers/lifetimes_compare.py [--binary .build/debug/abcxyz]

Installs lifetimes==0.11.3 (with the numpy/scipy/pandas it was written for)
into Benchmarks/.venv/lifetimes-0.11.3 the first time. Not part of the package.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VENV = os.path.join(ROOT, "Benchmarks", ".venv", "lifetimes-0.11.3")
PYTHON = os.path.join(VENV, "bin", "python")
SUMMARY = os.path.join(ROOT, "fixtures", "cdnow", "cdnow_summary.csv")
PINS = ["lifetimes==0.11.3", "numpy==1.26.4", "scipy==1.11.4", "pandas==2.0.3", "autograd==1.6.2", "dill"]


def ensure_venv():
    if os.path.exists(PYTHON) and subprocess.run([PYTHON, "-c", "import lifetimes"], capture_output=True).returncode == 0:
        return
    subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    subprocess.run([PYTHON, "-m", "pip", "install", "-q"] + PINS, check=True)


def peer(rows_path, ours_path):
    """Runs inside the venv: lifetimes' fits and lifetimes' formulas at our parameters."""
    import warnings
    warnings.simplefilter("ignore")
    import numpy as np
    import pandas as pd
    from lifetimes import BetaGeoFitter, ParetoNBDFitter, GammaGammaFitter

    rows = list(csv.DictReader(open(rows_path)))
    ours = json.load(open(ours_path))
    x = np.array([int(r["x"]) for r in rows]); tx = np.array([float(r["t_x"]) for r in rows])
    T = np.array([float(r["T"]) for r in rows]); count = np.array([int(r["count"]) for r in rows])
    m = np.array([float(r["m_x"]) if r["m_x"] else 0.0 for r in rows])
    # One row per client, as a lifetimes user would have it.
    X, TX, TT, M = (np.repeat(v, count) for v in (x, tx, T, m))
    fitted = {}
    bgf = BetaGeoFitter().fit(X, TX, TT)
    fitted["bgnbd"] = dict(bgf.params_)
    pnf = ParetoNBDFitter().fit(X, TX, TT)
    fitted["pareto_nbd"] = dict(pnf.params_)
    keep = X > 0
    ggf = GammaGammaFitter().fit(X[keep], M[keep])
    fitted["gamma_gamma"] = {"p": ggf.params_["p"], "q": ggf.params_["q"], "gamma": ggf.params_["v"]}
    # Each tool's parameters in lifetimes' own (unscaled, unpenalised) log-likelihood.
    def ll_bgnbd(p):
        log_p = np.log([p["r"], p["alpha"], p["a"], p["b"]])
        return -BetaGeoFitter._negative_log_likelihood(log_p, x, tx, T, count, 0) * count.sum()

    def ll_pareto(p):
        params = [p["r"], p["alpha"], p["s"], p["beta"]]
        return float((count * ParetoNBDFitter._conditional_log_likelihood(params, x, tx, T)).sum())

    fitted["log_likelihood"] = {
        "bgnbd": [ll_bgnbd(ours["bgnbd"]), ll_bgnbd(fitted["bgnbd"])],
        "pareto_nbd": [ll_pareto(ours["pareto_nbd"]), ll_pareto(fitted["pareto_nbd"])],
    }
    # lifetimes' formulas at our parameters.
    bgf.params_ = pd.Series({k: ours["bgnbd"][k] for k in ("r", "alpha", "a", "b")})
    pnf.params_ = pd.Series({k: ours["pareto_nbd"][k] for k in ("r", "alpha", "s", "beta")})
    ggf.params_ = pd.Series({"p": ours["gamma_gamma"]["p"], "q": ours["gamma_gamma"]["q"],
                             "v": ours["gamma_gamma"]["gamma"]})
    horizon = 365 / 7
    index = pd.RangeIndex(len(x))
    xs, txs, Ts, ms = (pd.Series(v, index=index) for v in (x, tx, T, m))
    per_row = {}
    for name, model in (("bgnbd", bgf), ("pareto_nbd", pnf)):
        per_row[name] = {
            "p_alive": list(map(float, np.atleast_1d(model.conditional_probability_alive(x, tx, T)))),
            "expected": list(map(float, model.conditional_expected_number_of_purchases_up_to_time(horizon, x, tx, T))),
            "clv": list(map(float, ggf.customer_lifetime_value(model, xs, txs, Ts, ms, time=12, discount_rate=0.01,
                                                               freq="W"))),
        }
    print(json.dumps({"fitted": fitted, "per_row": per_row}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "abcxyz"))
    parser.add_argument("--peer", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peer:
        return peer(*args.peer)
    ensure_venv()
    with tempfile.TemporaryDirectory() as folder:
        rows_path = os.path.join(folder, "clients.csv")
        ours_path = os.path.join(folder, "fit.json")
        fit = subprocess.run([args.binary, "model", "--summary", SUMMARY, "--format", "json", "--clients", rows_path],
                             check=True, capture_output=True, text=True).stdout
        open(ours_path, "w").write(fit)
        ours = json.loads(fit)
        theirs = json.loads(subprocess.run([PYTHON, os.path.abspath(__file__), "--peer", rows_path, ours_path],
                                           check=True, capture_output=True, text=True).stdout)
        rows = list(csv.DictReader(open(rows_path)))
    failures = 0
    print("parameters (abcxyz vs lifetimes 0.11.3, relative difference; tolerance 1e-4)")
    for model, names in (("bgnbd", ("r", "alpha", "a", "b")), ("pareto_nbd", ("r", "alpha", "s", "beta")),
                         ("gamma_gamma", ("p", "q", "gamma"))):
        for name in names:
            a, b = ours[model][name], theirs["fitted"][model][name]
            rel = abs(a - b) / abs(b)
            failures += rel > 1e-4
            print(f"  {model:11} {name:6} {a:.10f} {b:.10f} {rel:.2e}{'  FAIL' if rel > 1e-4 else ''}")
    print("log-likelihood in lifetimes' own code, at abcxyz's and at lifetimes' parameters")
    for model in ("bgnbd", "pareto_nbd"):
        at_ours, at_theirs = theirs["fitted"]["log_likelihood"][model]
        print(f"  {model:11} {at_ours:.6f} {at_theirs:.6f} (abcxyz reports {ours[model]['log_likelihood']:.6f}; "
              f"{'abcxyz higher' if at_ours >= at_theirs else 'lifetimes higher'} by {abs(at_ours - at_theirs):.2e})")
    print(f"per client ({len(rows)} distinct rows, lifetimes' formulas at abcxyz's parameters)")
    for model, suffix in (("bgnbd", "bgnbd"), ("pareto_nbd", "pareto_nbd")):
        peer_rows = theirs["per_row"][model]
        for label, column, key in (("p_alive", f"p_alive_{suffix}", "p_alive"),
                                   ("expected_purchases", f"expected_purchases_{suffix}", "expected")):
            worst = max(abs(float(r[column]) - p) / max(abs(p), 1e-300) for r, p in zip(rows, peer_rows[key]))
            failures += worst > 1e-6
            print(f"  {model:11} {label:19} max relative difference {worst:.2e}{'  FAIL' if worst > 1e-6 else ''}")
        cents = [abs(float(r[f"clv_{suffix}"]) - p) for r, p in zip(rows, peer_rows["clv"])]
        bad = sum(d > 0.005 + 1e-6 * abs(p) + 1e-9 for d, p in zip(cents, peer_rows["clv"]))
        failures += bad > 0
        print(f"  {model:11} clv (rounded to a cent) max difference {max(cents):.6f}, {bad} rows beyond half a cent")
    print("PASS" if failures == 0 else f"{failures} comparisons beyond tolerance")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
