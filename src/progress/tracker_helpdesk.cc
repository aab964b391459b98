// The Tracker's helpdesk rules (tracker.h): admins upload, undo and link; whoever may see a
// person sees which identities are theirs.
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "progress/tracker.h"

namespace rungs {

Status Tracker::CheckHelpdeskAdmin(const User& viewer) {
  return CheckAdmin(viewer, "manage helpdesk data");
}

Result<IngestOutcome> Tracker::StoreHelpdeskReading(const User& viewer,
                                                    const MappedReading& reading,
                                                    const IngestSource& source) {
  if (Status s = CheckAdmin(viewer, "upload helpdesk data"); !s.ok()) return s;
  return StoreReading(store_, reading, source, ActorOf(viewer));
}

Result<std::vector<IngestBatch>> Tracker::IngestBatches(const User& viewer) {
  if (Status s = CheckAdmin(viewer, "see helpdesk batches"); !s.ok()) return s;
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
  if (Status s = CheckAdmin(viewer, "undo helpdesk batches"); !s.ok()) return s;
  return store_.UndoIngestBatch(batch_id, ActorOf(viewer));
}

Result<std::vector<HelpdeskIdentity>> Tracker::IdentitiesOf(const User& viewer, int64_t person_id) {
  Result<User> person = VisiblePerson(viewer, person_id);
  if (!person.ok()) return person.status();
  return store_.IdentitiesOf(person->id);
}

Result<std::vector<LinkedIdentity>> Tracker::LinkedIdentities(const User& viewer,
                                                              int64_t person_id) {
  Result<std::vector<HelpdeskIdentity>> identities = IdentitiesOf(viewer, person_id);
  if (!identities.ok()) return identities.status();
  Result<std::vector<IdentityWeek>> rows = store_.WeeksOf(person_id);
  if (!rows.ok()) return rows.status();
  Result<std::vector<IngestBatch>> batches = store_.ListIngestBatches();
  if (!batches.ok()) return batches.status();
  std::map<std::tuple<std::string, std::string, std::string>, int64_t> weeks;
  for (const IdentityWeek& w : *rows) ++weeks[{w.source, w.space, w.identity}];
  std::set<std::string> sources;
  for (const IngestBatch& b : *batches) sources.insert(b.source);
  std::vector<LinkedIdentity> out;
  for (const HelpdeskIdentity& id : *identities) {
    out.push_back({id, weeks[{id.source, id.space, id.identity}], !sources.contains(id.source)});
  }
  return out;
}

Status Tracker::LinkIdentity(const User& viewer, const HelpdeskIdentity& identity,
                             WithoutData without_data) {
  if (Status s = CheckAdmin(viewer, "link helpdesk identities"); !s.ok()) return s;
  // The store would refuse an unknown person too, but only as a failed reference.
  if (Result<User> person = store_.GetUser(identity.user_id); !person.ok()) return person.status();
  Status linked = LinkIdentityChecked(store_, identity, without_data, ActorOf(viewer));
  if (linked.code == StatusCode::kConflict) {
    // Say whose it is, so the fix is one click away (a conflict is rare enough to look through
    // everyone's links, and only admins get here).
    Result<std::vector<User>> people = store_.ListUsers();
    for (const User& u : people.ok() ? *people : std::vector<User>()) {
      Result<std::vector<HelpdeskIdentity>> theirs = store_.IdentitiesOf(u.id);
      if (!theirs.ok()) continue;
      for (const HelpdeskIdentity& id : *theirs) {
        if (id.source == identity.source && id.space == identity.space &&
            id.identity == identity.identity) {
          linked.message =
              fmt::format("{} ({} {}) is linked to {} already; unlink it on their page first",
                          identity.identity, identity.source, identity.space, u.name);
        }
      }
    }
  }
  return linked;
}

Status Tracker::UnlinkIdentity(const User& viewer, const HelpdeskIdentity& identity) {
  if (Status s = CheckAdmin(viewer, "unlink helpdesk identities"); !s.ok()) return s;
  return store_.UnlinkIdentity(identity, ActorOf(viewer));
}

Result<std::vector<UnlinkedIdentity>> Tracker::UnlinkedIdentities(const User& viewer) {
  if (Status s = CheckAdmin(viewer, "see unlinked helpdesk identities"); !s.ok()) return s;
  return store_.UnlinkedIdentities();
}

}  // namespace rungs
