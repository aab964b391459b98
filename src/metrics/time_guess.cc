#include "metrics/time_guess.h"

#include <algorithm>

#include "metrics/time_format.h"

namespace rungs {

namespace {

enum class Order : uint8_t { kIso, kDayFirst, kMonthFirst, kYearFirst, kUnix };

struct Candidate {
  TimeFormat format;
  Order order = Order::kIso;
  int pair = -1;  // day-first and month-first patterns that differ only in their order share it
};

// ISO first (the format to prefer wherever it reads the values), then patterns, so the first
// format that fits is the one a draft writes. For a 12-hour clock month-first comes first (the
// US habit); for a 24-hour clock day-first. Either way an ambiguous column is asked about.
std::vector<Candidate> MakeCandidates() {
  std::vector<Candidate> out;
  auto add = [&out](const std::string& text, Order order, int pair) {
    Result<TimeFormat> f = ParseTimeFormat(text);
    if (f.ok()) out.push_back({f.value(), order, pair});
  };
  add("iso8601", Order::kIso, -1);
  int pair = 0;
  for (const char* clock : {"H:MM:ss", "H:MM", "h:MM:ss AM/PM", "h:MM AM/PM"}) {
    const bool twelve = clock[0] == 'h';
    for (const char sep : {'/', '-', '.'}) {
      for (const char* year : {"yyyy", "yy"}) {
        const std::string day_first = std::string("d") + sep + "m" + sep + year + " " + clock;
        const std::string month_first = std::string("m") + sep + "d" + sep + year + " " + clock;
        if (twelve) {
          add(month_first, Order::kMonthFirst, pair);
          add(day_first, Order::kDayFirst, pair);
        } else {
          add(day_first, Order::kDayFirst, pair);
          add(month_first, Order::kMonthFirst, pair);
        }
        ++pair;
      }
      add(std::string("yyyy") + sep + "m" + sep + "d " + clock, Order::kYearFirst, -1);
    }
  }
  add("unix", Order::kUnix, -1);
  add("unix_ms", Order::kUnix, -1);
  return out;
}

const std::vector<Candidate>& Candidates() {
  static const std::vector<Candidate> candidates = MakeCandidates();
  return candidates;
}

bool HasDigit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Unix seconds from 2000 to 2100 (ten digits), or milliseconds (thirteen): a bare number
// outside that is an id, a count or an amount.
bool PlausibleUnix(std::string_view s, bool millis) {
  if (s.size() != (millis ? 13u : 10u)) return false;
  if (!std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  const int64_t v = std::stoll(std::string(s.substr(0, 10)));
  return v >= 946684800 && v < 4102444800;
}

// The first number of a date written day-first or month-first: above 12 it can only be a day.
int FirstNumber(std::string_view s) {
  int v = 0;
  size_t i = 0;
  while (i < s.size() && i < 3 && s[i] >= '0' && s[i] <= '9') v = v * 10 + (s[i++] - '0');
  return v;
}

// The second number ("29" of "2/29/2016").
int SecondNumber(std::string_view s) {
  const size_t sep = s.find_first_of("/-.");
  return sep == std::string_view::npos ? 0 : FirstNumber(s.substr(sep + 1));
}

}  // namespace

TimeGuess GuessTimeFormat(const std::vector<std::string_view>& values, bool allow_numbers) {
  TimeGuess guess;
  std::vector<std::string_view> tried;
  for (std::string_view v : values) {
    if (HasDigit(v)) tried.push_back(v);
  }
  guess.values = static_cast<int64_t>(tried.size());
  if (tried.empty()) return guess;
  const TimeZone utc = TimeZone::Parse("UTC").value();
  const std::vector<Candidate>& candidates = Candidates();
  std::vector<const Candidate*> fitting;
  for (const Candidate& c : candidates) {
    if (c.order == Order::kUnix) {
      const bool millis = c.format.kind == TimeFormat::Kind::kUnixMillis;
      if (!allow_numbers || !std::all_of(tried.begin(), tried.end(), [millis](std::string_view v) {
            return PlausibleUnix(v, millis);
          })) {
        continue;
      }
    }
    int64_t utc_time = 0;
    const bool all = std::all_of(tried.begin(), tried.end(), [&](std::string_view v) {
      return ParseTime(c.format, utc, v, utc_time);
    });
    if (all) fitting.push_back(&c);
  }
  if (fitting.empty()) return guess;
  for (const Candidate* c : fitting) guess.formats.push_back(c->format.text);

  // Ambiguous: both orders of one pattern read every value.
  for (const Candidate* a : fitting) {
    if (a->pair < 0) continue;
    for (const Candidate* b : fitting) {
      if (b != a && b->pair == a->pair) {
        guess.day_month_ambiguous = true;
        guess.day_first = (a->order == Order::kDayFirst ? a : b)->format.text;
        guess.month_first = (a->order == Order::kMonthFirst ? a : b)->format.text;
      }
    }
  }
  guess.example = std::string(tried.front());
  const Order first = fitting.front()->order;
  for (std::string_view v : tried) {
    if ((first == Order::kDayFirst && FirstNumber(v) > 12) ||
        (first == Order::kMonthFirst && SecondNumber(v) > 12)) {
      guess.example = std::string(v);
      break;
    }
  }

  // A value that carries its zone reads as the same instant whatever the zone around it.
  const TimeFormat& best = fitting.front()->format;
  const TimeZone other = TimeZone::Parse("+05:00").value();
  guess.zoned = std::all_of(tried.begin(), tried.end(), [&](std::string_view v) {
    int64_t a = 0;
    int64_t b = 0;
    return ParseTime(best, utc, v, a) && ParseTime(best, other, v, b) && a == b;
  });
  return guess;
}

}  // namespace rungs
