-- PostgreSQL's version of ../0004_schedule_overlap.sql, which says what this migration is for. The same tables
-- and columns, with PostgreSQL's types (BIGINT, identity ids, DOUBLE PRECISION, BYTEA), text
-- compared byte by byte (COLLATE "C") as SQLite compares it, and each constraint named
-- "table.column" so that a failure names the field as SQLite's messages do (sql_postgres.cc).

ALTER TABLE identity_weeks ADD COLUMN active_scheduled_seconds BIGINT
  CONSTRAINT "identity_weeks.active_scheduled_seconds" CHECK (active_scheduled_seconds >= 0);
