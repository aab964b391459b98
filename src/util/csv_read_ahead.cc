#include "util/csv_read_ahead.h"

namespace rungs {
namespace {

constexpr size_t kBatchRecords = 1024;
constexpr size_t kBatchBytes = size_t{4} << 20;
// A slot that held a record longer than this gives its memory back before it is reused.
constexpr size_t kKeptCapacity = size_t{64} << 10;

}  // namespace

CsvReadAhead::CsvReadAhead(CsvStream& stream, bool own_thread) : stream_(stream) {
  for (Batch& b : batches_) free_.push_back(&b);
  if (own_thread) thread_ = std::thread([this] { Read(); });
}

CsvReadAhead::~CsvReadAhead() {
  if (!thread_.joinable()) return;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void CsvReadAhead::Read() {
  try {
    for (;;) {
      Batch* batch = nullptr;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [this] { return stop_ || !free_.empty(); });
        if (stop_) return;
        batch = free_.front();
        free_.pop_front();
      }
      Fill(*batch);
      {
        const std::lock_guard<std::mutex> lock(mutex_);
        full_.push_back(batch);
      }
      changed_.notify_all();
      if (batch->last) return;
    }
  } catch (...) {
    const std::lock_guard<std::mutex> lock(mutex_);
    error_ = std::current_exception();
    changed_.notify_all();
  }
}

void CsvReadAhead::Fill(Batch& batch) {
  batch.size = 0;
  batch.last = false;
  size_t bytes = 0;
  while (batch.size < kBatchRecords && bytes < kBatchBytes) {
    if (batch.records.size() == batch.size) batch.records.emplace_back();
    CsvRecord& r = batch.records[batch.size];
    if (r.text.capacity() > kKeptCapacity) r = CsvRecord();
    if (!stream_.Next(r)) {
      batch.last = true;
      break;
    }
    bytes += r.raw_bytes;
    ++batch.size;
  }
  batch.consumed = stream_.consumed();
}

const CsvRecord* CsvReadAhead::Next() {
  if (!thread_.joinable()) {
    Batch& batch = batches_[0];
    if (current_ == nullptr || (at_ == batch.size && !batch.last)) {
      Fill(batch);
      current_ = &batch;
      at_ = 0;
      consumed_ = batch.consumed;
    }
    return at_ < batch.size ? &batch.records[at_++] : nullptr;
  }
  for (;;) {
    if (current_ != nullptr) {
      if (at_ < current_->size) return &current_->records[at_++];
      if (current_->last) return nullptr;
      {
        const std::lock_guard<std::mutex> lock(mutex_);
        free_.push_back(current_);
        current_ = nullptr;
      }
      changed_.notify_all();
    }
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return error_ != nullptr || !full_.empty(); });
    if (full_.empty()) std::rethrow_exception(error_);
    current_ = full_.front();
    full_.pop_front();
    at_ = 0;
    consumed_ = current_->consumed;
  }
}

}  // namespace rungs
