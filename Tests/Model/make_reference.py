#!/usr/bin/env python3
"""Reference values for the model's numerics, worked out with mpmath at 40 digits.

Writes fixtures/model/{hypergeometric,bgnbd,pareto_nbd,gamma_gamma}.csv, which the
Swift tests (Tests/ABCXYZTests/Forecast/) read, so they need no Python. The formulas
here are the published ones, as printed, with no transformation: 2F1 straight from
mpmath (which switches methods and raises its working precision itself), so the
Swift code's Euler transformations and series are checked against something that
does not share them.

    python3 Tests/Model/make_reference.py      # needs mpmath (pip install mpmath)
"""
import csv
import os

from mpmath import mp, mpf, loggamma, log, exp, diff, quad
from mpmath import hyp2f1 as _hyp2f1


def hyp2f1(a, b, c, z):
    return _hyp2f1(a, b, c, z, maxterms=10 ** 6)

mp.dps = 40
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "model")


def num(value):
    """17 significant digits: a double reads back exactly, the reference keeps its accuracy."""
    return mp.nstr(value, 20, strip_zeros=False, min_fixed=-5, max_fixed=5)


def write(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)
    print(name, len(rows), "rows")


# --- 2F1(a, b; a + 1; z), the Pareto/NBD family --------------------------------------
def log_f(a, b, z):
    return log(hyp2f1(a, b, a + 1, z))


def hypergeometric():
    rows = []
    zs = [0.0, 0.1, 0.5, 0.9, 0.95, 0.9500001, 0.99, 0.999999, 1 - 2.0 ** -27]
    for r in [0.05, 3.0]:
        for s in [0.01, 0.6, 5.0]:
            for x in [0, 1, 50, 10000]:
                for a, b in [(r + s + x, s + 1), (r + s + x, r + x)]:   # alpha >= beta, alpha < beta
                    for z in zs:
                        a_, b_, z_ = mpf(a), mpf(b), mpf(z)
                        value = log_f(a_, b_, z_)
                        da = diff(lambda t: log_f(t, b_, z_), a_)
                        db = diff(lambda t: log_f(a_, t, z_), b_)
                        dz = diff(lambda t: log_f(a_, b_, t), z_) if z > 0 else mpf(b_) * a_ / (a_ + 1)
                        rows.append([repr(a), repr(b), repr(z), num(value), num(da), num(db), num(dz)])
    write("hypergeometric.csv", ["a", "b", "z", "log_2f1", "d_a", "d_b", "d_z"], rows)


# --- BG/NBD -----------------------------------------------------------------------------
def bgnbd_ll(r, alpha, a, b, x, tx, T):
    first = exp(loggamma(r + x) - loggamma(r) + r * log(alpha) + loggamma(a + b) + loggamma(b + x)
                - loggamma(b) - loggamma(a + b + x) - (r + x) * log(alpha + T))
    if x == 0:
        return log(first)
    second = exp(loggamma(r + x) - loggamma(r) + r * log(alpha) + loggamma(a + 1) + loggamma(b + x - 1)
                 - loggamma(a + b + x) + loggamma(a + b) - loggamma(a) - loggamma(b) - (r + x) * log(alpha + tx))
    return log(first + second)


def bgnbd_alive(r, alpha, a, b, x, tx, T):
    if x == 0:
        return mpf(1)
    return 1 / (1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x))


def bgnbd_expected(r, alpha, a, b, x, tx, T, t):
    """FHL (2005) eq. 10 as printed."""
    z = t / (alpha + T + t)
    bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z)
    numerator = (a + b + x - 1) / (a - 1) * bracket
    denominator = 1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x) if x > 0 else 1
    return numerator / denominator


HISTORIES = [(0, 0.0, 0.0), (0, 0.0, 38.857142857142854), (1, 1.7142857142857142, 38.857142857142854),
             (10, 30.0, 40.0), (5, 0.5, 1.0), (100, 50.0, 10000.0), (0, 0.0, 10000.0),
             (10000, 9999.0, 10000.0), (10000, 10000.0, 10000.0), (10000, 100.0, 10000.0)]
HORIZONS = [52.142857142857146, 4.345, 30.0]


