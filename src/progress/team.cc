#include "progress/team.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "metrics/iso_week.h"
#include "util/text.h"

namespace rungs {
namespace {

// The rung's place in its framework; -1 for none, so people without one sort first.
int RungOrder(const TeamRow& row, const std::string& rung) {
  return row.framework == nullptr || rung.empty() ? -1 : RungIndex(*row.framework, rung);
}

double Progress(const TeamRow& row) {
  return row.next_total == 0 ? 1.0 : static_cast<double>(row.next_met) / row.next_total;
}

}  // namespace

void AddMeasured(TeamRow& row) {
  if (row.record == nullptr) return;
  const MeasuredResults& measured = row.record->measured;
  row.measured_state = measured.state;
  row.measured = {};
  row.at_risk.clear();
  if (measured.state != MeasuredResults::State::kEvaluated || row.framework == nullptr) return;
  // Held: up to the higher of the assigned and the demonstrated rung.
  const int held =
      std::max(RungOrder(row, row.assigned_rung), RungOrder(row, row.demonstrated_rung));
  for (const MeasuredCriterion& c : measured.criteria) {
    if (c.rung == row.next_rung) {
      switch (c.verdict) {
        case Verdict::kMet:
          ++row.measured.met;
          break;
        case Verdict::kNotMet:
          ++row.measured.not_met;
          break;
        case Verdict::kNoData:
          ++row.measured.no_data;
          break;
      }
    }
    if (c.verdict == Verdict::kNotMet && RungOrder(row, c.rung) >= 0 &&
        RungOrder(row, c.rung) <= held) {
      row.at_risk.push_back({c.rung, c.rule_text, c.explanation});
    }
  }
}

void SortTeamRows(std::vector<TeamRow>& rows, const TeamFilter& filter) {
  auto key = [&filter](const TeamRow& r) {
    switch (filter.sort) {
      case TeamSort::kAssigned:
        return static_cast<double>(RungOrder(r, r.assigned_rung));
      case TeamSort::kDemonstrated:
        return static_cast<double>(RungOrder(r, r.demonstrated_rung));
      case TeamSort::kProgress:
        return Progress(r);
      case TeamSort::kLastCheckIn:
        return static_cast<double>(r.last_checkin_at);
      case TeamSort::kNextCheckIn:
        // Without a cadence: after every date.
        return r.next_checkin ? static_cast<double>(r.next_checkin->due_day) : 1e18;
      case TeamSort::kName:
        break;
    }
    return 0.0;
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const TeamRow& a, const TeamRow& b) {
    const double ka = key(a);
    const double kb = key(b);
    if (ka != kb) return filter.descending ? ka > kb : ka < kb;
    const std::string na = ToLowerAscii(a.person.name);
    const std::string nb = ToLowerAscii(b.person.name);
    if (na != nb) return filter.descending && filter.sort == TeamSort::kName ? na > nb : na < nb;
    return a.person.id < b.person.id;
  });
}

bool MatchesStanding(const TeamRow& row, const TeamFilter& filter) {
  if (!filter.rung.empty()) {
    const std::string wanted = ToLowerAscii(filter.rung);
    if (ToLowerAscii(row.assigned_rung) != wanted &&
        ToLowerAscii(row.demonstrated_rung) != wanted) {
      return false;
    }
  }
  switch (filter.readiness) {
    case Readiness::kReady:
      return row.ready;
    case Readiness::kNotReady:
      return !row.ready;
    case Readiness::kAny:
      break;
  }
  return true;
}

std::vector<RungCount> CountRungs(const std::vector<TeamRow>& rows) {
  // By framework (first seen), then rung order.
  std::map<const Framework*, std::map<int, RungCount>> by_framework;
  std::vector<const Framework*> order;
  for (const TeamRow& row : rows) {
    if (row.framework == nullptr) continue;
    // Not a structured binding: lambdas may not capture one before C++20's fix (clang 14).
    const auto emplaced = by_framework.try_emplace(row.framework);
    if (emplaced.second) order.push_back(row.framework);
    std::map<int, RungCount>& counts = emplaced.first->second;
    auto count = [&](const std::string& rung, int RungCount::*field) {
      const int index = RungOrder(row, rung);
      if (index < 0) return;
      RungCount& c = counts[index];
      if (c.rung.empty()) {
        const Rung* r = FindRung(*row.framework, rung);
        c.framework_title = row.framework_title;
        c.rung = rung;
        c.label = r != nullptr ? r->label : rung;
      }
      ++(c.*field);
    };
    count(row.assigned_rung, &RungCount::assigned);
    count(row.demonstrated_rung, &RungCount::demonstrated);
  }
  std::vector<RungCount> out;
  for (const Framework* fw : order) {
    for (auto& [index, c] : by_framework[fw]) out.push_back(std::move(c));
  }
  return out;
}

