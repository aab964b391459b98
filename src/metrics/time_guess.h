// Which timestamp formats (time_format.h) read every sampled value of a column: ISO 8601, then
// patterns of day-first, month-first and year-first dates with '/', '-' or '.', a four- or
// two-digit year, and a 24-hour or AM/PM clock with or without seconds, then Unix seconds and
// milliseconds (only where the caller allows numbers: ticket numbers are numbers too). The
// values are parsed with time_format's own parser, so a format guessed here reads the export
// exactly as the mapping will. When a day-first and a month-first pattern both read every value
// (no day above 12 in the sample), the guess says so: only a person knows which was meant.
#ifndef RUNGS_METRICS_TIME_GUESS_H_
#define RUNGS_METRICS_TIME_GUESS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rungs {

struct TimeGuess {
  // Each reads every value tried; the one to use first. Empty: not a time column.
  std::vector<std::string> formats;
  // A day-first and a month-first pattern both read every value.
  bool day_month_ambiguous = false;
  std::string day_first;    // when ambiguous: the two patterns
  std::string month_first;  //
  // Every value carries its own zone (Z, +01:00) or is Unix time: time.zone changes nothing.
  bool zoned = false;
  int64_t values = 0;  // values tried (those with a digit: "?" and "N/A" are no values)
  // A value shown in messages: one that settles day-first or month-first when there is one
  // (a first number above 12), else the first.
  std::string example;
};

// `allow_numbers`: Unix seconds or milliseconds may be guessed (the column's name says time).
TimeGuess GuessTimeFormat(const std::vector<std::string_view>& values, bool allow_numbers);

}  // namespace rungs

#endif  // RUNGS_METRICS_TIME_GUESS_H_
