#!/usr/bin/env python3
"""An independent implementation of SPEC.md §1–§8, §11 and §13, for checking abcxyz.

Written from the SPEC alone, as plainly as possible, sharing no code or
structure with the Swift engine: Python's csv module, datetime, Decimal and
Fraction, and floats only where the SPEC itself uses them (cv, share, rates,
factors). Float sums are written as loops, in day order, as SPEC §4 says
(Python 3.12's sum() of floats compensates, which the SPEC does not).

    spec_oracle.py classify FILE [options]   -> classify.csv on stdout
    spec_oracle.py winback FILE [options]    -> winback.csv on stdout
    spec_oracle.py winback FILE --by service -> §13's service win-back list
    spec_oracle.py services FILE [options]   -> §13's per-pair listing
    spec_oracle.py report FILE [options]     -> §8 period figures, the report's
                                                 totals and §13's `services`
                                                 array as JSON
    spec_oracle.py selftest                  -> checks the oracle against
                                                 the examples (fixtures/, or $ABCXYZ_EXAMPLES) and
                                                 examples/salon

Input: a comma-delimited CSV with a header naming client, date, amount and
optionally manager and category (or service); ISO dates; '.' decimals (a space
may group thousands). `--cycles service|client` (§13; service by default when
the file has a category column), `--service-period cycle|month|quarter|year`.
`--format` and `-q` are accepted and ignored, so the oracle takes the binary's
command lines.

Readings of the SPEC where its text leaves a choice are marked "Reading:".
Those of §13:
- The category column is headed `category` or `service` (any case); spaces and
  tabs around a category are not part of it (§9 says so of client and manager).
- `--cycles client` is §1–§7 exactly as written, the XYZ rate cv included (the
  main-service cv is a service-mode rule): classify and winback then equal a
  run on the file without its category column. Pair figures (`services`, the
  service win-back list, the report's `services`) do not depend on --cycles,
  except their abc/xyz/tier, which are the client's cell under the mode.
- Pairs exist at a day d (for §8 and the per-service periods) when the client
  has a purchase day ≤ d and the pair a pair purchase day ≤ d. A pair purchase
  day need not be a client purchase day (a return in another service that day).
- classify's purchases, first_purchase, last_purchase stay the client's (§1);
  cycle_days and recency_days are the deciding pair's (so last_purchase +
  recency_days need not be asOf: Dora in salon/). The deciding pair's
  recency / cycle is compared exactly; the client's status is the best of its
  pairs' statuses.
- The main service is chosen among all the client's pairs at asOf (annual value
  0 included, ties by service); it matters only to --xyz-measure rate, whose
  rates are the pair's daily nets over the pair's purchase days.
- c_s falls back to §5's population cycle at that day, and to the fallback
  cycle (30) when no client has an own cycle.
- The per-service cycle and L_s = ceil(cycle) are those at asOf; pair statuses
  at d0 use c_s and the population cycle recomputed at d0. month, quarter,
  year: months back from asOf, clamped as §2. --from/--to (§8) do not apply.
- A won pair is new when it did not exist at d0, reactivated otherwise; a
  client new to a service but not to the business is new for that service.
- Previous buyers of s: the pairs at asOf with a pair purchase day in
  (d0 − L, d0]; returned: of them, those with one in (d0, d1].
- A master row exists when something is counted in it; rows in byte order,
  the row without a master (null) last; the master is read from the pair's own
  rows only.
- One row per service with a pair at asOf, in byte order ("" first).
"""
import argparse
import calendar
import csv
import datetime as dt
import math
import os
import re
import sys
import tempfile
from decimal import Decimal, ROUND_HALF_UP
from fractions import Fraction

STANDARD_TIERS = [[1, 1, 2], [2, 2, 3], [3, 4, 4]]
# The worked examples: $ABCXYZ_EXAMPLES (the shared folder's examples/, with salon/ inside),
# else the repository's copies (fixtures/example/ and fixtures/salon/ beside it).
_FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "fixtures")
EXAMPLES = os.environ.get("ABCXYZ_EXAMPLES") or os.path.join(_FIXTURES, "example")
SALON = os.path.join(os.environ["ABCXYZ_EXAMPLES"], "salon") if os.environ.get("ABCXYZ_EXAMPLES") \
    else os.path.join(_FIXTURES, "salon")


def parse_args(argv):
    p = argparse.ArgumentParser()
    p.add_argument("command", choices=["classify", "winback", "report", "periods", "services"])
    p.add_argument("file")
    p.add_argument("--as-of")
    p.add_argument("--period", default="month", choices=["week", "month", "quarter"])
    p.add_argument("--months", "--periods", type=int, default=12)
    p.add_argument("--abc", default="0.80,0.95")
    p.add_argument("--xyz", default="0.10,0.25")
    p.add_argument("--abc-measure", default="annual-value", choices=["annual-value", "revenue"])
    p.add_argument("--xyz-measure", default="rate", choices=["rate", "revenue", "purchase-days"])
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
    p.add_argument("--report-period", default="month", choices=["month", "quarter", "year"])
    p.add_argument("--from", dest="from_day", help="first day of an explicit period (with --to)")
    p.add_argument("--to", dest="to_day", help="last day of an explicit period (with --from)")
    p.add_argument("--cycles", choices=["service", "client"],
                   help="SPEC §13; default: service when the input has a category column")
    p.add_argument("--by", default="client", choices=["client", "service"], help="winback: per client or per pair")
    p.add_argument("--service-period", default="cycle", choices=["cycle", "month", "quarter", "year"])
    p.add_argument("--category-column", help="the category column's header (§9: a column given by option); "
                   "default: the column headed category or service")
    # Accepted and ignored, so that the oracle takes the binary's command lines (the check's
    # plumbing can run against the oracle itself): listings are CSV, the report JSON.
    p.add_argument("--format")
    p.add_argument("-q", "--quiet", action="store_true")
    return p.parse_args(argv)


# ---------------------------------------------------------------- small helpers

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


def float_sum(values):
    """Left to right, one rounding per addition: the 'sums in day order' of SPEC §4."""
    total = 0.0
    for v in values:
        total += v
    return total


def population_cv(values):
    n = len(values)
    mean = float_sum(values) / n
    if mean <= 0:
        return None
    sd = math.sqrt(float_sum([(v - mean) * (v - mean) for v in values]) / n)
    return sd / mean


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


def id_key(client):
    return client.encode("utf-8")


def rate(numerator, denominator):
    """SPEC §8: a rate whose denominator is 0 is undefined (None), never 0."""
    return numerator / denominator if denominator else None


# ---------------------------------------------------------------- reading

CATEGORY_HEADERS = ("category", "service")


