#include "metrics/evaluate.h"

#include <algorithm>

#include <fmt/format.h>

#include "metrics/iso_week.h"

namespace rungs {

namespace {

// The active time a rate is per: inside shifts where schedules are known (time active off
// shift is not time the team planned to answer in), else all of it.
int64_t RateSeconds(const WeekData& w) {
  return w.scheduled_seconds > 0 ? w.active_scheduled_seconds : w.active_seconds;
}

std::string WeekList(const std::vector<int64_t>& weeks) {
  std::string out;
  for (int64_t w : weeks) out += (out.empty() ? "" : ", ") + WeekIndexName(w);
  return out;
}

WeekJudgement Judge(const MeasuredRule& rule, const TargetSettings& settings, const WeekData& w) {
  WeekJudgement j;
  j.week = w.week;
  j.active_hours = static_cast<double>(RateSeconds(w)) / 3600.0;
  if (rule.conversations_per_hour) {
    if (w.rate_unjoined) {
      j.no_data.push_back(
          "closes and active time are different helpdesk identities that no identity map "
          "joins");
    } else if (j.active_hours < settings.min_active_hours) {
      j.no_data.push_back(fmt::format("{:.1f} active hours (minimum {:g})", j.active_hours,
                                      settings.min_active_hours));
    } else {
      j.conversations_per_hour = static_cast<double>(w.closed) / j.active_hours;
      if (*j.conversations_per_hour < *rule.conversations_per_hour) {
        j.misses.push_back(fmt::format("{:.2f} {}/h, target {:g}", *j.conversations_per_hour,
                                       rule.rate_noun, *rule.conversations_per_hour));
      }
    }
  }
  if (rule.activity_pct) {
    const double base = w.scheduled_seconds > 0
                            ? static_cast<double>(w.scheduled_seconds)
                            : static_cast<double>(w.active_seconds + w.away_seconds);
    const double active = w.scheduled_seconds > 0 ? static_cast<double>(w.active_scheduled_seconds)
                                                  : static_cast<double>(w.active_seconds);
    if (w.active_inferred) {
      j.no_data.push_back("activity: active time is inferred from event times");
    } else if (base / 3600.0 < settings.min_active_hours) {
      j.no_data.push_back(fmt::format("activity: {:.1f} {} hours (minimum {:g})", base / 3600.0,
                                      w.scheduled_seconds > 0 ? "scheduled" : "logged",
                                      settings.min_active_hours));
    } else {
      j.activity_pct = 100.0 * active / base;
      if (*j.activity_pct < *rule.activity_pct) {
        j.misses.push_back(
            fmt::format("{:.1f}% activity, target {:g}%", *j.activity_pct, *rule.activity_pct));
      }
    }
  }
  if (rule.qa_pct) {
    if (w.qa_reviews < settings.min_reviews) {
      j.no_data.push_back(
          fmt::format("{} QA reviews (minimum {})", w.qa_reviews, settings.min_reviews));
    } else {
      j.qa_pct = w.qa_score_sum / static_cast<double>(w.qa_reviews);
      if (*j.qa_pct < *rule.qa_pct) {
        j.misses.push_back(fmt::format("{:.1f}% QA, target {:g}%", *j.qa_pct, *rule.qa_pct));
      }
    }
  }
  j.evaluable = j.no_data.empty();
  j.meets = j.evaluable && j.misses.empty();
  return j;
}

void Summarise(const std::vector<WeekData>& weeks, Evaluation& e) {
  int64_t closed = 0;
  int64_t active = 0;
  int64_t reviews = 0;
  double score = 0;
  for (const WeekData& w : weeks) {
    if (std::find(e.deciding.begin(), e.deciding.end(), w.week) == e.deciding.end()) continue;
    closed += w.closed;
    active += RateSeconds(w);
    reviews += w.qa_reviews;
    score += w.qa_score_sum;
  }
  if (active > 0) e.conversations_per_hour = static_cast<double>(closed) * 3600.0 / active;
  if (reviews > 0) e.qa_pct = score / static_cast<double>(reviews);
}

}  // namespace

const char* VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kMet:
      return "met";
    case Verdict::kNotMet:
      return "not met";
    case Verdict::kNoData:
      return "no data";
  }
  return "no data";
}

Evaluation EvaluateRule(const MeasuredRule& rule, const TargetSettings& settings,
                        const std::vector<WeekData>& weeks, int64_t since_week) {
  Evaluation e;
  std::vector<const WeekJudgement*> counted;  // evaluable weeks since the start, oldest first
  e.weeks.reserve(weeks.size());
  for (const WeekData& w : weeks) e.weeks.push_back(Judge(rule, settings, w));
  for (const WeekJudgement& j : e.weeks) {
    if (j.evaluable && j.week >= since_week) counted.push_back(&j);
  }
  if (!HasRates(rule)) {
    e.explanation = "nothing in this rule is measured from helpdesk data";
    return e;
  }

  if (rule.weeks_in_a_row > 0) {
    const size_t n = static_cast<size_t>(rule.weeks_in_a_row);
    // The latest run of n meeting weeks wins; a failing evaluable week breaks a run.
    size_t run = 0;
    std::vector<int64_t> best;
    for (size_t i = 0; i < counted.size(); ++i) {
      run = counted[i]->meets ? run + 1 : 0;
      if (run >= n) {
        best.clear();
        for (size_t k = i + 1 - n; k <= i; ++k) best.push_back(counted[k]->week);
      }
    }
    if (!best.empty()) {
      e.verdict = Verdict::kMet;
      e.deciding = best;
      e.explanation = fmt::format("{} weeks in a row at every target: {}", n, WeekList(best));
    } else if (counted.size() < n) {
      e.verdict = Verdict::kNoData;
      e.explanation = fmt::format("{} week{} with enough data; {} in a row are needed",
                                  counted.size(), counted.size() == 1 ? "" : "s", n);
    } else {
      e.verdict = Verdict::kNotMet;
      for (const WeekJudgement* j : counted) e.deciding.push_back(j->week);
      e.explanation = fmt::format("no {} weeks in a row at every target in {} weeks with data", n,
                                  counted.size());
    }
    Summarise(weeks, e);
    return e;
  }

  const int w = rule.window_weeks > 0 ? rule.window_weeks : settings.window_weeks;
  int k = rule.window_meeting > 0 ? rule.window_meeting : settings.window_meeting;
  k = std::min(k, w);
  if (counted.size() < static_cast<size_t>(w)) {
    e.verdict = Verdict::kNoData;
    e.explanation = fmt::format("{} week{} with enough data; the window is the last {}",
                                counted.size(), counted.size() == 1 ? "" : "s", w);
    return e;
  }
  int meeting = 0;
  for (size_t i = counted.size() - static_cast<size_t>(w); i < counted.size(); ++i) {
    e.deciding.push_back(counted[i]->week);
    meeting += counted[i]->meets ? 1 : 0;
  }
  e.verdict = meeting >= k ? Verdict::kMet : Verdict::kNotMet;
  e.explanation = fmt::format("{} of the last {} weeks with data at every target ({} needed): {}",
                              meeting, w, k, WeekList(e.deciding));
  Summarise(weeks, e);
  return e;
}

}  // namespace rungs
