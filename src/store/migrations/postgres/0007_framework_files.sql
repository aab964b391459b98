-- PostgreSQL's version of ../0007_framework_files.sql, which says what this migration is for. The same tables
-- and columns, with PostgreSQL's types (BIGINT, identity ids, DOUBLE PRECISION, BYTEA), text
-- compared byte by byte (COLLATE "C") as SQLite compares it, and each constraint named
-- "table.column" so that a failure names the field as SQLite's messages do (sql_postgres.cc).
CREATE TABLE framework_files (
  name TEXT COLLATE "C" CONSTRAINT "framework_files.name" PRIMARY KEY,
  content BYTEA NOT NULL,
  content_hash TEXT COLLATE "C" NOT NULL,  -- SHA-256 hex of content
  uploaded_at BIGINT NOT NULL,
  uploaded_by BIGINT REFERENCES users (id) ON DELETE SET NULL
);
