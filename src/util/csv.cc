#include "util/csv.h"

#include <algorithm>
#include <cstdint>

#include "util/csv_stream.h"
#include "util/text.h"

namespace rungs {

CsvTable ParseDelimited(std::string_view text, char delimiter, const std::string& file) {
  CsvTable table;
  TextSource source(text);
  CsvDialect dialect;
  dialect.delimiter = delimiter;
  dialect.cr_ends_rows = true;
  // The document is in memory already: no cell is too long to keep.
  dialect.max_record_bytes = SIZE_MAX;
  dialect.max_fields = SIZE_MAX;
  CsvStream stream(source, dialect);
  CsvRecord record;
  while (stream.Next(record)) {
    CsvRow row;
    row.line = static_cast<int>(record.line);
    row.cells.reserve(record.fields.size());
    for (size_t i = 0; i < record.fields.size(); ++i) {
      const CsvFieldSpan& f = record.fields[i];
      row.cells.push_back({std::string(record.Field(i)), static_cast<int>(f.line), f.column});
    }
    if (record.unclosed_quote) {
      // The open quote starts the last field.
      const CsvCell& open = row.cells.back();
      table.diagnostics.push_back({Severity::kError, file, open.line, open.column, "unclosed-quote",
                                   "quoted cell is never closed; the rest of the file was "
                                   "read into it"});
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

char GuessDelimiter(std::string_view text) {
  // A title line has no delimiter at all, so look at the first lines together.
  long tabs = 0, commas = 0, semicolons = 0;
  int seen = 0;
  for (std::string_view line : SplitLines(text.substr(0, 64 * 1024))) {
    if (Trim(line).empty()) continue;
    tabs += std::count(line.begin(), line.end(), '\t');
    commas += std::count(line.begin(), line.end(), ',');
    semicolons += std::count(line.begin(), line.end(), ';');
    if (++seen == 20) break;
  }
  if (tabs > 0) return '\t';
  return semicolons > commas ? ';' : ',';
}

std::string SpreadsheetCsvCell(const std::string& text) {
  std::string cell = text;
  if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' ||
                        cell[0] == '\t' || cell[0] == '\r')) {
    cell.insert(0, "'");
  }
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  return "\"" + ReplaceAll(cell, "\"", "\"\"") + "\"";
}

}  // namespace rungs