TeamHeatmap BuildHeatmap(const std::vector<TeamRow>& rows) {
  TeamHeatmap map;
  std::map<std::string, size_t> column;
  for (const TeamRow& row : rows) {
    if (row.record == nullptr || row.framework == nullptr || row.next_rung.empty()) continue;
    // The topics the next rung asks something of, references to lower levels included.
    std::set<std::string> asked;
    for (const CriterionStanding& c : row.record->standing.next_criteria) asked.insert(c.topic);
    for (const Topic& topic : row.framework->topics) {
      if (!asked.contains(topic.name)) continue;
      if (column.try_emplace(topic.name, map.topics.size()).second) {
        map.topics.push_back(topic.name);
        map.topic_titles.push_back(topic.title.empty() ? topic.name : topic.title);
      }
    }
  }
  for (const TeamRow& row : rows) {
    if (row.record == nullptr || row.framework == nullptr || row.next_rung.empty()) continue;
    HeatmapRow out;
    out.row = &row;
    out.cells.resize(map.topics.size());
    for (const CriterionStanding& c : row.record->standing.next_criteria) {
      auto at = column.find(c.topic);
      if (at == column.end()) continue;
      HeatmapCell& cell = out.cells[at->second];
      ++cell.total;
      if (CountsAsMet(c.status)) ++cell.met;
    }
    map.rows.push_back(std::move(out));
  }
  return map;
}

TeamTrends BuildTrends(const std::vector<TeamRow>& rows, int64_t now) {
  TeamTrends trends;
  std::map<const Framework*, int> on;
  for (const TeamRow& row : rows) {
    if (row.framework != nullptr && row.record != nullptr) ++on[row.framework];
  }
  for (const auto& [fw, n] : on) {
    if (n > trends.people) {
      trends.framework = fw;
      trends.people = n;
    }
  }
  trends.left_out = static_cast<int>(rows.size()) - trends.people;
  if (trends.framework == nullptr) return trends;
  const Framework& fw = *trends.framework;
  for (const Rung* rung : AllRungs(fw)) {
    trends.rungs.push_back(rung->id);
    trends.labels.push_back(rung->label.empty() ? rung->id : rung->label);
  }

  int64_t first_week = WeekIndexOfDay(DayOfSeconds(now));
  std::vector<std::vector<std::pair<int64_t, int>>> steps;  // per person: (day, rung index)
  std::vector<std::vector<int64_t>> days_in(trends.rungs.size());
  std::vector<int> people_on(trends.rungs.size());
  std::vector<int> moved_on(trends.rungs.size());
  for (const TeamRow& row : rows) {
    if (row.framework != trends.framework || row.record == nullptr) continue;
    trends.framework_title = row.framework_title;
    std::vector<std::pair<int64_t, int>> path;
    for (const RungStep& step : row.record->history) {
      path.push_back({DayOfSeconds(step.at), RungIndex(fw, step.demonstrated_rung)});
      first_week = std::min(first_week, WeekIndexOfDay(DayOfSeconds(step.at)));
    }
    // A stay starts at the first step on a rung and ends at the first step on a higher one.
    std::map<int, int64_t> reached;
    for (const auto& [day, index] : path) {
      if (index >= 0) reached.try_emplace(index, day);
    }
    for (auto at = reached.begin(); at != reached.end(); ++at) {
      const auto next = std::next(at);
      const bool left = next != reached.end();
      days_in[at->first].push_back((left ? next->second : DayOfSeconds(now)) - at->second);
      ++people_on[at->first];
      moved_on[at->first] += left ? 1 : 0;
    }
    steps.push_back(std::move(path));
  }
  const int64_t last_week = WeekIndexOfDay(DayOfSeconds(now));
  first_week = std::max(first_week, last_week - kTrendWeeks + 1);
  trends.people_per_rung.assign(trends.rungs.size(), {});
  for (int64_t week = first_week; week <= last_week; ++week) {
    trends.weeks.push_back(week);
    const int64_t week_end = FirstDayOfWeekIndex(week) + 6;
    std::vector<int> count(trends.rungs.size());
    for (const auto& path : steps) {
      int index = -1;
      for (const auto& [day, rung] : path) {
        if (day <= week_end) index = rung;  // oldest first: the last one by then
      }
      if (index >= 0) ++count[index];
    }
    for (size_t r = 0; r < count.size(); ++r) trends.people_per_rung[r].push_back(count[r]);
  }
  for (size_t r = 0; r < trends.rungs.size(); ++r) {
    std::vector<int64_t>& days = days_in[r];
    if (days.empty()) continue;
    std::sort(days.begin(), days.end());
    RungStay stay;
    stay.rung = trends.rungs[r];
    stay.label = trends.labels[r];
    stay.people = people_on[r];
    stay.moved_on = moved_on[r];
    const size_t mid = days.size() / 2;
    stay.median_days = days.size() % 2 == 1 ? days[mid] : (days[mid - 1] + days[mid]) / 2;
    stay.min_days = days.front();
    stay.max_days = days.back();
    trends.stays.push_back(stay);
  }
  return trends;
}

}  // namespace rungs
