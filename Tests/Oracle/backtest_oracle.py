#!/usr/bin/env python3
"""An independent computation of SPEC §15 (the backtest), for checking `abcxyz backtest`.

Written from the text of SPEC §15 alone. It reads nothing of the Swift engine; for
§1–§7 at the cut it uses spec_oracle.py (an independent implementation of those
sections), run with asOf = the cut, which sees only the rows dated on or before it.

    backtest_oracle.py FILE --cut DATE [--until DATE] [--target-precision P] [method options]
        [--model bgnbd|pareto-nbd --params JSON [--occasions purchase-days|transaction-days]
         [--model-unit week|day]]
        -> the backtest as JSON on stdout, laid out as `abcxyz backtest --format json`
           lays it out (so the two can be compared as text)
    backtest_oracle.py --selftest
        -> hand-worked cases (P(alive) of two clients, an AUC with ties, 2F1 at known
           values), and 2F1, P(alive) and E[Y(t)] against mpmath when it is installed

The method options are spec_oracle.py's (--period, --months, --abc, --xyz, --abc-measure,
--xyz-measure, --min-periods, --min-intervals, --fallback-cycle, --min-cycle,
--at-risk-factor, --lost-factor, --horizon, --margin, --scale, --tiers, --cycles,
--category-column).

--params: the parameters of the model, not fitted here (the fit is checked elsewhere against
the published figures): a JSON object as `abcxyz model --format json` prints it, whose key
`bgnbd` {"r", "alpha", "a", "b", ...} or `pareto_nbd` {"r", "alpha", "s", "beta", ...} is
read for the model chosen (other keys are ignored), or that inner object alone; given as the
JSON text itself or as the name of a file holding it. Numbers are read as written (decimal),
and the model's figures are computed in 60-digit decimal arithmetic (standard library only:
the oracle needs no mpmath; its self-test uses mpmath when present).

Service mode (SPEC §13: the default for a file with a category column, `--cycles service`;
the column headed category or service, or the one named by --category-column) judges pairs
(client, service) instead of clients; `--cycles client` judges clients by §5 as written.

Readings of SPEC §15 where its text leaves a choice (docs/backtest.md says the same):
- Reading: the clients "classified at the cut" are those with a purchase day on or before
  it (§1); a client whose first purchase day is in the holdout is in no figure.
- Reading: rows dated after `until` are in no figure.
- Reading: F1 is the harmonic mean 2PR/(P+R) where P and R are defined and not both 0;
  it is 0 when P and R are both 0 or when nobody is predicted gone but somebody stayed
  away (P undefined, R = 0: the rule caught none of them); undefined when nobody is
  predicted gone and everybody returned. Computed in exact fractions.
- Reading: the sweep holds the ten factors of §15 and, when the method's own lost factor
  is not among them, that one too, so the current option is always marked.
- Reading: the recommended factor is the smallest of the sweep whose precision is defined
  and at least the target.
- Reading: the AUC is undefined (null) when every client returned or none did.

Readings of §14/§15 for --model (off by default; without it the output is as before):
- Reading: the model's clients are those the backtest judges (a purchase day on or before
  the cut); each has at least one occasion at the cut under either --occasions. x, t_x, T at
  the cut are §14's with asOf = the cut, over the occasions dated ≤ cut (transaction-days:
  every day with a row, whatever its amount; purchase-days: days whose net is > 0). Units:
  week = 7 days exactly (t_x, T and the holdout length are day counts / 7), day = 1 day.
- Reading: the holdout's length is (until − cut) in units; `expected_purchases` of a client
  = E[Y(until − cut) | x, t_x, T], the expected occasions in (cut, until].
- Reading: the holdout's actual occasions are counted as §14 counts occasions, by the same
  --occasions: the days in (cut, until] with a row (transaction-days) or with a net > 0
  (purchase-days). (`returned` stays §15's: a purchase day in the holdout.)
- Reading: `scores` lists overdue_ratio, then with a model expected_purchases (score
  −expected_purchases: the fewer expected, the likelier gone) and p_alive (score
  1 − p_alive), the issue's order; "will not return" (no purchase day in the holdout) is the
  positive class of every AUC. The scores are compared as binary doubles (the value of the
  60-digit figure rounded to the nearest double), so equal doubles tie.
- Reading: `calibration` (after `scores`) holds 9 rows, always, in this order: x = 0, 1, …, 6
  (JSON integers), x = "7+" (a string: x ≥ 7), and a last row x = "total" (every judged
  client): {"x", "clients", "predicted", "actual"}. x is the repeat occasions at the cut;
  clients = judged clients with that x (rows with none are kept, with 0, 0.000000, 0);
  predicted = the sum of their expected occasions in the holdout, summed unrounded and
  printed with 6 decimals (as §14 prints expected_purchases); actual = the sum of their
  holdout occasions (an integer).
- Reading: BG/NBD at a = 1 exactly is 0/0 in eq. (13); it is taken at a = 1 + 1e-25.

Readings of §13/§15 in service mode:
- Reading: the judged units are the pairs (client, service) at the cut (§13: of a client with
  a purchase day ≤ cut, with a pair purchase day ≤ cut); `clients` and every count of
  `statuses`, `tiers`, `lost`, `at_risk_or_lost`, `sweep` and the AUCs count pairs (the keys
  keep their names). A pair's status, tier (the client's cell's tier, at-risk and lost pairs
  only), ltv_loss and overdue ratio (pair recency / pair cycle) are §13's at the cut; the sweep
  re-derives pair statuses from the pair's recency and cycle with each factor.
- Reading: a pair returned if it has a pair purchase day (the pair's net that day > 0) in the
  holdout; its holdout revenue is the net sum of the client's rows of that service there. A
  pair first seen in the holdout (a new service) is judged nowhere.
- Reading: with --model in service mode the model is still the client's (§14 defines x, t_x, T
  per client, and the parameters given are fitted on clients): each pair takes its client's
  p_alive and expected occasions for the two model AUCs, and the calibration rows are the
  clients classified at the cut, with the client's holdout occasions.
"""
import argparse
import datetime as dt
import json
import math
import os
import sys
from bisect import bisect_left, bisect_right
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, localcontext
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spec_oracle  # noqa: E402  (§1–§7 at the cut)

