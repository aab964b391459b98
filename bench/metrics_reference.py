#!/usr/bin/python3
"""A reference for the per-agent weekly table of bench/metrics_compare.sh, written directly from
the definition with the standard library only, for small files (the self-check and the edge-case
file); too slow for the benchmark's gigabyte files.

    python3 bench/metrics_reference.py EVENTS.csv OUT.csv

The definition (DESIGN.md, "Measured targets"; issue 6):
  - one row per (agent_id, ISO week in UTC) with a `closed` or `status_active` event that week,
    or active time in it; week named YYYY-Www (ISO year, Monday-start weeks);
  - closed: the number of distinct conversation_id among that agent's closed events that week;
  - active time: each status_active event is active from its ts to the ts of the agent's next
    status event (status_active or status_away, ordered by ts then event_id), at most 12 hours
    (a longer one is a missed log-off, counted up to the cap); an active event with no later
    status event adds 0; the interval is split at Monday 00:00 UTC, each part counting in its
    own week; active_hours is the week's sum in hours;
  - conversations_per_hour: closed / active_hours, empty when active_hours is 0; floats %.6f;
  - rows sorted by agent_id (byte order), then week.
The file is streamed row by row (every row checked strictly); only each agent's status events
and each (agent, week)'s closed conversation ids are held. Nothing assumes the file is in time
order.
"""
import csv
import datetime
import sys

HEADER = ["event_id", "conversation_id", "agent_id", "event_type", "ts"]
KINDS = {"assigned", "replied", "closed", "status_active", "status_away"}


def parse_ts(text, line):
    try:
        if len(text) != 20 or text[10] != "T" or text[19] != "Z":
            raise ValueError(text)
        return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(
            tzinfo=datetime.timezone.utc
        )
    except ValueError:
        sys.exit(f"metrics_reference: line {line}: bad ts {text!r}")


MAX_ACTIVE = datetime.timedelta(hours=12)


def week_name(ts):
    year, week, _ = ts.isocalendar()
    return f"{year:04d}-W{week:02d}"


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: metrics_reference.py EVENTS.csv OUT.csv")
    source, out = sys.argv[1:]
    closed = {}  # (agent, week) -> set of conversation ids
    status = {}  # agent -> [(ts, event_id, kind)]
    with open(source, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows, None)
        if header != HEADER:
            sys.exit(f"metrics_reference: header {header}, not {HEADER}")
        for line, row in enumerate(rows, start=2):
            if len(row) != 5:
                sys.exit(f"metrics_reference: line {line}: {len(row)} fields, not 5")
            event_id, conversation, agent, kind, ts_text = row
            if not event_id.isdigit() or int(event_id) <= 0:
                sys.exit(f"metrics_reference: line {line}: bad event_id {event_id!r}")
            if kind not in KINDS:
                sys.exit(f"metrics_reference: line {line}: bad event_type {kind!r}")
            if not agent:
                sys.exit(f"metrics_reference: line {line}: empty agent_id")
            ts = parse_ts(ts_text, line)
            if kind == "closed":
                closed.setdefault((agent, week_name(ts)), set()).add(conversation)
            elif kind in ("status_active", "status_away"):
                status.setdefault(agent, []).append((ts, int(event_id), kind))

    table = {}  # (agent, week) -> [closed, active seconds]
    for key, ids in closed.items():
        table[key] = [len(ids), 0]
    for agent, events in status.items():
        events.sort(key=lambda e: (e[0], e[1]))
        for i, (ts, _, kind) in enumerate(events):
            if kind != "status_active":
                continue
            stop = min(events[i + 1][0], ts + MAX_ACTIVE) if i + 1 < len(events) else ts
            table.setdefault((agent, week_name(ts)), [0, 0])
            while ts < stop:
                monday = datetime.datetime.combine(
                    ts.date() - datetime.timedelta(days=ts.weekday()), datetime.time(),
                    tzinfo=datetime.timezone.utc)
                part_end = min(stop, monday + datetime.timedelta(days=7))
                table.setdefault((agent, week_name(ts)), [0, 0])[1] += int(
                    (part_end - ts).total_seconds())
                ts = part_end

    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("agent_id,week,closed,active_hours,conversations_per_hour\n")
        for agent, week in sorted(table, key=lambda k: (k[0].encode("utf-8"), k[1])):
            n, seconds = table[(agent, week)]
            hours = seconds / 3600.0
            rate = "%.6f" % (n / hours) if hours > 0 else ""
            f.write(f"{agent},{week},{n},{hours:.6f},{rate}\n")


if __name__ == "__main__":
    main()
