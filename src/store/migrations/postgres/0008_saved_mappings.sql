-- PostgreSQL's version of ../0008_saved_mappings.sql, which says what this migration is for. The same tables
-- and columns, with PostgreSQL's types (BIGINT, identity ids, DOUBLE PRECISION, BYTEA), text
-- compared byte by byte (COLLATE "C") as SQLite compares it, and each constraint named
-- "table.column" so that a failure names the field as SQLite's messages do (sql_postgres.cc).
CREATE TABLE saved_mappings (
  name TEXT COLLATE "C" NOT NULL,
  yaml TEXT COLLATE "C" NOT NULL,
  saved_at BIGINT NOT NULL,
  saved_by BIGINT REFERENCES users (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX "saved_mappings.name" ON saved_mappings (lower(name));