SWEEP = [1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5, 6]
STATUSES = ["active", "at-risk", "lost"]


def parse_args(argv):
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("--cut", required=True)
    p.add_argument("--until")
    p.add_argument("--target-precision", type=float, default=0.8)
    p.add_argument("--model", choices=["bgnbd", "pareto-nbd"])
    p.add_argument("--occasions", default="purchase-days", choices=["purchase-days", "transaction-days"])
    p.add_argument("--model-unit", default="week", choices=["week", "day"])
    p.add_argument("--params", help="JSON text or a file holding it (see the docstring)")
    known, rest = p.parse_known_args(argv)
    if known.model and not known.params:
        p.error("--model needs --params (the oracle does not fit)")
    # The method's options, read by spec_oracle as it reads them, as of the cut.
    method = spec_oracle.parse_args(["classify", known.file, "--as-of", known.cut] + rest)
    return known, method


# ---------------------------------------------------------------- JSON, as the engine lays it out

class Money:
    def __init__(self, minor):
        self.minor = minor


class Rate:
    """A fraction printed with six decimals (SPEC §11's share), or null when undefined."""

    def __init__(self, value):
        self.value = value


class Factor:
    def __init__(self, value):
        self.value = value


def is_flat(value):
    return isinstance(value, dict) and not any(isinstance(v, (dict, list)) for v in value.values())


def dump(value, scale, indent=0):
    """Objects of plain values on one line ("key": value, comma-joined); others indented by two."""
    pad = " " * indent
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Money):
        return spec_oracle.money(value.minor, scale)
    if isinstance(value, Rate):
        return "null" if value.value is None else "%.6f" % value.value
    if isinstance(value, Factor):
        return spec_oracle.days_text(value.value)
    if isinstance(value, str):
        return spec_oracle.to_json(value, scale)
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(pad + "  " + dump(v, scale, indent + 2) for v in value) + "\n" + pad + "]"
    if isinstance(value, dict):
        pairs = ['"%s": %s' % (k, dump(v, scale, indent + 2)) for k, v in value.items()]
        if is_flat(value):
            return "{" + ",".join(pairs) + "}"
        return "{" + ",".join("\n" + pad + "  " + p for p in pairs) + "\n" + pad + "}"
    raise TypeError(type(value))


# ---------------------------------------------------------------- §14: the closed forms, in Decimal

# Every model figure is computed in decimal floating point with PRECISION significant digits
# (Python's decimal: no overflow below 10^999999, so (α+T)^(r+x) for any x is held as it is,
# which is what "work in log space" buys in binary floating point), and turned into a binary
# double only where it is printed or compared (the AUC's ties).
PRECISION = 60
CONTEXT = Context(prec=PRECISION, Emax=MAX_EMAX, Emin=MIN_EMIN)  # a Pareto/NBD fit can run s, β to 1e8, 1e11: (β+T)^s is huge, its ratios are not


def in_context(function):
    """Runs `function` under CONTEXT (a local context: the caller's own is left as it is), so
    that every Decimal operation in it, written plainly, has the working precision."""
    def run(*args, **kwargs):
        with localcontext(CONTEXT):
            return function(*args, **kwargs)
    run.__name__, run.__doc__ = function.__name__, function.__doc__
    return run


@in_context
def D(value):
    """A Decimal of an int, a Fraction, a float (its exact binary value) or a Decimal."""
    if isinstance(value, Fraction):
        return CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator))
    return CONTEXT.plus(Decimal(value))


@in_context
def power(base, exponent):
    """base^exponent for base > 0, as exp(exponent · ln base)."""
    if base <= 0:
        raise ValueError("power of a base <= 0")
    return CONTEXT.exp(CONTEXT.multiply(exponent, CONTEXT.ln(base)))


def _pi():
    """π by the recipe of the decimal module's documentation, at the working precision."""
    with localcontext(CONTEXT) as ctx:
        ctx.prec += 5
        three = Decimal(3)
        last, t, s, n, na, d, da = 0, three, 3, 1, 0, 0, 24
        while s != last:
            last = s
            n, na = n + na, na + 8
            d, da = d + da, da + 32
            t = (t * n) / d
            s += t
    return CONTEXT.plus(s)


PI = _pi()
HALF_LN_2PI = CONTEXT.multiply(Decimal("0.5"), CONTEXT.ln(CONTEXT.multiply(2, PI)))


def _bernoulli(count):
    """B_0 … B_count as Fractions (Akiyama–Tanigawa), B_1 = +1/2 (only even ones are used)."""
    out, a = [], [Fraction(0)] * (count + 1)
    for m in range(count + 1):
        a[m] = Fraction(1, m + 1)
        for j in range(m, 0, -1):
            a[j - 1] = j * (a[j - 1] - a[j])
        out.append(a[0])
    return out


STIRLING_SHIFT, STIRLING_TERMS = 80, 40
_B = _bernoulli(2 * STIRLING_TERMS)


@in_context
def gamma(z):
    """Γ(z) for real z that is not 0, −1, −2, …: Γ(z) = Γ(z + n) / (z (z+1) … (z+n−1)) with
    z + n ≥ STIRLING_SHIFT, and ln Γ there by Stirling's series with STIRLING_TERMS terms."""
    z = D(z)
    if z <= 0 and z == z.to_integral_value():
        raise ZeroDivisionError("Γ has a pole at %s" % z)
    with localcontext(CONTEXT) as ctx:
        ctx.prec += 10
        n = max(0, int(math.ceil(STIRLING_SHIFT - float(z))))
        w = z + n
        series = (w - Decimal("0.5")) * w.ln() - w + HALF_LN_2PI
        w2 = w * w
        wk = w
        for k in range(1, STIRLING_TERMS + 1):
            b = _B[2 * k]
            series += Decimal(b.numerator) / (Decimal(b.denominator) * (2 * k) * (2 * k - 1) * wk)
            wk *= w2
        product = Decimal(1)
        for k in range(n):
            product *= z + k
        value = series.exp() / product
    return CONTEXT.plus(value)


