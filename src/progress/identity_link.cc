#include "progress/identity_link.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "util/text.h"

namespace rungs {
namespace {

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Why `identity` has no data, with what does: the nearest names in its space, else the spaces
// of its source, else the sources.
Status WithoutDataRefusal(Store& store, const HelpdeskIdentity& identity) {
  Result<std::vector<HelpdeskIdentity>> all = store.IdentitiesWithData("");
  if (!all.ok()) return all.status();
  std::vector<std::string> names;
  std::set<std::string> spaces;
  std::set<std::string> sources;
  for (const HelpdeskIdentity& id : *all) {
    sources.insert(id.source);
    if (id.source != identity.source) continue;
    spaces.insert(id.space);
    if (id.space == identity.space) names.push_back(id.identity);
  }
  const std::string what = fmt::format("no stored helpdesk data has \"{}\" in {} {}",
                                       identity.identity, identity.source, identity.space);
  if (!names.empty()) {
    std::vector<std::string> nearest = NearestNames(identity.identity, names, 3);
    for (std::string& n : nearest) n = fmt::format("\"{}\"", n);
    return Status::Invalid(
        fmt::format("{} (a typo, or an account the mapping excludes?); nearest with data: {}", what,
                    Join(nearest, ", ")),
        "identity");
  }
  if (!spaces.empty()) {
    return Status::Invalid(fmt::format("{}: the source {} has data in the spaces {}", what,
                                       identity.source, Join(spaces, ", ")),
                           "space");
  }
  if (!sources.empty()) {
    return Status::Invalid(
        fmt::format("{}: no batch of the source {} is stored (sources with data: {})", what,
                    identity.source, Join(sources, ", ")),
        "source");
  }
  return Status::Invalid(what + ": no helpdesk data is stored yet", "identity");
}

}  // namespace

std::vector<std::string> NearestNames(const std::string& name,
                                      const std::vector<std::string>& candidates, size_t limit) {
  // Names are up to 320 bytes; their first 64 tell typos apart, at a sixteenth of the cost.
  constexpr size_t kCompared = 64;
  const std::string folded = ToLowerAscii(name.substr(0, kCompared));
  std::vector<std::pair<size_t, size_t>> scored;  // (distance, index)
  scored.reserve(candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i) {
    scored.emplace_back(EditDistance(folded, ToLowerAscii(candidates[i].substr(0, kCompared))), i);
  }
  const size_t kept = std::min(limit, scored.size());
  std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(kept),
                    scored.end());
  std::vector<std::string> out;
  for (size_t i = 0; i < kept; ++i) out.push_back(candidates[scored[i].second]);
  return out;
}

bool RefusedForWantOfData(const Status& s, const HelpdeskIdentity& identity) {
  // Fields that validate, refused as invalid: only the data check does that.
  return s.code == StatusCode::kInvalid && ValidateIdentity(identity).ok();
}

Status LinkIdentityChecked(Store& store, const HelpdeskIdentity& identity, WithoutData without_data,
                           const Actor& actor) {
  if (Status s = ValidateIdentity(identity); !s.ok()) return s;
  // Linking what the person has already is a no-op, data or not (scripts repeat themselves).
  Result<std::vector<HelpdeskIdentity>> has = store.IdentitiesOf(identity.user_id);
  if (!has.ok()) return has.status();
  const bool already =
      std::any_of(has->begin(), has->end(), [&identity](const HelpdeskIdentity& id) {
        return id.source == identity.source && id.space == identity.space &&
               id.identity == identity.identity;
      });
  if (without_data == WithoutData::kRefuse && !already) {
    Result<std::vector<HelpdeskIdentity>> with_data = store.IdentitiesWithData(identity.source);
    if (!with_data.ok()) return with_data.status();
    const bool found =
        std::any_of(with_data->begin(), with_data->end(), [&identity](const HelpdeskIdentity& id) {
          return id.space == identity.space && id.identity == identity.identity;
        });
    if (!found) return WithoutDataRefusal(store, identity);
  }
  return store.LinkIdentity(identity, actor);
}

}  // namespace rungs
