// Reading JSON documents whose fields are checked one by one, so that bad input gets one
// clear error naming the field by its path ("topics[2].rungs[0].criteria[1].text") instead of
// an exception. Used by the rungs JSON and CASE importers.
#ifndef RUNGS_UTIL_JSON_READER_H_
#define RUNGS_UTIL_JSON_READER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/diagnostic.h"

namespace rungs {

// Parses `bytes`; on a syntax error adds a diagnostic with its line and column and returns
// nullopt.
std::optional<nlohmann::json> ParseJsonDocument(std::string_view bytes, const std::string& file,
                                                Diagnostics& out);

// Reports only the first error (later ones are usually its consequences) and at most
// kMaxWarnings warnings.
class JsonReader {
 public:
  // `error_code` and `warning_code` are the diagnostics' codes ("case-field", "case-link").
  JsonReader(Diagnostics& out, std::string file, std::string error_code,
             std::string warning_code = "")
      : out_(out),
        file_(std::move(file)),
        error_code_(std::move(error_code)),
        warning_code_(std::move(warning_code)) {}

  bool ok() const { return ok_; }

  void Fail(const std::string& path, const std::string& message) {
    if (!ok_) return;  // the first problem is the useful one
    ok_ = false;
    out_.push_back({Severity::kError, file_, 0, 0, error_code_, Message(path, message)});
  }

  void Warn(const std::string& path, const std::string& message) {
    if (++warnings_ > kMaxWarnings) return;
    std::string text = Message(path, message);
    if (warnings_ == kMaxWarnings) text += " (later warnings about this file are not shown)";
    out_.push_back({Severity::kWarning, file_, 0, 0, warning_code_, std::move(text)});
  }

  const nlohmann::json* Field(const nlohmann::json& object, const std::string& path,
                              const char* name, bool required) {
    if (!object.is_object()) {
      Fail(path, "must be an object");
      return nullptr;
    }
    auto it = object.find(name);
    if (it == object.end()) {
      if (required) Fail(Join(path, name), "is missing");
      return nullptr;
    }
    return &*it;
  }

  const nlohmann::json* Object(const nlohmann::json& object, const std::string& path,
                               const char* name, bool required = false) {
    return Typed(object, path, name, required, &nlohmann::json::is_object, "must be an object");
  }

  const nlohmann::json* Array(const nlohmann::json& object, const std::string& path,
                              const char* name, bool required = false) {
    return Typed(object, path, name, required, &nlohmann::json::is_array, "must be an array");
  }

  std::optional<std::string> OptionalString(const nlohmann::json& object, const std::string& path,
                                            const char* name, bool required = false) {
    const nlohmann::json* v =
        Typed(object, path, name, required, &nlohmann::json::is_string, "must be a string");
    if (v == nullptr) return std::nullopt;
    return v->get<std::string>();
  }

  std::string String(const nlohmann::json& object, const std::string& path, const char* name,
                     bool required = false) {
    return OptionalString(object, path, name, required).value_or("");
  }

  int Int(const nlohmann::json& object, const std::string& path, const char* name, int fallback,
          bool required = false) {
    const nlohmann::json* v = Field(object, path, name, required);
    if (v == nullptr) return fallback;
    if (!v->is_number_integer()) {
      Fail(Join(path, name), "must be a whole number");
      return fallback;
    }
    // Unsigned values above INT64_MAX would wrap if read as signed.
    const bool in_range = v->is_number_unsigned() ? v->get<std::uint64_t>() <= 1'000'000'000ULL
                                                  : v->get<std::int64_t>() >= -1'000'000'000LL &&
                                                        v->get<std::int64_t>() <= 1'000'000'000LL;
    if (!in_range) {
      Fail(Join(path, name), "is out of range");
      return fallback;
    }
    return static_cast<int>(v->get<std::int64_t>());
  }

  bool Bool(const nlohmann::json& object, const std::string& path, const char* name, bool fallback,
            bool required = false) {
    const nlohmann::json* v =
        Typed(object, path, name, required, &nlohmann::json::is_boolean, "must be true or false");
    return v == nullptr ? fallback : v->get<bool>();
  }

  // A type check for a value that is only displayed by CASE tools (a rubric level's score).
  void Number(const nlohmann::json& object, const std::string& path, const char* name) {
    Typed(object, path, name, false, &nlohmann::json::is_number, "must be a number");
  }

  static std::string Join(const std::string& path, const char* name) {
    return path.empty() ? name : path + "." + name;
  }

  static std::string At(const std::string& path, size_t index) {
    return path + "[" + std::to_string(index) + "]";
  }

  // Calls fn(element, path) for each element of the array at `name`, while nothing failed.
  template <typename Fn>
  void ForEach(const nlohmann::json& object, const std::string& path, const char* name, Fn fn,
               bool required = true) {
    const nlohmann::json* list = Array(object, path, name, required);
    if (list == nullptr) return;
    for (size_t i = 0; i < list->size() && ok_; ++i) fn((*list)[i], At(Join(path, name), i));
  }

 private:
  static std::string Message(const std::string& path, const std::string& message) {
    return path.empty() ? message : path + ": " + message;
  }

  const nlohmann::json* Typed(const nlohmann::json& object, const std::string& path,
                              const char* name, bool required,
                              bool (nlohmann::json::*is_type)() const noexcept,
                              const char* message) {
    const nlohmann::json* v = Field(object, path, name, required);
    if (v == nullptr) return nullptr;
    if (!((*v).*is_type)()) {
      Fail(Join(path, name), message);
      return nullptr;
    }
    return v;
  }

  static constexpr int kMaxWarnings = 20;

  Diagnostics& out_;
  std::string file_;
  std::string error_code_;
  std::string warning_code_;
  bool ok_ = true;
  int warnings_ = 0;
};

}  // namespace rungs

#endif  // RUNGS_UTIL_JSON_READER_H_