@in_context
def rgamma(z):
    """1 / Γ(z), 0 at the poles."""
    z = D(z)
    if z <= 0 and z == z.to_integral_value():
        return Decimal(0)
    return CONTEXT.divide(1, gamma(z))


@in_context
def _series_2f1(a, b, c, z, max_terms):
    """Σ (a)_n (b)_n / ((c)_n n!) z^n, summed until the rest of the series, bounded as a
    geometric one, no longer moves the sum at the working precision."""
    if b == c or a == c:
        # 2F1(a, b; b; z) = (1 − z)^(−a) (A&S 15.1.8), exactly: a Pareto/NBD fit whose s and β
        # ran far out (s 3e8) meets it with a so large that the sum would need a terms.
        return power(1 - z, -(a if b == c else b))
    with localcontext(CONTEXT) as ctx:
        ctx.prec += 15
        term, total, n = Decimal(1), Decimal(1), 0
        threshold = Decimal(10) ** -(PRECISION + 5)
        while True:
            term = term * (a + n) * (b + n) / ((c + n) * (n + 1)) * z
            total += term
            n += 1
            if term == 0:
                break
            # Stop when the whole tail is below the precision: past n > |c| (and past any
            # negative a, b) each factor of the ratio of successive terms moves monotonically
            # towards 1, so every later ratio is at most `bound`, and the tail at most
            # |term|·bound/(1 − bound).
            if n > abs(c) + 1 and n > -min(a, b, 0) + 1:
                bound = abs(z) * max(1, abs((a + n) / (c + n))) * max(1, abs((b + n) / (n + 1)))
                if bound < 1 and abs(term) * bound / (1 - bound) <= threshold * abs(total):
                    break
            if n > max_terms:
                raise ArithmeticError("2F1(%s, %s; %s; %s): no convergence in %d terms" % (a, b, c, z, max_terms))
    return CONTEXT.plus(total)


@in_context
def hyp2f1(a, b, c, z):
    """Gauss's hypergeometric function 2F1(a, b; c; z) for real a, b, c (c not 0, −1, …) and
    −1 < z < 1 (the model's arguments lie in [0, 1)). Its series where it converges fast
    (|z| ≤ 0.9); for 0.9 < z < 1 the linear transformation z → 1 − z (Abramowitz & Stegun
    15.3.6) when c − a − b is not within 1e-6 of an integer, else the series itself (a
    polynomial number of extra terms: slow, still exact)."""
    a, b, c, z = D(a), D(b), D(c), D(z)
    if c <= 0 and c == c.to_integral_value():
        raise ZeroDivisionError("2F1 with c a non-positive integer")
    if not -1 < z < 1:
        raise ValueError("2F1 outside −1 < z < 1: %s" % z)
    if z == 0:
        return Decimal(1)
    s = c - a - b
    if z <= Decimal("0.9") or abs(s - s.to_integral_value()) < Decimal("1e-6"):
        return _series_2f1(a, b, c, z, 5_000_000)
    one = 1 - z
    with localcontext(CONTEXT) as ctx:
        ctx.prec += 20
        first = gamma(c) * gamma(s) * rgamma(c - a) * rgamma(c - b) * _series_2f1(a, b, 1 - s, one, 100000)
        second = power(one, s) * gamma(c) * gamma(-s) * rgamma(a) * rgamma(b) \
            * _series_2f1(c - a, c - b, s + 1, one, 100000)
        value = first + second
    return CONTEXT.plus(value)


class BGNBD:
    """Fader, Hardie & Lee (2005), "Counting your customers the easy way", eq. (10) (P(alive))
    and eq. (13) (the conditional expectation)."""
    name = "bgnbd"
    keys = ("r", "alpha", "a", "b")

    def __init__(self, r, alpha, a, b):
        self.r, self.alpha, self.a, self.b = D(r), D(alpha), D(a), D(b)

    @in_context
    def _odds(self, x, t_x, T):
        """a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x) for x > 0; 0 for x = 0."""
        if x == 0:
            return Decimal(0)
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        return CONTEXT.multiply(a / (b + x - 1), power((alpha + T) / (alpha + t_x), r + x))

    @in_context
    def p_alive(self, x, t_x, T):
        x, t_x, T = D(x), D(t_x), D(T)
        return CONTEXT.divide(1, 1 + self._odds(x, t_x, T))

    @in_context
    def expected(self, t, x, t_x, T):
        """E[Y(t) | x, t_x, T]: (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x)
        · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))] / (1 + δ_{x>0} a/(b+x−1) ((α+T)/(α+t_x))^(r+x)).
        Reading: at a = 1 the form is 0/0; it is taken at a = 1 + 1e-25 (its limit to ~30 digits)."""
        t, x, t_x, T = D(t), D(x), D(t_x), D(T)
        if t == 0:
            return Decimal(0)
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        a1 = a + Decimal("1e-25") if a == 1 else a
        with localcontext(CONTEXT) as ctx:
            ctx.prec += 30
            front = (a1 + b + x - 1) / (a1 - 1)
            z = t / (alpha + T + t)
            inner = 1 - power((alpha + T) / (alpha + T + t), r + x) * hyp2f1(r + x, b + x, a1 + b + x - 1, z)
            value = front * inner / (1 + self._odds(x, t_x, T))
        return CONTEXT.plus(value)


