-- The person's answer to a check-in's agreed results (Store::Acknowledge): once, after it is
-- frozen; 'agree' or 'disagree' with a comment. 0 and '' while unanswered. Valid PostgreSQL.
ALTER TABLE checkins ADD COLUMN acknowledged_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE checkins ADD COLUMN acknowledgement TEXT NOT NULL DEFAULT '';
ALTER TABLE checkins ADD COLUMN acknowledgement_comment TEXT NOT NULL DEFAULT '';
