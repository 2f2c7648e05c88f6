#!/usr/bin/env python3
"""Reads `--format csv --excel` output as Excel would in a ';' locale, with Python's csv
module, and writes it back as SPEC §11 CSV: BOM dropped, ';' split, decimal comma made a point
in the columns that hold money, ratios and days.

  read_excel_csv.py FILE
"""
import csv
import io
import sys

DECIMAL = {"revenue", "share", "cv", "annual_value", "aov", "ltv_loss", "cycle_days"}


def csv_line(fields):
    """RFC 4180 as abcxyz writes it: quoted when a field holds , " CR or LF (csv.writer leaves CR bare)."""
    quoted = ['"' + f.replace('"', '""') + '"' if any(c in f for c in ',"\r\n') else f for f in fields]
    return ",".join(quoted) + "\n"


def main():
    with open(sys.argv[1], "rb") as handle:
        raw = handle.read()
    if not raw.startswith(b"\xef\xbb\xbf"):
        raise SystemExit("no UTF-8 byte order mark")
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline=""), delimiter=";"))
    header = rows[0]
    sys.stdout.write(csv_line(header))
    for row in rows[1:]:
        fixed = []
        for heading, field in zip(header, row):
            if heading in DECIMAL:
                if "." in field:
                    raise SystemExit(f"{heading}: {field!r} has a decimal point")
                field = field.replace(",", ".")
            fixed.append(field)
        sys.stdout.write(csv_line(fixed))


if __name__ == "__main__":
    main()