class ParetoNBD:
    """Schmittlein, Morrison & Colombo (1987), in the form of Fader & Hardie, "A Note on Deriving
    the Pareto/NBD Model and Related Expressions" (2005): eq. (18)–(19) for P(alive) through
    A_0 (the α ≥ β and α ≤ β forms; at α = β both arguments of 2F1 are 0), eq. (22) for the
    conditional expectation (with its s = 1 limit, a logarithm)."""
    name = "pareto_nbd"
    keys = ("r", "alpha", "s", "beta")

    def __init__(self, r, alpha, s, beta):
        self.r, self.alpha, self.s, self.beta = D(r), D(alpha), D(s), D(beta)

    @in_context
    def _a0_scaled(self, x, t_x, T):
        """(α+T)^(r+x) (β+T)^s · A_0: A_0 held already multiplied by the factor P(alive) takes."""
        r, alpha, s, beta = self.r, self.alpha, self.s, self.beta
        k = r + s + x
        with localcontext(CONTEXT) as ctx:
            ctx.prec += 20
            front = power(alpha + T, r + x) * power(beta + T, s)
            if alpha >= beta:
                lead, second, base = alpha, s + 1, alpha - beta
            else:
                lead, second, base = beta, r + x, beta - alpha
            near = hyp2f1(k, second, k + 1, base / (lead + t_x)) / power(lead + t_x, k)
            far = hyp2f1(k, second, k + 1, base / (lead + T)) / power(lead + T, k)
            value = front * (near - far)
        return CONTEXT.plus(value)

    @in_context
    def p_alive(self, x, t_x, T):
        x, t_x, T = D(x), D(t_x), D(T)
        r, s = self.r, self.s
        with localcontext(CONTEXT) as ctx:
            ctx.prec += 10
            value = 1 / (1 + s / (r + s + x) * self._a0_scaled(x, t_x, T))
        return CONTEXT.plus(value)

    @in_context
    def expected(self, t, x, t_x, T):
        """E[Y(t) | x, t_x, T] = (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive);
        at s = 1: (r+x)(β+T)/(α+T) · ln((β+T+t)/(β+T)) · P(alive)."""
        t, x, t_x, T = D(t), D(x), D(t_x), D(T)
        r, alpha, s, beta = self.r, self.alpha, self.s, self.beta
        with localcontext(CONTEXT) as ctx:
            ctx.prec += 10
            if s == 1:
                front = (r + x) * (beta + T) / (alpha + T) * ((beta + T + t) / (beta + T)).ln()
            else:
                front = (r + x) * (beta + T) / ((alpha + T) * (s - 1)) * (1 - power((beta + T) / (beta + T + t), s - 1))
            value = front * self.p_alive(x, t_x, T)
        return CONTEXT.plus(value)


def load_model(known):
    text = known.params
    if not text.lstrip().startswith("{"):
        with open(text, encoding="utf-8") as f:
            text = f.read()
    obj = json.loads(text, parse_float=Decimal, parse_int=Decimal)
    cls = BGNBD if known.model == "bgnbd" else ParetoNBD
    inner = obj.get(cls.name, obj)
    missing = [k for k in cls.keys if k not in inner]
    if missing:
        sys.exit("backtest_oracle.py: --params has no %s for %s" % (", ".join(missing), known.model))
    values = [Decimal(inner[k]) for k in cls.keys]
    if any(v <= 0 for v in values):
        sys.exit("backtest_oracle.py: every parameter must be > 0")
    return cls(*values)


# ---------------------------------------------------------------- §15

def holdout(rows, cut, until, service_mode):
    """Per judged key (a client, or in service mode a pair (client, service)): its daily nets
    over the rows dated in (cut, until], and the days with a row there."""
    nets, days = {}, {}
    for client, day, minor, _manager, _order, category in rows:
        if cut < day <= until:
            key = (client, category) if service_mode else client
            nets.setdefault(key, {}).setdefault(day, 0)
            nets[key][day] += minor
            days.setdefault(key, set()).add(day)
    return nets, days


def fraction_or_none(numerator, denominator):
    return Fraction(numerator, denominator) if denominator else None


def forecast(predicted_gone, stayed_away):
    """'will not return' as predicted by a set of clients, against the set that stayed away."""
    right = len(predicted_gone & stayed_away)
    p = fraction_or_none(right, len(predicted_gone))
    r = fraction_or_none(right, len(stayed_away))
    if p is not None and r is not None:
        f1 = 2 * p * r / (p + r) if p + r else Fraction(0)
    elif r is not None:          # nobody predicted gone, somebody stayed away: none caught
        f1 = Fraction(0)
    else:                        # nobody stayed away: recall undefined
        f1 = Fraction(0) if p is not None else None
    as_float = lambda x: None if x is None else float(x)
    return dict(count=len(predicted_gone), precision=Rate(as_float(p)), recall=Rate(as_float(r)),
                f1=Rate(as_float(f1))), p


def status_with(client, at_risk, lost):
    recency, cycle = client["recency"], client["cycle"]
    if recency <= at_risk * cycle:
        return "active"
    return "at-risk" if recency <= lost * cycle else "lost"


def auc(scores, positive):
    """P(score of a positive > score of a negative) + ½ P(equal), counted pair by pair
    through sorted negatives; None without positives or negatives."""
    negatives = sorted(s for s, pos in zip(scores, positive) if not pos)
    positives = [s for s, pos in zip(scores, positive) if pos]
    if not negatives or not positives:
        return None
    wins = Fraction(0)
    for s in positives:
        below = bisect_left(negatives, s)
        equal = bisect_right(negatives, s) - below
        wins += below + Fraction(equal, 2)
    return float(wins / (len(positives) * len(negatives)))


def occasions_at_cut(rows, cut, kind, service_mode):
    """§14's occasions dated ≤ cut per key: transaction-days every day with a row, purchase-days
    the days whose net is > 0 (the client's net, or in service mode the pair's)."""
    nets = {}
    for client, day, minor, _manager, _order, category in rows:
        if day <= cut:
            key = (client, category) if service_mode else client
            nets.setdefault(key, {}).setdefault(day, 0)
            nets[key][day] += minor
    return {k: sorted(d for d, net in v.items() if kind == "transaction-days" or net > 0) for k, v in nets.items()}


