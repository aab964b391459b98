-- People and teams, sessions, and the audit log: what every later table refers to.
-- Times are Unix seconds (UTC); the same schema is written for PostgreSQL with BIGINT ids.
CREATE TABLE teams (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  time_zone TEXT NOT NULL DEFAULT 'UTC',
  created_at INTEGER NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'member')),
  team_id INTEGER REFERENCES teams (id) ON DELETE SET NULL,
  manager_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  framework_id TEXT NOT NULL DEFAULT '',
  assigned_rung TEXT NOT NULL DEFAULT '',
  start_date TEXT NOT NULL DEFAULT '',
  probation_end TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  CHECK (manager_id IS NULL OR manager_id <> id)
);
CREATE INDEX users_manager ON users (manager_id);
CREATE INDEX users_team ON users (team_id);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_id INTEGER,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at);
