// A fixed set of threads for the work a request may block on (the store, password hashing,
// reading an upload), with a bounded queue: when it is full, Submit refuses at once and the
// caller answers 503 rather than letting requests wait without end.
#ifndef RUNGS_WEB_WORKER_POOL_H_
#define RUNGS_WEB_WORKER_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace rungs {

class WorkerPool {
 public:
  WorkerPool(int threads, size_t max_queued);
  ~WorkerPool();  // runs what is queued, then joins
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False when `max_queued` tasks already wait (or the pool is stopping): `task` is dropped.
  bool TrySubmit(std::function<void()> task);
  // Waits for the tasks queued and running, then joins the threads.
  void Shutdown();

 private:
  void Work();

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  size_t max_queued_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace rungs

#endif  // RUNGS_WEB_WORKER_POOL_H_