CALIBRATION_ROWS = [0, 1, 2, 3, 4, 5, 6, "7+"]


def model_figures(model, units, rows, cut, until, known, service_mode, holdout_nets, holdout_days):
    """Per unit: x, t_x, T at the cut in units, p_alive, the expected occasions in (cut, until]
    and the holdout's actual occasions; then the calibration rows."""
    unit = 7 if known.model_unit == "week" else 1
    at_cut = occasions_at_cut(rows, cut, known.occasions, service_mode)
    t = Fraction((until - cut).days, unit)
    for u in units:
        days = at_cut[u["key"]]
        u["x"] = len(days) - 1
        u["t_x"] = Fraction((days[-1] - days[0]).days, unit)
        u["T"] = Fraction((cut - days[0]).days, unit)
        u["p_alive"] = model.p_alive(u["x"], u["t_x"], u["T"])
        u["expected"] = model.expected(t, u["x"], u["t_x"], u["T"])
        if known.occasions == "transaction-days":
            u["actual"] = len(holdout_days.get(u["key"], ()))
        else:
            u["actual"] = sum(1 for net in holdout_nets.get(u["key"], {}).values() if net > 0)
    calibration = []
    for label in CALIBRATION_ROWS + ["total"]:
        if label == "total":
            members = units
        elif label == "7+":
            members = [u for u in units if u["x"] >= 7]
        else:
            members = [u for u in units if u["x"] == label]
        predicted = Decimal(0)
        for u in members:
            predicted = CONTEXT.add(predicted, u["expected"])
        calibration.append(dict(x=label, clients=len(members), predicted=Rate(float(predicted)),
                                actual=sum(u["actual"] for u in members)))
    return calibration


def backtest(known, method):
    cut = dt.date.fromisoformat(known.cut)
    data = spec_oracle.Data(method)
    analysis = spec_oracle.analyse(data)
    ordered = analysis.ordered
    rows = spec_oracle.read_rows(known.file, method.scale, method.category_column)[0]
    all_days = [r[1] for r in rows]
    until = dt.date.fromisoformat(known.until) if known.until else max(all_days)
    service_mode = data.mode == "service"
    nets, days = holdout(rows, cut, until, service_mode)
    # The judged units, in classify order (in service mode the pairs, in the order of §13's
    # `services` listing): key, status, tier, ltv_loss, recency, cycle; returned and holdout
    # revenue from the holdout.
    if service_mode:
        units = [dict(key=(p["client"], p["service"]), status=p["status"], tier=p["tier"], ltv=p["ltv"],
                      recency=p["recency"], cycle=p["cycle"]) for p in analysis.pairs]
    else:
        units = [dict(key=c["client"], status=c["status"], tier=c["tier"], ltv=c["ltv"],
                      recency=c["recency"], cycle=c["cycle"]) for c in ordered]
    for u in units:
        held = nets.get(u["key"], {})
        u["returned"] = any(v > 0 for v in held.values())
        u["revenue"] = sum(held.values())
    stayed_away = {u["key"] for u in units if not u["returned"]}

    def group(members, key):
        returned = sum(u["returned"] for u in members)
        return dict([key, ("clients", len(members)), ("returned", returned),
                     ("share", Rate(returned / len(members) if members else None)),
                     ("ltv_loss", Money(sum(u["ltv"] for u in members))),
                     ("holdout_revenue", Money(sum(u["revenue"] for u in members)))])

    statuses = [group([u for u in units if u["status"] == s], ("status", s)) for s in STATUSES]
    tiers = [group([u for u in units if u["tier"] == t], ("tier", t)) for t in (1, 2, 3, 4)]
    lost, _ = forecast({u["key"] for u in units if u["status"] == "lost"}, stayed_away)
    at_risk_or_lost, _ = forecast({u["key"] for u in units if u["status"] != "active"}, stayed_away)

    r, current = method.at_risk_factor, method.lost_factor
    factors = sorted(set(SWEEP + [current]))
    sweep, recommended = [], None
    for l in factors:
        gone = {u["key"] for u in units if status_with(u, min(r, l), l) == "lost"}
        figures, precision = forecast(gone, stayed_away)
        row = dict(lost_factor=Factor(l))
        row.update(figures)
        row["current"] = l == current
        sweep.append(row)
        if recommended is None and precision is not None and float(precision) >= known.target_precision:
            recommended = l

    positive = [u["key"] in stayed_away for u in units]
    overdue = [u["recency"] / u["cycle"] for u in units]
    scores = [dict(score="overdue_ratio", auc=Rate(auc(overdue, positive)))]
    out = dict(
        cut=cut.isoformat(), until=until.isoformat(), clients=len(units),
        returned=len(units) - len(stayed_away), statuses=statuses, tiers=tiers,
        lost=lost, at_risk_or_lost=at_risk_or_lost, sweep=sweep,
        recommended_lost_factor=None if recommended is None else Factor(recommended),
        scores=scores)
    if known.model:
        model = load_model(known)
        if service_mode:
            clients = [dict(key=c["client"]) for c in ordered]
            client_nets, client_days = holdout(rows, cut, until, False)
            out["calibration"] = model_figures(model, clients, rows, cut, until, known, False, client_nets,
                                               client_days)
            by_client = {c["key"]: c for c in clients}
            for u in units:
                u["p_alive"], u["expected"] = by_client[u["key"][0]]["p_alive"], by_client[u["key"][0]]["expected"]
        else:
            out["calibration"] = model_figures(model, units, rows, cut, until, known, False, nets, days)
        scores.append(dict(score="expected_purchases",
                           auc=Rate(auc([-float(u["expected"]) for u in units], positive))))
        scores.append(dict(score="p_alive", auc=Rate(auc([1 - float(u["p_alive"]) for u in units], positive))))
    return out, units


# ---------------------------------------------------------------- self-test

