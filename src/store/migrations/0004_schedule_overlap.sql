-- Active time inside scheduled time, per identity and week, when one export had both the
-- identity's status intervals and its shifts: the overlap of two timelines cannot be rebuilt
-- from weekly totals later. NULL when not measured (the usual case: status and schedules come
-- in different files, or the batch has neither); progress/measured.cc then bounds it by
-- min(active, scheduled) over the week's rows. It never exceeds scheduled_seconds (the reader
-- counts each piece in the week of the shift holding it). Valid PostgreSQL.

ALTER TABLE identity_weeks ADD COLUMN active_scheduled_seconds INTEGER
  CHECK (active_scheduled_seconds >= 0);
