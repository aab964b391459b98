#include "web/team_query.h"

#include <utility>
#include <vector>

#include <fmt/format.h>

#include "util/text.h"
#include "web/url.h"

namespace rungs {
namespace {

constexpr std::pair<TeamSort, const char*> kSorts[] = {
    {TeamSort::kName, "name"},
    {TeamSort::kAssigned, "assigned"},
    {TeamSort::kDemonstrated, "demonstrated"},
    {TeamSort::kProgress, "progress"},
    {TeamSort::kLastCheckIn, "last_check_in"},
    {TeamSort::kNextCheckIn, "next_check_in"},
};

Status ReadId(const HttpRequest& req, const char* name, std::optional<int64_t>& out) {
  const std::string& text = req.Param(name);
  if (text.empty()) return Status::Ok();
  const std::optional<int64_t> id = ParseInt64(text);
  if (!id || *id <= 0) return Status::Invalid(fmt::format("{} must be an id", name), name);
  out = id;
  return Status::Ok();
}

}  // namespace

const char* TeamSortName(TeamSort sort) {
  for (const auto& [value, name] : kSorts) {
    if (value == sort) return name;
  }
  return "name";
}

Result<TeamFilter> ReadTeamFilter(const HttpRequest& req) {
  TeamFilter filter;
  if (Status s = ReadId(req, "manager", filter.manager_id); !s.ok()) return s;
  if (Status s = ReadId(req, "team", filter.team_id); !s.ok()) return s;
  filter.rung = std::string(Trim(req.Param("rung")));
  if (filter.rung.size() > 100) return Status::Invalid("rung is too long", "rung");
  const std::string& ready = req.Param("ready");
  if (ready == "yes") {
    filter.readiness = Readiness::kReady;
  } else if (ready == "no") {
    filter.readiness = Readiness::kNotReady;
  } else if (!ready.empty()) {
    return Status::Invalid("ready must be yes or no", "ready");
  }
  const std::string& sort = req.Param("sort");
  if (!sort.empty()) {
    bool known = false;
    for (const auto& [value, name] : kSorts) {
      if (sort == name) {
        filter.sort = value;
        known = true;
      }
    }
    if (!known) {
      return Status::Invalid(
          "sort must be one of name, assigned, demonstrated, progress, last_check_in", "sort");
    }
  }
  const std::string& order = req.Param("order");
  if (order == "desc") {
    filter.descending = true;
  } else if (!order.empty() && order != "asc") {
    return Status::Invalid("order must be asc or desc", "order");
  }
  const std::string& page = req.Param("page");
  if (!page.empty()) {
    const std::optional<int64_t> n = ParseInt64(page);
    if (!n || *n < 1 || *n > 1'000'000) {
      return Status::Invalid("page must be a whole number from 1", "page");
    }
    filter.page = static_cast<int>(*n);
  }
  return filter;
}

std::string TeamQuery(const TeamFilter& filter) {
  std::vector<std::string> parts;
  if (filter.manager_id) parts.push_back(fmt::format("manager={}", *filter.manager_id));
  if (filter.team_id) parts.push_back(fmt::format("team={}", *filter.team_id));
  if (!filter.rung.empty()) parts.push_back("rung=" + EncodeQueryParam(filter.rung));
  if (filter.readiness != Readiness::kAny) {
    parts.push_back(filter.readiness == Readiness::kReady ? "ready=yes" : "ready=no");
  }
  if (filter.sort != TeamSort::kName)
    parts.push_back(std::string("sort=") + TeamSortName(filter.sort));
  if (filter.descending) parts.push_back("order=desc");
  if (filter.page > 1) parts.push_back(fmt::format("page={}", filter.page));
  return Join(parts, "&");
}

}  // namespace rungs