def read_rows(path, scale, category_column=None):
    """(client, date, minor units, manager or None, input order, category), every row of the
    file, and whether the file has a category column (§13; header `category` or `service`,
    any case, or the header named by `category_column`, any case). Reading: spaces and tabs
    around a category are not part of it, as §9 says of client and manager values; a
    missing or empty category is the service ""."""
    rows = []
    names = (category_column.strip().lower(),) if category_column else CATEGORY_HEADERS
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        category_key = next((k for k in reader.fieldnames or [] if k.strip().lower() in names), None)
        if category_column and category_key is None:
            sys.exit("spec_oracle.py: %s: no column headed %r" % (path, category_column))
        for order, r in enumerate(reader):
            manager = (r.get("manager") or "").strip(" \t")
            category = (r.get(category_key) or "").strip(" \t") if category_key else ""
            rows.append((r["client"].strip(" \t"), dt.date.fromisoformat(r["date"].strip()[:10]),
                         to_minor(r["amount"].strip(), scale), manager or None, order, category))
    return rows, category_key is not None


def status_of(recency, cycle, args):
    """SPEC §5's factors on a recency and a cycle."""
    if recency <= args.at_risk_factor * cycle:
        return "active"
    if recency <= args.lost_factor * cycle:
        return "at-risk"
    return "lost"


STATUS_RANK = {"active": 0, "at-risk": 1, "lost": 2}


class Data:
    """The histories up to asOf: rows per client and per pair (client, service) in (date,
    input order), and their daily nets."""

    def __init__(self, args):
        self.args = args
        all_rows, self.has_category = read_rows(args.file, args.scale, getattr(args, "category_column", None))
        self.rows_read = len(all_rows)
        # §13: --cycles service is the default when the input has a category column.
        self.mode = args.cycles or ("service" if self.has_category else "client")
        self.as_of = dt.date.fromisoformat(args.as_of) if args.as_of else max(r[1] for r in all_rows)
        self.history = {}
        for r in all_rows:
            if r[1] <= self.as_of:
                self.history.setdefault(r[0], []).append(r)
        self.daily = {}
        self.pair_rows = {}
        self.pair_daily = {}
        for client, rows in self.history.items():
            rows.sort(key=lambda r: (r[1], r[4]))
            nets = {}
            for r in rows:
                nets[r[1]] = nets.get(r[1], 0) + r[2]
                key = (client, r[5])
                self.pair_rows.setdefault(key, []).append(r)
                pair_nets = self.pair_daily.setdefault(key, {})
                pair_nets[r[1]] = pair_nets.get(r[1], 0) + r[2]
            self.daily[client] = nets
        self._client_cache = {}
        self._pair_cache = {}

    def purchase_days(self, client, up_to):
        return sorted(d for d, net in self.daily[client].items() if net > 0 and d <= up_to)

    def pair_purchase_days(self, key, up_to):
        """§13: the days on which the pair's net is > 0."""
        return sorted(d for d, net in self.pair_daily[key].items() if net > 0 and d <= up_to)

    def manager_at(self, client, day):
        """SPEC §8: the manager on the latest row dated ≤ day that names one (ties: later row)."""
        return latest_manager(self.history[client], day)

    def master_at(self, key, day):
        """SPEC §13: the same rule over the pair's rows."""
        return latest_manager(self.pair_rows[key], day)

    def client_cycles_at(self, day):
        """SPEC §5 as if asOf were `day` (§8): for every client with a purchase day ≤ day,
        its purchase days, own cycle, cycle, recency and status; and the population cycle."""
        if day not in self._client_cache:
            a = self.args
            out = {}
            for client in self.history:
                days = self.purchase_days(client, day)
                if not days:
                    continue
                intervals = [(y - x).days for x, y in zip(days, days[1:])]
                own = median(intervals) if len(intervals) >= a.min_intervals else None
                out[client] = dict(days=days, own=own)
            owns = [c["own"] for c in out.values() if c["own"] is not None]
            population = median(owns) if owns else None
            shared = population if population is not None else a.fallback_cycle
            for c in out.values():
                c["cycle"] = max(c["own"] if c["own"] is not None else shared, a.min_cycle)
                c["recency"] = (day - c["days"][-1]).days
                c["status"] = status_of(c["recency"], c["cycle"], a)
            self._client_cache[day] = (out, population)
        out, population = self._client_cache[day]
        return {i: dict(c) for i, c in out.items()}, population

    def pairs_at(self, day):
        """SPEC §13 as if asOf were `day`: every pair of a client with a purchase day ≤ day
        that has a pair purchase day ≤ day, with its own cycle, cycle, recency and status;
        the service cycles c_s (before minCycle); the population cycle of §5."""
        if day not in self._pair_cache:
            a = self.args
            clients, population = self.client_cycles_at(day)
            pairs = {}
            for key in self.pair_daily:
                if key[0] not in clients:   # only clients with a purchase day (§1) have pairs
                    continue
                days = self.pair_purchase_days(key, day)
                if not days:
                    continue
                intervals = [(y - x).days for x, y in zip(days, days[1:])]
                own = median(intervals) if len(intervals) >= a.min_intervals else None
                pairs[key] = dict(client=key[0], service=key[1], days=days, own=own)
            shared = population if population is not None else a.fallback_cycle
            owns = {}
            for p in pairs.values():
                owns.setdefault(p["service"], [])
                if p["own"] is not None:
                    owns[p["service"]].append(p["own"])
            service_cycles = {s: (median(v) if v else shared) for s, v in owns.items()}
            for p in pairs.values():
                own = p["own"]
                p["cycle"] = max(own if own is not None else service_cycles[p["service"]], a.min_cycle)
                p["recency"] = (day - p["days"][-1]).days
                p["status"] = status_of(p["recency"], p["cycle"], a)
            self._pair_cache[day] = (pairs, service_cycles, population)
        pairs, service_cycles, population = self._pair_cache[day]
        return {k: dict(p) for k, p in pairs.items()}, dict(service_cycles), population

    def statuses_at(self, day, mode=None):
        """Every client's cycle, recency and status at `day`: §5's in client mode; in service
        mode (§13) the best status among its pairs, with the cycle and recency of the pair
        that decides it (smallest recency / cycle, then smaller recency, then service)."""
        clients, population = self.client_cycles_at(day)
        if (mode or self.mode) == "service":
            pairs, _, _ = self.pairs_at(day)
            by_client = {}
            for p in pairs.values():
                by_client.setdefault(p["client"], []).append(p)
            for client, c in clients.items():
                ps = by_client[client]
                deciding = min(ps, key=lambda p: (Fraction(p["recency"]) / Fraction(p["cycle"]), p["recency"],
                                                  id_key(p["service"])))
                c["cycle"], c["recency"] = deciding["cycle"], deciding["recency"]
                c["status"] = min((p["status"] for p in ps), key=STATUS_RANK.get)
                c["deciding"] = deciding["service"]
        return clients, population


