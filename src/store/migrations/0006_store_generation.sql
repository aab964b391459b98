-- The store's generation, which Store::ChangeStamp returns and caches compare (a page cached at
-- one generation is current while the generation is unchanged). It only grows: every audited
-- write adds one in its own transaction, and a restore sets it above anything the database it
-- replaces had reached (RestoreSqlite: current + restored + 1). The newest audit id served
-- before, but restoring an older backup moved it backwards, so a page cached after a newer
-- write could be taken for current again. It starts at the newest audit id, so stamps do not
-- go backwards across this upgrade either. One row. Valid PostgreSQL.
CREATE TABLE store_meta (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL
);
INSERT INTO store_meta (id, generation) SELECT 1, COALESCE(MAX(id), 0) FROM audit_log;
