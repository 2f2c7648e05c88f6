#!/usr/bin/env python3
"""Generates seeded transaction sets and checks that `abcxyz classify` and
`abcxyz winback` agree field for field with spec_oracle.py on every one.

    check_against_oracle.py --binary .build/debug/abcxyz [--cases 40] [--seed 1]

Each set mixes what real exports do: refunds (also after the last purchase and
refund-only clients), several rows a day, a purchase refunded the same day,
ids that need quoting (commas, quotes, Cyrillic, CJK, spaces around), managers
that change or are missing, clients who stop buying, rows out of date order,
sub-cent amounts and thousands separators, leap days and month ends, equal
revenues. Option sets cover every method option. Exit status 1 on any
difference, with the seed, the options and the first differing fields.
"""
import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.join(HERE, "spec_oracle.py")

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
    ["--xyz-measure", "purchase-days", "--tiers", "1,2,3,2,3,4,3,4,4"],
    ["--abc", "0.5,0.5", "--months", "24"],
    ["--scale", "3", "--margin", "0.5"],
]


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
        rows.append((tie, end - dt.timedelta(days=10), 12_345, "Anna"))
    rng.shuffle(rows) if rng.random() < 0.3 else rows.sort(key=lambda r: r[1])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("client,date,amount,manager\n")
        for name, day, amount, manager in rows:
            f.write(f"{quote(name)},{day.isoformat()},{amount_text(amount, rng, scale)},{quote(manager or '')}\n")
    as_of = None
    if rng.random() < 0.3:
        as_of = (end - dt.timedelta(days=rng.randrange(0, 120))).isoformat()
    return as_of


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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--cases", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for case in range(args.cases):
            seed = args.seed + case
            options = list(OPTION_SETS[case % len(OPTION_SETS)])
            scale = 3 if "--scale" in options else 2
            path = os.path.join(tmp, f"case{seed}.csv")
            as_of = generate(seed, path, scale)
            if as_of:
                options += ["--as-of", as_of]
            for command in ("classify", "winback"):
                expected = run([sys.executable, ORACLE, command, path] + options)
                actual = run([args.binary, command, path, "--format", "csv"] + options)
                problem = compare(expected, actual)
                if problem:
                    failures += 1
                    print(f"seed {seed} {command} {' '.join(options)}: {problem}")
        print(f"{args.cases} data sets x 2 listings: {failures} differences")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
