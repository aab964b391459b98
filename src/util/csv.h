// Whole small CSV documents (competency matrices, rosters, identity maps) as rows of cells:
// comma-, tab- or semicolon-separated RFC 4180 text where quoted cells may hold the delimiter,
// doubled quotes and newlines, and CR, LF and CRLF all end rows. Every cell keeps its line and
// column so messages can point at it. Read by the project's one CSV reader, util/csv_stream.h,
// which helpdesk exports use directly to stream files of any length.
#ifndef RUNGS_UTIL_CSV_H_
#define RUNGS_UTIL_CSV_H_

#include <string>
#include <string_view>
#include <vector>

#include "util/diagnostic.h"

namespace rungs {

struct CsvCell {
  std::string text;
  int line = 0;    // 1-based line where the cell starts
  int column = 0;  // 1-based code-point column where the cell starts
};

struct CsvRow {
  std::vector<CsvCell> cells;
  int line = 0;
};

struct CsvTable {
  std::vector<CsvRow> rows;
  Diagnostics diagnostics;  // e.g. a quote that is never closed
};

CsvTable ParseDelimited(std::string_view text, char delimiter, const std::string& file);

// `text` as one cell of a CSV file people open in a spreadsheet: quoted when it holds a comma,
// quote or line break, and prefixed with ' when it would otherwise run as a formula (starts with
// = + - @ tab or CR).
std::string SpreadsheetCsvCell(const std::string& text);

// Tab when the first non-empty lines have a tab, else ';' when they have more semicolons than
// commas, else ','.
char GuessDelimiter(std::string_view text);

}  // namespace rungs

#endif  // RUNGS_UTIL_CSV_H_
