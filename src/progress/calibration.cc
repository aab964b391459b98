#include "progress/calibration.h"

#include <algorithm>

namespace rungs {

void Spread::Add(Assessment a, int count) {
  switch (a) {
    case Assessment::kExceeding:
      exceeding += count;
      break;
    case Assessment::kMeeting:
      meeting += count;
      break;
    case Assessment::kWorkingTowards:
      working_towards += count;
      break;
    case Assessment::kNotYet:
      not_yet += count;
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

Calibration BuildCalibration(const AgreementTallies& tallies,
                             const std::map<int64_t, User>& shown) {
  Calibration out;
  std::map<int64_t, ManagerCalibration> by_manager;
  // The row of whoever agreed, when they are shown; null otherwise.
  auto row_of = [&](const std::optional<int64_t>& agreed_by) -> ManagerCalibration* {
    if (!agreed_by) return nullptr;
    auto manager = shown.find(*agreed_by);
    if (manager == shown.end()) return nullptr;
    ManagerCalibration& row = by_manager[manager->first];
    row.manager = manager->second;
    return &row;
  };
  for (const AgreementTallies::CheckIns& c : tallies.checkins) {
    out.checkins += static_cast<int>(c.checkins);
    if (ManagerCalibration* row = row_of(c.agreed_by)) {
      row->checkins += static_cast<int>(c.checkins);
      row->people += static_cast<int>(c.people);
    }
  }
  for (const AgreementTallies::Results& r : tallies.results) {
    const int count = static_cast<int>(r.count);
    out.everyone.Add(r.agreed, count);
    ManagerCalibration* row = row_of(r.agreed_by);
    if (row == nullptr) continue;
    row->agreed.Add(r.agreed, count);
    if (r.self == Assessment::kNone) continue;
    row->self.Add(r.self, count);
    row->compared += count;
    const int self = AssessmentRank(r.self);
    const int agreed = AssessmentRank(r.agreed);
    row->self_higher += self > agreed ? count : 0;
    row->self_lower += self < agreed ? count : 0;
  }
  for (auto& [id, row] : by_manager) {
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
