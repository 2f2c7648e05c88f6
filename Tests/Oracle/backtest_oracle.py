#!/usr/bin/env python3
"""An independent computation of SPEC §15 (the backtest), for checking `abcxyz backtest`.

Written from the text of SPEC §15 alone. It reads nothing of the Swift engine; for
§1–§7 at the cut it uses spec_oracle.py (an independent implementation of those
sections), run with asOf = the cut, which sees only the rows dated on or before it.

    backtest_oracle.py FILE --cut DATE [--until DATE] [--target-precision P] [method options]
        -> the backtest as JSON on stdout, laid out as `abcxyz backtest --format json`
           lays it out (so the two can be compared as text)

The method options are spec_oracle.py's (--period, --months, --abc, --xyz, --abc-measure,
--xyz-measure, --min-periods, --min-intervals, --fallback-cycle, --min-cycle,
--at-risk-factor, --lost-factor, --horizon, --margin, --scale, --tiers).

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
"""
import argparse
import datetime as dt
import os
import sys
from bisect import bisect_left, bisect_right
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
    known, rest = p.parse_known_args(argv)
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


# ---------------------------------------------------------------- §15

def holdout(path, scale, cut, until):
    """Per client: (returned, net) over the rows dated in (cut, until]. Returned: a day whose
    net is > 0 (a purchase day, §1)."""
    nets = {}
    for client, day, minor, *_ in spec_oracle.read_rows(path, scale)[0]:
        if cut < day <= until:
            nets.setdefault(client, {}).setdefault(day, 0)
            nets[client][day] += minor
    return {c: (any(v > 0 for v in days.values()), sum(days.values())) for c, days in nets.items()}


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


def backtest(known, method):
    cut = dt.date.fromisoformat(known.cut)
    data = spec_oracle.Data(method)
    ordered = spec_oracle.analyse(data).ordered
    all_days = [r[1] for r in spec_oracle.read_rows(known.file, method.scale)[0]]
    until = dt.date.fromisoformat(known.until) if known.until else max(all_days)
    outcome = holdout(known.file, method.scale, cut, until)
    back = {c["client"]: outcome.get(c["client"], (False, 0)) for c in ordered}
    stayed_away = {c["client"] for c in ordered if not back[c["client"]][0]}

    def group(members, key):
        returned = sum(back[c["client"]][0] for c in members)
        return dict([key, ("clients", len(members)), ("returned", returned),
                     ("share", Rate(returned / len(members) if members else None)),
                     ("ltv_loss", Money(sum(c["ltv"] for c in members))),
                     ("holdout_revenue", Money(sum(back[c["client"]][1] for c in members)))])

    statuses = [group([c for c in ordered if c["status"] == s], ("status", s)) for s in STATUSES]
    tiers = [group([c for c in ordered if c["tier"] == t], ("tier", t)) for t in (1, 2, 3, 4)]
    lost, _ = forecast({c["client"] for c in ordered if c["status"] == "lost"}, stayed_away)
    at_risk_or_lost, _ = forecast({c["client"] for c in ordered if c["status"] != "active"}, stayed_away)

    r, current = method.at_risk_factor, method.lost_factor
    factors = sorted(set(SWEEP + [current]))
    sweep, recommended = [], None
    for l in factors:
        gone = {c["client"] for c in ordered if status_with(c, min(r, l), l) == "lost"}
        figures, precision = forecast(gone, stayed_away)
        row = dict(lost_factor=Factor(l))
        row.update(figures)
        row["current"] = l == current
        sweep.append(row)
        if recommended is None and precision is not None and float(precision) >= known.target_precision:
            recommended = l

    overdue = [c["recency"] / c["cycle"] for c in ordered]
    return dict(
        cut=cut.isoformat(), until=until.isoformat(), clients=len(ordered),
        returned=len(ordered) - len(stayed_away), statuses=statuses, tiers=tiers,
        lost=lost, at_risk_or_lost=at_risk_or_lost, sweep=sweep,
        recommended_lost_factor=None if recommended is None else Factor(recommended),
        scores=[dict(score="overdue_ratio",
                     auc=Rate(auc(overdue, [c["client"] in stayed_away for c in ordered])))])


def main(argv):
    known, method = parse_args(argv)
    sys.stdout.write(dump(backtest(known, method), method.scale) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
