#include "progress/team.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

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
    auto [at, added] = by_framework.try_emplace(row.framework);
    if (added) order.push_back(row.framework);
    auto count = [&](const std::string& rung, int RungCount::*field) {
      const int index = RungOrder(row, rung);
      if (index < 0) return;
      RungCount& c = at->second[index];
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

}  // namespace rungs
