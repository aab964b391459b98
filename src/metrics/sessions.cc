#include "metrics/sessions.h"

#include "metrics/iso_week.h"

namespace rungs {

namespace {

int64_t WeekOf(int64_t local_seconds) { return WeekIndexOfDay(DayOfSeconds(local_seconds)); }

}  // namespace

std::vector<InferredWeek> InferActiveWeeks(const std::vector<int64_t>& local_instants,
                                           const SessionOptions& options) {
  SessionCounter counter(options);
  for (int64_t t : local_instants) counter.Touch(t);
  return counter.Finish();
}

void SessionCounter::Touch(int64_t local_instant) {
  if (open_ && local_instant - last_ <= options_.idle_gap_seconds) {
    last_ = local_instant;
    ++touches_;
    return;
  }
  if (open_) Close();
  open_ = true;
  first_ = local_instant;
  last_ = local_instant;
  touches_ = 1;
}

void SessionCounter::Close() {
  const int64_t week = WeekOf(first_);
  if (weeks_.empty() || weeks_.back().week_index != week) weeks_.push_back({week, 0, 0, 0});
  InferredWeek& w = weeks_.back();
  w.active_seconds += last_ - first_ + options_.allowance_seconds;
  ++w.sessions;
  w.touches += touches_;
}

std::vector<InferredWeek> SessionCounter::Finish() {
  if (open_) Close();
  open_ = false;
  std::vector<InferredWeek> weeks;
  weeks.swap(weeks_);
  return weeks;
}

}  // namespace rungs
