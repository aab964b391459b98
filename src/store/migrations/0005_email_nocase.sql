-- Emails are one address whatever their case: "Ana@Example.com" and "ana@example.com" are the
-- same person. The store writes them lower-cased (ValidateUser) and FindUserByEmail compares
-- without regard to case; the index below makes the uniqueness itself case-insensitive, so no
-- write, however it is made, can add a second spelling. Only ASCII letters fold, here
-- (lower(), NOCASE) as in the code (ToLowerAscii): domains are ASCII, and folding non-ASCII
-- local parts is not something mail servers agree on. PostgreSQL: a unique index on
-- lower(email), and json_build_object for json_object.
--
-- A database may already hold two users whose emails differ only by case (written by hand or
-- by an older build). This migration must not fail on it, and it cannot know which account the
-- person meant, so it keeps everything and decides only who has the address:
--   * in each such group one account keeps it, lower-cased: the one already spelled in lower
--     case (the only one sign-in could find, since it lower-cases what is typed), else the
--     oldest (lowest id);
--   * every other account in the group gets the address duplicate-{id}@invalid (one that
--     ValidateUser cannot produce, like an anonymised former-{id}@invalid), becomes inactive,
--     and loses its sessions, API tokens and unused links, since nobody can sign in to it any
--     more and an old token must not keep it usable; its check-ins, evidence and reports stay;
--   * each such account gets an audit entry, user.email_duplicate, with the address it had and
--     the account that kept it, so an admin can find it and remove or fix it.
-- Every other email is lower-cased.

CREATE TEMP TABLE email_keepers AS
  SELECT lower(email) AS folded,
         COALESCE(MIN(CASE WHEN email = lower(email) THEN id END), MIN(id)) AS keeper
  FROM users
  GROUP BY lower(email)
  HAVING COUNT(*) > 1;

CREATE TEMP TABLE email_duplicates AS
  SELECT u.id, u.email, k.keeper
  FROM users u JOIN email_keepers k ON lower(u.email) = k.folded
  WHERE u.id <> k.keeper;

INSERT INTO audit_log (at, actor_id, action, target, details)
  SELECT CAST(strftime('%s', 'now') AS INTEGER), NULL, 'user.email_duplicate', 'user:' || id,
         json_object('email', email, 'kept_by', 'user:' || keeper)
  FROM email_duplicates
  ORDER BY id;

DELETE FROM sessions WHERE user_id IN (SELECT id FROM email_duplicates);
UPDATE api_tokens SET revoked = 1
  WHERE revoked = 0 AND user_id IN (SELECT id FROM email_duplicates);
UPDATE one_time_links SET used_at = CAST(strftime('%s', 'now') AS INTEGER)
  WHERE used_at IS NULL AND user_id IN (SELECT id FROM email_duplicates);
UPDATE users SET email = 'duplicate-' || id || '@invalid', active = 0
  WHERE id IN (SELECT id FROM email_duplicates);

UPDATE users SET email = lower(email) WHERE email <> lower(email);

-- SQLite names the column in the error ("UNIQUE constraint failed: users.email"), so a clash
-- is still reported as a conflict on the email field.
CREATE UNIQUE INDEX users_email_nocase ON users (email COLLATE NOCASE);

DROP TABLE email_duplicates;
DROP TABLE email_keepers;
