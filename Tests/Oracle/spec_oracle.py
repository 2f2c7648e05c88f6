#!/usr/bin/env python3
"""An independent implementation of SPEC.md §1–§7 and §11, for checking abcxyz.

Written from the SPEC alone, as plainly as possible, sharing no code or
structure with the Swift engine: Python's csv module, datetime, Decimal and
Fraction, and floats only where the SPEC itself uses them (cv, share, factors).

    spec_oracle.py classify FILE [options]   -> classify.csv on stdout
    spec_oracle.py winback FILE [options]    -> winback.csv on stdout

Input: a comma-delimited CSV with a header naming client, date, amount and
optionally manager; ISO dates; '.' decimals (a space may group thousands).
"""
import argparse
import calendar
import csv
import datetime as dt
import math
import sys
from decimal import Decimal, ROUND_HALF_UP
from fractions import Fraction

STANDARD_TIERS = [[1, 1, 2], [2, 2, 3], [3, 4, 4]]


def parse_args(argv):
    p = argparse.ArgumentParser()
    p.add_argument("command", choices=["classify", "winback"])
    p.add_argument("file")
    p.add_argument("--as-of")
    p.add_argument("--period", default="month", choices=["week", "month", "quarter"])
    p.add_argument("--months", type=int, default=12)
    p.add_argument("--abc", default="0.80,0.95")
    p.add_argument("--xyz", default="0.10,0.25")
    p.add_argument("--xyz-measure", default="revenue")
    p.add_argument("--min-periods", type=int, default=3)
    p.add_argument("--min-intervals", type=int, default=2)
    p.add_argument("--fallback-cycle", type=float, default=30.0)
    p.add_argument("--min-cycle", type=float, default=7.0)
    p.add_argument("--at-risk-factor", type=float, default=1.0)
    p.add_argument("--lost-factor", type=float, default=1.5)
    p.add_argument("--horizon", type=float, default=1.0)
    p.add_argument("--margin", type=float, default=1.0)
    p.add_argument("--scale", type=int, default=2)
    p.add_argument("--tiers", default="1,1,2,2,2,3,3,4,4")
    return p.parse_args(argv)


def minus_months(day, n):
    index = day.year * 12 + (day.month - 1) - n
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def boundary(as_of, k, period):
    if period == "week":
        return as_of - dt.timedelta(days=7 * k)
    return minus_months(as_of, k * (3 if period == "quarter" else 1))


