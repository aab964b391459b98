// Linking a helpdesk identity to a person. An identity no stored batch has a week for is most
// often a typo or an account the mapping excludes, and a link to it would make the person's
// measured criteria "no data" without a word; so it is refused with the nearest names that do
// have data, unless the caller links it anyway (data still to come).
#ifndef RUNGS_PROGRESS_IDENTITY_LINK_H_
#define RUNGS_PROGRESS_IDENTITY_LINK_H_

#include <string>
#include <vector>

#include "store/store.h"
#include "util/status.h"

namespace rungs {

enum class WithoutData { kRefuse, kLinkAnyway };

// kInvalid with field "identity" when `identity` has no stored week and `without_data` is
// kRefuse; otherwise the store's answer (kConflict when it is another person's).
Status LinkIdentityChecked(Store& store, const HelpdeskIdentity& identity, WithoutData without_data,
                           const Actor& actor);

// Whether `s`, from LinkIdentityChecked, is the refusal for want of data (that "link anyway"
// overrides) rather than a field's mistake or a conflict.
bool RefusedForWantOfData(const Status& s, const HelpdeskIdentity& identity);

// Up to `limit` of `candidates`, nearest to `name` first (edit distance, ASCII case folded);
// ties keep the candidates' order.
std::vector<std::string> NearestNames(const std::string& name,
                                      const std::vector<std::string>& candidates, size_t limit);

}  // namespace rungs

#endif  // RUNGS_PROGRESS_IDENTITY_LINK_H_
