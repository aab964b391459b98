#include "metrics/sessions.h"

#include "metrics/iso_week.h"

namespace rungs {

namespace {

int64_t WeekOf(int64_t local_seconds) {
  const int64_t day = local_seconds >= 0 ? local_seconds / 86400 : (local_seconds - 86399) / 86400;
  return WeekIndexOfDay(day);
}

}  // namespace

std::vector<InferredWeek> InferActiveWeeks(const std::vector<int64_t>& local_instants,
                                           const SessionOptions& options) {
  std::vector<InferredWeek> weeks;
  size_t i = 0;
  while (i < local_instants.size()) {
    const int64_t first = local_instants[i];
    int64_t last = first;
    int64_t touches = 1;
    for (++i; i < local_instants.size() && local_instants[i] - last <= options.idle_gap_seconds;
         ++i) {
      last = local_instants[i];
      ++touches;
    }
    const int64_t week = WeekOf(first);
    if (weeks.empty() || weeks.back().week_index != week) weeks.push_back({week, 0, 0, 0});
    InferredWeek& w = weeks.back();
    w.active_seconds += last - first + options.allowance_seconds;
    ++w.sessions;
    w.touches += touches;
  }
  return weeks;
}

}  // namespace rungs
