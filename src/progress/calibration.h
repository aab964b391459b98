// How managers agree results, side by side: per manager, the spread of the results they agreed
// (exceeding, meeting, working towards, not yet) beside everyone else's and beside their
// reports' own self-assessments on the same criteria, and how often self and agreed differ. A
// manager whose "meeting or above" share is far from everyone else's, or whose reports rate
// themselves far higher, is where a calibration conversation starts.
//
// An agreed result belongs to whoever agreed the check-in (CheckIn::frozen_by); a check-in
// frozen by the command line or by someone since removed is counted under nobody (only in the
// organisation's totals). Built from the store's counts (Store::TallyAgreements), never from
// every check-in: an organisation of 10,000 people has millions of results.
#ifndef RUNGS_PROGRESS_CALIBRATION_H_
#define RUNGS_PROGRESS_CALIBRATION_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "store/store.h"

namespace rungs {

// How many results of each kind.
struct Spread {
  int exceeding = 0;
  int meeting = 0;
  int working_towards = 0;
  int not_yet = 0;

  void Add(Assessment a, int count = 1);
  int total() const { return exceeding + meeting + working_towards + not_yet; }
  int met() const { return exceeding + meeting; }
  // met() as a share of total(), 0..1; 0 when there is none.
  double MetShare() const;
  Spread operator-(const Spread& other) const;
};

struct ManagerCalibration {
  User manager;
  int checkins = 0;  // agreed check-ins they froze
  int people = 0;    // whose
  Spread agreed;     // the results they agreed
  Spread others;     // every agreed result in the organisation not agreed by them
  Spread self;       // the people's self-assessments on the results they agreed
  int compared = 0;  // results with both a self-assessment and an agreed result
  int self_higher = 0;
  int self_lower = 0;
};

struct Calibration {
  std::vector<ManagerCalibration> managers;  // by name; only those who agreed something
  Spread everyone;                           // every agreed result in the organisation
  int checkins = 0;                          // every agreed check-in in the organisation
};

// From the store's tallies of every agreed result (Store::TallyAgreements), for the managers in
// `shown` (people by id; anyone not there is counted in the totals only).
Calibration BuildCalibration(const AgreementTallies& tallies, const std::map<int64_t, User>& shown);

// The rank of an assessment for comparing two: not yet 1 .. exceeding 4; none 0.
int AssessmentRank(Assessment a);

}  // namespace rungs

#endif  // RUNGS_PROGRESS_CALIBRATION_H_
