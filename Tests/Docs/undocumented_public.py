#!/usr/bin/env python3
"""Lists `public` declarations without a doc comment (`///` on the line before,
attributes such as `@inlinable` skipped), as FILE:LINE: declaration.

    python3 Tests/Docs/undocumented_public.py [FOLDER ...]   (default: Sources)

Prints a count per folder at the end; exits 1 when any is found.
"""
import os
import re
import sys
from collections import Counter

DECLARATION = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:nonisolated|static|final|mutating|override|convenience|required|indirect)\s+)*public\s")


def undocumented(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    for number, line in enumerate(lines):
        if not DECLARATION.match(line) or re.match(r"^\s*public\s+extension\b", line):
            continue
        previous = number - 1
        while previous >= 0 and lines[previous].strip().startswith("@"):
            previous -= 1
        before = lines[previous].strip() if previous >= 0 else ""
        if not (before.startswith("///") or before.endswith("*/")):
            yield number + 1, line.strip()


def main(folders):
    found = Counter()
    for folder in folders:
        for directory, _, names in sorted(os.walk(folder)):
            for name in sorted(names):
                if not name.endswith(".swift"):
                    continue
                path = os.path.join(directory, name)
                for number, line in undocumented(path):
                    print(f"{path}:{number}: {line}")
                    found[directory] += 1
    for directory, count in sorted(found.items()):
        print(f"{count:4} {directory}", file=sys.stderr)
    print(f"{sum(found.values()):4} in all", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["Sources"]))
