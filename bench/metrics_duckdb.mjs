// The DuckDB baseline of bench/metrics_compare.sh: the per-agent weekly conversations-per-hour
// table of a canonical events file (DESIGN.md, "Measured targets"), with read_csv and GROUP BY.
//
//   node bench/metrics_duckdb.mjs EVENTS.csv OUT.csv
//
// Every column is typed in read_csv (BIGINT, VARCHAR, TIMESTAMP), so every row is parsed and a
// malformed one fails the query, as rungs' validated ingest does. ts is read as a plain
// TIMESTAMP in UTC by DuckDB's own ISO 8601 parser, which accepts the `Z` (an explicit
// timestampformat was about 1 s per GB slower), so no time zone setting is involved. Weeks are
// grouped as isoyear(ts), week(ts) (ISO year and week) and named 'YYYY-Www' on the result rows
// only: strftime(ts, '%G-W%V') on every row gives the same table but was slower.
// DuckDB uses all cores (its default); the script prints `query_seconds S` (the query alone,
// without node's and DuckDB's start) and `threads N` to stdout.
//
// The query: status events (status_active, status_away) with the agent's next status event's ts
// (ordered by ts, then event_id) via lead(); an active interval ends there or 12 hours after
// its start, whichever is first, and is split at the next Monday 00:00 (with the cap under a
// week it crosses at most one); active seconds summed per (agent, ISO week of each part's
// start); distinct closed conversation ids per (agent, ISO week); a full outer join of the two.
// The file is scanned once: the rows that matter (closed and status events, about a quarter)
// are kept in a MATERIALIZED CTE that both aggregates read.
import { DuckDBInstance } from '@duckdb/node-api';

if (process.argv.length !== 4) {
  console.error('usage: node bench/metrics_duckdb.mjs EVENTS.csv OUT.csv');
  process.exit(2);
}
const [input, output] = process.argv.slice(2);
const quote = (s) => `'${s.replaceAll("'", "''")}'`;

const sql = `
COPY (
  WITH ev AS MATERIALIZED (
    SELECT event_id, conversation_id, agent_id, event_type, ts
    FROM read_csv(${quote(input)}, header = true, delim = ',', quote = '"', escape = '"',
      auto_detect = false,
      columns = {'event_id': 'BIGINT', 'conversation_id': 'VARCHAR', 'agent_id': 'VARCHAR',
                 'event_type': 'VARCHAR', 'ts': 'TIMESTAMP'})
    WHERE event_type IN ('closed', 'status_active', 'status_away')
  ),
  closed AS (
    SELECT agent_id, isoyear(ts) AS y, week(ts) AS w, count(DISTINCT conversation_id) AS closed
    FROM ev WHERE event_type = 'closed'
    GROUP BY agent_id, y, w
  ),
  status AS (
    SELECT agent_id, event_type, ts,
      lead(ts) OVER (PARTITION BY agent_id ORDER BY ts, event_id) AS next_ts
    FROM ev WHERE event_type <> 'closed'
  ),
  spans AS (
    SELECT agent_id, ts,
      least(coalesce(next_ts, ts), ts + INTERVAL 12 HOUR) AS stop,
      date_trunc('week', ts) + INTERVAL 7 DAY AS boundary
    FROM status WHERE event_type = 'status_active'
  ),
  parts AS (
    SELECT agent_id, ts AS part_start, epoch(least(stop, boundary)) - epoch(ts) AS seconds FROM spans
    UNION ALL
    SELECT agent_id, boundary AS part_start, epoch(stop) - epoch(boundary) AS seconds
    FROM spans WHERE stop > boundary
  ),
  active AS (
    SELECT agent_id, isoyear(part_start) AS y, week(part_start) AS w, sum(seconds) AS active_seconds
    FROM parts
    GROUP BY agent_id, y, w
  ),
  joined AS (
    SELECT agent_id, printf('%04d-W%02d', y, w) AS week, coalesce(c.closed, 0) AS closed,
      coalesce(a.active_seconds, 0) / 3600.0 AS active_hours
    FROM closed c FULL OUTER JOIN active a USING (agent_id, y, w)
  )
  SELECT agent_id, week, closed, printf('%.6f', active_hours) AS active_hours,
    CASE WHEN active_hours > 0 THEN printf('%.6f', closed / active_hours) END
      AS conversations_per_hour
  FROM joined
  ORDER BY agent_id, week
) TO ${quote(output)} (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"')`;

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const threads = (await connection.runAndReadAll("SELECT current_setting('threads')"))
  .getRows()[0][0];
const began = process.hrtime.bigint();
await connection.run(sql);
const seconds = Number(process.hrtime.bigint() - began) / 1e9;
console.log(`query_seconds ${seconds.toFixed(3)}`);
console.log(`threads ${threads}`);
connection.closeSync();
