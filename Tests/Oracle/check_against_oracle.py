#!/usr/bin/env python3
"""Generates seeded transaction sets and checks that `abcxyz classify`,
`abcxyz winback` and `abcxyz report --format json` agree field for field with
spec_oracle.py on every one, under every pair of ABC/XYZ measures (SPEC §3, §4).

    check_against_oracle.py --binary .build/debug/abcxyz [--cases 40] [--seed 1]
        [--measures default,revenue,...] [--no-report] [--classic-binary]

--classic-binary: the binary predates the measures of SPEC §3/§4 (its defaults
are window revenue for ABC and revenue per period for XYZ, and it knows no
--abc-measure); only the classic measure pairs run, the oracle is told the
measures explicitly, and report keys the binary does not print yet are skipped.

Each set mixes what real exports do: refunds (also after the last purchase and
refund-only clients), several rows a day, a purchase refunded the same day,
ids that need quoting (commas, quotes, Cyrillic, CJK, spaces around), managers
that change or are missing, clients who stop buying, rows out of date order,
sub-cent amounts and thousands separators, leap days and month ends, equal
revenues, a young business whose rates are undefined. Option sets cover every
method option, each under every chosen measure pair, with a reporting period of
month, quarter, year or --from/--to in turn for the report (§8), which runs
once per data set under one of the measure pairs in turn. The report's JSON key names
are mapped in one table (PERIOD_KEYS, MANAGER_KEYS, ...) below. Exit status 1
on any difference, with the seed, the options and the first differing fields.

    check_against_oracle.py --binary .build/debug/abcxyz --services [--cases 40]

--services runs SPEC §13 instead: first the salon example (the binary's four
listings against examples/salon byte for byte, its report's per-service rows
against the oracle's), then generated multi-service sets (services of
different rhythms, clients using 1-3 of them with a stop per service, empty
categories, refunds in one service on a purchase day of another, masters that
change), each in service mode (the default for a category file, or said) and
with --cycles client, at the default as-of and an explicit one: classify,
winback, services, winback --by service, and the whole report with its
`services` array (SERVICE_KEYS, SERVICE_MASTER_KEYS) and §8's manager lost rate.
--binary oracle [options] stands the oracle in for the binary with identity
key tables: a clean run tests this script; options (e.g. --lost-factor 1.4)
make a mutant whose differences it must catch.
"""
import argparse
import datetime as dt
import json
import os
import random
import shlex
import subprocess
import sys
import tempfile
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.join(HERE, "spec_oracle.py")
# The worked examples: $ABCXYZ_EXAMPLES (the shared folder's examples/, with salon/ inside),
# else the repository's copies (fixtures/example/ and fixtures/salon/ beside it).
_FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "fixtures")
EXAMPLES = os.environ.get("ABCXYZ_EXAMPLES") or os.path.join(_FIXTURES, "example")
SALON = os.path.join(os.environ["ABCXYZ_EXAMPLES"], "salon") if os.environ.get("ABCXYZ_EXAMPLES") \
    else os.path.join(_FIXTURES, "salon")

NAMES = ["ACME", "Bolt", "Smith, J.", 'He said "hi"', "Ольга", "王芳", "Zed", "a-lower", "Émile",
         " Spaced ", "Café;Bar", "ΑΒΓ", "O'Brien"]
MANAGERS = ["Anna", "Boris", "Вера", "Li Na", "Smith, K."]

OPTION_SETS = [
    [],
    ["--period", "week", "--months", "26"],
    ["--period", "quarter", "--months", "8"],
    ["--months", "6", "--abc", "0.7,0.9", "--xyz", "0.2,0.5"],
    ["--margin", "0.35", "--horizon", "2"],
    ["--min-cycle", "10", "--at-risk-factor", "1.2", "--lost-factor", "2"],
    ["--min-periods", "2", "--min-intervals", "1", "--fallback-cycle", "45"],
    ["--tiers", "1,2,3,2,3,4,3,4,4"],
    ["--abc", "0.5,0.5", "--months", "24"],
    ["--scale", "3", "--margin", "0.5"],
]

