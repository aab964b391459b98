// `rungs batches list|undo` and `rungs identity link|unlink|list`: the stored helpdesk ingests
// and which helpdesk identities are whose.
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/data_store.h"
#include "metrics/iso_week.h"
#include "progress/identity_link.h"
#include "progress/people_export.h"
#include "store/store.h"

namespace rungs {

int RunBatches(const BatchesOptions& options, std::ostream& out, std::ostream& err) {
  const std::string command = options.undo > 0 ? "rungs batches undo" : "rungs batches list";
  std::unique_ptr<Store> store = OpenDataStore(options.data, false, command, err);
  if (!store) return kExitFailure;
  if (options.undo > 0) {
    if (Status s = store->UndoIngestBatch(options.undo, Actor::System()); !s.ok()) {
      err << command << ": " << s.message << "\n";
      return kExitFailure;
    }
    out << fmt::format("Batch {} and its weekly rows are deleted.\n", options.undo);
    return kExitOk;
  }
  Result<std::vector<IngestBatch>> batches = store->ListIngestBatches();
  if (!batches.ok()) {
    err << command << ": " << batches.status().message << "\n";
    return kExitFailure;
  }
  if (batches->empty()) {
    out << "No helpdesk data is stored yet (rungs ingest FILE --mapping M stores some).\n";
    return kExitOk;
  }
  out << fmt::format("{:>5}  {:<20} {:<20} {:<24} {:>10} {:>9} {:>9}  {}\n", "batch", "imported",
                     "source", "file", "rows used", "excluded", "problems", "weeks");
  for (const IngestBatch& b : *batches) {
    out << fmt::format("{:>5}  {:<20} {:<20} {:<24} {:>10} {:>9} {:>9}  {} to {}\n", b.id,
                       IsoDateTime(b.imported_at), b.source, b.file_name, b.rows_used,
                       b.rows_excluded, b.rows_with_problems, WeekIndexName(b.first_week),
                       WeekIndexName(b.last_week));
  }
  return kExitOk;
}

int RunIdentity(const IdentityOptions& options, std::ostream& out, std::ostream& err) {
  const std::string command = "rungs identity " + options.action;
  std::unique_ptr<Store> store = OpenDataStore(options.data, false, command, err);
  if (!store) return kExitFailure;
  std::optional<User> person = FindUserOrReport(*store, options.email, "email", command, err);
  if (!person) return kExitFailure;
  if (options.action == "list") {
    Result<std::vector<HelpdeskIdentity>> identities = store->IdentitiesOf(person->id);
    if (!identities.ok()) {
      err << command << ": " << identities.status().message << "\n";
      return kExitFailure;
    }
    if (identities->empty()) out << person->email << " has no helpdesk identity linked.\n";
    for (const HelpdeskIdentity& id : *identities) {
      out << fmt::format("{}  {}  {}\n", id.source, id.space, id.identity);
    }
    return kExitOk;
  }
  const HelpdeskIdentity identity{options.source, options.space, options.name, person->id};
  const WithoutData without_data = options.force ? WithoutData::kLinkAnyway : WithoutData::kRefuse;
  const Status s = options.action == "link"
                       ? LinkIdentityChecked(*store, identity, without_data, Actor::System())
                       : store->UnlinkIdentity(identity, Actor::System());
  if (!s.ok()) {
    err << command << ": " << (s.field.empty() ? "" : s.field + ": ") << s.message << "\n";
    if (options.action == "link" && RefusedForWantOfData(s, identity)) {
      err << "(--force links it all the same, for data still to come)\n";
    }
    return kExitFailure;
  }
  out << fmt::format("{} {} \"{}\" ({} {}).\n", options.action == "link" ? "Linked" : "Unlinked",
                     person->email, options.name, options.source, options.space);
  return kExitOk;
}

}  // namespace rungs
