#include "metrics/weekly_table.h"

#include <sstream>

#include <fmt/format.h>

#include "metrics/iso_week.h"
#include "util/csv.h"

namespace rungs {

void WriteWeeklyTable(const std::vector<AgentWeeks>& agents, std::ostream& out) {
  fmt::memory_buffer buffer;
  fmt::format_to(std::back_inserter(buffer),
                 "agent_id,week,closed,active_hours,conversations_per_hour\n");
  for (const AgentWeeks& agent : agents) {
    const std::string name = SpreadsheetCsvCell(agent.agent);
    for (const AgentWeek& w : agent.weeks) {
      // A week of away time only is no row; one an active interval reaches into is.
      if (w.closed_events == 0 && w.active_starts == 0 && w.active_seconds == 0) continue;
      const double hours = static_cast<double>(w.active_seconds) / 3600.0;
      const std::string week = WeekIndexName(w.week_index);
      if (w.active_seconds > 0) {
        fmt::format_to(std::back_inserter(buffer), "{},{},{},{:.6f},{:.6f}\n", name, week, w.closed,
                       hours, static_cast<double>(w.closed) / hours);
      } else {
        fmt::format_to(std::back_inserter(buffer), "{},{},{},{:.6f},\n", name, week, w.closed,
                       hours);
      }
    }
    if (buffer.size() > (1 << 16)) {
      out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      buffer.clear();
    }
  }
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
}

std::string WeeklyTableCsv(const std::vector<AgentWeeks>& agents) {
  std::ostringstream out;
  WriteWeeklyTable(agents, out);
  return out.str();
}

}  // namespace rungs
