#include "cli/serve_settings.h"

#include <charconv>
#include <limits>

#include <fmt/format.h>

#include "web/streamed_upload.h"

namespace rungs {
namespace {

Result<int64_t> ParseCount(std::string_view text, const char* name, int64_t min, int64_t max) {
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty() || value < min ||
      value > max) {
    return Status::Invalid(
        fmt::format("{}: '{}' is not a whole number from {} to {}", name, text, min, max), name);
  }
  return value;
}

}  // namespace

Result<std::chrono::milliseconds> ParseDuration(std::string_view text, const char* name) {
  std::string_view number = text;
  int64_t scale = 1000;
  if (number.ends_with("ms")) {
    number.remove_suffix(2);
    scale = 1;
  } else if (number.ends_with("s")) {
    number.remove_suffix(1);
  } else if (number.ends_with("m")) {
    number.remove_suffix(1);
    scale = 60'000;
  }
  int64_t value = 0;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  constexpr int64_t kDay = 24 * 3600 * 1000;
  if (error != std::errc() || end != number.data() + number.size() || number.empty() ||
      value <= 0 || value > kDay / scale) {
    return Status::Invalid(
        fmt::format("{}: '{}' is not a duration such as 10s, 500ms or 2m (at most a day)", name,
                    text),
        name);
  }
  return std::chrono::milliseconds(value * scale);
}

Status ReadServeSettings(const Getenv& getenv, HttpServerOptions& http, AuthOptions& auth) {
  Status status;
  const auto duration = [&](const char* name, std::chrono::milliseconds& out) {
    const char* value = getenv(name);
    if (value == nullptr || !status.ok()) return;
    Result<std::chrono::milliseconds> parsed = ParseDuration(value, name);
    if (!parsed.ok())
      status = parsed.status();
    else
      out = *parsed;
  };
  const auto seconds = [&](const char* name, int64_t& out) {
    std::chrono::milliseconds ms(out * 1000);
    duration(name, ms);
    out = std::max<int64_t>(1, ms.count() / 1000);
  };
  const auto count = [&](const char* name, auto& out, int64_t min, int64_t max) {
    const char* value = getenv(name);
    if (value == nullptr || !status.ok()) return;
    Result<int64_t> parsed = ParseCount(value, name, min, max);
    if (!parsed.ok())
      status = parsed.status();
    else
      out = static_cast<std::remove_reference_t<decltype(out)>>(*parsed);
  };
  count("RUNGS_IO_THREADS", http.io_threads, 1, 256);
  count("RUNGS_WORKER_THREADS", http.worker_threads, 1, 1024);
  count("RUNGS_WORKER_QUEUE", http.worker_queue, 1, 1'000'000);
  duration("RUNGS_HEAD_TIMEOUT", http.head_timeout);
  duration("RUNGS_IDLE_TIMEOUT", http.idle_timeout);
  duration("RUNGS_BODY_TIMEOUT", http.body_timeout);
  duration("RUNGS_WRITE_TIMEOUT", http.write_timeout);
  if (const char* value = getenv("RUNGS_MAX_HEADER"); value != nullptr && status.ok()) {
    Result<int64_t> bytes = ParseByteSize(value);
    if (!bytes.ok() || *bytes < 1024 || *bytes > (1 << 20)) {
      status =
          Status::Invalid(fmt::format("RUNGS_MAX_HEADER: '{}' is not a size from 1K to 1M", value),
                          "RUNGS_MAX_HEADER");
    } else {
      http.max_header_bytes = static_cast<uint32_t>(*bytes);
    }
  }
  count("RUNGS_MAX_CONNECTIONS", http.max_connections, 1, 1'000'000);
  count("RUNGS_MAX_CONNECTIONS_PER_ADDRESS", http.max_connections_per_address, 1, 1'000'000);
  if (const char* value = getenv("RUNGS_TRUSTED_PROXIES"); value != nullptr && status.ok()) {
    Result<TrustedProxies> proxies = TrustedProxies::Parse(value);
    if (!proxies.ok())
      status = proxies.status();
    else
      http.trusted_proxies = *proxies;
  }
  count("RUNGS_LOGIN_FREE_FAILURES", auth.free_failures, 1, 1000);
  seconds("RUNGS_LOGIN_FIRST_DELAY", auth.first_delay_seconds);
  seconds("RUNGS_LOGIN_MAX_DELAY", auth.max_delay_seconds);
  count("RUNGS_LOGIN_MAX_FAILURES_PER_ADDRESS", auth.max_failures_per_address, 1, 1'000'000);
  seconds("RUNGS_LOGIN_WINDOW", auth.failure_window_seconds);
  count("RUNGS_HASH_SLOTS", auth.hash_slots, 1, 256);
  count("RUNGS_HASH_QUEUE", auth.hash_queue, 0, 10'000);
  return status;
}

}  // namespace rungs