def latest_manager(rows, day):
    manager = None
    for r in rows:  # in (date, input order)
        if r[1] <= day and r[3]:
            manager = r[3]
    return manager


# ---------------------------------------------------------------- §1–§7 per client

def rate_cv(nets, purchase_days, min_periods):
    """SPEC §4's rate measure: net per day since the previous purchase day."""
    rates = [float(nets[q]) / (q - p).days for p, q in zip(purchase_days, purchase_days[1:])]
    return population_cv(rates) if len(rates) >= min_periods else None


def xyz_cv(data, client, purchase_days, period_of, n_periods, main_pair=None):
    """SPEC §4: the client's cv under the chosen measure, None when undefined. In service
    mode the rate measure is that of the client's main service (§13), `main_pair`."""
    a = data.args
    if a.xyz_measure == "rate":
        if main_pair is not None:
            return rate_cv(data.pair_daily[main_pair["key"]], main_pair["days"], a.min_periods)
        return rate_cv(data.daily[client], purchase_days, a.min_periods)
    per_period = {k: 0 for k in range(1, n_periods + 1)}
    if a.xyz_measure == "revenue":
        for r in data.history[client]:
            k = period_of(r[1])
            if k:
                per_period[k] += r[2]
    else:  # purchase-days
        for d in purchase_days:
            k = period_of(d)
            if k:
                per_period[k] += 1
    in_window = [period_of(d) for d in purchase_days if period_of(d)]
    if not in_window:
        return None
    newest, oldest = min(in_window), max(in_window)
    values = [float(per_period[k]) for k in range(oldest, newest - 1, -1)]  # oldest first: day order
    return population_cv(values) if len(values) >= a.min_periods else None


class Analysis:
    """What §3–§7 and §13 give at asOf: the clients in §11's classify order, the population
    cycle, the pairs in the order of §13's `services` listing, and the service cycles."""

    def __init__(self, ordered, population, pairs, service_cycles):
        self.ordered, self.population = ordered, population
        self.pairs, self.service_cycles = pairs, service_cycles


def analyse(data):
    a = data.args
    as_of = data.as_of
    bounds = [boundary(as_of, k, a.period) for k in range(a.months + 1)]

    def period_of(day):  # 1-based; None outside the window
        for k in range(1, a.months + 1):
            if bounds[k] < day <= bounds[k - 1]:
                return k
        return None

    statuses, population = data.statuses_at(as_of)
    # §13's pairs at asOf: annual value (strictly after the pair's last purchase − 365 days,
    # up to asOf, 0 if negative) and master at asOf; they exist in either --cycles mode.
    pair_map, service_cycles, _ = data.pairs_at(as_of)
    pairs_of = {}
    for key, p in pair_map.items():
        cutoff = p["days"][-1] - dt.timedelta(days=365)
        p["key"] = key
        p["annual"] = max(0, sum(r[2] for r in data.pair_rows[key] if r[1] > cutoff))
        p["master"] = data.master_at(key, as_of)
        pairs_of.setdefault(key[0], []).append(p)
    clients = {}
    for client, s in statuses.items():
        # The main service (§13): the pair with the largest annual value, ties by service.
        main_pair = min(pairs_of[client], key=lambda p: (-p["annual"], id_key(p["service"])))
        main = main_pair if data.mode == "service" else None
        history = data.history[client]
        days = s["days"]
        last = days[-1]
        cutoff = last - dt.timedelta(days=365)
        net_total = sum(r[2] for r in history)
        clients[client] = dict(
            client=client, revenue=sum(r[2] for r in history if period_of(r[1]) is not None),
            cv=xyz_cv(data, client, days, period_of, a.months, main), purchases=len(days),
            first=days[0], last=last, cycle=s["cycle"], recency=s["recency"], status=s["status"],
            annual=max(0, sum(r[2] for r in history if r[1] > cutoff)),
            aov=int((Decimal(net_total) / Decimal(len(days))).quantize(Decimal(1), rounding=ROUND_HALF_UP)),
            manager=data.manager_at(client, as_of), main_service=main_pair["service"],
            deciding=s.get("deciding"))

    ab, bb = (Fraction(x) for x in a.abc.split(","))
    x_lim, y_lim = (float(v) for v in a.xyz.split(","))
    tiers = [int(t) for t in a.tiers.split(",")]
    for c in clients.values():
        c["measure"] = c["annual"] if a.abc_measure == "annual-value" else c["revenue"]
    positive = sorted((c for c in clients.values() if c["measure"] > 0),
                      key=lambda c: (-c["measure"], id_key(c["client"])))
    rest = sorted((c for c in clients.values() if c["measure"] <= 0), key=lambda c: id_key(c["client"]))
    total = sum(c["measure"] for c in positive)
    before = 0
    for c in positive:
        c["abc"] = "A" if Fraction(before, total) < ab else "B" if Fraction(before, total) < bb else "C"
        c["share"] = c["measure"] / total
        before += c["measure"]
    for c in rest:
        c["abc"], c["share"] = "C", 0.0
    for c in clients.values():
        cv = c["cv"]
        c["xyz"] = "Z" if cv is None else "X" if cv <= x_lim else "Y" if cv <= y_lim else "Z"
        c["ltv"] = 0 if c["status"] == "active" else round_half_away(float(c["annual"]) * a.horizon * a.margin)
        row = "ABC".index(c["abc"]) * 3 + "XYZ".index(c["xyz"])
        c["cell_tier"] = tiers[row]
        c["tier"] = None if c["status"] == "active" else tiers[row]
    ordered = positive + rest
    pairs = []
    for c in ordered:
        for p in sorted(pairs_of[c["client"]], key=lambda p: id_key(p["service"])):
            p["abc"], p["xyz"] = c["abc"], c["xyz"]
            p["ltv"] = 0 if p["status"] == "active" else round_half_away(float(p["annual"]) * a.horizon * a.margin)
            p["tier"] = None if p["status"] == "active" else c["cell_tier"]
            pairs.append(p)
    return Analysis(ordered, population, pairs, service_cycles)


