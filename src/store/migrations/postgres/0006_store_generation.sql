-- PostgreSQL's version of ../0006_store_generation.sql, which says what this migration is for. The same tables
-- and columns, with PostgreSQL's types (BIGINT, identity ids, DOUBLE PRECISION, BYTEA), text
-- compared byte by byte (COLLATE "C") as SQLite compares it, and each constraint named
-- "table.column" so that a failure names the field as SQLite's messages do (sql_postgres.cc).
CREATE TABLE store_meta (
  id BIGINT PRIMARY KEY CHECK (id = 1),
  generation BIGINT NOT NULL
);
INSERT INTO store_meta (id, generation) SELECT 1, COALESCE(MAX(id), 0) FROM audit_log;
