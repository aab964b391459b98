#include "store/sql.h"

namespace rungs::sql {

Query::~Query() {
  if (statement_ == nullptr || owned_ != nullptr) return;
  try {
    statement_->Reset();
  } catch (const Error&) {
    // The next use resets it again.
  }
}

int64_t Query::Exec() {
  while (statement_->Step()) {
  }
  return statement_->Changes();
}

Transaction::~Transaction() {
  if (done_) return;
  try {
    db_.Rollback();
  } catch (const Error&) {
    // A failed rollback leaves the connection's transaction to end with it.
  }
}

}  // namespace rungs::sql