def classify_csv(ordered, scale):
    lines = ["client,revenue,share,abc,cv,xyz,purchases,first_purchase,last_purchase,cycle_days,"
             "recency_days,status,annual_value,aov,ltv_loss,tier,manager"]
    for c in ordered:
        lines.append(",".join([
            csv_field(c["client"]), money(c["revenue"], scale), "%.6f" % c["share"], c["abc"],
            "" if c["cv"] is None else "%.6f" % c["cv"], c["xyz"], str(c["purchases"]),
            c["first"].isoformat(), c["last"].isoformat(), days_text(c["cycle"]), str(c["recency"]),
            c["status"], money(c["annual"], scale), money(c["aov"], scale), money(c["ltv"], scale),
            "" if c["tier"] is None else str(c["tier"]), csv_field(c["manager"] or "")]))
    return "\n".join(lines) + "\n"


def services_csv(pairs, scale):
    """SPEC §13's `services` listing: one row per pair."""
    lines = ["client,service,purchases,first_purchase,last_purchase,cycle_days,recency_days,status,"
             "annual_value,ltv_loss,tier,abc,xyz,master"]
    for p in pairs:
        lines.append(",".join([
            csv_field(p["client"]), csv_field(p["service"]), str(len(p["days"])), p["days"][0].isoformat(),
            p["days"][-1].isoformat(), days_text(p["cycle"]), str(p["recency"]), p["status"],
            money(p["annual"], scale), money(p["ltv"], scale), "" if p["tier"] is None else str(p["tier"]),
            p["abc"], p["xyz"], csv_field(p["master"] or "")]))
    return "\n".join(lines) + "\n"


def service_winback_list(pairs):
    return sorted((p for p in pairs if p["tier"] is not None),
                  key=lambda p: (p["tier"], -p["ltv"], id_key(p["client"]), id_key(p["service"])))


def service_winback_csv(pairs, scale):
    """SPEC §13's service win-back list (`winback --by service`)."""
    lines = ["rank,client,service,tier,abc,xyz,status,ltv_loss,annual_value,recency_days,cycle_days,"
             "last_purchase,master"]
    for rank, p in enumerate(service_winback_list(pairs), 1):
        lines.append(",".join([
            str(rank), csv_field(p["client"]), csv_field(p["service"]), str(p["tier"]), p["abc"], p["xyz"],
            p["status"], money(p["ltv"], scale), money(p["annual"], scale), str(p["recency"]),
            days_text(p["cycle"]), p["days"][-1].isoformat(), csv_field(p["master"] or "")]))
    return "\n".join(lines) + "\n"


def winback_list(ordered):
    return sorted((c for c in ordered if c["tier"] is not None),
                  key=lambda c: (c["tier"], -c["ltv"], id_key(c["client"])))


def winback_csv(ordered, scale):
    lines = ["rank,client,tier,abc,xyz,status,ltv_loss,annual_value,recency_days,cycle_days,"
             "last_purchase,manager"]
    for rank, c in enumerate(winback_list(ordered), 1):
        lines.append(",".join([
            str(rank), csv_field(c["client"]), str(c["tier"]), c["abc"], c["xyz"], c["status"],
            money(c["ltv"], scale), money(c["annual"], scale), str(c["recency"]), days_text(c["cycle"]),
            c["last"].isoformat(), csv_field(c["manager"] or "")]))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- §8 period metrics

def reporting_period(data):
    """(d0, d1]. Reading: 'year' is 12 months back (clamped as §2), not 365 days; --from F
    --to T (an engine option, not in the SPEC) is the period (F − 1 day, T]."""
    a = data.args
    if a.from_day or a.to_day:
        if not (a.from_day and a.to_day):
            sys.exit("spec_oracle.py: --from and --to go together")
        return dt.date.fromisoformat(a.from_day) - dt.timedelta(days=1), dt.date.fromisoformat(a.to_day)
    months = {"month": 1, "quarter": 3, "year": 12}[a.report_period]
    return minus_months(data.as_of, months), data.as_of


def period_figures(data, ordered):
    """SPEC §8 for the whole business and per manager."""
    d0, d1 = reporting_period(data)
    at_d0, _ = data.statuses_at(d0)
    at_d1, _ = data.statuses_at(d1)
    customers_d0 = {i for i, s in at_d0.items() if s["status"] != "lost"}
    customers_d1 = {i for i, s in at_d1.items() if s["status"] != "lost"}
    won = customers_d1 - customers_d0
    # Reading: every won client either has its first purchase day in (d0, d1] (new) or a
    # purchase day ≤ d0 (reactivated; it cannot be on d0 itself, recency 0 is active).
    new = {i for i in won if i not in at_d0}
    reactivated = won - new
    churned = {i for i in customers_d0 if at_d1[i]["status"] == "lost"}
    # Reading: the previous period is (d0 − L, d0] with L = d1 − d0 in days (as §13 says
    # for services), not one calendar month before d0.
    previous_start = d0 - (d1 - d0)
    previous = {i for i in data.history if any(previous_start < d <= d0 for d in data.purchase_days(i, d0))}
    returned = {i for i in previous if any(d0 < d <= d1 for d in data.purchase_days(i, d1))}
    period = dict(
        start=d0, end=d1, previous_start=previous_start,
        cs=len(customers_d0), ce=len(customers_d1), cn=len(won), new=len(new),
        reactivated=len(reactivated), churned=len(churned),
        churn_rate=rate(len(churned), len(customers_d0)),
        retention_rate=rate(len(customers_d1) - len(won), len(customers_d0)),
        previous_buyers=len(previous), returned=len(returned),
        return_rate=rate(len(returned), len(previous)))

    # By manager: CS, churned, previous buyers and returned by the manager at d0 (Reading:
    # the SPEC names only CS/churned/churn rate; previous buyers follow §13's masters, at d0);
    # clients, statuses, lost rate (§13) and ltvLoss by the manager at asOf.
    managers = {}

    def row(m):
        return managers.setdefault(m, dict(manager=m, cs=0, churned=0, previous_buyers=0, returned=0,
                                           clients=0, active=0, at_risk=0, lost=0, ltv_loss=Money(0)))
    for i in customers_d0:
        r = row(data.manager_at(i, d0))
        r["cs"] += 1
        r["churned"] += i in churned
    for i in previous:
        r = row(data.manager_at(i, d0))
        r["previous_buyers"] += 1
        r["returned"] += i in returned
    for c in ordered:
        r = row(c["manager"])
        r["clients"] += 1
        r[c["status"].replace("-", "_")] += 1
        r["ltv_loss"] = Money(r["ltv_loss"].minor + c["ltv"])
    rows = []
    for m in sorted((m for m in managers if m is not None), key=id_key) + ([None] if None in managers else []):
        r = managers[m]
        r["churn_rate"] = rate(r["churned"], r["cs"])
        r["return_rate"] = rate(r["returned"], r["previous_buyers"])
        r["lost_rate"] = rate(r["lost"], r["clients"])
        rows.append(r)
    return period, rows


