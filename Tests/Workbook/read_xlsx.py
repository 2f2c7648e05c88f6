#!/usr/bin/env python3
"""Reads an abcxyz workbook back with openpyxl, an independent reader.

  read_xlsx.py csv FILE.xlsx [SHEET]   the sheet as SPEC §11 CSV, spelled from the typed cells:
                                       numbers by their number format, dates as YYYY-MM-DD
  read_xlsx.py types FILE.xlsx [SHEET] one line per column: heading, then the cell types seen
  read_xlsx.py layout FILE.xlsx        JSON: sheet names, frozen panes, filters, bold headers, widths

A cell whose type does not fit its format (text under "0.00", a number under
yyyy-mm-dd) is an error: the point is that numbers are numbers and dates dates.
"""
import datetime
import json
import re
import sys

import openpyxl

ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(text):
    """ECMA-376 ST_Xstring: _xHHHH_ is the character HHHH (openpyxl leaves it for inline strings)."""
    return ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def spell(cell):
    value, fmt = cell.value, cell.number_format
    if value is None:
        return ""
    if isinstance(value, str):
        return unescape(value)
    if isinstance(value, datetime.datetime):
        if fmt != "yyyy-mm-dd":
            raise SystemExit(f"{cell.coordinate}: a date with format {fmt!r}")
        return value.date().isoformat()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SystemExit(f"{cell.coordinate}: unexpected {type(value).__name__}")
    if fmt == "General":
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return repr(value) if isinstance(value, float) else str(value)
    match = re.fullmatch(r"0(?:\.(0+))?", fmt)
    if not match:
        raise SystemExit(f"{cell.coordinate}: a number with format {fmt!r}")
    return format(value, f".{len(match.group(1) or '')}f")


def kind(cell):
    value = cell.value
    if value is None:
        return "empty"
    if isinstance(value, str):
        return "text"
    if isinstance(value, datetime.datetime):
        return "date"
    return "number"


def sheet(book, name):
    return book[name] if name else book.worksheets[0]


def csv_line(fields):
    """RFC 4180 as abcxyz writes it: quoted when a field holds , " CR or LF (csv.writer leaves CR bare)."""
    quoted = ['"' + f.replace('"', '""') + '"' if any(c in f for c in ',"\r\n') else f for f in fields]
    return ",".join(quoted) + "\n"


def main():
    command, path = sys.argv[1], sys.argv[2]
    name = sys.argv[3] if len(sys.argv) > 3 else None
    book = openpyxl.load_workbook(path)
    if command == "csv":
        for row in sheet(book, name).iter_rows():
            sys.stdout.write(csv_line([spell(cell) for cell in row]))
    elif command == "types":
        rows = list(sheet(book, name).iter_rows())
        for column, heading in enumerate(rows[0]):
            kinds = sorted({kind(row[column]) for row in rows[1:]})
            print(heading.value + ":" + ",".join(kinds))
    elif command == "layout":
        layout = []
        for ws in book.worksheets:
            layout.append({
                "name": ws.title,
                "freeze": ws.freeze_panes,
                "filter": ws.auto_filter.ref,
                "boldHeader": all(cell.font.b for cell in ws[1]),
                "widths": [ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width
                           for i in range(ws.max_column)],
            })
        print(json.dumps(layout))
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main()
