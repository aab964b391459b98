// Errors as values for operations that can fail in ways a caller must handle: a store write
// that conflicts, a field that does not validate. `field` names the input at fault, so an API
// can answer {"error": {"code", "message", "field"}}.
#ifndef RUNGS_UTIL_STATUS_H_
#define RUNGS_UTIL_STATUS_H_

#include <optional>
#include <string>
#include <utility>

namespace rungs {

enum class StatusCode { kOk, kInvalid, kNotFound, kConflict, kForbidden, kUnavailable, kInternal };

const char* StatusCodeName(StatusCode code);  // "ok", "invalid", "not_found", ...

// [[nodiscard]]: a Status or Result that is dropped is a compile error (-Werror), so no failure
// goes unnoticed; where ignoring one is right, say why and cast it to void.
struct [[nodiscard]] Status {
  StatusCode code = StatusCode::kOk;
  std::string message;
  std::string field;

  bool ok() const { return code == StatusCode::kOk; }
  static Status Ok() { return {}; }
  static Status Invalid(std::string message, std::string field = "") {
    return {StatusCode::kInvalid, std::move(message), std::move(field)};
  }
  static Status NotFound(std::string message) {
    return {StatusCode::kNotFound, std::move(message), ""};
  }
  static Status Conflict(std::string message, std::string field = "") {
    return {StatusCode::kConflict, std::move(message), std::move(field)};
  }
  static Status Forbidden(std::string message, std::string field = "") {
    return {StatusCode::kForbidden, std::move(message), std::move(field)};
  }
  static Status Unavailable(std::string message, std::string field = "") {
    return {StatusCode::kUnavailable, std::move(message), std::move(field)};
  }
  static Status Internal(std::string message) {
    return {StatusCode::kInternal, std::move(message), ""};
  }
};

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  // A Result built from a Status carries an error; an ok Status here is a bug in the caller,
  // and is reported as one rather than read as a value that is not there.
  Result(Status status)  // NOLINT(google-explicit-constructor)
      : status_(status.ok() ? Status::Internal("a result was made from an ok status")
                            : std::move(status)) {}

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  T&& value() && { return std::move(*value_); }
  const T* operator->() const { return &*value_; }
  const T& operator*() const { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace rungs

#endif  // RUNGS_UTIL_STATUS_H_
