#!/usr/bin/python3
"""Compares two per-agent weekly tables of bench/metrics_compare.sh.

    python3 bench/metrics_check.py NAME_A A.csv NAME_B B.csv

Both must have the same header, the canonical table's
`agent_id,week,closed,active_hours,conversations_per_hour` or the mapped reader's
`identity,space,week,closed,active_hours,active_time,conversations_per_hour,scheduled_hours,
activity_pct,qa_reviews,qa_pct`, and the same rows in the same order. The measured columns
(active_hours, conversations_per_hour, scheduled_hours, activity_pct, qa_pct) must agree within
1e-6 relative, or within 1.5e-6 absolute (the last printed digit can differ when two exact values
round either side of it; activity_pct and qa_pct, printed with 2 decimals, within 0.015), and an
empty one must be empty on both sides; every other column must be equal. Prints `agree: N rows` and exits 0, or prints
the first differing rows (at most 5) and exits 1.
"""
import csv
import sys

HEADERS = [
    ["agent_id", "week", "closed", "active_hours", "conversations_per_hour"],
    ["identity", "space", "week", "closed", "active_hours", "active_time",
     "conversations_per_hour", "scheduled_hours", "activity_pct", "qa_reviews", "qa_pct"],
]
# Measured columns and their absolute slack for the last printed digit.
MEASURED = {"active_hours": 1.5e-6, "conversations_per_hour": 1.5e-6, "scheduled_hours": 1.5e-6,
            "activity_pct": 0.015, "qa_pct": 0.015}


def close(a, b, slack):
    if a == b:
        return True
    if a == "" or b == "":
        return False
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    return abs(x - y) <= max(1e-6 * max(abs(x), abs(y)), slack)


def load(name, path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows or rows[0] not in HEADERS:
        sys.exit(f"metrics_check: {name}: header {rows[0] if rows else None}, not one of {HEADERS}")
    return rows[0], rows[1:]


def main():
    if len(sys.argv) != 5:
        sys.exit("usage: metrics_check.py NAME_A A.csv NAME_B B.csv")
    name_a, path_a, name_b, path_b = sys.argv[1:]
    header, a = load(name_a, path_a)
    header_b, b = load(name_b, path_b)
    if header != header_b:
        sys.exit(f"metrics_check: {name_a} and {name_b} have different headers")
    width = len(header)
    problems = []
    for i in range(max(len(a), len(b))):
        ra = a[i] if i < len(a) else None
        rb = b[i] if i < len(b) else None
        ok = (
            ra is not None
            and rb is not None
            and len(ra) == width
            and len(rb) == width
            and all(
                close(x, y, MEASURED[h]) if h in MEASURED else x == y
                for h, x, y in zip(header, ra, rb)
            )
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
