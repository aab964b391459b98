// A CsvStream's records read on a thread of their own, a batch ahead of the caller, so that
// parsing and what the caller does with each record use two cores. Records come in order,
// each valid until the next call; memory is three batches of at most 1,024 records or 4 MiB.
// An exception on the reading thread is thrown again from Next. Used by the mapped helpdesk
// reader (metrics/mapped_events.h), whose rules are the slower half.
#ifndef RUNGS_UTIL_CSV_READ_AHEAD_H_
#define RUNGS_UTIL_CSV_READ_AHEAD_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "util/csv_stream.h"

namespace rungs {

class CsvReadAhead {
 public:
  // Starts reading `stream`, which must not be used elsewhere until this is destroyed. Without
  // `own_thread` (small inputs, where starting a thread costs more than it saves) the batches
  // are read in Next.
  explicit CsvReadAhead(CsvStream& stream, bool own_thread = true);
  ~CsvReadAhead();
  CsvReadAhead(const CsvReadAhead&) = delete;
  CsvReadAhead& operator=(const CsvReadAhead&) = delete;

  // The next record, or null at the end of the input.
  const CsvRecord* Next();
  // The stream's bytes consumed up to the end of the batch Next's last record came in.
  int64_t consumed() const { return consumed_; }

 private:
  struct Batch {
    std::vector<CsvRecord> records;
    size_t size = 0;
    int64_t consumed = 0;
    bool last = false;  // the input ends after it
  };

  void Read();
  // Reads the next batch into `batch`.
  void Fill(Batch& batch);

  CsvStream& stream_;
  Batch batches_[3];
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Batch*> full_;  // read, in order
  std::deque<Batch*> free_;
  bool stop_ = false;
  std::exception_ptr error_;
  Batch* current_ = nullptr;
  size_t at_ = 0;
  int64_t consumed_ = 0;
  std::thread thread_;
};

}  // namespace rungs

#endif  // RUNGS_UTIL_CSV_READ_AHEAD_H_
