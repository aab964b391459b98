// The start of a helpdesk export, checked and cut into a header and whole rows, for guessing
// its mapping (mapping_draft.h) without reading the whole file. A sample longer than the byte
// limit is a prefix of the export: it is cut at the last line break before the limit, and a
// last record left open inside a quoted field (quoted fields may hold line breaks) is dropped.
// What cannot be an export is an error naming the file, and the line and column where one
// applies: empty, binary (a NUL byte, a ZIP archive such as an .xlsx workbook), UTF-16, not
// UTF-8, or without a header row.
#ifndef RUNGS_METRICS_EXPORT_SAMPLE_H_
#define RUNGS_METRICS_EXPORT_SAMPLE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace rungs {

struct SampleLimits {
  size_t max_bytes = 1 << 20;
  size_t max_rows = 2000;
};

struct ExportSample {
  std::string file;        // for messages
  char delimiter = ',';    // GuessDelimiter's: tab, ';' or ','
  std::string first_line;  // the header line as written (a byte order mark dropped)
  // The header's names with trailing spaces trimmed, as the mapped reader reads them.
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // data rows, blank lines dropped
  std::vector<int> lines;                      // the line where each row starts
  // The header and the kept rows as written, to read them through a mapping.
  std::string text;
  bool whole = true;                // false: the export goes on after the sample
  int64_t field_count_rows = 0;     // rows without as many fields as the header
  bool dropped_open_quote = false;  // the last record was open inside a quoted field
};

// `start` is the export's first bytes: pass limits.max_bytes + 1 of them (or the whole file)
// so a longer export is known to go on.
Result<ExportSample> ReadExportSample(std::string_view start, const std::string& file,
                                      const SampleLimits& limits = {});

}  // namespace rungs

#endif  // RUNGS_METRICS_EXPORT_SAMPLE_H_