def to_minor(text, scale):
    value = Decimal(text.replace(" ", "")) * (Decimal(10) ** scale)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def round_half_away(x):
    return int(Decimal(x).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def median(values):
    s = sorted(values)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def money(minor, scale):
    sign = "-" if minor < 0 else ""
    digits = str(abs(minor)).rjust(scale + 1, "0")
    return sign + (digits[:-scale] + "." + digits[-scale:] if scale else digits)


def days_text(x):
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def csv_field(text):
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def analyse(args):
    rows = []
    with open(args.file, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        for order, r in enumerate(reader):
            manager = (r.get("manager") or "").strip(" \t")
            rows.append((r["client"].strip(" \t"), dt.date.fromisoformat(r["date"].strip()),
                         to_minor(r["amount"].strip(), args.scale), manager or None, order))
    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else max(r[1] for r in rows)
    rows = [r for r in rows if r[1] <= as_of]
    n_periods = args.months
    bounds = [boundary(as_of, k, args.period) for k in range(n_periods + 1)]

    def period_of(day):  # 1-based; None outside the window
        for k in range(1, n_periods + 1):
            if bounds[k] < day <= bounds[k - 1]:
                return k
        return None

    by_client = {}
    for r in rows:
        by_client.setdefault(r[0], []).append(r)

    clients = {}
    for client, history in by_client.items():
        history.sort(key=lambda r: (r[1], r[4]))
        daily = {}
        for r in history:
            daily[r[1]] = daily.get(r[1], 0) + r[2]
        purchase_days = sorted(d for d, net in daily.items() if net > 0)
        if not purchase_days:
            continue
        intervals = [(b - a).days for a, b in zip(purchase_days, purchase_days[1:])]
        own = median(intervals) if len(intervals) >= args.min_intervals else None
        revenue = sum(r[2] for r in history if period_of(r[1]) is not None)
        per_period = {k: 0 for k in range(1, n_periods + 1)}
        per_period_days = {k: 0 for k in range(1, n_periods + 1)}
        for r in history:
            k = period_of(r[1])
            if k:
                per_period[k] += r[2]
        for d in purchase_days:
            k = period_of(d)
            if k:
                per_period_days[k] += 1
        in_window = [period_of(d) for d in purchase_days if period_of(d)]
        cv = None
        if in_window:
            newest, oldest = min(in_window), max(in_window)
            source = per_period if args.xyz_measure == "revenue" else per_period_days
            values = [float(source[k]) for k in range(oldest, newest - 1, -1)]
            n = len(values)
            if n >= args.min_periods:
                mean = sum(values) / n
                if mean > 0:
                    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / n)
                    cv = sd / mean
        last = purchase_days[-1]
        cutoff = last - dt.timedelta(days=365)
        annual = max(0, sum(r[2] for r in history if r[1] > cutoff))
        manager = None
        for r in history:
            if r[3]:
                manager = r[3]
        clients[client] = dict(client=client, revenue=revenue, cv=cv, purchases=len(purchase_days),
                               first=purchase_days[0], last=last, own=own, annual=annual,
                               aov_num=sum(r[2] for r in history), manager=manager)

    owns = [c["own"] for c in clients.values() if c["own"] is not None]
    population = median(owns) if owns else None
    shared = max(population if population is not None else args.fallback_cycle, args.min_cycle)

    a, b = (Fraction(x) for x in args.abc.split(","))
    x_lim, y_lim = (float(v) for v in args.xyz.split(","))
    tiers = [int(t) for t in args.tiers.split(",")]
    key = lambda c: c["client"].encode("utf-8")
    positive = sorted((c for c in clients.values() if c["revenue"] > 0), key=lambda c: (-c["revenue"], key(c)))
    rest = sorted((c for c in clients.values() if c["revenue"] <= 0), key=key)
    total = sum(c["revenue"] for c in positive)
    before = 0
    for c in positive:
        c["abc"] = "A" if Fraction(before, total) < a else "B" if Fraction(before, total) < b else "C"
        c["share"] = c["revenue"] / total
        before += c["revenue"]
    for c in rest:
        c["abc"], c["share"] = "C", 0.0
    for c in clients.values():
        cv = c["cv"]
        c["xyz"] = "Z" if cv is None else "X" if cv <= x_lim else "Y" if cv <= y_lim else "Z"
        c["cycle"] = max(c["own"], args.min_cycle) if c["own"] is not None else shared
        c["recency"] = (as_of - c["last"]).days
        if c["recency"] <= args.at_risk_factor * c["cycle"]:
            c["status"] = "active"
        elif c["recency"] <= args.lost_factor * c["cycle"]:
            c["status"] = "at-risk"
        else:
            c["status"] = "lost"
        c["ltv"] = 0 if c["status"] == "active" else round_half_away(float(c["annual"]) * args.horizon * args.margin)
        c["aov"] = int((Decimal(c["aov_num"]) / Decimal(c["purchases"])).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        row = "ABC".index(c["abc"]) * 3 + "XYZ".index(c["xyz"])
        c["tier"] = None if c["status"] == "active" else tiers[row]
    return positive + rest, args.scale


def main(argv):
    args = parse_args(argv)
    ordered, scale = analyse(args)
    out = sys.stdout
    if args.command == "classify":
        out.write("client,revenue,share,abc,cv,xyz,purchases,first_purchase,last_purchase,cycle_days,"
                  "recency_days,status,annual_value,aov,ltv_loss,tier,manager\n")
        for c in ordered:
            out.write(",".join([
                csv_field(c["client"]), money(c["revenue"], scale), "%.6f" % c["share"], c["abc"],
                "" if c["cv"] is None else "%.6f" % c["cv"], c["xyz"], str(c["purchases"]),
                c["first"].isoformat(), c["last"].isoformat(), days_text(c["cycle"]), str(c["recency"]),
                c["status"], money(c["annual"], scale), money(c["aov"], scale), money(c["ltv"], scale),
                "" if c["tier"] is None else str(c["tier"]), csv_field(c["manager"] or "")]) + "\n")
    else:
        listed = sorted((c for c in ordered if c["tier"] is not None),
                        key=lambda c: (c["tier"], -c["ltv"], c["client"].encode("utf-8")))
        out.write("rank,client,tier,abc,xyz,status,ltv_loss,annual_value,recency_days,cycle_days,"
                  "last_purchase,manager\n")
        for rank, c in enumerate(listed, 1):
            out.write(",".join([
                str(rank), csv_field(c["client"]), str(c["tier"]), c["abc"], c["xyz"], c["status"],
                money(c["ltv"], scale), money(c["annual"], scale), str(c["recency"]), days_text(c["cycle"]),
                c["last"].isoformat(), csv_field(c["manager"] or "")]) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
