// Helpdesk data for the demo team (demo.h): the exports a real team would upload, in rungs'
// canonical formats (docs/MAPPINGS.md, "Canonical files"), so the first run shows measured
// verdicts worked out the same way as for real data. Nothing reaches the store but through the
// shipped mappings and StoreReading, so the demo also exercises the ingest path end to end.
//
// The generator draws from its own splitmix64 stream seeded per agent, week and day, never from
// std:: distributions (whose output differs between standard libraries) nor from the date: every
// run produces the same weeks, shifted to end with the last complete ISO week before `now`.
// What the weeks show (W = the framework's window, 4 of the last 4 weeks):
//   - Sam (new, improving) goes from about 7 to 13 conversations per hour, activity from 89% to
//     98% and QA from 85% to 98%: early weeks miss the probation targets, late weeks meet 12/h;
//   - Priya (steady) meets 12/h, 95% activity and 95% QA every week;
//   - Jonas (returning) is steady, then takes two weeks of leave (no rows at all), has a thin
//     week (a few hours, then off sick: "no data", not a fail) and a slow first full week back
//     (below 12/h), so "consistently" is not met over the last four weeks with data;
//   - Morgan (the manager) covers the queue a couple of hours a week: never enough to judge.
#ifndef RUNGS_PROGRESS_DEMO_HELPDESK_H_
#define RUNGS_PROGRESS_DEMO_HELPDESK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "store/store.h"
#include "util/status.h"

namespace rungs {

enum class DemoPattern { kImproving, kSteady, kReturning, kQueueCover };

struct DemoAgent {
  const char* person;    // the demo person's email before the @ ("sam")
  const char* agent_id;  // their id in every export
  DemoPattern pattern;
  int shift_start_minute;  // UTC minute of the day their shift (or queue cover) starts
};

// Sam, Priya, Jonas and Morgan, as above.
const std::vector<DemoAgent>& DemoAgents();

inline constexpr int kDemoWeeks = 16;
// Of the returning agent, counted from the oldest generated week (0).
inline constexpr int kDemoLeaveWeek = 9;  // the first of two weeks of leave
inline constexpr int kDemoLeaveWeeks = 2;
inline constexpr int kDemoThinWeek = 11;
inline constexpr int kDemoSlowWeek = 12;

// The three canonical exports, each CSV with its header row.
struct DemoHelpdeskFiles {
  int64_t first_week = 0;  // week indexes (metrics/iso_week.h)
  int64_t last_week = 0;   // the last complete ISO week before `now`
  std::string events;      // canonical-events: conversations and status changes, in time order
  std::string schedules;   // canonical-schedules: shifts without their lunch breaks
  std::string qa;          // canonical-qa: one row per rated category
};

// `now`: seconds since the epoch. The same week of `now` gives byte-identical files.
DemoHelpdeskFiles GenerateDemoHelpdesk(int64_t now);

// The mapping (and source) names the files are read with, in the order the files are stored.
inline constexpr const char* kDemoEventsMapping = "canonical-events";
inline constexpr const char* kDemoSchedulesMapping = "canonical-schedules";
inline constexpr const char* kDemoQaMapping = "canonical-qa";

// Stores the files of GenerateDemoHelpdesk(now), each through its shipped mapping under its own
// source (the mapping's name), as the system, then links each agent in each source to the user
// among `users` whose email starts with the agent's `person` and "@". The same files again are
// no-op batches and links that exist are kept, so running it twice in one week changes nothing.
// A file that reads with problems is an internal error: the generator and mappings disagree.
Status SeedDemoHelpdesk(Store& store, const std::vector<User>& users, int64_t now);

}  // namespace rungs

#endif  // RUNGS_PROGRESS_DEMO_HELPDESK_H_