class Money:
    def __init__(self, minor):
        self.minor = minor


# ---------------------------------------------------------------- §13 per-service figures

def service_period(data, cycle):
    """(d0, d1] of a service: d1 = asOf; --service-period cycle: d0 = asOf − the service's
    cycle rounded up to whole days; month, quarter, year: as §8 (months back, clamped)."""
    kind = data.args.service_period
    if kind == "cycle":
        return data.as_of - dt.timedelta(days=math.ceil(cycle)), data.as_of
    return minus_months(data.as_of, {"month": 1, "quarter": 3, "year": 12}[kind]), data.as_of


def service_figures(data, analysis):
    """SPEC §13's report figures for each service, and per master within it. Pair statuses
    at d0 are §13's with the service cycles and the population cycle recomputed at d0; they
    do not depend on --cycles (which chooses how a client's status is made)."""
    a = data.args
    by_service = {}
    for p in analysis.pairs:
        by_service.setdefault(p["service"], []).append(p)
    out = []
    for service in sorted(by_service, key=id_key):
        pairs = by_service[service]
        cycle = max(analysis.service_cycles[service], a.min_cycle)
        d0, d1 = service_period(data, cycle)
        at_d0 = {k: q for k, q in data.pairs_at(d0)[0].items() if k[1] == service}
        now = {q["key"]: q for q in pairs}
        customers_d0 = {k for k, q in at_d0.items() if q["status"] != "lost"}
        customers_d1 = {k for k, q in now.items() if q["status"] != "lost"}
        won = customers_d1 - customers_d0
        new = {k for k in won if k not in at_d0}         # Reading: no pair at d0 at all
        churned = {k for k in customers_d0 if now[k]["status"] == "lost"}
        previous_start = d0 - (d1 - d0)
        # Reading: previous buyers are the pairs (of the listing at asOf) with a pair
        # purchase day in (d0 − L, d0]; returned: those with one in (d0, d1].
        previous = {k for k, q in now.items() if any(previous_start < d <= d0 for d in q["days"])}
        returned = {k for k in previous if any(d0 < d <= d1 for d in now[k]["days"])}
        masters = {}

        def row(m):
            return masters.setdefault(m, dict(
                master=m, customers_at_start=0, churned=0, previous_buyers=0, returned=0, return_rate=None,
                churn_rate=None, pairs=0, active=0, at_risk=0, lost=0, ltv_loss=Money(0), lost_rate=None))
        for k in customers_d0:
            r = row(data.master_at(k, d0))
            r["customers_at_start"] += 1
            r["churned"] += k in churned
        for k in previous:
            r = row(data.master_at(k, d0))
            r["previous_buyers"] += 1
            r["returned"] += k in returned
        for q in pairs:
            r = row(q["master"])
            r["pairs"] += 1
            r[q["status"].replace("-", "_")] += 1
            r["ltv_loss"] = Money(r["ltv_loss"].minor + q["ltv"])
        master_rows = []
        for m in sorted((m for m in masters if m is not None), key=id_key) + ([None] if None in masters else []):
            r = masters[m]
            r["churn_rate"] = rate(r["churned"], r["customers_at_start"])
            r["return_rate"] = rate(r["returned"], r["previous_buyers"])
            r["lost_rate"] = rate(r["lost"], r["pairs"])
            master_rows.append(r)
        lost = sum(q["status"] == "lost" for q in pairs)
        out.append(dict(
            service=service, cycle_days=float(cycle), period=dict(start=d0, end=d1), pairs=len(pairs),
            active=sum(q["status"] == "active" for q in pairs), at_risk=sum(q["status"] == "at-risk" for q in pairs),
            lost=lost, ltv_loss=Money(sum(q["ltv"] for q in pairs)),
            customers_at_start=len(customers_d0), customers_at_end=len(customers_d1), new_customers=len(new),
            customers_won=len(won), reactivated=len(won - new), churned=len(churned),
            churn_rate=rate(len(churned), len(customers_d0)),
            retention_rate=rate(len(customers_d1) - len(won), len(customers_d0)),
            previous_buyers=len(previous), returned=len(returned), return_rate=rate(len(returned), len(previous)),
            lost_rate=rate(lost, len(pairs)), masters=master_rows))
    return out


def report(data):
    """The §8 figures and the report's totals (§5–§7) as one JSON-ready dict."""
    analysis = analyse(data)
    ordered, population = analysis.ordered, analysis.population
    period, managers = period_figures(data, ordered)
    a = data.args
    y_lim = float(a.xyz.split(",")[1])
    cells = []
    for abc in "ABC":
        for xyz in "XYZ":
            cell = [c for c in ordered if c["abc"] == abc and c["xyz"] == xyz]
            cells.append(dict(abc=abc, xyz=xyz, clients=len(cell),
                              revenue=Money(sum(c["revenue"] for c in cell)),
                              active=sum(c["status"] == "active" for c in cell),
                              at_risk=sum(c["status"] == "at-risk" for c in cell),
                              lost=sum(c["status"] == "lost" for c in cell),
                              ltv_loss=Money(sum(c["ltv"] for c in cell))))
    by_tier = []
    for tier in (1, 2, 3, 4):
        listed = [c for c in ordered if c["tier"] == tier]
        by_tier.append(dict(tier=tier, clients=len(listed), ltv_loss=Money(sum(c["ltv"] for c in listed))))
    z = [c for c in ordered if c["xyz"] == "Z"]
    return dict(
        as_of=data.as_of, rows_read=data.rows_read, clients_with_purchases=len(ordered),
        clients_without_purchases=sorted((i for i in data.history if i not in {c["client"] for c in ordered}),
                                         key=id_key),
        population_cycle_days=population,
        statuses=dict(active=sum(c["status"] == "active" for c in ordered),
                      at_risk=sum(c["status"] == "at-risk" for c in ordered),
                      lost=sum(c["status"] == "lost" for c in ordered)),
        ltv_loss=dict(total=Money(sum(c["ltv"] for c in ordered)), by_tier=by_tier),
        z_clients=dict(erratic=sum(c["cv"] is not None and c["cv"] > y_lim for c in z),
                       too_short=sum(c["cv"] is None for c in z)),
        cells=cells, period=period, managers=managers, cycles=data.mode,
        services=service_figures(data, analysis))


