-- Passwords, sessions, API tokens, login rate limits and one-time links; the framework versions
-- check-ins are made against; check-ins with their results and evidence; and agreed_latest, the
-- newest agreed result per person, version and criterion, kept up to date by every agreement so
-- level computation reads ~50 rows per person instead of every check-in they ever had.
-- Times are Unix seconds (UTC). Everything here is also valid PostgreSQL (with BIGINT ids)
-- except WITHOUT ROWID, which is SQLite's: the table is stored in its primary key's order, so
-- the big per-criterion tables need no second copy of their keys in a separate index and
-- agreed_latest reads back in key order with no lookups (PostgreSQL's schema leaves it out).
-- Assessments are stored by name ('' = none, 'not_yet', 'working_towards', 'meeting',
-- 'exceeding') so the database reads without the code.

-- An argon2id string; '' while none is set (invited, or anonymised).
ALTER TABLE users ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';

-- Tokens are kept only as digests (auth/secrets.h), so a copy of the database opens nothing.
CREATE TABLE sessions (
  token_digest TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_digest TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL DEFAULT 0,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- One row per failed login per key ("email:...", "ip:..."); rows older than a day are deleted
-- whenever one is recorded, so the table stays small.
CREATE TABLE login_failures (
  key TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);
CREATE INDEX login_failures_at ON login_failures (at);

CREATE TABLE one_time_links (
  token_digest TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER  -- NULL until redeemed
);
CREATE INDEX one_time_links_user ON one_time_links (user_id);

-- A framework as check-ins saw it: stored once per distinct content, never changed.
CREATE TABLE framework_versions (
  id INTEGER PRIMARY KEY,
  framework_id TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  json TEXT NOT NULL,
  imported_at INTEGER NOT NULL,
  UNIQUE (framework_id, content_hash)
);
CREATE INDEX framework_versions_newest ON framework_versions (framework_id, imported_at, id);

-- A person's check-ins are removed only on purpose (Store::RemoveUser), so deleting a user who
-- has some fails here too (no ON DELETE on user_id) instead of silently taking their history.
CREATE TABLE checkins (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  framework_version_id INTEGER NOT NULL REFERENCES framework_versions (id),
  state TEXT NOT NULL CHECK (state IN ('open', 'frozen')),
  self_notes TEXT NOT NULL DEFAULT '',
  manager_notes TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  frozen_at INTEGER NOT NULL DEFAULT 0,
  frozen_by INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX checkins_user ON checkins (user_id, created_at);
CREATE INDEX checkins_frozen_by ON checkins (frozen_by);
-- At most one open check-in per person (a partial index: SQLite and PostgreSQL both have them).
CREATE UNIQUE INDEX checkins_one_open ON checkins (user_id) WHERE state = 'open';

-- Only criteria assessed on at least one side have a row.
CREATE TABLE checkin_results (
  checkin_id INTEGER NOT NULL REFERENCES checkins (id) ON DELETE CASCADE,
  criterion_key TEXT NOT NULL,
  text_hash TEXT NOT NULL DEFAULT '',
  self TEXT NOT NULL DEFAULT ''
    CHECK (self IN ('', 'not_yet', 'working_towards', 'meeting', 'exceeding')),
  manager TEXT NOT NULL DEFAULT ''
    CHECK (manager IN ('', 'not_yet', 'working_towards', 'meeting', 'exceeding')),
  agreed TEXT NOT NULL DEFAULT ''
    CHECK (agreed IN ('', 'not_yet', 'working_towards', 'meeting', 'exceeding')),
  PRIMARY KEY (checkin_id, criterion_key)
) WITHOUT ROWID;  -- SQLite only

-- Evidence outlives its author (a manager who leaves): the author becomes unknown.
CREATE TABLE evidence (
  id INTEGER PRIMARY KEY,
  checkin_id INTEGER NOT NULL REFERENCES checkins (id) ON DELETE CASCADE,
  author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  text TEXT NOT NULL,
  link TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE INDEX evidence_checkin ON evidence (checkin_id, created_at);
CREATE INDEX evidence_author ON evidence (author_id);

CREATE TABLE evidence_criteria (
  evidence_id INTEGER NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
  criterion_key TEXT NOT NULL,
  PRIMARY KEY (evidence_id, criterion_key)
) WITHOUT ROWID;  -- SQLite only

-- Maintained by Store::Agree (newer agreed_at wins, ties by check-in id), read by LatestAgreed.
CREATE TABLE agreed_latest (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  framework_version_id INTEGER NOT NULL REFERENCES framework_versions (id),
  criterion_key TEXT NOT NULL,
  text_hash TEXT NOT NULL DEFAULT '',
  result TEXT NOT NULL
    CHECK (result IN ('not_yet', 'working_towards', 'meeting', 'exceeding')),
  checkin_id INTEGER NOT NULL REFERENCES checkins (id) ON DELETE CASCADE,
  agreed_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, framework_version_id, criterion_key)
) WITHOUT ROWID;  -- SQLite only
CREATE INDEX agreed_latest_checkin ON agreed_latest (checkin_id);
