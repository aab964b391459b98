// What a person's page shows, built by the Tracker and shared by every page that reads it.
#ifndef RUNGS_PROGRESS_PERSON_RECORD_H_
#define RUNGS_PROGRESS_PERSON_RECORD_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "progress/catalog.h"
#include "progress/history.h"
#include "progress/levels.h"
#include "progress/matching.h"
#include "progress/measured.h"
#include "store/store.h"

namespace rungs {

// What a person's page shows, the same whoever looks: who they are, where they stand, and
// their check-ins. Built once per change to the store and shared (Tracker::Person), so it is
// never modified after it is built; Standing points into `evidence` and the framework.
struct PersonRecord {
  int64_t catalog_generation = 0;  // FrameworkCatalog::Generation() when it was built
  User person;
  std::optional<User> manager;
  std::optional<Team> team;    // their team, with its cadence
  CurrentFramework framework;  // framework null when none is set or it is not loaded
  Standing standing;
  std::vector<RungStep> history;   // the rung demonstrated after each agreed check-in, oldest first
  std::vector<CheckIn> checkins;   // newest first
  std::vector<Evidence> evidence;  // of every check-in, newest first (Standing points into it)
  // Criteria of older framework versions that past results used and the current version no
  // longer has: listed for review, never silently dropped.
  std::vector<UnmatchedCriterion> unmatched;
  // Measured criteria judged on helpdesk data: those listed at the rungs from the assigned one
  // (the first when none) up to and including the next rung (the top when there is none). Those
  // are what holding the assigned rung and reaching the next one ask for; rungs below are held
  // and rungs above are not yet the question, and judging only these keeps the page short.
  MeasuredResults measured;
};

}  // namespace rungs

#endif  // RUNGS_PROGRESS_PERSON_RECORD_H_
