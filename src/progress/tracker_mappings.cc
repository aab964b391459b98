// The Tracker's helpdesk mapping rules (tracker.h): the shipped mappings and the ones admins
// saved in the browser, chosen by name on an upload.
#include <algorithm>

#include <fmt/format.h>

#include "metrics/bundled_mappings.h"
#include "progress/tracker.h"
#include "util/text.h"

namespace rungs {
namespace {

bool SameName(std::string_view a, std::string_view b) { return ToLowerAscii(a) == ToLowerAscii(b); }

bool IsShipped(std::string_view name, bool any_case) {
  const std::vector<std::string> shipped = BundledMappingNames();
  return std::any_of(shipped.begin(), shipped.end(), [&](const std::string& s) {
    return any_case ? SameName(s, name) : s == name;
  });
}

std::string Lines(const Diagnostics& diagnostics) {
  std::string lines;
  for (const Diagnostic& d : diagnostics) {
    if (d.severity != Severity::kError) continue;
    lines += (lines.empty() ? "" : "\n") + FormatDiagnostic(d);
  }
  return lines;
}

// A saved mapping's file name in messages: what the admin called it.
std::string MessageFile(const std::string& name) { return name + ".yaml"; }

}  // namespace

Result<std::vector<SavedMapping>> Tracker::SavedMappings(const User& viewer) {
  if (Status s = CheckHelpdeskAdmin(viewer); !s.ok()) return s;
  return store_.ListSavedMappings();
}

Result<Mapping> Tracker::HelpdeskMapping(const User& viewer, const std::string& name) {
  if (Status s = CheckHelpdeskAdmin(viewer); !s.ok()) return s;
  // Chosen by the exact name, so one mapping's batches and identities have one source name.
  if (IsShipped(name, /*any_case=*/false)) {
    MappingLoad load = LoadShippedMapping(name);
    if (!load.mapping) {
      return Status::Internal("the shipped mapping has errors: " + Lines(load.diagnostics));
    }
    return std::move(*load.mapping);
  }
  Result<std::vector<SavedMapping>> saved = store_.ListSavedMappings();
  if (!saved.ok()) return saved.status();
  for (const SavedMapping& m : *saved) {
    if (m.name != name) continue;
    MappingLoad load = ParseMapping(m.yaml, MessageFile(m.name));
    if (!load.mapping || !load.mapping->identity_map.empty()) {
      // Saved under an older, laxer loader: say so rather than read with half a mapping.
      return Status::Invalid(fmt::format("the saved mapping {} no longer loads; edit it: {}",
                                         m.name, Lines(load.diagnostics)),
                             "mapping");
    }
    return std::move(*load.mapping);
  }
  std::string list;
  for (const std::string& n : BundledMappingNames()) list += (list.empty() ? "" : ", ") + n;
  for (const SavedMapping& m : *saved) list += ", " + m.name;
  return Status::Invalid(fmt::format("choose one of the mappings ({}), not '{}'", list, name),
                         "mapping");
}

Result<SavedMapping> Tracker::SaveMapping(const User& viewer, SavedMapping mapping,
                                          Diagnostics* diagnostics) {
  if (Status s = CheckHelpdeskAdmin(viewer); !s.ok()) return s;
  mapping.name = std::string(Trim(mapping.name));
  if (Status s = ValidateSavedMapping(mapping); !s.ok()) return s;
  if (IsShipped(mapping.name, /*any_case=*/true) || SameName(mapping.name, kDetectMapping)) {
    return Status::Invalid(
        fmt::format("{} is the name of a shipped mapping or choice; choose another", mapping.name),
        "name");
  }
  const MappingLoad load = ParseMapping(mapping.yaml, MessageFile(mapping.name));
  if (diagnostics != nullptr) *diagnostics = load.diagnostics;
  if (!load.mapping) return Status::Invalid(Lines(load.diagnostics), "yaml");
  if (!load.mapping->identity_map.empty()) {
    return Status::Invalid(
        fmt::format("{}: identities.map names a file on the server, which a mapping saved in the "
                    "browser may not read; link identities on the helpdesk page instead",
                    MessageFile(mapping.name)),
        "yaml");
  }
  return store_.PutSavedMapping(mapping, ActorOf(viewer));
}

Status Tracker::DeleteSavedMapping(const User& viewer, const std::string& name) {
  if (Status s = CheckHelpdeskAdmin(viewer); !s.ok()) return s;
  return store_.DeleteSavedMapping(name, ActorOf(viewer));
}

}  // namespace rungs
