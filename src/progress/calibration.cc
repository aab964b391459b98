#include "progress/calibration.h"

#include <algorithm>
#include <set>

namespace rungs {

void Spread::Add(Assessment a) {
  switch (a) {
    case Assessment::kExceeding:
      ++exceeding;
      break;
    case Assessment::kMeeting:
      ++meeting;
      break;
    case Assessment::kWorkingTowards:
      ++working_towards;
      break;
    case Assessment::kNotYet:
      ++not_yet;
      break;
    case Assessment::kNone:
      break;
  }
}

double Spread::MetShare() const {
  return total() == 0 ? 0.0 : static_cast<double>(met()) / total();
}

Spread Spread::operator-(const Spread& other) const {
  return {exceeding - other.exceeding, meeting - other.meeting,
          working_towards - other.working_towards, not_yet - other.not_yet};
}

int AssessmentRank(Assessment a) {
  switch (a) {
    case Assessment::kNotYet:
      return 1;
    case Assessment::kWorkingTowards:
      return 2;
    case Assessment::kMeeting:
      return 3;
    case Assessment::kExceeding:
      return 4;
    case Assessment::kNone:
      break;
  }
  return 0;
}

Calibration BuildCalibration(const std::map<int64_t, std::vector<CheckIn>>& checkins,
                             const std::map<int64_t, User>& shown) {
  Calibration out;
  std::map<int64_t, ManagerCalibration> by_manager;
  std::map<int64_t, std::set<int64_t>> people;
  for (const auto& [person_id, list] : checkins) {
    for (const CheckIn& c : list) {
      if (c.state != CheckInState::kFrozen) continue;
      ++out.checkins;
      ManagerCalibration* row = nullptr;
      if (c.frozen_by) {
        auto manager = shown.find(*c.frozen_by);
        if (manager != shown.end()) {
          row = &by_manager[manager->first];
          row->manager = manager->second;
          ++row->checkins;
          people[manager->first].insert(person_id);
        }
      }
      for (const CriterionResult& r : c.results) {
        if (r.agreed == Assessment::kNone) continue;
        out.everyone.Add(r.agreed);
        if (row == nullptr) continue;
        row->agreed.Add(r.agreed);
        if (r.self == Assessment::kNone) continue;
        row->self.Add(r.self);
        ++row->compared;
        const int self = AssessmentRank(r.self);
        const int agreed = AssessmentRank(r.agreed);
        row->self_higher += self > agreed ? 1 : 0;
        row->self_lower += self < agreed ? 1 : 0;
      }
    }
  }
  for (auto& [id, row] : by_manager) {
    row.people = static_cast<int>(people[id].size());
    row.others = out.everyone - row.agreed;
    out.managers.push_back(std::move(row));
  }
  std::sort(out.managers.begin(), out.managers.end(),
            [](const ManagerCalibration& a, const ManagerCalibration& b) {
              if (a.manager.name != b.manager.name) return a.manager.name < b.manager.name;
              return a.manager.id < b.manager.id;
            });
  return out;
}

}  // namespace rungs
