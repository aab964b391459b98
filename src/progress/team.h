// A manager's team at a glance: one row per person the viewer manages, filtered, sorted and
// paged, with the people per rung over everyone who matches, and a heatmap of the page's people
// against the topics of their next rung. Tracker::Team builds it from one batched standing of
// everyone who matches and the cached person records of the rows on the page.
//
// Every count says what it counts, because they are different things:
// - next_met / next_total: the next rung's criteria that agreed results meet (a manager agreed
//   them in a check-in);
// - measured: the next rung's measured criteria as the helpdesk data judges them today (met, not
//   met, no data). Data never agrees a criterion by itself; a manager still does.
// - at_risk: a measured criterion of a rung the person holds (their assigned or demonstrated
//   rung, or below it) that the data shows as not met: holding the rung is in question.
#ifndef RUNGS_PROGRESS_TEAM_H_
#define RUNGS_PROGRESS_TEAM_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "framework/model.h"
#include "progress/cadence.h"
#include "progress/measured.h"
#include "progress/person_record.h"
#include "store/store.h"

namespace rungs {

enum class Readiness { kAny, kReady, kNotReady };
enum class TeamSort { kName, kAssigned, kDemonstrated, kProgress, kLastCheckIn, kNextCheckIn };

struct TeamFilter {
  std::optional<int64_t> manager_id;  // people under this manager, directly or further down
  std::optional<int64_t> team_id;
  std::string rung;  // people whose assigned or demonstrated rung has this id (any case)
  Readiness readiness = Readiness::kAny;
  TeamSort sort = TeamSort::kName;
  bool descending = false;
  int page = 1;  // from 1; 0: every row (an export), at most kTeamExportRows
};

// A page holds this many rows: a team of 200 fits on one.
inline constexpr int kTeamPageRows = 200;
// An export builds every row's record; past this, it asks for a narrower filter.
inline constexpr int kTeamExportRows = 2000;

struct MeasuredCount {
  int met = 0;
  int not_met = 0;
  int no_data = 0;
};

struct AtRisk {
  std::string rung;         // where the criterion is listed
  std::string rule;         // "12 conversations per hour"
  std::string explanation;  // the evaluation's sentence
};

struct TeamRow {
  User person;
  std::string manager_name;              // empty for none
  const Framework* framework = nullptr;  // the current version; null when none is loaded
  std::string framework_title;
  std::string assigned_rung;
  std::string demonstrated_rung;
  std::string next_rung;
  int next_met = 0;
  int next_total = 0;
  bool ready = false;
  int64_t last_checkin_at = 0;  // 0: never
  bool open_checkin = false;
  std::optional<NextCheckIn> next_checkin;  // when their team keeps a cadence
  // From the person's record (rows on the page only; null elsewhere).
  std::shared_ptr<const PersonRecord> record;
  MeasuredResults::State measured_state = MeasuredResults::State::kNotMeasured;
  MeasuredCount measured;
  std::vector<AtRisk> at_risk;
};

struct RungCount {
  std::string framework_title;
  std::string rung;  // id
  std::string label;
  int assigned = 0;
  int demonstrated = 0;
};

struct TeamView {
  std::vector<TeamRow> rows;  // the page, sorted
  int matching = 0;           // people matching the filter, on every page
  int page = 1;
  int pages = 1;
  // The people the manager filter offers: everyone visible who manages someone visible.
  std::vector<User> managers;
  // People per rung over everyone the manager and team filters leave (before the rung and
  // readiness filters), in each framework's rung order.
  std::vector<RungCount> rungs;
  // Everyone matching whose check-in is overdue or due within kDueSoonDays, soonest first (the
  // table sorted by next check-in pages through them all).
  std::vector<DueCheckIn> due;
  int overdue = 0;  // of `due`
};

// The measured counts and at-risk criteria of `row` from its record (row.record set).
void AddMeasured(TeamRow& row);

// Orders rows by `filter.sort` (then by name, then id, so the order is stable).
void SortTeamRows(std::vector<TeamRow>& rows, const TeamFilter& filter);

// True when the row passes the filter's rung and readiness (manager and team are applied
// before standings are computed).
bool MatchesStanding(const TeamRow& row, const TeamFilter& filter);

// People per rung of `rows`, grouped by framework in rung order.
std::vector<RungCount> CountRungs(const std::vector<TeamRow>& rows);

// One cell of the heatmap: of the person's next-rung criteria in the topic, how many agreed
// results meet.
struct HeatmapCell {
  int met = 0;
  int total = 0;  // 0: the next rung lists nothing in this topic
};

struct HeatmapRow {
  const TeamRow* row = nullptr;
  std::vector<HeatmapCell> cells;  // one per TeamHeatmap::topics
};

struct TeamHeatmap {
  // Topic names in the order their frameworks list them, each once (people on different
  // frameworks share columns when their topics have the same name).
  std::vector<std::string> topics;
  std::vector<std::string> topic_titles;
  std::vector<HeatmapRow> rows;  // rows whose record has a next rung
};

// From the page's rows (their records); points into `rows`.
TeamHeatmap BuildHeatmap(const std::vector<TeamRow>& rows);

// Where the team has been (the trends view), from the rows' records: the rung each person
// demonstrated after each agreed check-in. Only the framework most of the rows are on is drawn
// (rung ids of different frameworks are different rungs); the others are counted as left out.
struct RungStay {
  std::string rung;
  std::string label;
  int people = 0;    // who demonstrated it at some point
  int moved_on = 0;  // of them, who went on to a higher rung
  // Days from first demonstrating it to first demonstrating a higher rung; for those still on
  // it, the days so far. Over everyone who demonstrated it.
  int64_t median_days = 0;
  int64_t min_days = 0;
  int64_t max_days = 0;
};

struct TeamTrends {
  const Framework* framework = nullptr;  // null: nobody has agreed check-ins
  std::string framework_title;
  int people = 0;    // rows on `framework`
  int left_out = 0;  // rows on other frameworks, or none
  // The rungs in order, and per ISO week (metrics/iso_week.h) from the first agreed check-in
  // to `now`'s week, at most kTrendWeeks of them, how many people demonstrated each at the end
  // of that week.
  std::vector<std::string> rungs;
  std::vector<std::string> labels;
  std::vector<int64_t> weeks;
  std::vector<std::vector<int>> people_per_rung;  // [rung][week]
  std::vector<RungStay> stays;                    // rungs someone demonstrated, in order
};

inline constexpr int kTrendWeeks = 104;

TeamTrends BuildTrends(const std::vector<TeamRow>& rows, int64_t now);

}  // namespace rungs

#endif  // RUNGS_PROGRESS_TEAM_H_
