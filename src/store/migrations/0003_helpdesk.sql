-- Helpdesk data. Each ingest of an export is a batch that can be listed and undone. A batch
-- keeps weekly totals per helpdesk identity, not the raw events: a week's numbers are what the
-- metrics need, and the events of a large team run to millions of rows a month. When two
-- batches of one source cover the same identity and week (a re-export that overlaps an earlier
-- one), the newer batch's numbers stand for that week: nothing is counted twice.
-- Times are Unix seconds (UTC); weeks are week indexes (the Monday's day number / 7, see
-- src/metrics/iso_week.h), named as ISO weeks only for display. Valid PostgreSQL except
-- WITHOUT ROWID (SQLite's, as in 0002).

CREATE TABLE ingest_batches (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,        -- 'servicenow', 'intercom', ...: identities are per source
  file_name TEXT NOT NULL,
  content_hash TEXT NOT NULL,  -- SHA-256 of the file: the same file again is the same batch
  mapping TEXT NOT NULL,       -- the mapping's name; 'canonical' for rungs' own format
  imported_at INTEGER NOT NULL,
  imported_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  rows_read INTEGER NOT NULL,
  rows_used INTEGER NOT NULL,
  rows_excluded INTEGER NOT NULL,  -- system accounts and other rows a mapping leaves out
  rows_with_problems INTEGER NOT NULL,
  first_week INTEGER NOT NULL,
  last_week INTEGER NOT NULL,
  UNIQUE (source, content_hash)
);

CREATE TABLE identity_weeks (
  batch_id INTEGER NOT NULL REFERENCES ingest_batches (id) ON DELETE CASCADE,
  source TEXT NOT NULL,    -- the batch's, repeated so a person's weeks are one index range
  space TEXT NOT NULL,     -- which column named them: 'agent_id', 'resolved_by', ...
  identity TEXT NOT NULL,  -- the name in that column
  week INTEGER NOT NULL,
  closed INTEGER NOT NULL,         -- distinct conversations closed
  closed_events INTEGER NOT NULL,
  active_seconds INTEGER NOT NULL,
  away_seconds INTEGER NOT NULL,
  active_inferred INTEGER NOT NULL CHECK (active_inferred IN (0, 1)),  -- from event times
  scheduled_seconds INTEGER NOT NULL,
  qa_reviews INTEGER NOT NULL,
  qa_score_sum REAL NOT NULL,      -- sum of review scores (0-100); the mean is sum / reviews
  PRIMARY KEY (batch_id, space, identity, week)
) WITHOUT ROWID;  -- SQLite only
CREATE INDEX identity_weeks_identity ON identity_weeks (source, space, identity, week);

-- Which helpdesk identities are which person. An identity belongs to one person at most.
CREATE TABLE person_identities (
  source TEXT NOT NULL,
  space TEXT NOT NULL,
  identity TEXT NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (source, space, identity)
);
CREATE INDEX person_identities_user ON person_identities (user_id);
