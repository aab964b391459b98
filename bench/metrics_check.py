#!/usr/bin/python3
"""Compares two per-agent weekly tables of bench/metrics_compare.sh.

    python3 bench/metrics_check.py NAME_A A.csv NAME_B B.csv

Both must have the header `agent_id,week,closed,active_hours,conversations_per_hour` and the same
rows in the same order. agent_id, week and closed must be equal; active_hours and
conversations_per_hour (both %.6f) must agree within 1e-6 relative, or within 1.5e-6 absolute (the
last printed digit can differ when two exact values round either side of it); an empty
conversations_per_hour must be empty on both sides. Prints `agree: N rows` and exits 0, or prints
the first differing rows (at most 5) and exits 1.
"""
import csv
import sys

HEADER = ["agent_id", "week", "closed", "active_hours", "conversations_per_hour"]


def close(a, b):
    if a == b:
        return True
    if a == "" or b == "":
        return False
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    return abs(x - y) <= max(1e-6 * max(abs(x), abs(y)), 1.5e-6)


def load(name, path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows or rows[0] != HEADER:
        sys.exit(f"metrics_check: {name}: header {rows[0] if rows else None}, not {HEADER}")
    return rows[1:]


def main():
    if len(sys.argv) != 5:
        sys.exit("usage: metrics_check.py NAME_A A.csv NAME_B B.csv")
    name_a, path_a, name_b, path_b = sys.argv[1:]
    a = load(name_a, path_a)
    b = load(name_b, path_b)
    problems = []
    for i in range(max(len(a), len(b))):
        ra = a[i] if i < len(a) else None
        rb = b[i] if i < len(b) else None
        ok = (
            ra is not None
            and rb is not None
            and len(ra) == 5
            and len(rb) == 5
            and ra[:3] == rb[:3]
            and close(ra[3], rb[3])
            and close(ra[4], rb[4])
        )
        if not ok:
            problems.append((i + 2, ra, rb))
            if len(problems) >= 5:
                break
    if problems:
        print(f"DIFFER: {name_a} ({len(a)} rows) and {name_b} ({len(b)} rows); first differences:")
        for line, ra, rb in problems:
            print(f"  line {line}: {name_a}: {','.join(ra) if ra else '(none)'}")
            print(f"  {' ' * len(f'line {line}')}  {name_b}: {','.join(rb) if rb else '(none)'}")
        sys.exit(1)
    print(f"agree: {len(a)} rows ({name_a}, {name_b})")


if __name__ == "__main__":
    main()
