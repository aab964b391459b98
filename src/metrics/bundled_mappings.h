// The mapping files shipped in mappings/, compiled into the binary: `--mapping NAME` and the
// admin upload page find them by name ("servicenow-incident") from any working directory.
#ifndef RUNGS_METRICS_BUNDLED_MAPPINGS_H_
#define RUNGS_METRICS_BUNDLED_MAPPINGS_H_

#include <string>
#include <string_view>
#include <vector>

#include "metrics/mapping.h"
#include "util/embedded.h"

namespace rungs {

const std::vector<EmbeddedFile>& BundledMappingFiles();

// "canonical-events", "servicenow-incident", ...: the shipped mappings' file stems, sorted.
std::vector<std::string> BundledMappingNames();

// The shipped mapping `name` ("mappings/NAME.yaml" in messages), never a file: what a name
// from a form or the demo loads. A mapping-unreadable error listing the shipped names for any
// other name.
MappingLoad LoadShippedMapping(std::string_view name);

// A mapping file at `name_or_path`, else the shipped mapping of that name (its file named
// "mappings/NAME.yaml" in messages), else an error listing the shipped names.
MappingLoad LoadMappingByNameOrPath(const std::string& name_or_path);

// The shipped mapping of rungs' canonical file whose header is `first_line` exactly (a UTF-8
// byte order mark and a CR before the line break are ignored): "canonical-events",
// "canonical-status", "canonical-schedules" or "canonical-qa"; empty when it is none of them.
std::string CanonicalMappingForHeader(std::string_view first_line);

// The columns of the export each shipped mapping was written for, in the export's order
// (docs/MAPPINGS.md says where each export comes from and which columns are documented by the
// vendor): `rungs mapping init` calls a header with exactly these columns an exact match. Empty
// for a name that is not shipped.
std::vector<std::string> ShippedExportColumns(std::string_view name);

}  // namespace rungs

#endif  // RUNGS_METRICS_BUNDLED_MAPPINGS_H_
