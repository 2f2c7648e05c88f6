#!/usr/bin/env python3
"""Reference values for `backtest --model bgnbd --occasions transaction-days` on the CDNOW
sample cut at 1997-09-30, worked out without abcxyz:

    python3 Tests/Model/make_backtest_reference.py > fixtures/cdnow/backtest-model-reference.json

needs numpy, scipy and mpmath. From fixtures/cdnow/cdnow_sample.csv alone (docs/spec.md §14, §15):

1. the summary at the cut (x, t_x, T in weeks, every day with a row dated on or before it an
   occasion) of every client, and BG/NBD fitted to it by make_classify_reference.py's scipy fit
   (FHL 2005 eq. 6, Nelder-Mead then BFGS);
2. the clients classified at the cut: a day whose net is positive on or before it; each one
   *returned* when it has such a day in the holdout (1997-10-01 to 1998-06-30, 273 days);
3. for each of them at 40 digits (mpmath): P(alive) (FHL 2008 note 021) and E[Y(t)] over the
   holdout, t = 273 / 7 weeks (FHL 2005 eq. 10, mpmath's 2F1);
4. the AUC of each score for "did not return" by counting every (stayed away, returned)
   pair, a tie one half (no ranks): overdue ratio is not here (the cycle rule's AUC is pinned
   by backtest-cut-1997-09-30.json), -E[Y(t)] and 1 - P(alive);
5. the calibration rows: clients by x at the cut (0..6, 7+), the sum of E[Y(t)] and the
   holdout's days with a row.

Printed unrounded; the test allows for the two optimisers stopping a hair apart.
"""
import csv
import datetime
import json
import os
import sys

import numpy as np
from mpmath import mp, mpf, hyp2f1

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_classify_reference import fit_bgnbd  # noqa: E402  (scipy, no abcxyz)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
CUT = datetime.date(1997, 9, 30)


def main():
    mp.dps = 40
    nets = {}
    with open(os.path.join(ROOT, "fixtures", "cdnow", "cdnow_sample.csv")) as handle:
        for row in csv.DictReader(handle):
            day = datetime.date.fromisoformat(row["date"])
            nets.setdefault(row["client"], {}).setdefault(day, 0)
            nets[row["client"]][day] += round(float(row["amount"]) * 100)
    until = max(day for days in nets.values() for day in days)
    horizon = mpf((until - CUT).days) / 7
    summary, classified = {}, []
    for client, days in nets.items():
        before = sorted(d for d in days if d <= CUT)
        if not before:
            continue
        summary[client] = (len(before) - 1, (before[-1] - before[0]).days / 7, (CUT - before[0]).days / 7)
        if any(days[d] > 0 for d in before):
            after = [d for d in days if CUT < d <= until]
            classified.append((client, any(days[d] > 0 for d in after), len(after)))
    (r, alpha, a, b), ll = fit_bgnbd(list(summary.values()))
    r, alpha, a, b = (mpf(float(v)) for v in (r, alpha, a, b))

    def odds(x, tx, T):
        return a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x) if x > 0 else mpf(0)

    def expected(x, tx, T, t):
        z = t / (alpha + T + t)
        bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z)
        return (a + b + x - 1) / (a - 1) * bracket / (1 + odds(x, tx, T))

    cache = {}
    rows = [{"x": x, "clients": 0, "predicted": mpf(0), "actual": 0} for x in range(8)]
    stayed, back = {"expected": [], "alive": []}, {"expected": [], "alive": []}
    for client, returned, occasions in classified:
        key = summary[client]
        if key not in cache:
            x, tx, T = key
            cache[key] = (1 / (1 + odds(x, mpf(tx), mpf(T))), expected(x, mpf(tx), mpf(T), horizon))
        alive, purchases = cache[key]
        side = back if returned else stayed
        side["expected"].append(float(-purchases))
        side["alive"].append(float(1 - alive))
        row = rows[min(key[0], 7)]
        row["clients"] += 1
        row["predicted"] += purchases
        row["actual"] += occasions

    def auc(positive, negative):
        p = np.array(positive)[:, None]
        n = np.array(negative)[None, :]
        return float(((p > n).sum() + 0.5 * (p == n).sum()) / (p.size * n.size))

    total = {"x": "total", "clients": sum(r["clients"] for r in rows),
             "predicted": float(sum(r["predicted"] for r in rows)), "actual": sum(r["actual"] for r in rows)}
    for row in rows:
        row["predicted"] = float(row["predicted"])
    rows[7]["x"] = "7+"
    json.dump({"cut": str(CUT), "until": str(until), "clients": len(classified),
               "returned": sum(1 for c in classified if c[1]),
               "parameters": {"r": float(r), "alpha": float(alpha), "a": float(a), "b": float(b),
                              "log_likelihood": float(ll)},
               "auc": {"expected_purchases": auc(stayed["expected"], back["expected"]),
                       "p_alive": auc(stayed["alive"], back["alive"])},
               "calibration": rows + [total]}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
