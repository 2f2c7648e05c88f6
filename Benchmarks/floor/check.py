#!/usr/bin/env python3
"""The floor's totals computed the slow, obvious way (Python's csv module), to check floor.c.

    python3 Benchmarks/floor/check.py FILE

Prints the line floor.c prints, up to the timings: clients, rows, bad rows (always 0: this script
expects a well-formed file and stops on the first bad row), the total of the amounts in cents,
managers, and the checksum of every client's (rows, cents, first day, last day).
"""
import csv
import datetime
import re
import sys

M = (1 << 64) - 1
EPOCH = datetime.date(1970, 1, 1).toordinal()
AMOUNT = re.compile(r"(-?)(\d*)(?:\.(\d{1,2}))?")

clients = {}
managers = set()
rows = 0
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    reader = csv.reader(f)
    header = next(reader)
    assert header[:3] == ["client", "date", "amount"], header
    for row in reader:
        client, date, amount = row[0], row[1], row[2]
        day = datetime.date.fromisoformat(date).toordinal() - EPOCH
        m = AMOUNT.fullmatch(amount)
        assert m and (m[2] or m[3]), amount
        cents = int(m[2] or "0") * 100 + int((m[3] or "").ljust(2, "0"))
        if m[1]:
            cents = -cents
        c = clients.get(client)
        if c is None:
            clients[client] = [1, cents, day, day]
        else:
            c[0] += 1
            c[1] += cents
            c[2] = min(c[2], day)
            c[3] = max(c[3], day)
        if len(row) > 3 and row[3]:
            managers.add(row[3])
        rows += 1

checksum = 0
for n, cents, first, last in clients.values():
    x = (n * 0x9E3779B97F4A7C15 + cents * 0xC2B2AE3D27D4EB4F + first * 0x165667B19E3779F9
         + last * 0xD6E8FEB86659FD93) & M
    x ^= x >> 29
    x = (x * 0xBF58476D1CE4E5B9) & M
    checksum = (checksum + (x ^ (x >> 32))) & M
print(f"clients {len(clients)} rows {rows} bad 0 cents {sum(c[1] for c in clients.values())} "
      f"managers {len(managers)} checksum {checksum:016x}")
