// An admin's helpdesk upload as the page (app_helpdesk_pages.cc) and the API
// (app_api_helpdesk.cc) both take it: an export already streamed to a file (streamed_upload.h),
// read through a mapping the Tracker names (shipped or saved), then shown (a dry run) or stored
// as a batch through the Tracker, which checks the role. What the dry run shows follows
// `rungs ingest --dry-run`.
//
// "detect" (kDetectMapping) drafts a mapping from the file's start as `rungs mapping init`
// does, and is always a dry run: through the shipped mapping the header matches, else through
// the draft when it loads; the draft is shown beside it to edit and save.
#ifndef RUNGS_WEB_APP_HELPDESK_H_
#define RUNGS_WEB_APP_HELPDESK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "metrics/mapped_events.h"
#include "metrics/mapping.h"
#include "metrics/mapping_draft.h"
#include "progress/tracker.h"
#include "util/diagnostic.h"

namespace rungs {

// What an upload asks for, from a form's fields or an API call's query.
struct HelpdeskUpload {
  std::string mapping;    // a shipped or saved mapping's name, or kDetectMapping
  std::string source;     // empty: the mapping's name
  std::string file_name;  // as sent; folders are dropped
  bool dry_run = true;
};

struct HelpdeskUploadResult {
  HelpdeskUpload upload;           // as asked for, with the file name as used
  std::string source;              // as used: the one asked for, or the mapping's name
  std::optional<Mapping> mapping;  // absent when a draft does not load: nothing was read
  MappedReading reading;
  std::optional<MappingDraft> draft;    // for "detect"
  std::optional<IngestOutcome> stored;  // absent for a dry run
};

// The name the save form suggests for a draft drafted from `file_name`, and the draft's
// source until it is saved: "incidents-mapping" for "incidents.csv".
std::string SuggestedMappingName(const std::string& file_name);

// Reads the export at `path` and stores it unless it is a dry run. kInvalid naming "mapping",
// "source" or "file" for what the admin can fix; messages name the file as it was uploaded,
// never where it was written.
Result<HelpdeskUploadResult> IngestUpload(Tracker& tracker, const User& viewer,
                                          const std::string& path, HelpdeskUpload upload);

// The first problems a dry run lists, and the most it ever lists (the rest are counted).
inline constexpr size_t kProblemsShown = 20;
inline constexpr size_t kProblemsListed = 10000;

// "export.csv:12:31: error: ... [bad-timestamp]".
std::string DescribeUploadProblem(const std::string& file_name, const MappedProblemRow& problem);

}  // namespace rungs

#endif  // RUNGS_WEB_APP_HELPDESK_H_
