-- PostgreSQL's version of ../0009_acknowledgements.sql, which says what this migration is for. The same tables
-- and columns, with PostgreSQL's types (BIGINT, identity ids, DOUBLE PRECISION, BYTEA), text
-- compared byte by byte (COLLATE "C") as SQLite compares it, and each constraint named
-- "table.column" so that a failure names the field as SQLite's messages do (sql_postgres.cc).
ALTER TABLE checkins ADD COLUMN acknowledged_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE checkins ADD COLUMN acknowledgement TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE checkins ADD COLUMN acknowledgement_comment TEXT COLLATE "C" NOT NULL DEFAULT '';
