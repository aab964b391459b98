// The Tracker's helpdesk rules (tracker.h): admins upload, undo and link; whoever may see a
// person sees which identities are theirs.
#include <fmt/format.h>

#include "progress/tracker.h"

namespace rungs {
namespace {

Status OnlyAdmins(const User& viewer, const char* what) {
  if (viewer.role == Role::kAdmin) return Status::Ok();
  return Status::Forbidden(fmt::format("only admins {}", what));
}

}  // namespace

Status Tracker::CheckHelpdeskAdmin(const User& viewer) {
  return OnlyAdmins(viewer, "manage helpdesk data");
}

Result<IngestOutcome> Tracker::StoreHelpdeskReading(const User& viewer,
                                                    const MappedReading& reading,
                                                    const IngestSource& source) {
  if (Status s = OnlyAdmins(viewer, "upload helpdesk data"); !s.ok()) return s;
  return StoreReading(store_, reading, source, Actor::Of(viewer.id));
}

Result<std::vector<IngestBatch>> Tracker::IngestBatches(const User& viewer) {
  if (Status s = OnlyAdmins(viewer, "see helpdesk batches"); !s.ok()) return s;
  return store_.ListIngestBatches();
}

Result<IngestBatch> Tracker::FindIngestBatch(const User& viewer, int64_t batch_id) {
  Result<std::vector<IngestBatch>> batches = IngestBatches(viewer);
  if (!batches.ok()) return batches.status();
  for (const IngestBatch& b : *batches) {
    if (b.id == batch_id) return b;
  }
  return Status::NotFound(fmt::format("no helpdesk batch with id {}", batch_id));
}

Status Tracker::UndoIngestBatch(const User& viewer, int64_t batch_id) {
  if (Status s = OnlyAdmins(viewer, "undo helpdesk batches"); !s.ok()) return s;
  return store_.UndoIngestBatch(batch_id, Actor::Of(viewer.id));
}

Result<std::vector<HelpdeskIdentity>> Tracker::IdentitiesOf(const User& viewer, int64_t person_id) {
  Result<User> person = VisiblePerson(viewer, person_id);
  if (!person.ok()) return person.status();
  return store_.IdentitiesOf(person->id);
}

Status Tracker::LinkIdentity(const User& viewer, const HelpdeskIdentity& identity,
                             WithoutData without_data) {
  if (Status s = OnlyAdmins(viewer, "link helpdesk identities"); !s.ok()) return s;
  // The store would refuse an unknown person too, but only as a failed reference.
  if (Result<User> person = store_.GetUser(identity.user_id); !person.ok()) return person.status();
  return LinkIdentityChecked(store_, identity, without_data, Actor::Of(viewer.id));
}

Status Tracker::UnlinkIdentity(const User& viewer, const HelpdeskIdentity& identity) {
  if (Status s = OnlyAdmins(viewer, "unlink helpdesk identities"); !s.ok()) return s;
  return store_.UnlinkIdentity(identity, Actor::Of(viewer.id));
}

Result<std::vector<UnlinkedIdentity>> Tracker::UnlinkedIdentities(const User& viewer) {
  if (Status s = OnlyAdmins(viewer, "see unlinked helpdesk identities"); !s.ok()) return s;
  return store_.UnlinkedIdentities();
}

}  // namespace rungs
