#include "progress/cadence.h"

#include <algorithm>
#include <utility>

#include "metrics/iso_week.h"

namespace rungs {
std::optional<CheckInCadence> CheckInCadence::Of(const Team& team, int64_t now) {
  if (team.cadence_weeks <= 0) return std::nullopt;
  Result<TimeZone> zone = TimeZone::Parse(team.time_zone);
  if (!zone.ok()) zone = TimeZone::Parse("UTC");
  return CheckInCadence(team.cadence_weeks, team.cadence_since, *zone, now);
}

CheckInCadence::CheckInCadence(int weeks, int64_t since, TimeZone zone, int64_t now)
    : weeks_(weeks), zone_(std::move(zone)) {
  since_day_ = since > 0 ? DayOf(since) : 0;
  today_ = DayOf(now);
}

int64_t CheckInCadence::DayOf(int64_t utc) const { return DayOfSeconds(utc + zone_.OffsetAt(utc)); }

NextCheckIn CheckInCadence::Next(const User& person, int64_t last_agreed_at, bool open) const {
  int64_t from = since_day_;
  if (last_agreed_at > 0) from = std::max(from, DayOf(last_agreed_at));
  if (const std::optional<int64_t> start = ParseIsoDate(person.start_date)) {
    from = std::max(from, *start);
  }
  NextCheckIn next;
  next.due_day = from + int64_t{7} * weeks_;
  next.days_left = next.due_day - today_;
  next.open = open;
  if (next.days_left < 0) {
    next.state = DueState::kOverdue;
  } else if (next.days_left <= kDueSoonDays) {
    next.state = DueState::kSoon;
  }
  return next;
}

void SortByDue(std::vector<DueCheckIn>& due) {
  std::sort(due.begin(), due.end(), [](const DueCheckIn& a, const DueCheckIn& b) {
    if (a.next.due_day != b.next.due_day) return a.next.due_day < b.next.due_day;
    if (a.person.name != b.person.name) return a.person.name < b.person.name;
    return a.person.id < b.person.id;
  });
}

int64_t LastAgreedAt(const std::vector<CheckIn>& checkins) {
  int64_t last = 0;
  for (const CheckIn& c : checkins) {
    if (c.state == CheckInState::kFrozen) last = std::max(last, c.frozen_at);
  }
  return last;
}

std::optional<NextCheckIn> NextCheckInOf(const std::optional<Team>& team, const User& person,
                                         const std::vector<CheckIn>& checkins, int64_t now) {
  if (!team || person.framework_id.empty()) return std::nullopt;
  const std::optional<CheckInCadence> cadence = CheckInCadence::Of(*team, now);
  if (!cadence) return std::nullopt;
  return cadence->Next(person, LastAgreedAt(checkins), HasOpenCheckIn(checkins));
}

bool HasOpenCheckIn(const std::vector<CheckIn>& checkins) {
  return std::any_of(checkins.begin(), checkins.end(),
                     [](const CheckIn& c) { return c.state == CheckInState::kOpen; });
}

TeamCadences::TeamCadences(const std::vector<Team>& teams, int64_t now) {
  for (const Team& team : teams) teams_[team.id] = {team.name, CheckInCadence::Of(team, now)};
}

std::optional<NextCheckIn> TeamCadences::Next(const User& person, int64_t last_agreed_at,
                                              bool open) const {
  if (!person.team_id || person.framework_id.empty()) return std::nullopt;
  auto team = teams_.find(*person.team_id);
  if (team == teams_.end() || !team->second.cadence) return std::nullopt;
  return team->second.cadence->Next(person, last_agreed_at, open);
}

std::string TeamCadences::TeamName(const User& person) const {
  if (!person.team_id) return "";
  auto team = teams_.find(*person.team_id);
  return team == teams_.end() ? "" : team->second.name;
}

}  // namespace rungs
