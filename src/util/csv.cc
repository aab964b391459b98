#include "util/csv.h"

#include <algorithm>

#include "util/text.h"

namespace rungs {

CsvTable ParseDelimited(std::string_view text, char delimiter, const std::string& file) {
  CsvTable table;
  int line = 1;
  int column = 1;
  size_t i = 0;
  const size_t n = text.size();
  auto advance = [&](char c) {
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 && c != '\r') {
      ++column;
    }
  };
  while (i < n) {
    CsvRow row;
    row.line = line;
    bool row_done = false;
    while (!row_done) {
      CsvCell cell;
      cell.line = line;
      cell.column = column;
      if (i < n && text[i] == '"') {
        const int open_line = line;
        const int open_column = column;
        advance(text[i]);
        ++i;
        bool closed = false;
        while (i < n) {
          const char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              cell.text += '"';
              advance(c);
              advance(c);
              i += 2;
              continue;
            }
            advance(c);
            ++i;
            closed = true;
            break;
          }
          if (c == '\r' && i + 1 < n && text[i + 1] == '\n') {
            ++i;  // keep newlines inside cells as '\n'
            continue;
          }
          cell.text += c;
          advance(c);
          ++i;
        }
        if (!closed) {
          table.diagnostics.push_back({Severity::kError, file, open_line, open_column,
                                       "unclosed-quote",
                                       "quoted cell is never closed; the rest of the file was "
                                       "read into it"});
        }
        // Text after the closing quote up to the delimiter is kept, as spreadsheets do.
        while (i < n && text[i] != delimiter && text[i] != '\n' && text[i] != '\r') {
          cell.text += text[i];
          advance(text[i]);
          ++i;
        }
      } else {
        while (i < n && text[i] != delimiter && text[i] != '\n' && text[i] != '\r') {
          cell.text += text[i];
          advance(text[i]);
          ++i;
        }
      }
      row.cells.push_back(std::move(cell));
      if (i < n && text[i] == delimiter) {
        advance(text[i]);
        ++i;
        continue;
      }
      row_done = true;
      if (i < n && text[i] == '\r') ++i;
      if (i < n && text[i] == '\n') {
        advance('\n');
        ++i;
      }
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
