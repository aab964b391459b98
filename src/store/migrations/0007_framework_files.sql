-- Framework files admins upload in the browser (Store::PutFrameworkFile). They are kept here, not
-- in the data directory, so every instance on one database serves the same ones; the server
-- loads them beside its --frameworks folders. A name is unique: uploading it again replaces the
-- content (the framework versions check-ins point at are kept apart, in framework_versions).
-- Valid PostgreSQL except BLOB (bytea there).
CREATE TABLE framework_files (
  name TEXT PRIMARY KEY,
  content BLOB NOT NULL,
  content_hash TEXT NOT NULL,  -- SHA-256 hex of content
  uploaded_at INTEGER NOT NULL,
  uploaded_by INTEGER REFERENCES users (id) ON DELETE SET NULL
);