# Two clients worked by hand (weeks; cut 2025-03-01, holdout 4 weeks to 2025-03-29), BG/NBD
# with r = 1, α = 2, a = 2, b = 1:
# - A bought once, 2 weeks before the cut: x = 0, t_x = 0, T = 2. P(alive) = 1 (x = 0). With
#   these parameters E[Y(t)] needs 2F1(1, 1; 2; z) = −ln(1 − z)/z, z = t/(α+T+t) = 1/2:
#   E = (a+b−1)/(a−1) · [1 − (4/8) · 2 ln 2] = 2 − 2 ln 2. A comes back in the holdout.
# - B bought 6, 5 and 2 weeks before the cut: x = 2, t_x = 4, T = 6.
#   P(alive) = 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)) = 1 / (1 + (8/6)^3) = 27/91.
#   E = 4 · [1 − (8/12)^3 · 2F1(3, 3; 4; 1/3)] · 27/91, where 2F1(3, 3; 4; z)
#   = Σ 3(n+1)(n+2)/(2(n+3)) z^n = 3/2 · [z/(1−z)² + 2 z^-3 (−ln(1−z) − z − z²/2)]
#   = 3/2 · [3/4 + 54 (ln 3/2 − 7/18)] at z = 1/3. B buys nothing in the holdout.
HAND_MODEL = """client,date,amount
A,2025-02-15,10
B,2025-01-18,10
B,2025-01-25,10
B,2025-02-15,10
A,2025-03-08,10
"""
HAND_F = 1.5 * (0.75 + 54 * (math.log(1.5) - 7 / 18))
HAND_E_A = 2 - 2 * math.log(2)
HAND_E_B = 4 * (1 - 8 / 27 * HAND_F) * 27 / 91

# Service mode (§13) at the cut 2025-03-01: X's haircuts every 30 days (active), its
# manicures every 10 days until 2025-01-30 (lost); in the holdout X has a haircut only.
# Two pairs judged, one returned; the lost pair is right.
HAND_SERVICE = """client,date,amount,category
X,2024-12-01,100,Hair
X,2024-12-31,100,Hair
X,2025-01-30,100,Hair
X,2025-01-10,50,Nails
X,2025-01-20,50,Nails
X,2025-01-30,50,Nails
X,2025-03-20,100,Hair
"""


def simpson(f, lo, hi, n=4000):
    h = (hi - lo) / n
    total = f(lo) + f(hi)
    for k in range(1, n):
        total += (4 if k % 2 else 2) * f(lo + k * h)
    return total * h / 3


def pareto_p_alive_by_integral(r, alpha, s, beta, x, t_x, T):
    """P(alive) from its definition (Fader & Hardie 2005, before the closed form):
    s/(r+s+x) · A_0 = ∫_{t_x}^{T} s (α+τ)^−(r+x) (β+τ)^−(s+1) dτ · (the same front factor)."""
    integral = simpson(lambda u: s * (alpha + u) ** -(r + x) * (beta + u) ** -(s + 1), t_x, T) if T > t_x else 0.0
    return 1 / (1 + (alpha + T) ** (r + x) * (beta + T) ** s * integral)


