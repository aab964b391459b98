// The mapped reader's events, sorted per identity in bounded memory. Events are buffered up to
// a byte budget, then sorted and written to a temporary file as a run; reading them back merges
// the runs (k-way) into one stream ordered by identity, then time (an interval's end before a
// start at the same instant), ties in the order the events were added, which is the order of
// the rows. A file with more events than the budget thus costs the budget plus a read buffer per
// run, not memory per event. Run files are unlinked as soon as they are created, so nothing is
// left behind on any path, an error, an exception or a crash included; only the open
// descriptors hold them. Too many runs are merged into one first, so descriptors stay few.
// Part of the mapped reader (mapped_events.h).
#ifndef RUNGS_METRICS_EVENT_RUNS_H_
#define RUNGS_METRICS_EVENT_RUNS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/mapping.h"
#include "util/status.h"

namespace rungs {

// One event of an identity. The views are copied by Add and valid during a ForEach callback.
struct RunEvent {
  uint32_t identity = 0;
  uint32_t line = 0;  // where its row starts
  int64_t ts = 0;
  MappedType type = MappedType::kActivity;
  bool end = false;       // the end of a status interval
  bool interval = false;  // the start of a status interval
  bool key_only = false;  // counts nothing: only holds its type, time and conversation
  uint16_t rule = 0;
  std::string_view conversation;
  std::string_view time_text;  // as written in the row
  uint32_t time_line = 0;      // where the time field is
  uint32_t time_column = 0;
};

class EventRuns {
 public:
  // Runs go to files in `dir` once the buffered events take more than `run_bytes`.
  EventRuns(std::string dir, size_t run_bytes);
  ~EventRuns();
  EventRuns(const EventRuns&) = delete;
  EventRuns& operator=(const EventRuns&) = delete;

  Status Add(const RunEvent& e);

  // Every event in order (see above); may be called again. A callback's error stops it.
  using Visit = std::function<Status(const RunEvent&)>;
  Status ForEach(const Visit& visit);

  // Runs written to files so far (0 while everything fits the budget).
  size_t spilled_runs() const { return spilled_; }

 private:
  class RunFile;
  struct Pending {
    uint32_t identity;
    uint32_t line;
    int64_t ts;
    uint32_t text;  // offset in text_: the conversation, then the time text
    uint32_t conversation_size;
    uint32_t time_size;
    uint32_t time_line;
    uint32_t time_column;
    uint16_t rule;
    MappedType type;
    uint8_t flags;
  };

  Status Spill();
  // Merges every run into `visit`.
  Status Merge(const Visit& visit);
  // order_: pending_'s indexes in the order of the merged stream.
  void SortPending();

  std::string dir_;
  size_t run_bytes_;
  std::vector<Pending> pending_;
  std::vector<uint32_t> order_;
  uint32_t max_identity_ = 0;  // of pending_
  std::string text_;
  bool sorted_ = true;
  std::vector<std::unique_ptr<RunFile>> runs_;
  size_t spilled_ = 0;
};

}  // namespace rungs

#endif  // RUNGS_METRICS_EVENT_RUNS_H_
