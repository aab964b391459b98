// The mapped reader's events, sorted per identity in bounded memory. Events are buffered up to
// a byte budget, then sorted and written to a temporary file as a run; reading them back merges
// the runs (k-way) into one stream ordered by identity, then time (an interval's end before a
// start at the same instant), ties in the order the events were added, which is the order of
// the rows. A file with more events than the budget thus costs the budget plus a read buffer per
// run, not memory per event. While one half of the budget is sorted and written on a thread of
// its own, events are added to the other half. Run files are unlinked as soon as they are created,
// so nothing is left behind on any path, an error, an exception or a crash included; only the open
// descriptors hold them. Too many runs are merged into one first, so descriptors stay few.
// Part of the mapped reader (mapped_events.h).
#ifndef RUNGS_METRICS_EVENT_RUNS_H_
#define RUNGS_METRICS_EVENT_RUNS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
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

  // An error writing a run may come from a later Add, or from ForEach: runs are written on
  // another thread.
  Status Add(const RunEvent& e);

  // The events of `later`, a reading of the rows after this one's, added after this one's:
  // both are written as runs, and `later`'s runs become this one's, their lines (read from a
  // slice of the file that started at line 1) moved down by `line_offset`.
  Status Append(EventRuns& later, uint32_t line_offset);

  // Every event in order (see above); may be called again. A callback's error stops it.
  using Visit = std::function<Status(const RunEvent&)>;
  Status ForEach(const Visit& visit);

  // Runs begun so far (0 while everything fits the budget).
  size_t spilled_runs() const { return spilled_; }

 private:
  class RunFile;
  // An event as buffered, and as written in a run followed by its text.
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

  // Events added and not yet in a run.
  struct Buffer {
    std::vector<Pending> pending;
    std::vector<uint32_t> order;  // pending's indexes in the order of the merged stream
    uint32_t max_identity = 0;
    std::string text;
    bool sorted = true;

    void Sort();
    void Clear();
  };

  // Writes `b` as a run (and merges the runs into one when there are too many), then clears it.
  Status Spill(Buffer& b);
  // Waits for the run being written, if one is.
  Status WaitForSpill();
  // Merges every run into `visit`.
  Status Merge(const Visit& visit);

  std::string dir_;
  size_t buffer_bytes_;  // half the budget
  Buffer filling_;
  Buffer spilling_;
  std::vector<std::unique_ptr<RunFile>> runs_;
  std::string write_buffer_;  // the run being written's
  size_t spilled_ = 0;
  std::future<Status> spill_;  // last: waited for before the rest is destroyed
};

}  // namespace rungs

#endif  // RUNGS_METRICS_EVENT_RUNS_H_