def to_json(value, scale, indent=0):
    """A small JSON writer: money as a plain decimal number with `scale` digits (§11),
    dates as strings, undefined as null, rates as the double's shortest repr."""
    pad, inner = "  " * indent, "  " * (indent + 1)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Money):
        return money(value.minor, scale)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return days_text(value) if value.is_integer() else repr(value)
    if isinstance(value, dt.date):
        return '"' + value.isoformat() + '"'
    if isinstance(value, str):
        out = '"'
        for ch in value:
            out += {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(
                ch, ch if ord(ch) >= 0x20 else "\\u%04x" % ord(ch))
        return out + '"'
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [inner + to_json(k, scale) + ": " + to_json(v, scale, indent + 1) for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + to_json(v, scale, indent + 1) for v in value) + "\n" + pad + "]"
    raise TypeError(type(value))


# ---------------------------------------------------------------- self-test

def percent(r):
    text = "%.1f" % (r * 100)
    return (text[:-2] if text.endswith(".0") else text) + "%"


def readme_figures(rep, scale):
    """The worked example's README table, written from the oracle's own figures."""
    m = lambda v: money(v.minor, scale)
    p = rep["period"]
    cells = []
    for c in rep["cells"]:
        if c["clients"]:
            cells.append("%s%s %d (%s, %d, %s)" % (c["abc"], c["xyz"], c["clients"], m(c["revenue"]),
                                                   c["at_risk"] + c["lost"], m(c["ltv_loss"])))
    empty = [c["abc"] + c["xyz"] for c in rep["cells"] if not c["clients"]]
    cells_text = " · ".join(cells) + ("; " + " and ".join(empty) + " empty" if empty else "")
    managers = " · ".join("%s %d, %d, %s ; %s" % (r["manager"] or "(none)", r["cs"], r["churned"],
                                                   percent(r["churn_rate"]) if r["churn_rate"] is not None else "undefined",
                                                   m(r["ltv_loss"])) for r in rep["managers"] if r["cs"] or r["ltv_loss"].minor)
    none = rep["clients_without_purchases"]
    undefined = lambda r: "undefined" if r is None else percent(r)
    return {
        "rows read / accepted / rejected": "%d / %d / 0" % (rep["rows_read"], rep["rows_read"]),
        "clients with a purchase day": "%d (%s has none)" % (rep["clients_with_purchases"], ", ".join(none)),
        "population cycle": "%s days" % days_text(rep["population_cycle_days"]),
        "total LTV loss": m(rep["ltv_loss"]["total"]),
        "cells: clients (window revenue, at-risk+lost, LTV loss)": cells_text,
        "Z clients: erratic / too short a history for a cv": "%d / %d" % (rep["z_clients"]["erratic"],
                                                                         rep["z_clients"]["too_short"]),
        "value lost by tier (clients)": " · ".join("%d: %s (%d)" % (t["tier"], m(t["ltv_loss"]), t["clients"])
                                                   for t in rep["ltv_loss"]["by_tier"]),
        "period": "(%s, %s]" % (p["start"].isoformat(), p["end"].isoformat()),
        "CS / CE / CN (new, reactivated) / churned": "%d / %d / %d (%d, %d) / %d" % (
            p["cs"], p["ce"], p["cn"], p["new"], p["reactivated"], p["churned"]),
        "churn rate / retention (CRR) / return rate": "%s / %s / %s (%d of %d)" % (
            undefined(p["churn_rate"]), undefined(p["retention_rate"]), undefined(p["return_rate"]),
            p["returned"], p["previous_buyers"]),
        "by manager at d0: CS, churned, churn rate; LTV loss at as-of": managers,
    }


def selftest():
    source = os.path.join(EXAMPLES, "transactions.csv")
    failures = []

    def check(name, expected, actual):
        if expected == actual:
            return
        e_lines, a_lines = expected.splitlines(), actual.splitlines()
        for number, (e, a) in enumerate(zip(e_lines + [""], a_lines + [""]), 1):
            if e != a:
                failures.append("%s, line %d:\n  expected: %s\n  oracle:   %s" % (name, number, e, a))
                break

    def read(path):
        with open(path, encoding="utf-8") as f:
            return f.read()

    runs = [("", []), ("classic/", ["--abc-measure", "revenue", "--xyz-measure", "revenue"])]
    for folder, options in runs:
        data = Data(parse_args(["classify", source] + options))
        ordered = analyse(data).ordered
        check(folder + "classify.csv", read(os.path.join(EXAMPLES, folder, "classify.csv")),
              classify_csv(ordered, data.args.scale))
        check(folder + "winback.csv", read(os.path.join(EXAMPLES, folder, "winback.csv")),
              winback_csv(ordered, data.args.scale))
    # The README's table: every row of it must be what the oracle writes, figure for figure.
    table = {}
    for line in read(os.path.join(EXAMPLES, "README.md")).splitlines():
        cells = re.match(r"^\|\s*(.+?)\s*\|\s*(.+?)\s*\|$", line)
        if cells and cells.group(1) not in ("figure", "---"):
            table[cells.group(1)] = cells.group(2)
    for options in ([], ["--abc-measure", "revenue", "--xyz-measure", "revenue"]):
        data = Data(parse_args(["report", source] + options))
        ours = readme_figures(report(data), data.args.scale)
        for name, expected in table.items():
            # The README's cells and Z counts are those of the default measures only.
            if options and name.startswith(("cells", "Z clients", "value lost by tier")):
                continue
            check("README %s %s" % (" ".join(options) or "(defaults)", name), expected,
                  ours.get(name, "(the oracle has no such figure)"))
    checked = 4 + 2 * len(table)
    salon_checked = salon_selftest(check, read)
    checked += salon_checked + hand_selftest(check)
    if failures:
        print("\n".join(failures))
        print("selftest: %d of about %d checks failed" % (len(failures), checked))
        return 1
    print("selftest: classify.csv, winback.csv, classic/*.csv and %d README figures agree; salon/: "
          "4 listings and %d README figures agree; the hand-worked §13 case agrees" % (len(table), salon_checked - 4))
    return 0


# A case worked by hand from §13 (as-of 2025-03-20, the latest date). X's own cycle over
# all its days (9, 10, 10, 1, 30) is 10 = the population cycle; its Hair pair's is 30, its
# Nails pair's 10, so Hair (recency 18) is active and Nails (49 > 15) lost: X is active
# with cycle 30, recency 18, and lost in client mode (18 > 1.5 × 10). Hair and Nails have
# equal annual values (300.00): the main service is Hair, whose 2 rates leave cv undefined.
# At Hair's d0 (2025-02-18, 30 days back) X/Hair has one interval, takes the population
# cycle at d0 (9, 10, 10, 1 -> 9.5) and is lost (18 > 14.25): reactivated; its master at d0
# is M1, at as-of M2. At Nails' d0 (2025-03-10) Y had no pair: new. The month (2025-02-20,
# 2025-03-20]: X is lost at d0 in both modes (Hair 20 > 14.25, Nails 21 > 15), so service
# mode has CE 2, CN 2 (Y new, X reactivated), client mode CE 1, CN 1.
HAND_CASE = """client,date,amount,manager,category
X,2025-01-01,100,M1,Hair
X,2025-01-31,100,M1,Hair
X,2025-03-02,100,M2,Hair
X,2025-01-10,100,M1,Nails
X,2025-01-20,100,M1,Nails
X,2025-01-30,100,M1,Nails
Y,2025-03-20,50,,Nails
"""
HAND_SERVICES = """client,service,purchases,first_purchase,last_purchase,cycle_days,recency_days,status,annual_value,ltv_loss,tier,abc,xyz,master
X,Hair,3,2025-01-01,2025-03-02,30,18,active,300.00,0.00,,A,Z,M2
X,Nails,3,2025-01-10,2025-01-30,10,49,lost,300.00,300.00,2,A,Z,M1
Y,Nails,1,2025-03-20,2025-03-20,10,0,active,50.00,0.00,,B,Z,
"""


def hand_selftest(check):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "hand.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(HAND_CASE)
        service = Data(parse_args(["report", path]))
        client = Data(parse_args(["report", path, "--cycles", "client"]))
        analysis = analyse(service)
        check("hand case services", HAND_SERVICES, services_csv(analysis.pairs, 2))
        x = analysis.ordered[0]
        check("hand case X (service mode)", "X active 30 18 Hair None",
              "%s %s %s %s %s %s" % (x["client"], x["status"], days_text(x["cycle"]), x["recency"], x["main_service"],
                                     x["cv"]))
        xc = analyse(client).ordered[0]
        check("hand case X (client mode)", "lost 10 18", "%s %s %s" % (xc["status"], days_text(xc["cycle"]),
                                                                      xc["recency"]))
        figures = {f["service"]: f for f in report(service)["services"]}
        hair, nails = figures["Hair"], figures["Nails"]
        check("hand case Hair", "2025-02-18 CS 0 CE 1 new 0 reactivated 1 previous 1 returned 1 M1 M2",
              "%s CS %d CE %d new %d reactivated %d previous %d returned %d %s" % (
                  hair["period"]["start"].isoformat(), hair["customers_at_start"], hair["customers_at_end"],
                  hair["new_customers"], hair["reactivated"], hair["previous_buyers"], hair["returned"],
                  " ".join("%s" % m["master"] for m in hair["masters"])))
        check("hand case Nails", "2025-03-10 CS 0 CE 1 new 1 reactivated 0 pairs 2 lost 1 300.00 0.5",
              "%s CS %d CE %d new %d reactivated %d pairs %d lost %d %s %s" % (
                  nails["period"]["start"].isoformat(), nails["customers_at_start"], nails["customers_at_end"],
                  nails["new_customers"], nails["reactivated"], nails["pairs"], nails["lost"],
                  money(nails["ltv_loss"].minor, 2), nails["lost_rate"]))
        for name, data, expected in (("service", service, "CS 0 CE 2 CN 2 (1, 1)"), ("client", client, "CS 0 CE 1 CN 1 (1, 0)")):
            p = report(data)["period"]
            check("hand case month, %s mode" % name, expected,
                  "CS %d CE %d CN %d (%d, %d)" % (p["cs"], p["ce"], p["cn"], p["new"], p["reactivated"]))
    return 7


def spaced_money(minor, scale):
    """Money as the salon README writes it: thousands grouped by a space."""
    text = money(minor, scale)
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return sign + " ".join([whole] + groups) + ("." + frac if frac else "")


def salon_selftest(check, read):
    """SPEC §13's worked example: the four listings byte for byte, then every figure of
    salon/README.md (its table, the per-master and business paragraphs, its bullets).
    Returns the number of checks made."""
    folder = SALON
    source = os.path.join(folder, "transactions.csv")
    checks = 0
    data = Data(parse_args(["report", source]))
    analysis = analyse(data)
    scale = data.args.scale
    for name, text in (("classify.csv", classify_csv(analysis.ordered, scale)),
                       ("winback.csv", winback_csv(analysis.ordered, scale)),
                       ("services.csv", services_csv(analysis.pairs, scale)),
                       ("winback-services.csv", service_winback_csv(analysis.pairs, scale))):
        check("salon/" + name, read(os.path.join(folder, name)), text)
        checks += 1
    readme = read(os.path.join(folder, "README.md"))
    flat = " ".join(readme.split())
    rep = report(data)
    undefined = lambda r: "undefined" if r is None else percent(r)
    label = lambda s: s if s else "(none)"

    def contains(name, sentence):
        check("salon/README " + name, sentence if sentence in flat else "(not in the README)", sentence)

    # The opening paragraph.
    contains("rows, clients", "(%d rows, %d clients, a `category` column)" % (rep["rows_read"],
                                                                           rep["clients_with_purchases"]))
    contains("as-of", "as-of = %s, the latest date; `--cycles %s`" % (data.as_of.isoformat(), data.mode))
    checks += 2

    # The table of per-service figures, row by row.
    table = {}
    for line in readme.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 9 and cells[0] not in ("service", "---"):
            table[cells[0]] = " | ".join(cells)
    ours = {}
    for f in rep["services"]:
        ours[label(f["service"])] = " | ".join([
            label(f["service"]), days_text(f["cycle_days"]),
            "(%s, %s]" % (f["period"]["start"].isoformat(), f["period"]["end"].isoformat()),
            "%d (%d, %d, %d)" % (f["pairs"], f["active"], f["at_risk"], f["lost"]),
            spaced_money(f["ltv_loss"].minor, scale),
            "%d / %d / %d / %d" % (f["customers_at_start"], f["customers_at_end"], f["customers_won"], f["churned"]),
            "%s, %s" % (undefined(f["churn_rate"]), undefined(f["retention_rate"])),
            "%s (%d of %d)" % (undefined(f["return_rate"]), f["returned"], f["previous_buyers"]),
            undefined(f["lost_rate"])])
    for name in sorted(set(table) | set(ours)):
        check("salon/README table row " + name, table.get(name, "(no such row)"), ours.get(name, "(no such service)"))
        checks += 1

    # Per master within a service: the long form where the service had customers at d0.
    for f in rep["services"]:
        if label(f["service"]) + ": " not in flat.split("Per master within a service")[-1]:
            continue
        entries = []
        for m in f["masters"]:
            pairs = "%d pair%s" % (m["pairs"], "" if m["pairs"] == 1 else "s")
            value = spaced_money(m["ltv_loss"].minor, scale)
            if f["customers_at_start"]:
                entries.append("%s CS %d, churned %d, returned %d of %d, %s, %d lost, %s" % (
                    label(m["master"] or ""), m["customers_at_start"], m["churned"], m["returned"],
                    m["previous_buyers"], pairs, m["lost"], value))
            else:
                entries.append("%s %s, %d lost (%s), %s" % (label(m["master"] or ""), pairs, m["lost"],
                                                           undefined(m["lost_rate"]), value))
        contains("masters of " + label(f["service"]), label(f["service"]) + ": " + "; ".join(entries) + ".")
        checks += 1

    # The business as a whole (§8 with §13's client statuses) and the lost rate per manager.
    p = rep["period"]
    contains("business period", "(%s, %s], client statuses of §13: CS %d, CE %d, CN %d, churned %d, churn %s, "
             "CRR %s, return %s (%d of %d)." % (p["start"].isoformat(), p["end"].isoformat(), p["cs"], p["ce"],
                                                p["cn"], p["churned"], undefined(p["churn_rate"]),
                                                undefined(p["retention_rate"]), undefined(p["return_rate"]),
                                                p["returned"], p["previous_buyers"]))
    listed = flat.split("Lost rate per manager (lost / clients at as-of): ")[-1].rstrip(".").split(", ")
    written = ["%s %d of %d%s" % (r["manager"] or "(none)", r["lost"], r["clients"],
                                  " (%s)" % percent(r["lost_rate"]) if r["lost"] else "")
               for r in rep["managers"] if r["clients"]]
    check("salon/README lost rate per manager", " · ".join(sorted(listed)), " · ".join(sorted(written)))
    checks += 2

    # The bullets: each claim, from the oracle's own figures.
    clients = {c["client"]: c for c in analysis.ordered}
    pairs = {(q["client"], q["service"]): q for q in analysis.pairs}
    services = {f["service"]: f for f in rep["services"]}
    first_back = service_winback_list(analysis.pairs)[0]
    at_d0 = data.pairs_at(services["Haircut"]["period"]["start"])[0]
    client_mode = Data(parse_args(["classify", source, "--cycles", "client"]))
    client_mode_analysis = analyse(client_mode)
    bella_client_mode = {c["client"]: c for c in client_mode_analysis.ordered}["Bella"]
    bella = pairs[("Bella", "Botox")]
    iryna_rows = data.pair_rows[("Iryna K.", "Haircut")]
    claims = [
        ("Alla: haircut every 42 days (Olga)", pairs[("Alla", "Haircut")]["own"] == 42
         and pairs[("Alla", "Haircut")]["master"] == "Olga"),
        ("Alla: stopped her manicure (Iryna) in March, lost for it",
         pairs[("Alla", "Manicure")]["days"][-1].month == 3 and pairs[("Alla", "Manicure")]["master"] == "Iryna"
         and pairs[("Alla", "Manicure")]["status"] == "lost"),
        ("Alla: an active client", clients["Alla"]["status"] == "active"),
        ("Alla: first on the service win-back list, A, X by her main service the haircut, tier 1",
         (first_back["client"], first_back["service"], first_back["tier"]) == ("Alla", "Manicure", 1)
         and clients["Alla"]["abc"] + clients["Alla"]["xyz"] == "AX" and clients["Alla"]["main_service"] == "Haircut"),
        ("Bella: botox twice, 190 days apart, 208 days ago, no cycle of her own",
         len(bella["days"]) == 2 and (bella["days"][1] - bella["days"][0]).days == 190 and bella["recency"] == 208
         and bella["own"] is None),
        ("Bella: the botox cycle 178.5 days from Cleo and Dora makes her at risk",
         analysis.service_cycles["Botox"] == 178.5 and clients["Bella"]["status"] == "at-risk"
         and sorted(q["client"] for q in analysis.pairs if q["service"] == "Botox" and q["own"] is not None)
         == ["Cleo", "Dora"]),
        ("Bella: with --cycles client the population cycle (35 days) calls her lost",
         client_mode_analysis.population == 35 and bella_client_mode["cycle"] == 35
         and bella_client_mode["status"] == "lost"),
        ("Dora: botox active, haircut (Masha) at risk, active as a client",
         pairs[("Dora", "Botox")]["status"] == "active" and pairs[("Dora", "Haircut")]["status"] == "at-risk"
         and pairs[("Dora", "Haircut")]["master"] == "Masha" and clients["Dora"]["status"] == "active"),
        ("Eva: stopped her only service, lost",
         [k for k in pairs if k[0] == "Eva"] == [("Eva", "Manicure")] and clients["Eva"]["status"] == "lost"),
        ("Fira: overdue for her haircut, a refund after her last visit, annual value 13 500.00",
         clients["Fira"]["status"] == "at-risk" and pairs[("Fira", "Haircut")]["status"] == "at-risk"
         and any(r[2] < 0 and r[1] > clients["Fira"]["last"] for r in data.history["Fira"])
         and spaced_money(clients["Fira"]["annual"], scale) == "13 500.00"),
        ("Gala: new this month, two services on one day, haircut 41 and manicure 20.5",
         p["start"] < clients["Gala"]["first"] <= p["end"] and p["new"] >= 1
         and pairs[("Gala", "Haircut")]["days"] == pairs[("Gala", "Manicure")]["days"] == [clients["Gala"]["first"]]
         and pairs[("Gala", "Haircut")]["cycle"] == 41 and pairs[("Gala", "Manicure")]["cycle"] == 20.5),
        ("Hanna: a gift card with no category, the service \"\"", ("Hanna", "") in pairs),
        ("Iryna K.: moved from Olga to Masha in May",
         data.master_at(("Iryna K.", "Haircut"), dt.date(2025, 4, 30)) == "Olga"
         and pairs[("Iryna K.", "Haircut")]["master"] == "Masha"
         and min(r[1] for r in iryna_rows if r[3] == "Masha").month == 5),
    ]
    for claim, holds in claims:
        check("salon/README bullet", claim, claim if holds else "(does not hold)")
    return checks + len(claims)


def main(argv):
    if argv[:1] == ["selftest"]:
        sys.exit(selftest())
    args = parse_args(argv)
    data = Data(args)
    out = sys.stdout
    if args.command == "classify":
        out.write(classify_csv(analyse(data).ordered, args.scale))
    elif args.command == "winback" and args.by == "service":
        out.write(service_winback_csv(analyse(data).pairs, args.scale))
    elif args.command == "winback":
        out.write(winback_csv(analyse(data).ordered, args.scale))
    elif args.command == "services":
        out.write(services_csv(analyse(data).pairs, args.scale))
    else:
        out.write(to_json(report(data), args.scale) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
