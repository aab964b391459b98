// The mapped reader's results as people see them: problem codes and diagnostics, the weekly
// table per identity (CSV, opened in spreadsheets, so names are written as safe cells), totals
// per week over every identity, the busiest identities of a space, and whether the mapping fits
// the export at all. Declared in mapped_events.h.
#include <algorithm>
#include <iterator>
#include <map>

#include <fmt/format.h>

#include "metrics/iso_week.h"
#include "metrics/mapped_events.h"
#include "util/csv.h"

namespace rungs {
namespace {

constexpr const char* kProblemCodes[] = {
    "field-count",   "unclosed-quote",       "too-long",         "not-utf8",
    "bad-timestamp", "negative-duration",    "unknown-identity", "duplicate-event",
    "bad-value",     "overlapping-interval", "long-interval"};
static_assert(std::size(kProblemCodes) == static_cast<size_t>(MappedProblem::kCount));

}  // namespace

const char* MappedProblemCode(MappedProblem problem) {
  return kProblemCodes[static_cast<int>(problem)];
}

Diagnostic DescribeMappedProblem(const std::string& path, const MappedProblemRow& problem) {
  Diagnostic d;
  d.file = path;
  d.line = static_cast<int>(std::min<int64_t>(problem.line, INT32_MAX));
  d.column = problem.column;
  d.code = MappedProblemCode(problem.problem);
  d.message = problem.message;
  d.severity = problem.severity;
  return d;
}

std::string MappedWeeklyTableCsv(const MappedReading& reading) {
  fmt::memory_buffer out;
  fmt::format_to(std::back_inserter(out),
                 "identity,space,week,closed,active_hours,active_time,conversations_per_hour,"
                 "scheduled_hours,activity_pct,qa_reviews,qa_pct\n");
  for (const IdentityWeeks& id : reading.identities) {
    const std::string name = SpreadsheetCsvCell(id.name);
    const std::string space = SpreadsheetCsvCell(id.space);
    const char* source = !id.active_measured ? "" : id.active_inferred ? "inferred" : "status";
    for (const AgentWeek& w : id.weeks) {
      if (w.closed_events == 0 && w.active_starts == 0 && w.active_seconds == 0 &&
          w.scheduled_seconds == 0 && w.qa_reviews == 0) {
        continue;
      }
      const std::string week = WeekIndexName(w.week_index);
      const double hours = static_cast<double>(w.active_seconds) / 3600.0;
      const std::string closed = id.closes_measured ? fmt::format("{}", w.closed) : "";
      const std::string active = id.active_measured ? fmt::format("{:.6f}", hours) : "";
      const std::string rate = id.closes_measured && id.active_measured && w.active_seconds > 0
                                   ? fmt::format("{:.6f}", static_cast<double>(w.closed) / hours)
                                   : "";
      const std::string scheduled =
          id.schedule_measured
              ? fmt::format("{:.6f}", static_cast<double>(w.scheduled_seconds) / 3600.0)
              : "";
      // DESIGN's activity %: inside the schedule when the week has one, else of logged time;
      // never on inferred time.
      std::string activity;
      if (id.active_measured && !id.active_inferred) {
        if (w.scheduled_seconds > 0) {
          if (id.overlap_measured) {
            activity =
                fmt::format("{:.2f}", 100.0 * static_cast<double>(w.active_scheduled_seconds) /
                                          static_cast<double>(w.scheduled_seconds));
          }
        } else if (w.active_seconds + w.away_seconds > 0) {
          activity =
              fmt::format("{:.2f}", 100.0 * static_cast<double>(w.active_seconds) /
                                        static_cast<double>(w.active_seconds + w.away_seconds));
        }
      }
      const std::string reviews = id.qa_measured ? fmt::format("{}", w.qa_reviews) : "";
      const std::string qa =
          w.qa_reviews > 0
              ? fmt::format("{:.2f}", w.qa_score_sum / static_cast<double>(w.qa_reviews))
              : "";
      fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{},{},{},{}\n", name, space,
                     week, closed, active, source, rate, scheduled, activity, reviews, qa);
    }
  }
  return fmt::to_string(out);
}

std::vector<const IdentityWeeks*> MostActiveIdentities(const MappedReading& reading,
                                                       const std::string& space, size_t limit) {
  std::vector<const IdentityWeeks*> top;
  for (const IdentityWeeks& id : reading.identities) {
    if (id.space == space) top.push_back(&id);
  }
  auto busier = [](const IdentityWeeks* a, const IdentityWeeks* b) {
    return a->events != b->events ? a->events > b->events : a->name < b->name;
  };
  const size_t kept = std::min(limit, top.size());
  std::partial_sort(top.begin(), top.begin() + static_cast<std::ptrdiff_t>(kept), top.end(),
                    busier);
  top.resize(kept);
  return top;
}

bool MappingDoesNotFit(const MappedReading& reading) { return reading.skipped > reading.used; }

ReadingTotals TotalsOf(const MappedReading& reading) {
  ReadingTotals totals;
  std::map<int64_t, WeekTotals> weeks;
  for (const IdentityWeeks& id : reading.identities) {
    totals.closes = totals.closes || id.closes_measured;
    totals.active = totals.active || id.active_measured;
    totals.scheduled = totals.scheduled || id.schedule_measured;
    totals.qa = totals.qa || id.qa_measured;
    for (const AgentWeek& w : id.weeks) {
      if (w.closed_events == 0 && w.active_seconds == 0 && w.active_starts == 0 &&
          w.scheduled_seconds == 0 && w.qa_reviews == 0) {
        continue;
      }
      WeekTotals& t = weeks[w.week_index];
      t.week = w.week_index;
      t.closed += w.closed;
      t.active_seconds += w.active_seconds;
      t.scheduled_seconds += w.scheduled_seconds;
      t.qa_reviews += w.qa_reviews;
      t.qa_score_sum += w.qa_score_sum;
      ++t.identities;
    }
  }
  totals.weeks.reserve(weeks.size());
  for (const auto& [index, t] : weeks) totals.weeks.push_back(t);
  return totals;
}

}  // namespace rungs
