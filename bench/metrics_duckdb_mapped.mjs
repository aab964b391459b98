// The DuckDB baseline of the mapped reader in bench/metrics_compare.sh: the weekly table that
// `rungs ingest FILE --mapping zendesk --dry-run --out TABLE.csv` writes, computed from the same
// Zendesk ticket audit export with mappings/zendesk.yaml's logic written as SQL.
//
//   node bench/metrics_duckdb_mapped.mjs AUDITS.csv OUT.csv
//
// The mapping, as SQL (docs/MAPPINGS.md):
//   - closed: rows with event_type Change, field_name status and value solved, by author_id;
//   - touches (activity.inferred_from: activity, replied): event_type Comment with public
//     "false" (internal notes), or public "true" by an author_role agent or admin (replies);
//   - assignments (identity `value`) feed neither a close nor a touch, so they make no row;
//   - an event needs its identity, ticket_id and created_at (empty is missing); author -1
//     (Zendesk's triggers) is excluded;
//   - weeks are ISO weeks in America/New_York (weeks_zone): each instant is moved to local time
//     by the US rule (daylight time from the second Sunday of March, 07:00 UTC, to the first
//     Sunday of November, 06:00 UTC), so no time zone database is needed;
//   - closed = distinct tickets solved per (identity, local week);
//   - inferred active time: each identity's touches in time order (touches at one instant are
//     one), split into sessions where the local time since the previous touch exceeds 30
//     minutes; a session counts last - first + 5 minutes in the local week of its first touch;
//   - the table: identity,space,week,closed,active_hours,active_time,conversations_per_hour,
//     scheduled_hours,activity_pct,qa_reviews,qa_pct; a row per identity and week with a close or
//     a session, sorted by identity (bytes) and week; active_time "inferred"; the rate empty
//     without active time; the last four columns empty (no schedule or QA rule).
// Every column is typed in read_csv (created_at TIMESTAMP), so every row is parsed. Prints
// `query_seconds S` and `threads N` like bench/metrics_duckdb.mjs.
import { DuckDBInstance } from '@duckdb/node-api';

if (process.argv.length !== 4) {
  console.error('usage: node bench/metrics_duckdb_mapped.mjs AUDITS.csv OUT.csv');
  process.exit(2);
}
const [input, output] = process.argv.slice(2);
const quote = (s) => `'${s.replaceAll("'", "''")}'`;

// Daylight time in New York, per year: [second Sunday of March 07:00 UTC, first Sunday of
// November 06:00 UTC).
const sunday = (year, month, from) => {
  const d = new Date(Date.UTC(year, month, from));
  return from + ((7 - d.getUTCDay()) % 7);
};
const pad = (n) => String(n).padStart(2, '0');
const dst = [];
for (let y = 2007; y <= 2100; y++) {
  dst.push(`(${y}, TIMESTAMP '${y}-03-${pad(sunday(y, 2, 8))} 07:00:00', ` +
    `TIMESTAMP '${y}-11-${pad(sunday(y, 10, 1))} 06:00:00')`);
}

const columns = ['audit_id', 'ticket_id', 'created_at', 'author_id', 'author_name', 'author_role',
  'via_channel', 'event_id', 'event_type', 'field_name', 'previous_value', 'value', 'public']
  .map((c) => `'${c}': '${c === 'created_at' ? 'TIMESTAMP' : 'VARCHAR'}'`).join(', ');

const sql = `
COPY (
  WITH dst(y, s, e) AS (VALUES ${dst.join(', ')}),
  ev AS MATERIALIZED (
    SELECT author_id AS identity, ticket_id, created_at AS ts,
      event_type = 'Change' AS closed
    FROM read_csv(${quote(input)}, header = true, delim = ',', quote = '"', escape = '"',
      auto_detect = false, columns = {${columns}})
    WHERE ((event_type = 'Change' AND field_name = 'status' AND value = 'solved')
        OR (event_type = 'Comment' AND (public = 'false'
            OR (public = 'true' AND author_role IN ('agent', 'admin')))))
      AND author_id IS NOT NULL AND author_id <> '-1' AND ticket_id IS NOT NULL
      AND created_at IS NOT NULL
  ),
  local AS (
    SELECT identity, ticket_id, ts, closed,
      epoch(ts)::BIGINT + CASE WHEN ts >= dst.s AND ts < dst.e THEN -14400 ELSE -18000 END
        AS local
    FROM ev JOIN dst ON dst.y = year(ev.ts)
  ),
  closes AS (
    SELECT identity, isoyear(make_timestamp(local * 1000000)) AS y,
      week(make_timestamp(local * 1000000)) AS w, count(DISTINCT ticket_id) AS closed
    FROM local WHERE closed
    GROUP BY ALL
  ),
  touches AS (SELECT DISTINCT identity, ts, local FROM local WHERE NOT closed),
  marked AS (
    SELECT identity, ts, local,
      CASE WHEN local - lag(local) OVER (PARTITION BY identity ORDER BY ts) <= 1800 THEN 0 ELSE 1 END
        AS starts
    FROM touches
  ),
  numbered AS (
    SELECT identity, ts, local,
      sum(starts) OVER (PARTITION BY identity ORDER BY ts ROWS UNBOUNDED PRECEDING) AS session
    FROM marked
  ),
  sessions AS (
    SELECT identity, arg_min(local, ts) AS first, arg_max(local, ts) AS last
    FROM numbered GROUP BY identity, session
  ),
  active AS (
    SELECT identity, isoyear(make_timestamp(first * 1000000)) AS y,
      week(make_timestamp(first * 1000000)) AS w, sum(last - first + 300) AS seconds
    FROM sessions GROUP BY ALL
  ),
  joined AS (
    SELECT identity, printf('%04d-W%02d', y, w) AS week, coalesce(c.closed, 0) AS closed,
      coalesce(a.seconds, 0) / 3600.0 AS hours
    FROM closes c FULL OUTER JOIN active a USING (identity, y, w)
  )
  SELECT identity, 'zendesk_user' AS space, week, closed, printf('%.6f', hours) AS active_hours,
    'inferred' AS active_time,
    CASE WHEN hours > 0 THEN printf('%.6f', closed / hours) END AS conversations_per_hour,
    NULL AS scheduled_hours, NULL AS activity_pct, NULL AS qa_reviews, NULL AS qa_pct
  FROM joined
  ORDER BY identity, week
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
