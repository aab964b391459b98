// Active time inferred from the instants an agent touched something, for exports without
// status changes (DESIGN "Measured targets"): the touches are split into sessions wherever
// two are more than the idle gap apart (default 30 minutes), and each session lasts from its
// first to its last touch plus an allowance (default 5 minutes) for the work before the first
// save. A session counts in the ISO week it starts. Inferred time is an estimate: it is always
// labelled as such, and activity % is "no data" on it.
#ifndef RUNGS_METRICS_SESSIONS_H_
#define RUNGS_METRICS_SESSIONS_H_

#include <cstdint>
#include <vector>

namespace rungs {

struct SessionOptions {
  int64_t idle_gap_seconds = 30 * 60;
  int64_t allowance_seconds = 5 * 60;
};

struct InferredWeek {
  int64_t week_index = 0;  // WeekIndexOfDay (iso_week.h)
  int64_t active_seconds = 0;
  int64_t sessions = 0;
  int64_t touches = 0;
};

// `local_instants`: one agent's touches as local wall-clock seconds (weeks are counted on the
// local calendar), in ascending order. Weeks come out in order, each with a session.
std::vector<InferredWeek> InferActiveWeeks(const std::vector<int64_t>& local_instants,
                                           const SessionOptions& options = {});

// The same, one touch at a time, for touches that stream past: it keeps the weeks and the open
// session, not the touches.
class SessionCounter {
 public:
  explicit SessionCounter(const SessionOptions& options = {}) : options_(options) {}
  void Touch(int64_t local_instant);
  // The weeks so far, the open session closed; the counter starts again empty.
  std::vector<InferredWeek> Finish();

 private:
  void Close();

  SessionOptions options_;
  bool open_ = false;
  int64_t first_ = 0;
  int64_t last_ = 0;
  int64_t touches_ = 0;
  std::vector<InferredWeek> weeks_;
};

}  // namespace rungs

#endif  // RUNGS_METRICS_SESSIONS_H_