# The ABC/XYZ measures (SPEC §3, §4), each run on every data set: the oracle's options,
# which the binary is given too (see --classic-binary).
MEASURE_PAIRS = {
    "default": [],                                                   # annual-value, rate
    "revenue": ["--abc-measure", "revenue", "--xyz-measure", "revenue"],  # the classic
    "purchase-days": ["--xyz-measure", "purchase-days"],             # annual-value, purchase-days
    "classic-purchase-days": ["--abc-measure", "revenue", "--xyz-measure", "purchase-days"],
    "revenue-rate": ["--abc-measure", "revenue"],                    # revenue, rate
}
DEFAULT_MEASURES = ["default", "revenue", "purchase-days"]
CLASSIC_MEASURES = ["revenue", "classic-purchase-days"]
# What a binary without --abc-measure did by default, so the flag can be left out for it.
CLASSIC_DEFAULTS = {("--abc-measure", "revenue"), ("--xyz-measure", "revenue")}
# Reporting periods of §8, one per data set in turn; "explicit" is the engine's
# --from/--to (not in the SPEC; the oracle reads it as the period (from - 1 day, to]).
REPORT_PERIODS = ["month", "quarter", "year", "explicit"]
# Binary keys whose rule the SPEC revision changed (CN counts reactivated clients, so
# CRR = (CE - CN) / CS): not compared with --classic-binary, which predates the change.
CHANGED_IN_REVISION = {"new_customers", "retention_rate"}

# ---- The report's JSON: oracle key -> binary key (None: not compared). Adjust here when
# the engine's names change. Rates are compared to 5e-7, money and counts exactly.
BINARY_PERIOD = "period"          # the binary's key holding the §8 period object
BINARY_MANAGERS = "managers"      # the binary's key holding the list of manager rows
BINARY_MANAGER_NAME = "manager"   # the key naming the manager in each row (null: no manager)
PERIOD_KEYS = {
    "start": "start",                       # d0
    "end": "end",                           # d1
    "previous_start": "previous_start",     # d0 - (d1 - d0)
    "cs": "customers_at_start",
    "ce": "customers_at_end",
    "cn": "customers_won",                  # CN: new and reactivated (SPEC §8)
    "new": "new_customers",                 # first purchase day in (d0, d1]
    "reactivated": "reactivated",
    "churned": "churned",
    "churn_rate": "churn_rate",
    "retention_rate": "retention_rate",
    "previous_buyers": "previous_buyers",
    "returned": "returned",
    "return_rate": "return_rate",
}
MANAGER_KEYS = {
    "cs": "customers_at_start",             # clients theirs at d0 (SPEC §8)
    "churned": "churned",
    "churn_rate": "churn_rate",
    "previous_buyers": "previous_buyers",   # manager at d0: the oracle's reading
    "returned": "returned",
    "return_rate": "return_rate",
    "clients": "clients",                   # manager at asOf
    "active": None,
    "at_risk": "at_risk",
    "lost": "lost",
    "lost_rate": None,                      # SPEC §13: lost / clients (not printed yet)
    "ltv_loss": "ltv_loss",                 # manager at asOf (SPEC §8)
}
# Totals of the report: oracle path -> binary path (dots separate keys).
TOTAL_KEYS = {
    "population_cycle_days": "population_cycle_days",
    "statuses.active": "statuses.active",
    "statuses.at_risk": "statuses.at_risk",
    "statuses.lost": "statuses.lost",
    "ltv_loss.total": "ltv_loss.total",
}
TIER_KEYS = {"clients": "clients", "ltv_loss": "ltv_loss"}   # ltv_loss.by_tier, matched by tier
BINARY_TIERS = "ltv_loss.by_tier"
CELL_KEYS = {"clients": "clients", "revenue": "revenue", "active": "active", "at_risk": "at_risk",
             "lost": "lost", "ltv_loss": "ltv_loss"}          # matrix cells, matched by abc, xyz
BINARY_CELLS = "matrix.cells"