def bgnbd():
    rows = []
    for r, alpha, a, b in [(0.243, 4.414, 0.793, 2.426), (0.11, 2.24, 0.31, 0.5), (2.0, 0.5, 1.0, 3.0),
                           (0.5, 30.0, 3.5, 0.8)]:
        for x, tx, T in HISTORIES:
            p = [mpf(v) for v in (r, alpha, a, b)]
            ll = bgnbd_ll(*p, x, mpf(tx), mpf(T))
            alive = bgnbd_alive(*p, x, mpf(tx), mpf(T))
            for t in HORIZONS:
                if a == 1.0:   # eq. 10 divides by a − 1: take the limit a → 1 from both sides
                    e = (bgnbd_expected(p[0], p[1], p[2] + mpf(10) ** -15, p[3], x, mpf(tx), mpf(T), mpf(t))
                         + bgnbd_expected(p[0], p[1], p[2] - mpf(10) ** -15, p[3], x, mpf(tx), mpf(T), mpf(t))) / 2
                else:
                    e = bgnbd_expected(*p, x, mpf(tx), mpf(T), mpf(t))
                rows.append([repr(r), repr(alpha), repr(a), repr(b), x, repr(tx), repr(T), repr(t),
                             num(ll), num(alive), num(e)])
    write("bgnbd.csv", ["r", "alpha", "a", "b", "x", "t_x", "T", "t", "log_likelihood", "p_alive",
                        "expected_purchases"], rows)


# --- Pareto/NBD ---------------------------------------------------------------------------
def pareto_parts(r, alpha, s, beta, x, tx, T):
    """ln of the two terms of L: alive at T, and died in (t_x, T] (SMC 1987; Hardie note 009, eq. 18–20)."""
    head = loggamma(r + x) - loggamma(r) + r * log(alpha) + s * log(beta)
    alive = head - (r + x) * log(alpha + T) - s * log(beta + T)
    if tx == T:
        return alive, None
    rsx = r + s + x
    if alpha >= beta:
        f = lambda t: hyp2f1(rsx, s + 1, rsx + 1, (alpha - beta) / (alpha + t)) / (alpha + t) ** rsx
    else:
        f = lambda t: hyp2f1(rsx, r + x, rsx + 1, (beta - alpha) / (beta + t)) / (beta + t) ** rsx
    a0 = f(tx) - f(T)
    if a0 <= 0:   # cancellation even at 40 digits: integrate the density of the death time instead
        a0 = rsx * quad(lambda u: (alpha + u) ** -(r + x) * (beta + u) ** -(s + 1), [tx, T])
    return alive, head + log(s / rsx) + log(a0)


def pareto_nbd():
    rows = []
    for r, alpha, s, beta in [(0.553, 10.578, 0.606, 11.669), (0.553, 11.669, 0.606, 10.578),
                              (0.5, 10.0, 0.8, 10.0), (1.5, 3.0, 1.0, 20.0), (0.3, 0.01, 2.0, 100.0),
                              (0.3, 1000.0, 0.2, 0.01)]:
        for x, tx, T in HISTORIES:
            p = [mpf(v) for v in (r, alpha, s, beta)]
            alive_part, dead_part = pareto_parts(*p, x, mpf(tx), mpf(T))
            ll = alive_part if dead_part is None else log(exp(alive_part) + exp(dead_part))
            p_alive = exp(alive_part - ll)
            for t in HORIZONS:
                rx, be, al, sm = p[0] + x, p[3] + mpf(T), p[1] + mpf(T), p[2] - 1
                grow = log(1 + mpf(t) / be) if sm == 0 else (1 - (be / (be + t)) ** sm) / sm
                e = p_alive * rx * be / al * grow
                rows.append([repr(r), repr(alpha), repr(s), repr(beta), x, repr(tx), repr(T), repr(t),
                             num(ll), num(p_alive), num(e)])
    write("pareto_nbd.csv", ["r", "alpha", "s", "beta", "x", "t_x", "T", "t", "log_likelihood", "p_alive",
                             "expected_purchases"], rows)


# --- Gamma-Gamma ---------------------------------------------------------------------------
def gamma_gamma():
    rows = []
    for p, q, g in [(6.25, 3.74, 15.44), (0.5, 1.5, 0.01), (100.0, 50.0, 2000.0)]:
        for x, m in [(1, 11.77), (2, 22.345), (10, 0.01), (10000, 35.5), (3, 100000.0)]:
            P, Q, G, M = mpf(p), mpf(q), mpf(g), mpf(m)
            ll = (loggamma(P * x + Q) - loggamma(P * x) - loggamma(Q) + Q * log(G) + (P * x - 1) * log(M)
                  + P * x * log(x) - (P * x + Q) * log(G + M * x))
            spend = (G + M * x) * P / (P * x + Q - 1)
            rows.append([repr(p), repr(q), repr(g), x, repr(m), num(ll), num(spend)])
    write("gamma_gamma.csv", ["p", "q", "gamma", "x", "m_x", "log_likelihood", "expected_spend"], rows)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    gamma_gamma()
    bgnbd()
    pareto_nbd()
    hypergeometric()
