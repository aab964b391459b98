#!/usr/bin/python3
"""The pandas baseline of bench/metrics_compare.sh: the per-agent weekly conversations-per-hour
table of a canonical events file (DESIGN.md, "Measured targets").

    /usr/bin/python3 bench/metrics_pandas.py EVENTS.csv OUT.csv

Debian's python3-pandas (1.5), read in chunks of 2 million rows. Every row is parsed: event_id as
int64, ts by pandas' ISO 8601 parser (a malformed value raises), event_type checked against the
five kinds; then only closed and status rows are kept (agent_id becomes a category).
Prints `seconds S` (read, compute and write, without Python's start and imports) to stdout.

The computation: status events (status_active, status_away) sorted by agent, ts, event_id; each
one's next status event of the same agent by shift(-1) within the agent; an active interval
ends there or 12 hours after its start, whichever is first, and is split at the next Monday
00:00 UTC (with the cap under a week it crosses at most one); active seconds summed per
(agent, ISO year, ISO week) of each part's start; distinct closed conversation ids per (agent,
ISO year, ISO week); an outer join of the two.
"""
import sys
import time

import numpy as np
import pandas as pd


MAX_ACTIVE_SECONDS = 12 * 3600


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: metrics_pandas.py EVENTS.csv OUT.csv")
    source, out = sys.argv[1:]
    began = time.perf_counter()
    # Read in chunks so memory stays near the kept rows (closed and status events, about a
    # quarter): every row of every chunk is parsed and checked, then the others are dropped.
    kept = []
    expected = ["event_id", "conversation_id", "agent_id", "event_type", "ts"]
    kinds = {"assigned", "replied", "closed", "status_active", "status_away"}
    reader = pd.read_csv(
        source,
        dtype={"event_id": "int64", "conversation_id": object, "agent_id": object,
               "event_type": object, "ts": object},
        engine="c",
        chunksize=2_000_000,
    )
    for chunk in reader:
        if list(chunk.columns) != expected:
            sys.exit(f"metrics_pandas: header is {list(chunk.columns)}, not {expected}")
        unknown = set(chunk["event_type"].unique()) - kinds
        if unknown:
            sys.exit(f"metrics_pandas: unknown event types {sorted(unknown)}")
        # Naive UTC datetimes; raises on a malformed ts.
        ts = pd.to_datetime(chunk["ts"], utc=True, errors="raise").dt.tz_localize(None)
        keep = chunk["event_type"].isin(["closed", "status_active", "status_away"]).to_numpy()
        kept.append(chunk.loc[keep].assign(ts=ts[keep]))
    ev = pd.concat(kept, ignore_index=True)
    del kept
    ev["agent_id"] = ev["agent_id"].astype("category")
    iso = ev["ts"].dt.isocalendar()
    ev = ev.assign(year=iso["year"].astype("int32"), week=iso["week"].astype("int32"))

    closed_rows = ev[ev["event_type"] == "closed"]
    closed = (
        closed_rows.groupby(["agent_id", "year", "week"], observed=True)["conversation_id"]
        .nunique()
        .rename("closed")
    )

    status = ev[ev["event_type"] != "closed"].sort_values(
        ["agent_id", "ts", "event_id"], kind="stable"
    )
    ts_s = status["ts"].to_numpy().astype("datetime64[s]").astype(np.int64)
    agent_codes = status["agent_id"].cat.codes.to_numpy()
    next_ts = np.empty_like(ts_s)
    next_ts[:-1] = ts_s[1:]
    same_agent = np.zeros(len(ts_s), dtype=bool)
    same_agent[:-1] = agent_codes[:-1] == agent_codes[1:]
    stop = np.where(same_agent, np.minimum(next_ts, ts_s + MAX_ACTIVE_SECONDS), ts_s)
    day = np.floor_divide(ts_s, 86400)
    # 1970-01-01 was a Thursday: the Monday after a day is ((day + 3) // 7 + 1) * 7 - 3.
    boundary = ((np.floor_divide(day + 3, 7) + 1) * 7 - 3) * 86400
    status = status.assign(seconds=np.minimum(stop, boundary) - ts_s,
                           spill=np.maximum(stop - boundary, 0), boundary=boundary)
    actives = status[status["event_type"] == "status_active"]
    first = actives[["agent_id", "year", "week", "seconds"]]
    spilled = actives[actives["spill"] > 0]
    spill_iso = pd.to_datetime(spilled["boundary"], unit="s").dt.isocalendar()
    second = pd.DataFrame({
        "agent_id": spilled["agent_id"],
        "year": spill_iso["year"].astype("int32"),
        "week": spill_iso["week"].astype("int32"),
        "seconds": spilled["spill"],
    })
    active = (
        pd.concat([first, second], ignore_index=True)
        .groupby(["agent_id", "year", "week"], observed=True)["seconds"]
        .sum()
        .rename("active_seconds")
    )

    table = pd.concat([closed, active], axis=1, join="outer").reset_index()
    table["closed"] = table["closed"].fillna(0).astype("int64")
    table["active_seconds"] = table["active_seconds"].fillna(0).astype("int64")
    table["agent_id"] = table["agent_id"].astype(str)
    table["week_name"] = [f"{y:04d}-W{w:02d}" for y, w in zip(table["year"], table["week"])]
    table = table.sort_values(["agent_id", "week_name"], kind="stable")

    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("agent_id,week,closed,active_hours,conversations_per_hour\n")
        for agent, week, n, secs in zip(
            table["agent_id"], table["week_name"], table["closed"], table["active_seconds"]
        ):
            hours = secs / 3600.0
            rate = "%.6f" % (n / hours) if hours > 0 else ""
            f.write(f"{agent},{week},{n},{hours:.6f},{rate}\n")
    print(f"seconds {time.perf_counter() - began:.3f}")


if __name__ == "__main__":
    main()
