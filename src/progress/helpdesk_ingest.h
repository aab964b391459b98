// A helpdesk export read through a mapping (metrics/mapped_events.h) becomes one stored batch
// of weekly rows per identity. `rungs ingest`, the admin upload page and the demo team all
// store through here, so each applies the same rule: a reading where more rows have problems
// than give events stores nothing (the mapping does not fit the export).
#ifndef RUNGS_PROGRESS_HELPDESK_INGEST_H_
#define RUNGS_PROGRESS_HELPDESK_INGEST_H_

#include <string>
#include <vector>

#include "metrics/mapped_events.h"
#include "store/store.h"
#include "util/status.h"

namespace rungs {

struct IngestSource {
  std::string source;        // identities are per source; the mapping's file stem by default
  std::string file_name;     // as uploaded or given, without folders
  std::string content_hash;  // SHA-256 hex of the export's bytes: the same file again is a no-op
  std::string mapping;       // the mapping's name, for the batch list
};

// The weekly rows a batch stores: one per identity and week with anything in it.
std::vector<IdentityWeek> BatchWeeks(const MappedReading& reading);

// kInvalid (field "file") when more rows have problems than give events; otherwise the stored
// batch, or the earlier one when the same file was ingested for the source before.
Result<IngestOutcome> StoreReading(Store& store, const MappedReading& reading,
                                   const IngestSource& source, const Actor& actor);

}  // namespace rungs

#endif  // RUNGS_PROGRESS_HELPDESK_INGEST_H_
