-- Mappings admins saved in the browser (Store::PutSavedMapping): a draft the helpdesk upload's
-- "detect" wrote, as the admin edited it. Kept here, not in the data directory, so every
-- instance offers the same ones. A name is unique whatever its case: saving it again replaces
-- the YAML. Valid PostgreSQL.
CREATE TABLE saved_mappings (
  name TEXT NOT NULL,
  yaml TEXT NOT NULL,
  saved_at INTEGER NOT NULL,
  saved_by INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX saved_mappings_name ON saved_mappings (lower(name));
