// The per-agent weekly table as CSV, the output of `rungs metrics weekly` and the table the
// benchmark compares with DuckDB and pandas:
//   agent_id,week,closed,active_hours,conversations_per_hour
// One row per agent and ISO week with a close or a status_active starting in it, sorted by
// agent then week; hours and rates with six decimals; the rate is empty without active time.
#ifndef RUNGS_METRICS_WEEKLY_TABLE_H_
#define RUNGS_METRICS_WEEKLY_TABLE_H_

#include <ostream>
#include <string>
#include <vector>

#include "metrics/canonical_events.h"

namespace rungs {

std::string WeeklyTableCsv(const std::vector<AgentWeeks>& agents);
// The same, written to `out` as it is made (the table of a large file is tens of megabytes).
void WriteWeeklyTable(const std::vector<AgentWeeks>& agents, std::ostream& out);

}  // namespace rungs

#endif  // RUNGS_METRICS_WEEKLY_TABLE_H_
