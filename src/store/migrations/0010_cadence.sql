-- A team's check-in cadence (0: none) and when it was turned on, so nobody is overdue the day a
-- lead sets it; and each person's calendar feed, a secret URL for their due check-ins
-- (Store::SetCalendarFeed). Valid PostgreSQL.
ALTER TABLE teams ADD COLUMN cadence_weeks INTEGER NOT NULL DEFAULT 0;
ALTER TABLE teams ADD COLUMN cadence_since INTEGER NOT NULL DEFAULT 0;

CREATE TABLE calendar_feeds (
  user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  token_digest TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL DEFAULT 0
);
