// Connections to one database shared between threads: a thread leases one, uses it alone and
// gives it back when the lease goes. Opens connections as they are first needed, up to a limit;
// past it a lease waits for one to come back.
#ifndef RUNGS_STORE_CONNECTION_POOL_H_
#define RUNGS_STORE_CONNECTION_POOL_H_

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "store/sql.h"

namespace rungs::sql {

class ConnectionPool {
 public:
  using Opener = std::function<std::unique_ptr<Connection>()>;
  ConnectionPool(size_t limit, Opener open) : limit_(limit), open_(std::move(open)) {}

  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    ~Lease() { pool_.GiveBack(std::move(connection_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() { return *connection_; }
    Connection* operator->() { return connection_.get(); }

   private:
    ConnectionPool& pool_;
    std::unique_ptr<Connection> connection_;
  };

  // An idle connection, a new one while under the limit, or the next one given back. Throws
  // what opening throws (sql::Error).
  Lease Acquire() {
    std::unique_lock lock(mutex_);
    returned_.wait(lock, [this] { return !idle_.empty() || open_count_ < limit_; });
    if (!idle_.empty()) {
      std::unique_ptr<Connection> c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(c));
    }
    ++open_count_;
    lock.unlock();
    try {
      return Lease(*this, open_());
    } catch (...) {
      lock.lock();
      --open_count_;
      returned_.notify_one();
      throw;
    }
  }

 private:
  void GiveBack(std::unique_ptr<Connection> connection) {
    if (connection == nullptr) return;
    std::lock_guard lock(mutex_);
    if (connection->Broken()) {
      --open_count_;  // closed: the next lease opens a new one
    } else {
      idle_.push_back(std::move(connection));
    }
    returned_.notify_one();
  }

  const size_t limit_;
  const Opener open_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
  size_t open_count_ = 0;
};

}  // namespace rungs::sql

#endif  // RUNGS_STORE_CONNECTION_POOL_H_
