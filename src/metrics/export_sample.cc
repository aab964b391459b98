#include "metrics/export_sample.h"

#include <algorithm>

#include <fmt/format.h>

#include "metrics/mapping.h"
#include "util/csv.h"
#include "util/text.h"
#include "util/utf8.h"

namespace rungs {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A header cell that reads as a value: a number, or a date or time ("2024-03-04", "09:15").
// Column names hardly ever are one.
bool LooksLikeValue(std::string_view cell) {
  if (ParseMappedNumber(cell)) return true;
  const auto digits = std::count_if(cell.begin(), cell.end(), IsDigit);
  return digits >= 4 && cell.find_first_of("/-:.") != std::string_view::npos &&
         digits * 2 >= static_cast<std::ptrdiff_t>(cell.size());
}

bool Blank(const CsvRow& row) { return row.cells.size() == 1 && row.cells[0].text.empty(); }

Status Invalid(const std::string& file, TextPosition at, const std::string& message) {
  return Status::Invalid(fmt::format("{}:{}:{}: {}", file, at.line, at.column, message));
}

// Binary data, another encoding: what the bytes are, if not UTF-8 text.
Status CheckText(std::string_view text, const std::string& file) {
  const size_t nul = text.find('\0');
  const size_t bad = FindInvalidUtf8(text);
  if (nul == std::string_view::npos && bad == std::string_view::npos) return Status::Ok();
  const LineIndex index(text);
  if (nul != std::string_view::npos && (bad == std::string_view::npos || nul < bad)) {
    return Invalid(file, index.At(nul),
                   "binary data (a NUL byte), not CSV text: is it UTF-16 without a byte order "
                   "mark, or a spreadsheet file? Save or export it as CSV in UTF-8");
  }
  return Invalid(file, index.At(bad),
                 fmt::format("not UTF-8 (byte 0x{:02X}): save the export as UTF-8 (a "
                             "spreadsheet's \"CSV UTF-8\")",
                             static_cast<unsigned char>(text[bad])));
}

Status CheckHeader(const CsvRow& row, const std::vector<std::string>& header,
                   const std::string& file) {
  if (Blank(row)) {
    return Status::Invalid(fmt::format(
        "{}:{}:1: the first line is blank: an export starts with its header row naming the "
        "columns",
        file, row.line));
  }
  if (header.size() < 2) {
    return Status::Invalid(fmt::format(
        "{}:{}:1: the header has one column (\"{}\"): a helpdesk export has at least a person "
        "and a time column, separated by commas, semicolons or tabs",
        file, row.line, header[0].substr(0, 80)));
  }
  size_t values = 0;
  size_t named = 0;
  const CsvCell* first_value = nullptr;
  for (const CsvCell& cell : row.cells) {
    if (Trim(cell.text).empty()) continue;
    ++named;
    if (LooksLikeValue(Trim(cell.text))) {
      ++values;
      if (first_value == nullptr) first_value = &cell;
    }
  }
  if (named == 0) {
    return Status::Invalid(
        fmt::format("{}:{}:1: the header row has no column names", file, row.line));
  }
  if (first_value != nullptr && values * 2 >= named) {
    return Status::Invalid(fmt::format(
        "{}:{}:{}: the first row looks like data (\"{}\"), not a header naming the columns: add "
        "a header row",
        file, first_value->line, first_value->column, first_value->text.substr(0, 80)));
  }
  return Status::Ok();
}

// The byte offset where `line` starts in `text`.
size_t LineStart(const LineIndex& index, std::string_view text, int line) {
  const std::string_view l = index.Line(line);
  return l.data() == nullptr ? text.size() : static_cast<size_t>(l.data() - text.data());
}

}  // namespace

Result<ExportSample> ReadExportSample(std::string_view start, const std::string& file,
                                      const SampleLimits& limits) {
  ExportSample s;
  s.file = file;
  std::string_view text = start;
  if (Trim(text).empty()) return Status::Invalid(fmt::format("{}: the file is empty", file));
  if (text.size() >= 2 &&
      ((text[0] == '\xff' && text[1] == '\xfe') || (text[0] == '\xfe' && text[1] == '\xff'))) {
    return Status::Invalid(fmt::format("{}:1:1: the file is UTF-16; save it as UTF-8", file));
  }
  if (text.starts_with("PK\x03\x04")) {
    return Status::Invalid(fmt::format(
        "{}: a ZIP archive (an .xlsx or .ods workbook?), not CSV text: export or save it as CSV",
        file));
  }
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  if (text.size() > limits.max_bytes) {
    // A prefix: its last line may be cut anywhere, even inside a UTF-8 sequence.
    s.whole = false;
    text = text.substr(0, limits.max_bytes);
    const size_t last_break = text.rfind('\n');
    if (last_break == std::string_view::npos) {
      return Status::Invalid(fmt::format(
          "{}:1:1: the first line is longer than {} bytes: not a CSV export, or its header "
          "never ends",
          file, limits.max_bytes));
    }
    text = text.substr(0, last_break + 1);
  }
  if (Status status = CheckText(text, file); !status.ok()) return status;

  s.delimiter = GuessDelimiter(text);
  CsvTable table = ParseDelimited(text, s.delimiter, file);
  if (table.rows.empty()) return Status::Invalid(fmt::format("{}: the file is empty", file));
  const LineIndex index(text);
  size_t end = text.size();  // of the rows kept
  const bool open_quote =
      std::any_of(table.diagnostics.begin(), table.diagnostics.end(),
                  [](const Diagnostic& d) { return d.code == "unclosed-quote"; });
  if (open_quote) {
    // The quoted field ran to the end: in a prefix, a record cut short; in a whole file, one
    // that never closes. Either way the last record is not a row.
    if (table.rows.size() <= 1) {
      const Diagnostic& d = table.diagnostics.front();
      return Invalid(file, {d.line, d.column}, "the header row never ends (a quote is not closed)");
    }
    end = LineStart(index, text, table.rows.back().line);
    table.rows.pop_back();
    s.dropped_open_quote = true;
  }

  const CsvRow& head = table.rows.front();
  for (const CsvCell& cell : head.cells) {
    std::string name = cell.text;
    while (!name.empty() && name.back() == ' ') name.pop_back();
    s.header.push_back(std::move(name));
  }
  if (Status status = CheckHeader(head, s.header, file); !status.ok()) return status;
  s.first_line = std::string(index.Line(1));

  for (size_t i = 1; i < table.rows.size(); ++i) {
    CsvRow& row = table.rows[i];
    if (Blank(row)) continue;
    if (s.rows.size() == limits.max_rows) {
      s.whole = false;
      end = LineStart(index, text, row.line);
      break;
    }
    std::vector<std::string> fields;
    fields.reserve(row.cells.size());
    for (CsvCell& cell : row.cells) fields.push_back(std::move(cell.text));
    if (fields.size() != s.header.size()) ++s.field_count_rows;
    s.rows.push_back(std::move(fields));
    s.lines.push_back(row.line);
  }
  s.text = std::string(text.substr(0, end));
  return s;
}

}  // namespace rungs
