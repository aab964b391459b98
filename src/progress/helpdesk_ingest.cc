#include "progress/helpdesk_ingest.h"

#include <algorithm>
#include <climits>

#include <fmt/format.h>

namespace rungs {

std::vector<IdentityWeek> BatchWeeks(const MappedReading& reading) {
  std::vector<IdentityWeek> rows;
  for (const IdentityWeeks& identity : reading.identities) {
    for (const AgentWeek& w : identity.weeks) {
      IdentityWeek row;
      row.space = identity.space;
      row.identity = identity.name;
      row.week = w.week_index;
      row.closed = w.closed;
      row.closed_events = w.closed_events;
      row.active_seconds = w.active_seconds;
      row.away_seconds = w.away_seconds;
      row.active_inferred = identity.active_inferred;
      row.scheduled_seconds = w.scheduled_seconds;
      if (identity.overlap_measured) row.active_scheduled_seconds = w.active_scheduled_seconds;
      row.qa_reviews = w.qa_reviews;
      row.qa_score_sum = w.qa_score_sum;
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

Result<IngestOutcome> StoreReading(Store& store, const MappedReading& reading,
                                   const IngestSource& source, const Actor& actor) {
  const int64_t problems = reading.skipped;
  if (MappingDoesNotFit(reading)) {
    return Status::Invalid(fmt::format("{} of {} rows have problems, more than give events: "
                                       "the mapping does not fit this export; nothing stored",
                                       problems, reading.rows),
                           "file");
  }
  IngestBatch batch;
  batch.source = source.source;
  batch.file_name = source.file_name;
  batch.content_hash = source.content_hash;
  batch.mapping = source.mapping;
  batch.rows_read = reading.rows;
  batch.rows_used = reading.used;
  batch.rows_excluded = reading.excluded;
  batch.rows_with_problems = problems;
  const std::vector<IdentityWeek> weeks = BatchWeeks(reading);
  batch.first_week = INT64_MAX;
  batch.last_week = INT64_MIN;
  for (const IdentityWeek& w : weeks) {
    batch.first_week = std::min(batch.first_week, w.week);
    batch.last_week = std::max(batch.last_week, w.week);
  }
  if (weeks.empty()) batch.first_week = batch.last_week = 0;
  return store.PutIngestBatch(batch, weeks, actor);
}

}  // namespace rungs
