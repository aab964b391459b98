-- PostgreSQL's version of ../0005_email_nocase.sql: emails are unique whatever their case. The
-- SQLite migration also settles addresses that an older build let differ only by case; no
-- PostgreSQL database predates this migration (each is created, or copied by rungs migrate,
-- with every migration at once), so there is nothing to settle here. The index is on lower(),
-- which FindUserByEmail compares with.
CREATE UNIQUE INDEX "users.email_nocase" ON users (lower(email));
