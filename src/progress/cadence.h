// When people's next check-ins are due. A team that keeps a cadence ("check in every N weeks")
// expects a person's next check-in N weeks after the latest of: their last agreed check-in,
// their start date, and the day the cadence was turned on (so setting one does not make a
// whole team overdue at once). Days are counted in the team's time zone, so "due today" turns
// over at the team's midnight. An open check-in does not move the date: it is under way, and
// the person stays due (or overdue) until it is agreed. Someone without a framework has no
// check-ins to hold, so nothing is due for them.
#ifndef RUNGS_PROGRESS_CADENCE_H_
#define RUNGS_PROGRESS_CADENCE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "metrics/time_format.h"
#include "store/store.h"

namespace rungs {

// A check-in due within this many days is listed as due soon.
inline constexpr int64_t kDueSoonDays = 14;

enum class DueState { kLater, kSoon, kOverdue };

struct NextCheckIn {
  int64_t due_day = 0;    // days since 1970-01-01
  int64_t days_left = 0;  // from today; negative when overdue
  DueState state = DueState::kLater;
  bool open = false;  // a check-in is under way
};

class CheckInCadence {
 public:
  // nullopt when the team keeps no cadence. A zone the time zone database does not know counts
  // in UTC (the team form checks zones; this is for one removed from the database later).
  static std::optional<CheckInCadence> Of(const Team& team, int64_t now);

  int weeks() const { return weeks_; }
  int64_t today() const { return today_; }
  // The team's calendar day of an instant.
  int64_t DayOf(int64_t utc) const;
  // `last_agreed_at`: when the person's newest agreed check-in was frozen, 0 for none.
  NextCheckIn Next(const User& person, int64_t last_agreed_at, bool open) const;

 private:
  CheckInCadence(int weeks, int64_t since, TimeZone zone, int64_t now);

  int weeks_ = 0;
  TimeZone zone_;
  int64_t since_day_ = 0;
  int64_t today_ = 0;
};

// Every team's cadence, for going through many people at once.
class TeamCadences {
 public:
  TeamCadences(const std::vector<Team>& teams, int64_t now);
  // nullopt when the person has no team or their team keeps no cadence.
  std::optional<NextCheckIn> Next(const User& person, int64_t last_agreed_at, bool open) const;
  // Their team's name; empty for none.
  std::string TeamName(const User& person) const;

 private:
  struct Entry {
    std::string name;
    std::optional<CheckInCadence> cadence;
  };
  std::map<int64_t, Entry> teams_;
};

// One person's next check-in, for lists of what is due.
struct DueCheckIn {
  User person;
  std::string manager_name;  // empty for none
  std::string team_name;
  NextCheckIn next;
};

// Most overdue first, then by name.
void SortByDue(std::vector<DueCheckIn>& due);

// When each check-in is frozen, the newest; 0 when none is.
int64_t LastAgreedAt(const std::vector<CheckIn>& checkins);

// The person's next check-in given their team (none: nullopt, as for a team without a cadence)
// and their check-ins.
std::optional<NextCheckIn> NextCheckInOf(const std::optional<Team>& team, const User& person,
                                         const std::vector<CheckIn>& checkins, int64_t now);

// Whether any check-in is open.
bool HasOpenCheckIn(const std::vector<CheckIn>& checkins);

}  // namespace rungs

#endif  // RUNGS_PROGRESS_CADENCE_H_