# ---- SPEC §13 (--services): the report's per-service figures, oracle key -> binary key.
# The oracle writes the binary's names, so the table is the identity until the engine's differ.
BINARY_SERVICES = "services"         # the binary's key holding the list of per-service rows
BINARY_SERVICE_NAME = "service"      # the key naming the service ("" for none)
BINARY_SERVICE_MASTERS = "masters"   # the key, in a service row, holding its per-master rows
BINARY_MASTER_NAME = "master"        # the key naming the master in each row (null: no master)
SERVICE_KEYS = {
    "cycle_days": "cycle_days",                   # max(c_s, minCycle)
    "period.start": "period.start",               # d0
    "period.end": "period.end",                   # d1 = asOf
    "pairs": "pairs",                             # at asOf
    "active": "active",
    "at_risk": "at_risk",
    "lost": "lost",
    "ltv_loss": "ltv_loss",
    "customers_at_start": "customers_at_start",   # CS over pairs
    "customers_at_end": "customers_at_end",       # CE
    "new_customers": "new_customers",             # brand-new pairs
    "customers_won": None,                        # CN = new + reactivated: not among §13's JSON keys
    "reactivated": "reactivated",
    "churned": "churned",
    "churn_rate": "churn_rate",
    "retention_rate": "retention_rate",
    "previous_buyers": "previous_buyers",         # pairs with a purchase day in (d0 - L, d0]
    "returned": "returned",
    "return_rate": "return_rate",
    "lost_rate": "lost_rate",                     # lost / pairs at asOf
}
SERVICE_MASTER_KEYS = {
    "customers_at_start": "customers_at_start",   # master at d0
    "churned": "churned",
    "churn_rate": "churn_rate",
    "previous_buyers": "previous_buyers",
    "returned": "returned",
    "return_rate": "return_rate",
    "pairs": "pairs",                             # master at asOf
    "active": "active",
    "at_risk": "at_risk",
    "lost": "lost",
    "ltv_loss": "ltv_loss",
    "lost_rate": "lost_rate",
}
# Services with their rhythms in days ("" is the empty category: gift cards, sundries).
SERVICES = [("Haircut", 42), ("Manicure", 21), ("Botox", 180), ("Massage, 60 min", 14), ("Coloring", 63),
            ("Стрижка", 35), ('Peel "deep"', 90), ("", 30)]
MASTERS = ["Olga", "Masha", "Iryna", "Dr. Petrov", "Anna", "Smith, K."]
SERVICE_OPTION_SETS = [
    [],
    ["--min-cycle", "10", "--at-risk-factor", "1.2", "--lost-factor", "2"],
    ["--min-intervals", "1", "--fallback-cycle", "45"],
    ["--margin", "0.35", "--horizon", "2"],
    ["--abc-measure", "revenue", "--xyz-measure", "revenue"],
    ["--tiers", "1,2,3,2,3,4,3,4,4", "--abc", "0.7,0.9"],
    ["--min-periods", "2", "--xyz", "0.2,0.5"],
    ["--min-intervals", "3", "--min-cycle", "3"],
    ["--scale", "3"],
]
SERVICE_PERIODS = ["cycle", "month", "quarter", "year"]


def use_oracle_keys():
    """--binary oracle: the oracle stands in for the binary, so every table maps a key to
    itself; a clean run then shows the script's own plumbing (runs, matching, tables) works."""
    global BINARY_PERIOD, BINARY_MANAGERS, BINARY_TIERS, BINARY_CELLS
    for table in (PERIOD_KEYS, MANAGER_KEYS, TOTAL_KEYS, TIER_KEYS, CELL_KEYS, SERVICE_KEYS, SERVICE_MASTER_KEYS):
        for key in table:
            table[key] = key
    BINARY_PERIOD, BINARY_MANAGERS, BINARY_TIERS, BINARY_CELLS = "period", "managers", "ltv_loss.by_tier", "cells"


def quote(text):
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n\r') else text


def amount_text(minor, rng, scale):
    sign = "-" if minor < 0 else ""
    digits = str(abs(minor)).rjust(scale + 1, "0")
    whole, frac = digits[:-scale] or "0", digits[-scale:]
    if rng.random() < 0.1 and len(whole) > 3:
        whole = whole[:-3] + " " + whole[-3:]
    if rng.random() < 0.1:
        frac += str(rng.choice([0, 4, 5, 9]))  # one more digit: rounding half away from zero
    return sign + whole + "." + frac


