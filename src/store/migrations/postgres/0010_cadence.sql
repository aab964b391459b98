-- PostgreSQL's version of ../0010_cadence.sql, which says what this migration is for. The same tables
-- and columns, with PostgreSQL's types (BIGINT, identity ids, DOUBLE PRECISION, BYTEA), text
-- compared byte by byte (COLLATE "C") as SQLite compares it, and each constraint named
-- "table.column" so that a failure names the field as SQLite's messages do (sql_postgres.cc).
ALTER TABLE teams ADD COLUMN cadence_weeks BIGINT NOT NULL DEFAULT 0;
ALTER TABLE teams ADD COLUMN cadence_since BIGINT NOT NULL DEFAULT 0;

CREATE TABLE calendar_feeds (
  user_id BIGINT CONSTRAINT "calendar_feeds.user_id" PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  token_digest TEXT COLLATE "C" NOT NULL CONSTRAINT "calendar_feeds.token_digest" UNIQUE,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT NOT NULL DEFAULT 0
);
