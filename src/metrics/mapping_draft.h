// A mapping from the start of an export (`rungs mapping init`): the header and a sample of rows
// (export_sample.h; never the whole file) become either a shipped mapping, when the header is
// the export one was written for, or a draft mapping with the columns guessed, the timestamp
// format detected from the samples and automation-looking accounts listed for exclusion.
//
// A shipped mapping matches exactly when the header has the columns of the export it was
// written for (bundled_mappings.h, ShippedExportColumns), and otherwise when the header has
// every column it reads; the most complete such match wins. A draft guesses the person, the
// conversation, the time and a status or event-type column from their names and values, each
// with its reason. Both are then read on the sample through the mapped reader, so the summary
// says what the mapping makes of real rows before anyone ingests anything.
//
// The result is a plain value a page can show as it is: the YAML (commented, with a
// `# QUESTION:` line wherever a person must decide), summary lines and the questions as a list.
#ifndef RUNGS_METRICS_MAPPING_DRAFT_H_
#define RUNGS_METRICS_MAPPING_DRAFT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/export_sample.h"
#include "metrics/time_guess.h"
#include "util/status.h"

namespace rungs {

struct DraftOptions {
  std::string name;                         // the mapping's name; default "Draft mapping for FILE"
  std::string mapping_file = "draft.yaml";  // where the YAML will be, for its messages
  SampleLimits limits;
};

enum class ShippedFit : uint8_t {
  kNone,
  kExactHeader,   // the header has exactly the columns of the export the mapping was written for
  kReadsColumns,  // the header has every column the mapping reads (and others, or fewer unread)
};

// A guessed column: empty `column` when none looked like one.
struct GuessedColumn {
  std::string role;  // "person", "conversation", "time", "status"
  std::string column;
  std::string reason;  // "the name says agent; 6 people in 2,000 rows"
};

struct AutomationCandidate {
  std::string name;   // the account as the export writes it
  std::string space;  // the column it is in
  int64_t rows = 0;   // sample rows by it
  std::string reason;
  bool by_name = false;  // its name looks like automation (else only its volume does)
};

// Something only a person can decide; the YAML has a `# QUESTION:` comment at the same place.
struct DraftQuestion {
  std::string topic;  // "time.format", "time.zone", "exclude", "events", "identity"
  std::string text;
  std::vector<std::string> choices;  // when there are a few to pick from
};

// The sample read through the mapping, as the dry run would (mapped_events.h).
struct SampleCheck {
  bool read = false;  // false: `error` says why nothing was read
  std::string error;
  int64_t rows = 0;
  int64_t used = 0;
  int64_t excluded = 0;
  int64_t without_event = 0;
  int64_t skipped = 0;                // rows with problems
  std::vector<std::string> problems;  // the first few, "FILE:LINE:COLUMN: error: ..."
};

struct MappingDraft {
  std::string file;
  char delimiter = ',';
  std::vector<std::string> header;
  int64_t sample_rows = 0;
  bool whole_file = true;  // the sample is the whole export

  std::string shipped;  // the shipped mapping's name ("servicenow-incident"), or empty
  ShippedFit fit = ShippedFit::kNone;
  // Without a match: the shipped mapping whose columns this header has most of, and those
  // it lacks, when it has at least half.
  std::string nearest;
  std::vector<std::string> nearest_missing;

  // A draft's guesses (empty for a shipped match).
  std::vector<GuessedColumn> columns;
  TimeGuess time;
  std::string time_format;                  // the format the YAML uses
  std::vector<std::string> missing_values;  // "?", "N/A": csv.missing
  std::vector<AutomationCandidate> automation;

  std::vector<std::string> summary;  // lines for people
  std::vector<DraftQuestion> questions;
  std::string yaml;
  // The YAML loads with the mapping loader (a draft lacking a person or a time column does
  // not: its rule says which key is missing).
  bool complete = false;
  SampleCheck check;
};

// `start`: the export's first bytes (options.limits.max_bytes + 1 of them, or the whole file).
Result<MappingDraft> DraftMapping(std::string_view start, const std::string& file,
                                  const DraftOptions& options = {});

// The same from the export at `path` (named `file` in messages): reads its first
// options.limits.max_bytes + 1 bytes, never the whole file. kInternal "FILE: cannot open: ..."
// when it cannot be read.
Result<MappingDraft> DraftMappingFromFile(const std::string& path, const std::string& file,
                                          const DraftOptions& options = {});

// "exact header", "every column it reads".
const char* ShippedFitName(ShippedFit fit);

}  // namespace rungs

#endif  // RUNGS_METRICS_MAPPING_DRAFT_H_