def selftest():
    failures, checks = [], [0]

    def close(name, expected, got, tolerance=1e-12):
        checks[0] += 1
        ok = (expected is None and got is None) or (
            expected is not None and got is not None and abs(float(got) - expected) <= tolerance * max(1, abs(expected)))
        if not ok:
            failures.append("%s: expected %r, got %r" % (name, expected, None if got is None else float(got)))

    # 2F1 at known values: the series, the z → 1 − z transformation (with a pole of 1/Γ in
    # it), an integer c − a − b near 1 (the series), a polynomial, and Gauss's sum at z = 1
    # against Γ.
    close("2F1(1,1;2;1/2) = 2 ln 2", 2 * math.log(2), hyp2f1(1, 1, 2, Fraction(1, 2)))
    close("2F1(1/2,1/2;3/2;1/4) = π/3", math.pi / 3, hyp2f1(0.5, 0.5, 1.5, 0.25))
    close("2F1(1/2,1/2;3/2;0.95) = asin(√0.95)/√0.95", math.asin(math.sqrt(0.95)) / math.sqrt(0.95),
          hyp2f1(0.5, 0.5, 1.5, Decimal("0.95")))
    close("2F1(0.7,1.3;1.3;0.97) = 0.03^-0.7", 0.03 ** -0.7, hyp2f1(Decimal("0.7"), Decimal("1.3"), Decimal("1.3"),
                                                                    Decimal("0.97")))
    close("2F1(1,1;2;0.99) = −ln(0.01)/0.99", -math.log(0.01) / 0.99, hyp2f1(1, 1, 2, Decimal("0.99")))
    close("2F1(−3,2;5;1/2) = 15/28", 15 / 28, hyp2f1(-3, 2, 5, Fraction(1, 2)))
    close("2F1(3,3;4;1/3) by hand", HAND_F, hyp2f1(3, 3, 4, Fraction(1, 3)))
    close("Γ(1/2) = √π", math.sqrt(math.pi), gamma(Decimal("0.5")))
    close("Γ(−1/2) = −2√π", -2 * math.sqrt(math.pi), gamma(Decimal("-0.5")))
    close("Γ(5) = 24", 24, gamma(5))
    close("Γ(30.25)", math.gamma(30.25), gamma(Decimal("30.25")), 1e-13)

    # The AUC: ties count one half; undefined without positives or negatives.
    close("AUC of [1, 1, 2, 3], positives 1st and 3rd", 0.375, auc([1, 1, 2, 3], [True, False, True, False]))
    close("AUC, every tie", 0.5, auc([2, 2, 2], [True, False, True]))
    close("AUC without negatives", None, auc([1, 2], [True, True]))

    # P(alive) and E by hand, BG/NBD and Pareto/NBD (α = β: 2F1 = 1; s = 1: the logarithm).
    bg = BGNBD(1, 2, 2, 1)
    close("BG/NBD P(alive) x = 0", 1, bg.p_alive(0, 0, 2))
    close("BG/NBD P(alive) x = 2, t_x = 4, T = 6: 27/91", 27 / 91, bg.p_alive(2, 4, 6))
    close("BG/NBD E[Y(4)] x = 0, T = 2: 2 − 2 ln 2", HAND_E_A, bg.expected(4, 0, 0, 2))
    close("BG/NBD E[Y(4)] x = 2, t_x = 4, T = 6 by hand", HAND_E_B, bg.expected(4, 2, 4, 6))
    pn = ParetoNBD(1, 2, 1, 2)
    close("Pareto/NBD α = β P(alive) x = 0, T = 2: 1/(1 + 1/2 · 4 · 4 · 3/16) = 0.4", 0.4, pn.p_alive(0, 0, 2))
    close("Pareto/NBD α = β E[Y(4)] (s = 1): 0.4 ln 2", 0.4 * math.log(2), pn.expected(4, 0, 0, 2))
    close("Pareto/NBD α = β P(alive) x = 2, t_x = 4, T = 6: 324/499", 324 / 499, pn.p_alive(2, 4, 6))
    close("Pareto/NBD t_x = T: P(alive) = 1", 1, ParetoNBD(0.5, 10, 0.6, 12).p_alive(3, 20, 20))
    # α ≠ β both ways, and a large x, against the integral that defines A_0 (Simpson's rule).
    for params, x, t_x, T in (((0.553, 10.578, 0.606, 11.669), 2, 30.4, 38.9),
                              ((0.553, 10.578, 0.606, 11.669), 0, 0, 38.9),
                              ((0.8, 20.0, 1.5, 3.0), 4, 10.0, 26.0),
                              ((0.8, 3.0, 2.5, 20.0), 50, 25.0, 26.0),
                              ((0.3, 6.0, 0.7, 6.0), 7, 12.0, 30.0)):
        close("Pareto/NBD P(alive) %s x %d t_x %s T %s against ∫" % (params, x, t_x, T),
              pareto_p_alive_by_integral(*params, x, t_x, T), ParetoNBD(*params).p_alive(x, D(t_x), D(T)), 1e-10)
    # s ≠ 1: E[Y(t)] = P(alive) · E[λ] E[(1 − e^−μt)/μ] over the posteriors Gamma(r+x, α+T),
    # Gamma(s, β+T): the μ part by Simpson on its density.
    r, alpha, s, beta, x, t_x, T, t = 0.553, 10.578, 0.606, 11.669, 3, 20.0, 38.9, 39.0
    m = ParetoNBD(r, alpha, s, beta)
    rate = beta + T
    # v = w^(1/s) takes the density's v^(s−1) away: ∫ v^(s−1) g(v) dv = (1/s) ∫ g(w^(1/s)) dw.
    g = lambda v: (1 - math.exp(-v * t)) / v if v else t
    mu_part = rate ** s / (math.gamma(s) * s) * simpson(lambda w: math.exp(-rate * w ** (1 / s)) * g(w ** (1 / s)),
                                                         0.0, 2.0 ** s, 20000)
    close("Pareto/NBD E[Y(t)] against ∫ over μ", float(m.p_alive(x, D(t_x), D(T))) * (r + x) / (alpha + T) * mu_part,
          m.expected(t, x, D(t_x), D(T)), 1e-8)

    # BG/NBD on CDNOW against fixtures/cdnow/classify_model_reference.csv (made with scipy and
    # mpmath at that fit): at the fit below (Nelder–Mead on the summary, LL −9582.4292), so
    # the figures agree to the fit's own accuracy (1e-5).
    reference = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                             "fixtures", "cdnow", "classify_model_reference.csv")
    if os.path.exists(reference):
        import csv
        fit = BGNBD(0.24259452122610098, 4.4136015453038, 0.7929226693242797, 2.4259089286528583)
        with open(reference, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                x = int(row["x"])
                t_x, T = Fraction(round(float(row["t_x"]) * 7), 7), Fraction(round(float(row["T"]) * 7), 7)
                close("CDNOW client %s p_alive" % row["client"], float(row["p_alive"]), fit.p_alive(x, t_x, T), 1e-5)
                close("CDNOW client %s expected_purchases (1 year)" % row["client"], float(row["expected_purchases"]),
                      fit.expected(Fraction(365, 7), x, t_x, T), 1e-5)

        # The calibration chart's counts on CDNOW at the cut 1997-09-30 (transaction-days,
        # weeks): the clients and holdout occasions by x of Fader, Hardie & Lee (2005), fig. 4,
        # (1 411 with x = 0 there: 8 of them have only $0 orders, no purchase day, and are not
        # judged), summing to the 1 882 repeat transactions of weeks 40–78.
        sample = os.path.join(os.path.dirname(reference), "cdnow_sample.csv")
        known, method = parse_args([sample, "--cut", "1997-09-30", "--occasions", "transaction-days", "--model",
                                    "bgnbd", "--params", '{"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}'])
        out, _ = backtest(known, method)
        got = [(row["x"], row["clients"], row["actual"]) for row in out["calibration"]]
        checks[0] += 1
        if got != [(0, 1403, 334), (1, 439, 306), (2, 214, 298), (3, 100, 156), (4, 62, 157), (5, 38, 112),
                   (6, 29, 112), ("7+", 64, 407), ("total", 2349, 1882)]:
            failures.append("CDNOW calibration counts: %s" % got)

    # The whole backtest on the two hand-worked clients, and on the service-mode case.
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "hand.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(HAND_MODEL)
        known, method = parse_args([path, "--cut", "2025-03-01", "--until", "2025-03-29", "--model", "bgnbd",
                                    "--params", '{"bgnbd": {"r": 1, "alpha": 2, "a": 2, "b": 1}}'])
        out, units = backtest(known, method)
        by = {u["key"]: u for u in units}
        close("hand backtest: A x, t_x, T", 0, by["A"]["x"] + by["A"]["t_x"] + abs(by["A"]["T"] - 2))
        close("hand backtest: B x, t_x, T", 0, abs(by["B"]["x"] - 2) + abs(by["B"]["t_x"] - 4) + abs(by["B"]["T"] - 6))
        close("hand backtest: A p_alive", 1, by["A"]["p_alive"])
        close("hand backtest: B p_alive", 27 / 91, by["B"]["p_alive"])
        close("hand backtest: A expected", HAND_E_A, by["A"]["expected"])
        close("hand backtest: B expected", HAND_E_B, by["B"]["expected"])
        calibration = {row["x"]: row for row in out["calibration"]}
        close("hand backtest: calibration x = 0", HAND_E_A + 1 + 10, calibration[0]["predicted"].value
              + calibration[0]["actual"] + 10 * calibration[0]["clients"])
        close("hand backtest: calibration x = 2", HAND_E_B + 10, calibration[2]["predicted"].value
              + 10 * calibration[2]["clients"] + calibration[2]["actual"], 1e-6)
        close("hand backtest: calibration total", HAND_E_A + HAND_E_B + 1 + 20, calibration["total"]["predicted"].value
              + calibration["total"]["actual"] + 10 * calibration["total"]["clients"], 1e-6)
        aucs = {row["score"]: row["auc"].value for row in out["scores"]}
        close("hand backtest: AUC of p_alive (B gone, A back)", 1, aucs["p_alive"])
        close("hand backtest: AUC of expected_purchases", 1 if HAND_E_B < HAND_E_A else 0, aucs["expected_purchases"])
        path = os.path.join(tmp, "service.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(HAND_SERVICE)
        out, units = backtest(*parse_args([path, "--cut", "2025-03-01"]))
        got = ["%s/%s %s %s" % (u["key"][0], u["key"][1], u["status"], u["returned"]) for u in units]
        checks[0] += 1
        if got != ["X/Hair active True", "X/Nails lost False"] or out["clients"] != 2 or out["returned"] != 1 \
                or out["lost"]["precision"].value != 1.0:
            failures.append("service-mode hand case: %s, clients %s, returned %s" % (got, out["clients"], out["returned"]))

    # Against mpmath where it is installed: 2F1 over the model's range of arguments (the
    # transformation's side z > 0.9 included), and Γ.
    try:
        import mpmath
    except ImportError:
        mpmath = None
    if mpmath is not None:
        mpmath.mp.dps = 40
        import random
        rng = random.Random(7)
        for _ in range(60):
            a, b = rng.uniform(0.05, 30), rng.uniform(0.05, 30)
            c = rng.uniform(0.1, 40)
            z = rng.choice([rng.uniform(0, 0.9), rng.uniform(0.9, 0.999)])
            a, b, c, z = (Decimal(repr(v)) for v in (a, b, c, z))
            expected = mpmath.hyp2f1(mpmath.mpf(str(a)), mpmath.mpf(str(b)), mpmath.mpf(str(c)), mpmath.mpf(str(z)))
            got = hyp2f1(a, b, c, z)
            checks[0] += 1
            if abs(mpmath.mpf(str(got)) / expected - 1) > mpmath.mpf("1e-25"):
                failures.append("2F1(%s, %s; %s; %s): mpmath %s, oracle %s" % (a, b, c, z, expected, got))
        for v in ("0.1", "3.7", "-2.5", "77.3", "123.456"):
            checks[0] += 1
            if abs(mpmath.mpf(str(gamma(Decimal(v)))) / mpmath.gamma(mpmath.mpf(v)) - 1) > mpmath.mpf("1e-35"):
                failures.append("Γ(%s) differs from mpmath" % v)
        # Pareto/NBD P(alive) against mpmath's quadrature of the integral defining A_0, over
        # parameters far apart (α ≫ β, β ≫ α, α = β) and large x.
        for _ in range(25):
            r, s_ = rng.uniform(0.1, 3), rng.uniform(0.1, 3)
            alpha, beta = rng.choice([(rng.uniform(0.5, 50), rng.uniform(0.01, 50)), (100.0, 0.01), (0.01, 100.0),
                                      (7.5, 7.5)])
            x = rng.choice([0, 1, 3, 10, 60, 300])
            T = rng.uniform(0.5, 80)
            t_x = 0.0 if x == 0 else rng.uniform(0, T)
            mp = [mpmath.mpf(repr(v)) for v in (r, alpha, s_, beta, x, t_x, T)]
            integral = mpmath.quad(lambda u: mp[2] * (mp[1] + u) ** -(mp[0] + mp[4]) * (mp[3] + u) ** -(mp[2] + 1),
                                   [mp[5] + (mp[6] - mp[5]) * k / 40 for k in range(41)])  # peaked at t_x
            expected = 1 / (1 + (mp[1] + mp[6]) ** (mp[0] + mp[4]) * (mp[3] + mp[6]) ** mp[2] * integral)
            got = ParetoNBD(r, alpha, s_, beta).p_alive(x, D(t_x), D(T))
            checks[0] += 1
            if abs(mpmath.mpf(str(got)) - expected) > mpmath.mpf("1e-15") * max(1, abs(expected)) \
                    and abs(mpmath.mpf(str(got)) / expected - 1) > mpmath.mpf("1e-12"):
                failures.append("Pareto/NBD P(alive) %s: mpmath ∫ %s, oracle %s" % ((r, alpha, s_, beta, x, t_x, T),
                                                                                 expected, got))
        print("selftest: mpmath %s: 60 values of 2F1 (to 1e-25), 5 of Γ and 25 Pareto/NBD P(alive) (its "
              "defining integral) compared" % mpmath.__version__)
    else:
        print("selftest: mpmath is not installed: its comparisons are skipped")

    if failures:
        print("\n".join(failures))
        print("selftest: %d of %d checks failed" % (len(failures), checks[0]))
        return 1
    print("selftest: %d checks agree" % checks[0])
    return 0


def main(argv):
    if argv[:1] in (["--selftest"], ["selftest"]):
        sys.exit(selftest())
    known, method = parse_args(argv)
    sys.stdout.write(dump(backtest(known, method)[0], method.scale) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
