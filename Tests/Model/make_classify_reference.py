#!/usr/bin/env python3
"""Reference values for `classify --model bgnbd` on the CDNOW sample, worked out without abcxyz.

    python3 Tests/Model/make_classify_reference.py > fixtures/cdnow/classify_model_reference.csv

needs numpy, scipy and mpmath. From fixtures/cdnow/cdnow_sample.csv alone, with
as-of 1997-09-30, occasions = transaction-days (every day with a row), time in weeks:

1. per client x, t_x, T and m_x (the mean of the repeat days' net amounts, in dollars);
2. BG/NBD (r, alpha, a, b) by maximum likelihood: Fader, Hardie & Lee (2005) eq. 6 as
   printed, summed over the clients, minimised with scipy (Nelder-Mead, then BFGS);
3. Gamma-Gamma (p, q, gamma) by maximum likelihood on the clients with x > 0 and m_x > 0:
   Fader & Hardie (2013) note 025 eq. 1a;
4. for the clients below, at 40 digits (mpmath): P(alive) (FHL 2008 note 021),
   E[Y(t)] over t = 365 days (FHL 2005 eq. 10, with mpmath's own 2F1), the expected
   spend E[M | x, m_x], and CLV = sum over 12 months of spend x (E[Y(m k)] - E[Y((m-1) k)])
   / 1.01^m, k = 4.345 weeks (SPEC §14, lifetimes' customer_lifetime_value).

Nothing here shares code with the Swift implementation (no Euler transformation, no
series of its own, no grouping, another optimiser). Values are printed unrounded
(17 significant digits); the test allows for the printing and for the two optimisers
stopping a hair apart.
"""
import csv
import datetime
import os
import sys

import numpy as np
from mpmath import mp, mpf, hyp2f1, log as mlog, exp as mexp
from scipy.optimize import minimize
from scipy.special import gammaln

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
AS_OF = datetime.date(1997, 9, 30)
# A spread of histories: many repeats and recent (509, 1081), many repeats then silence
# (1901), few repeats long ago (728, 2332), one purchase day only (10), and two more (1000, 2000).
CLIENTS = ["1", "2", "10", "1000", "2000", "509", "728", "1081", "1125", "1560", "1901", "2332"]


def summaries():
    days = {}
    with open(os.path.join(ROOT, "fixtures", "cdnow", "cdnow_sample.csv")) as handle:
        for row in csv.DictReader(handle):
            day = datetime.date.fromisoformat(row["date"])
            if day > AS_OF:
                continue
            cents = round(float(row["amount"]) * 100)
            days.setdefault(row["client"], {}).setdefault(day, 0)
            days[row["client"]][day] += cents
    out = {}
    for client, by_day in days.items():
        ordered = sorted(by_day)
        first, last = ordered[0], ordered[-1]
        x = len(ordered) - 1
        repeat = sum(by_day[d] for d in ordered[1:])
        out[client] = (x, (last - first).days / 7, (AS_OF - first).days / 7, repeat / 100 / x if x else None)
    return out


def fit_bgnbd(rows):
    x = np.array([r[0] for r in rows], float)
    tx = np.array([r[1] for r in rows])
    T = np.array([r[2] for r in rows])

    def negative(log_params):
        r, alpha, a, b = np.exp(log_params)
        a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
        a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
        a3 = -(r + x) * np.log(alpha + T)
        a4 = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + tx), -np.inf)
        return -np.sum(a1 + a2 + np.logaddexp(a3, a4))

    start = minimize(negative, np.zeros(4), method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-12,
                                                                          "maxiter": 20000, "maxfev": 40000})
    best = minimize(negative, start.x, method="BFGS", options={"gtol": 1e-9})
    return np.exp(best.x), -best.fun


def fit_gamma_gamma(rows):
    keep = [(r[0], r[3]) for r in rows if r[0] > 0 and r[3] is not None and r[3] > 0]
    x = np.array([k[0] for k in keep], float)
    m = np.array([k[1] for k in keep])

    def negative(log_params):
        p, q, g = np.exp(log_params)
        return -np.sum(gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(g) + (p * x - 1) * np.log(m)
                       + p * x * np.log(x) - (p * x + q) * np.log(g + x * m))

    start = minimize(negative, np.zeros(3), method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-12,
                                                                          "maxiter": 20000, "maxfev": 40000})
    best = minimize(negative, start.x, method="BFGS", options={"gtol": 1e-9})
    return np.exp(best.x), len(keep)


def main():
    mp.dps = 40
    by_client = summaries()
    rows = list(by_client.values())
    (r, alpha, a, b), ll = fit_bgnbd(rows)
    (p, q, g), spenders = fit_gamma_gamma(rows)
    r, alpha, a, b, p, q, g = (mpf(float(v)) for v in (r, alpha, a, b, p, q, g))

    def odds(x, tx, T):
        return a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x) if x > 0 else mpf(0)

    def expected(x, tx, T, t):
        if t == 0:
            return mpf(0)
        z = t / (alpha + T + t)
        bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z)
        return (a + b + x - 1) / (a - 1) * bracket / (1 + odds(x, tx, T))

    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["client", "x", "t_x", "T", "p_alive", "expected_purchases", "expected_spend", "clv"])
    for client in CLIENTS:
        x, tx, T, mx = by_client[client]
        tx, T = mpf(tx), mpf(T)
        alive = 1 / (1 + odds(x, tx, T))
        purchases = expected(x, tx, T, mpf(365) / 7)
        spend = (g + mpf(mx) * x) * p / (p * x + q - 1) if x > 0 and mx is not None and mx > 0 else p * g / (q - 1)
        clv = mpf(0)
        previous = mpf(0)
        for month in range(1, 13):
            cumulative = expected(x, tx, T, month * mpf("4.345"))
            clv += spend * (cumulative - previous) / mpf("1.01") ** month
            previous = cumulative
        out.writerow([client, x, mp.nstr(tx, 17), mp.nstr(T, 17)] + [mp.nstr(v, 17) for v in (alive, purchases, spend, clv)])
    print(f"# BG/NBD r={float(r)!r} alpha={float(alpha)!r} a={float(a)!r} b={float(b)!r} LL={ll!r}; "
          f"Gamma-Gamma p={float(p)!r} q={float(q)!r} gamma={float(g)!r} ({spenders} clients)", file=sys.stderr)


if __name__ == "__main__":
    main()
