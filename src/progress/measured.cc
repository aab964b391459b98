#include "progress/measured.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "metrics/iso_week.h"
#include "util/text.h"

namespace rungs {

namespace {

constexpr std::string_view kAdvancedTaskPrefix = "Advanced task:";

// Activity over `weeks` (sums divided, as evaluate.cc does per week); nullopt without a base.
std::optional<double> ActivityOver(const std::vector<WeekData>& all,
                                   const std::vector<int64_t>& weeks) {
  double active = 0;
  double base = 0;
  for (const WeekData& w : all) {
    if (std::find(weeks.begin(), weeks.end(), w.week) == weeks.end()) continue;
    if (w.scheduled_seconds > 0) {
      active += static_cast<double>(w.active_scheduled_seconds);
      base += static_cast<double>(w.scheduled_seconds);
    } else {
      active += static_cast<double>(w.active_seconds);
      base += static_cast<double>(w.active_seconds + w.away_seconds);
    }
  }
  if (base <= 0) return std::nullopt;
  return 100.0 * active / base;
}

MeasuredCriterion Judge(const MeasuredInput& input, const MeasuredListing& listing,
                        const MeasuredRule& rule) {
  const TargetSettings& settings = input.targets->settings;
  MeasuredCriterion m;
  m.criterion = listing.criterion;
  m.topic = listing.topic;
  m.rung = listing.rung;
  m.rule = rule;
  m.rule_text = DescribeRule(rule, settings);
  const bool rates = HasRates(rule);
  if (rates) {
    m.evaluation = EvaluateRule(rule, settings, input.weeks, input.since_week);
    m.verdict = m.evaluation.verdict;
    m.explanation = m.evaluation.explanation;
    if (rule.activity_pct && !m.evaluation.deciding.empty()) {
      m.activity_pct = ActivityOver(input.weeks, m.evaluation.deciding);
    }
  }
  if (rule.advanced_tasks > 0) {
    m.advanced_tasks =
        input.checkins == nullptr
            ? 0
            : CountAdvancedTasks(*input.checkins, input.version_id, listing.criterion->key);
    const std::string tasks =
        fmt::format("{} of {} advanced tasks agreed", m.advanced_tasks, rule.advanced_tasks);
    const bool enough = m.advanced_tasks >= rule.advanced_tasks;
    if (!rates) {
      m.verdict = enough ? Verdict::kMet : Verdict::kNotMet;
      m.explanation = tasks;
    } else {
      if (!enough) m.verdict = Verdict::kNotMet;
      m.explanation += "; " + tasks;
    }
  }
  return m;
}

}  // namespace

const MeasuredCriterion* MeasuredResults::Find(const std::string& criterion_key) const {
  for (const MeasuredCriterion& m : criteria) {
    if (m.criterion != nullptr && m.criterion->key == criterion_key) return &m;
  }
  return nullptr;
}

std::vector<WeekData> SumWeeks(const std::vector<IdentityWeek>& rows) {
  // Active and scheduled time of rows without a measured overlap, per week: their schedule and
  // their status usually come from different files, so from different rows.
  struct Unmeasured {
    int64_t active = 0;
    int64_t scheduled = 0;
  };
  std::map<int64_t, WeekData> by_week;
  std::map<int64_t, Unmeasured> unmeasured;
  for (const IdentityWeek& r : rows) {
    WeekData& w = by_week[r.week];
    w.week = r.week;
    w.closed += r.closed;
    w.active_seconds += r.active_seconds;
    w.away_seconds += r.away_seconds;
    w.scheduled_seconds += r.scheduled_seconds;
    if (r.active_scheduled_seconds) {
      w.active_scheduled_seconds += *r.active_scheduled_seconds;
    } else {
      Unmeasured& u = unmeasured[r.week];
      u.active += r.active_seconds;
      u.scheduled += r.scheduled_seconds;
    }
    w.active_inferred = w.active_inferred || r.active_inferred;
    w.qa_reviews += r.qa_reviews;
    w.qa_score_sum += r.qa_score_sum;
  }
  std::vector<WeekData> weeks;
  weeks.reserve(by_week.size());
  for (auto& [week, data] : by_week) {
    // Unmeasured, the active time inside the schedule is at most all of either.
    const Unmeasured& u = unmeasured[week];
    data.active_scheduled_seconds += std::min(u.active, u.scheduled);
    data.active_scheduled_seconds = std::min(data.active_scheduled_seconds, data.scheduled_seconds);
    weeks.push_back(data);
  }
  return weeks;
}

std::optional<int64_t> WeekOfDate(std::string_view date) {
  const std::optional<int64_t> day = ParseIsoDate(date);
  if (!day) return std::nullopt;
  return WeekIndexOfDay(*day);
}

bool IsAdvancedTask(const Evidence& evidence) {
  const std::string_view text = Trim(evidence.text);
  return text.size() >= kAdvancedTaskPrefix.size() &&
         EqualsIgnoreCaseAscii(text.substr(0, kAdvancedTaskPrefix.size()), kAdvancedTaskPrefix);
}

int CountAdvancedTasks(const std::vector<CheckIn>& checkins, int64_t version_id,
                       const std::string& criterion_key) {
  int count = 0;
  for (const CheckIn& c : checkins) {
    if (c.state != CheckInState::kFrozen || c.framework_version_id != version_id) continue;
    for (const Evidence& e : c.evidence) {
      const auto& keys = e.criterion_keys;
      if (IsAdvancedTask(e) && std::find(keys.begin(), keys.end(), criterion_key) != keys.end()) {
        ++count;
      }
    }
  }
  return count;
}

MeasuredResults EvaluateMeasured(const MeasuredInput& input) {
  MeasuredResults out;
  if (input.targets == nullptr) return out;
  out.settings = input.targets->settings;
  out.weeks = input.weeks;
  out.since_week = input.since_week;
  std::set<std::string> seen;
  for (const MeasuredListing& listing : input.listings) {
    if (listing.criterion == nullptr || !seen.insert(listing.criterion->key).second) continue;
    const MeasuredRule* rule = input.targets->Find(listing.criterion->key);
    if (rule == nullptr || (!HasRates(*rule) && rule->advanced_tasks <= 0)) continue;
    out.criteria.push_back(Judge(input, listing, *rule));
  }
  if (out.criteria.empty()) return out;
  out.state = input.identity_linked ? MeasuredResults::State::kEvaluated
                                    : MeasuredResults::State::kNoIdentity;
  return out;
}

Result<MeasuredResults> MeasurePerson(Store& store, const User& person,
                                      const FrameworkTargets& targets,
                                      std::vector<MeasuredListing> listings,
                                      const std::vector<CheckIn>& checkins, int64_t version_id) {
  MeasuredInput input;
  input.targets = &targets;
  input.listings = std::move(listings);
  input.checkins = &checkins;
  input.version_id = version_id;
  input.since_week = WeekOfDate(person.start_date).value_or(INT64_MIN);
  Result<std::vector<HelpdeskIdentity>> identities = store.IdentitiesOf(person.id);
  if (!identities.ok()) return identities.status();
  input.identity_linked = !identities->empty();
  if (input.identity_linked) {
    Result<std::vector<IdentityWeek>> rows = store.WeeksOf(person.id);
    if (!rows.ok()) return rows.status();
    input.weeks = SumWeeks(*rows);
  }
  return EvaluateMeasured(input);
}

std::string MeasuredEvidenceText(const MeasuredCriterion& m) {
  std::vector<std::string> numbers;
  const Evaluation& e = m.evaluation;
  if (e.conversations_per_hour) {
    numbers.push_back(fmt::format("{:.1f} {}/h", *e.conversations_per_hour, m.rule.rate_noun));
  }
  if (m.activity_pct) numbers.push_back(fmt::format("{:.1f}% activity", *m.activity_pct));
  if (e.qa_pct) numbers.push_back(fmt::format("{:.1f}% QA", *e.qa_pct));
  std::string text = fmt::format("Helpdesk data: {} \xE2\x80\x94 ", VerdictName(m.verdict));
  if (HasRates(m.rule)) {
    text += e.explanation;
    if (!numbers.empty()) {
      std::string joined;
      for (const std::string& n : numbers) joined += (joined.empty() ? "" : ", ") + n;
      text += " (" + joined + ")";
    }
    if (m.rule.advanced_tasks > 0) text += "; ";
  }
  if (m.rule.advanced_tasks > 0) {
    text += fmt::format("{} of {} advanced tasks agreed", m.advanced_tasks, m.rule.advanced_tasks);
  }
  return text;
}

}  // namespace rungs