def generate(seed, path, scale):
    rng = random.Random(seed)
    end = dt.date(2024, 2, 29) + dt.timedelta(days=rng.randrange(0, 700))
    start = end - dt.timedelta(days=rng.randrange(400, 1100))
    young = rng.random() < 0.08  # a young business: no customer before the period, undefined rates (§8)
    if young:
        start = end - dt.timedelta(days=5)
    n_clients = rng.randrange(5, 60)
    rows = []
    used = set()
    for i in range(n_clients):
        name = rng.choice(NAMES) + (str(i) if rng.random() < 0.7 else "")
        if name.strip() in used:
            name = f"C{i:03d}"
        used.add(name.strip())
        cycle = rng.choice([3, 7, 14, 30, 31, 45, 60, 90, 120, 180])
        first = start + dt.timedelta(days=rng.randrange(0, max(1, (end - start).days)))
        stop = end + dt.timedelta(days=30)
        if rng.random() < 0.45:
            stop = first + dt.timedelta(days=rng.randrange(0, max(1, (end - first).days + 1)))
        base = rng.choice([500, 2_000, 10_000, 75_050, 300_000, 1_000_000]) * (10 ** (scale - 2) if scale >= 2 else 1)
        manager = rng.choice(MANAGERS + [None])
        day = first
        refund_only = rng.random() < 0.05
        while day <= min(stop, end + dt.timedelta(days=20)):
            if rng.random() < 0.1:
                manager = rng.choice(MANAGERS + [None])
            amount = base if rng.random() < 0.3 else int(base * rng.uniform(0.3, 2.5))
            if refund_only:
                amount = -amount
            rows.append((name, day, amount, manager))
            if rng.random() < 0.15:  # several rows a day
                rows.append((name, day, int(base * rng.uniform(0.1, 1)), rng.choice([manager, None])))
            if rng.random() < 0.05:  # refunded the same day
                rows.append((name, day, -amount, manager))
            if rng.random() < 0.04:  # refund a bit later (maybe after the last purchase)
                rows.append((name, day + dt.timedelta(days=rng.randrange(1, 20)), -amount // 2, manager))
            day += dt.timedelta(days=max(1, int(cycle * rng.uniform(0.6, 1.4))))
    # equal revenues, to exercise ties by id
    for tie in ("TieB", "TieA"):
        rows.append((tie, end - dt.timedelta(days=3 if young else 10), 12_345, "Anna"))
    rng.shuffle(rows) if rng.random() < 0.3 else rows.sort(key=lambda r: r[1])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("client,date,amount,manager\n")
        for name, day, amount, manager in rows:
            f.write(f"{quote(name)},{day.isoformat()},{amount_text(amount, rng, scale)},{quote(manager or '')}\n")
    as_of = None
    if rng.random() < 0.3 and not young:
        as_of = (end - dt.timedelta(days=rng.randrange(0, 120))).isoformat()
    return as_of, max(r[1] for r in rows)


def generate_services(seed, path, scale):
    """A salon-like multi-service set (SPEC §13): each client uses 1-3 services, each at that
    service's rhythm with its own start and (often) stop, a master per pair who sometimes
    changes (or is missing), refunds (same day, later, refund-only pairs, a refund in one
    service on the day of a purchase in another), two services on one day, rows with an
    empty category, and in some sets spaces around the category or the header `service`."""
    rng = random.Random(seed * 7919 + 13)
    end = dt.date(2024, 2, 29) + dt.timedelta(days=rng.randrange(0, 700))
    start = end - dt.timedelta(days=rng.randrange(300, 1000))
    young = rng.random() < 0.06
    if young:
        start = end - dt.timedelta(days=6)
    spaced = rng.random() < 0.25          # " Haircut " is the service "Haircut" (§9's rule, read for category)
    header = "service" if rng.random() < 0.15 else "category"
    services = rng.sample(SERVICES, rng.randrange(2, len(SERVICES) + 1))
    rows = []
    used = set()
    for i in range(rng.randrange(5, 40)):
        name = rng.choice(NAMES) + (str(i) if rng.random() < 0.7 else "")
        if name.strip() in used:
            name = f"C{i:03d}"
        used.add(name.strip())
        first_day = start + dt.timedelta(days=rng.randrange(0, max(1, (end - start).days)))
        together = rng.random() < 0.2     # the client's services start on one day
        for service, rhythm in rng.sample(services, min(len(services), rng.choice([1, 1, 2, 2, 3]))):
            base = (rng.choice([900, 1_800, 2_500, 12_000, 45_000]) * 100 + rng.choice([0, 0, 50, 99])) * 10 ** (scale - 2)
            master = rng.choice(MASTERS + [None])
            day = first_day if together else start + dt.timedelta(days=rng.randrange(0, max(1, (end - start).days)))
            stop = end + dt.timedelta(days=30)
            if rng.random() < 0.45:
                stop = day + dt.timedelta(days=rng.randrange(0, max(1, (end - day).days + 1)))
            refund_only = rng.random() < 0.05
            jitter = rng.choice([0.0, 0.05, 0.3])
            while day <= min(stop, end + dt.timedelta(days=20)):
                if rng.random() < 0.1:
                    master = rng.choice(MASTERS + [None])
                amount = base if rng.random() < 0.5 else int(base * rng.uniform(0.5, 1.8))
                if refund_only:
                    amount = -amount
                rows.append((name, day, amount, master, service))
                if rng.random() < 0.05:   # refunded the same day
                    rows.append((name, day, -amount, master, service))
                if rng.random() < 0.05:   # a partial refund later, maybe after the last purchase
                    rows.append((name, day + dt.timedelta(days=rng.randrange(1, 25)), -amount // 3, master, service))
                if rng.random() < 0.03:   # a return in another service the same day
                    other = rng.choice(services)[0]
                    rows.append((name, day, -rng.randrange(1, max(2, amount)), None, other))
                if rng.random() < 0.04:   # something without a category (a gift card)
                    rows.append((name, day, base // 2, rng.choice([master, None]), ""))
                day += dt.timedelta(days=max(1, round(rhythm * rng.uniform(1 - jitter, 1 + jitter))))
    for tie in ("TieB", "TieA"):
        rows.append((tie, end - dt.timedelta(days=3 if young else 10), 12_345, "Anna", services[0][0]))
    rng.shuffle(rows) if rng.random() < 0.3 else rows.sort(key=lambda r: r[1])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(f"client,date,amount,manager,{header}\n")
        for name, day, amount, master, service in rows:
            text = f" {service} " if spaced and service and rng.random() < 0.3 else service
            f.write(f"{quote(name)},{day.isoformat()},{amount_text(amount, rng, scale)},{quote(master or '')},"
                    f"{quote(text)}\n")
    return max(r[1] for r in rows)


def run(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}): {result.stderr}")
    return result.stdout


def compare(expected, actual):
    e_lines, a_lines = expected.splitlines(), actual.splitlines()
    if len(e_lines) != len(a_lines):
        return f"{len(e_lines)} lines expected, {len(a_lines)} written"
    header = e_lines[0].split(",")
    for number, (e, a) in enumerate(zip(e_lines, a_lines), 1):
        if e != a:
            return f"line {number}:\n  oracle: {e}\n  abcxyz: {a}\n  (columns: {','.join(header)})"
    return None


def dig(tree, path):
    """The value at a dotted path, or KeyError."""
    for key in path.split("."):
        tree = tree[key]
    return tree


def same_value(expected, actual):
    if expected is None or actual is None:
        return expected is None and actual is None
    if isinstance(expected, str) or isinstance(actual, str):
        return expected == actual
    if isinstance(expected, Decimal) and expected.as_tuple().exponent < 0 and expected != expected.to_integral():
        if not (isinstance(actual, (Decimal, int))):
            return False
        return abs(Decimal(expected) - Decimal(actual)) <= Decimal("5e-7")  # a rate or a cycle
    return Decimal(expected) == Decimal(actual)


def compare_fields(where, expected, actual, table, lenient, problems):
    """expected: the oracle's dict; actual: the binary's; table: oracle key -> binary key."""
    for ours, theirs in table.items():
        if theirs is None or (lenient and theirs in CHANGED_IN_REVISION):
            continue
        try:
            e = dig(expected, ours)
        except (KeyError, TypeError):
            problems.append(f"{where}: the oracle has no {ours}")
            continue
        try:
            a = dig(actual, theirs)
        except (KeyError, TypeError):
            if not lenient:
                problems.append(f"{where}: abcxyz prints no {theirs}")
            continue
        if not same_value(e, a):
            problems.append(f"{where} {theirs}: oracle {e}, abcxyz {a}")


def compare_rows(where, expected, actual, key_of_ours, key_of_theirs, table, lenient, problems):
    """Rows matched by key; a row missing on one side is compared as all zero / undefined."""
    ours = {key_of_ours(r): r for r in expected}
    theirs = {key_of_theirs(r): r for r in actual}
    for key in list(ours) + [k for k in theirs if k not in ours]:
        e = ours.get(key)
        a = theirs.get(key)
        if e is None:
            e = {k: (None if k.endswith("_rate") else 0) for k in table}
        if a is None:
            a = {v: (None if v.endswith("_rate") else 0) for v in table.values() if v}
        compare_fields(f"{where} {'(none)' if key is None else key}", e, a, table, lenient, problems)


def compare_report(expected_text, actual_text, lenient, manager_keys=None):
    expected = json.loads(expected_text, parse_float=Decimal)
    actual = json.loads(actual_text, parse_float=Decimal)
    problems = []
    manager_keys = manager_keys or MANAGER_KEYS
    compare_fields("period", expected["period"], actual.get(BINARY_PERIOD, {}), PERIOD_KEYS, lenient, problems)
    compare_rows("manager", expected["managers"], actual.get(BINARY_MANAGERS, []),
                 lambda r: r["manager"], lambda r: r.get(BINARY_MANAGER_NAME), manager_keys, lenient, problems)
    compare_fields("totals", expected, actual, TOTAL_KEYS, lenient, problems)
    try:
        tiers, cells = dig(actual, BINARY_TIERS), dig(actual, BINARY_CELLS)
    except KeyError:
        tiers, cells = [], []
        if not lenient:
            problems.append(f"abcxyz prints no {BINARY_TIERS} or {BINARY_CELLS}")
    compare_rows("tier", expected["ltv_loss"]["by_tier"], tiers, lambda r: r["tier"], lambda r: r.get("tier"),
                 TIER_KEYS, lenient, problems)
    compare_rows("cell", expected["cells"], cells, lambda r: r["abc"] + r["xyz"],
                 lambda r: (r.get("abc") or "") + (r.get("xyz") or ""), CELL_KEYS, lenient, problems)
    return "\n  ".join(problems[:12]) if problems else None


def compare_services_report(expected_text, actual_text, services=True):
    """The whole report in service or client mode (§8 with its manager lost rates, totals,
    tiers, cells), then, in service mode, §13's per-service rows matched by service, their
    masters by master (the engine's report has a Services section in service mode only)."""
    problems = []
    first = compare_report(expected_text, actual_text, False,
                           dict(MANAGER_KEYS, lost_rate=MANAGER_KEYS["lost_rate"] or "lost_rate"))  # §13: lost / clients
    if first:
        problems.append(first)
    if not services:
        return "\n  ".join(problems) if problems else None
    expected = json.loads(expected_text, parse_float=Decimal)
    actual = json.loads(actual_text, parse_float=Decimal)
    ours = {r["service"]: r for r in expected["services"]}
    try:
        theirs = {r.get(BINARY_SERVICE_NAME): r for r in dig(actual, BINARY_SERVICES)}
    except (KeyError, TypeError):
        return "\n  ".join(problems + [f"abcxyz prints no {BINARY_SERVICES}"])
    for service in sorted(set(ours) | set(theirs), key=lambda k: (k is None, str(k))):
        where = f"service {service if service else '(none)'!r}"
        if service not in theirs or service not in ours:
            problems.append(f"{where}: only {'the oracle' if service in ours else 'abcxyz'} has it")
            continue
        compare_fields(where, ours[service], theirs[service], SERVICE_KEYS, False, problems)
        compare_rows(where + " master", ours[service]["masters"], theirs[service].get(BINARY_SERVICE_MASTERS, []),
                     lambda r: r["master"], lambda r: r.get(BINARY_MASTER_NAME), SERVICE_MASTER_KEYS, False,
                     problems)
    return "\n  ".join(problems[:16]) if problems else None


def salon_problems(binary, oracle):
    """The worked example of §13 (examples/salon): the binary's four listings against the
    files byte for byte, and its report's per-service rows against the oracle's."""
    folder = SALON
    source = os.path.join(folder, "transactions.csv")
    problems = []
    for name, command in (("classify.csv", ["classify"]), ("winback.csv", ["winback"]),
                          ("services.csv", ["services"]), ("winback-services.csv", ["winback", "--by", "service"])):
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            expected = f.read()
        try:
            problem = compare(expected, run(binary + [command[0], source] + command[1:] + ["--format", "csv"]))
        except RuntimeError as error:
            problem = str(error).strip()
        if problem:
            problems.append(f"salon/{name}: {problem}")
    try:
        problem = compare_services_report(run(oracle + ["report", source]),
                                          run(binary + ["report", source, "--format", "json", "-q"]))
    except (RuntimeError, ValueError) as error:
        problem = str(error).strip()
    if problem:
        problems.append(f"salon report:\n  {problem}")
    return problems


def run_services(args, binary):
    """--services: SPEC §13 on generated multi-service sets, in service mode (the default for
    a file with a category column, or --cycles service) and --cycles client, at the default
    as-of and an explicit one: the four listings and the report (§8 and per service)."""
    oracle = [sys.executable, ORACLE]
    problems = salon_problems(binary, oracle)
    for problem in problems:
        print(problem)
    listing_failures = report_failures = 0
    listings = [("classify", []), ("winback", []), ("services", []), ("winback", ["--by", "service"])]
    with tempfile.TemporaryDirectory() as tmp:
        for case in range(args.cases):
            seed = args.seed + case
            base = list(SERVICE_OPTION_SETS[case % len(SERVICE_OPTION_SETS)])
            scale = 3 if "--scale" in base else 2
            path = os.path.join(tmp, f"services{seed}.csv")
            latest = generate_services(seed, path, scale)
            explicit = (latest - dt.timedelta(days=1 + seed % 120)).isoformat()
            service_mode = ["--cycles", "service"] if case % 2 else []   # the default, or said
            for mode in (service_mode, ["--cycles", "client"]):
                client_mode = mode == ["--cycles", "client"]
                for as_of in ([], ["--as-of", explicit]):
                    options = base + mode + as_of
                    # The engine refuses the per-pair listings with --cycles client (they judge
                    # pairs by their services' cycles whatever judged the clients: docs/method.md).
                    for command, extra in (listings[:2] if client_mode else listings):
                        try:
                            expected = run(oracle + [command, path] + extra + options)
                            actual = run(binary + [command, path] + extra + ["--format", "csv"] + options)
                            problem = compare(expected, actual)
                        except RuntimeError as error:
                            problem = str(error).strip()
                        if problem:
                            listing_failures += 1
                            print(f"seed {seed} {' '.join([command] + extra + options)}: {problem}")
                    if args.no_report:
                        continue
                    period = ["--report-period", REPORT_PERIODS[case % 3],
                              "--service-period", SERVICE_PERIODS[(case // 2) % len(SERVICE_PERIODS)]]
                    try:
                        expected = run(oracle + ["report", path] + options + period)
                        actual = run(binary + ["report", path, "--format", "json", "-q"] + options + period)
                        problem = compare_services_report(expected, actual, services=not client_mode)
                    except (RuntimeError, ValueError) as error:
                        problem = str(error).strip()
                    if problem:
                        report_failures += 1
                        print(f"seed {seed} report {' '.join(options + period)}:\n  {problem}")
    print(f"salon example: {len(problems)} differences (4 listings, per-service report rows)")
    print(f"{args.cases} service data sets x 2 modes x 2 as-of dates x 4 listings: {listing_failures} differences "
          "(classify, winback, services, winback --by service)")
    if not args.no_report:
        print(f"{args.cases} service data sets x 2 modes x 2 as-of dates x report: {report_failures} differences "
              "(§8 with manager lost rates, totals, tiers, cells; §13 per service and per master)")
    return 1 if problems or listing_failures or report_failures else 0


def report_period(length, seed, as_of):
    if length != "explicit":
        return ["--report-period", length]
    to = as_of - dt.timedelta(days=seed % 30)
    return ["--from", (to - dt.timedelta(days=20 + seed % 50)).isoformat(), "--to", to.isoformat()]


def binary_options(options, classic):
    """The binary's options: the oracle's, less the flags an old binary does by default."""
    if not classic:
        return options
    out = []
    i = 0
    while i < len(options):
        if tuple(options[i:i + 2]) in CLASSIC_DEFAULTS:
            i += 2
            continue
        out.append(options[i])
        i += 1
    return out


def runs_on_classic_binary(measures):
    """Only window revenue ABC, and XYZ per period, exist in a binary from before the change."""
    pairs = dict(zip(measures[::2], measures[1::2]))
    return pairs.get("--abc-measure") == "revenue" and pairs.get("--xyz-measure") in ("revenue", "purchase-days")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True,
                        help="the abcxyz to check (a command line, split as a shell would); "
                        "'oracle [options]': the oracle itself (options first), with identity key tables, "
                        "to check this script")
    parser.add_argument("--cases", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--measures", default=None,
                        help="measure pairs run on every data set, of: " + ", ".join(MEASURE_PAIRS) +
                        ", or all (default: " + ",".join(DEFAULT_MEASURES) + ")")
    parser.add_argument("--no-report", action="store_true", help="compare classify and winback only")
    parser.add_argument("--services", action="store_true",
                        help="SPEC §13 instead: multi-service sets, --cycles service and client, "
                        "services and winback --by service, the report's per-service figures")
    parser.add_argument("--classic-binary", action="store_true",
                        help="the binary predates SPEC §3/§4's measures: run the classic pairs only")
    args = parser.parse_args()
    binary = [args.binary] if os.path.exists(args.binary) else shlex.split(args.binary)
    if binary[:1] == ["oracle"]:   # 'oracle --lost-factor 1.6': a mutant, to see differences caught
        binary = [sys.executable, ORACLE] + binary[1:]
        use_oracle_keys()
    if args.services:
        sys.exit(run_services(args, binary))
    chosen = args.measures or ",".join(CLASSIC_MEASURES if args.classic_binary else DEFAULT_MEASURES)
    names = list(MEASURE_PAIRS) if chosen == "all" else [n for n in chosen.split(",") if n]
    unknown = [n for n in names if n not in MEASURE_PAIRS]
    if unknown:
        parser.error(f"unknown measure pair(s) {', '.join(unknown)}; known: {', '.join(MEASURE_PAIRS)}")
    if args.classic_binary:
        names = [n for n in names if runs_on_classic_binary(MEASURE_PAIRS[n])]
        if not names:
            parser.error("--classic-binary: none of the chosen measure pairs exists in a classic binary")
    failures = 0          # classify and winback, every measure pair
    report_failures = 0   # report --format json, one measure pair per data set in turn
    with tempfile.TemporaryDirectory() as tmp:
        for case in range(args.cases):
            seed = args.seed + case
            base = list(OPTION_SETS[case % len(OPTION_SETS)])
            scale = 3 if "--scale" in base else 2
            path = os.path.join(tmp, f"case{seed}.csv")
            as_of, latest = generate(seed, path, scale)
            if as_of:
                base += ["--as-of", as_of]
            for name in names:
                options = base + MEASURE_PAIRS[name]
                theirs = binary_options(options, args.classic_binary)
                for command in ("classify", "winback"):
                    try:
                        expected = run([sys.executable, ORACLE, command, path] + options)
                        actual = run(binary + [command, path, "--format", "csv"] + theirs)
                        problem = compare(expected, actual)
                    except RuntimeError as error:
                        problem = str(error).strip()
                    if problem:
                        failures += 1
                        print(f"seed {seed} {command} {' '.join(options)}: {problem}")
                if args.no_report or name != names[case % len(names)]:
                    continue
                period = report_period(REPORT_PERIODS[case % len(REPORT_PERIODS)], seed,
                                       dt.date.fromisoformat(as_of) if as_of else latest)
                try:
                    expected = run([sys.executable, ORACLE, "report", path] + options + period)
                    actual = run(binary + ["report", path, "--format", "json", "-q"] + theirs + period)
                    problem = compare_report(expected, actual, args.classic_binary)
                except (RuntimeError, ValueError) as error:  # a failed run, or JSON that does not parse
                    problem = str(error).strip()
                if problem:
                    report_failures += 1
                    print(f"seed {seed} report {' '.join(options + period)}:\n  {problem}")
        # The first line's wording is the one callers of the two-listing version looked for.
        print(f"{args.cases} data sets x 2 listings: {failures} differences "
              f"(classify, winback under the measure pairs {', '.join(names)})")
        if not args.no_report:
            print(f"{args.cases} data sets x report: {report_failures} differences "
                  f"(§8 period and manager figures, totals, tiers, cells)")
        if args.classic_binary and not args.no_report:
            print(f"(--classic-binary: report keys {', '.join(sorted(CHANGED_IN_REVISION))} and any the binary "
                  "does not print were not compared)")
    sys.exit(1 if failures or report_failures else 0)


if __name__ == "__main__":
    main()
