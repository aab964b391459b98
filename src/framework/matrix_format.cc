#include "framework/matrix_format.h"

#include <set>

#include <fmt/format.h>

#include "util/csv.h"
#include "util/text.h"
#include "util/utf8.h"

namespace rungs {
namespace {

constexpr size_t kMaxLevels = 100;
// A band marker is a label such as "Senior", not a description.
constexpr size_t kMaxBandMarkerLength = 40;

bool IsEmpty(const CsvCell& cell) { return Trim(cell.text).empty(); }

int NonEmptyCount(const CsvRow& row, size_t from) {
  int count = 0;
  for (size_t i = from; i < row.cells.size(); ++i) count += IsEmpty(row.cells[i]) ? 0 : 1;
  return count;
}

Diagnostic At(Severity severity, const std::string& file, const CsvCell& cell, std::string code,
              std::string message) {
  return {severity, file, cell.line, cell.column, std::move(code), std::move(message)};
}

}  // namespace

ImportResult ImportMatrix(std::string_view bytes, const std::string& file) {
  ImportResult result;
  Diagnostics& out = result.diagnostics;
  const std::optional<std::string_view> text = PrepareText(bytes, file, out);
  if (!text) return result;
  bytes = *text;
  CsvTable table = ParseDelimited(bytes, GuessDelimiter(bytes), file);
  out.insert(out.end(), table.diagnostics.begin(), table.diagnostics.end());

  Framework fw;
  fw.format = "matrix";
  fw.source = {file, 1, 1};

  // The header: the first row whose first cell is empty and which names at least two levels.
  size_t header = table.rows.size();
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const CsvRow& row = table.rows[r];
    if (row.cells.size() >= 3 && IsEmpty(row.cells[0]) && NonEmptyCount(row, 1) >= 2) {
      header = r;
      break;
    }
  }
  if (header == table.rows.size()) {
    out.push_back({Severity::kError, file, 1, 1, "no-header-row",
                   "no header row: a matrix needs a row whose first cell is empty and whose other "
                   "cells name the levels"});
    return result;
  }
  // The title: a lone first cell before the header.
  for (size_t r = 0; r < header; ++r) {
    const CsvRow& row = table.rows[r];
    if (NonEmptyCount(row, 0) == 0) continue;
    if (!IsEmpty(row.cells[0]) && NonEmptyCount(row, 1) == 0 && fw.title.empty()) {
      fw.title = std::string(Trim(row.cells[0].text));
    } else {
      out.push_back(At(Severity::kWarning, file, row.cells[0], "ignored-row",
                       "row before the header row is not a title; ignored"));
    }
  }

  const CsvRow& header_row = table.rows[header];
  size_t level_count = header_row.cells.size() - 1;
  while (level_count > 0 && IsEmpty(header_row.cells[level_count])) --level_count;
  if (level_count > kMaxLevels) {
    out.push_back(At(
        Severity::kError, file, header_row.cells[0], "level-out-of-range",
        fmt::format("header names {} levels; at most {} are supported", level_count, kMaxLevels)));
    return result;
  }
  for (size_t i = 1; i <= level_count; ++i) {
    const CsvCell& cell = header_row.cells[i];
    Level level;
    level.number = static_cast<int>(i);
    level.name = std::string(Trim(cell.text));
    level.source = {file, cell.line, cell.column};
    if (level.name.empty()) {
      out.push_back(At(Severity::kError, file, cell, "empty-level-name",
                       fmt::format("level {} has no name in the header row", i)));
      level.name = fmt::format("Level {}", i);
    }
    level.rungs.push_back({std::to_string(i), level.name, level.number, "", "", level.source});
    fw.levels.push_back(std::move(level));
  }

  std::set<std::string> names;
  for (size_t r = header + 1; r < table.rows.size(); ++r) {
    const CsvRow& row = table.rows[r];
    if (NonEmptyCount(row, 0) == 0) continue;
    const int level_cells = NonEmptyCount(row, 1);
    const CsvCell& first = row.cells[0];
    if (level_cells == 0) {
      out.push_back(At(Severity::kNote, file, first, "not-an-area",
                       fmt::format("'{}' has no level cells; read as a label, not an area",
                                   std::string(Trim(first.text)))));
      continue;
    }
    bool short_cells = true;
    for (size_t i = 1; i < row.cells.size(); ++i) {
      short_cells = short_cells && CountCodePoints(Trim(row.cells[i].text)) <= kMaxBandMarkerLength;
    }
    if (short_cells && level_cells * 2 < static_cast<int>(level_count)) {
      // A band marker row: each label marks a band from its column on.
      for (size_t i = 1; i < row.cells.size(); ++i) {
        if (IsEmpty(row.cells[i])) continue;
        if (i > level_count) {
          out.push_back(At(Severity::kWarning, file, row.cells[i], "band-outside-levels",
                           "band marker is right of the last level; ignored"));
          continue;
        }
        for (size_t l = i; l <= level_count; ++l) {
          fw.levels[l - 1].band = std::string(Trim(row.cells[i].text));
        }
      }
      if (!IsEmpty(first)) {
        out.push_back(At(Severity::kNote, file, first, "not-an-area",
                         fmt::format("'{}' is on the band marker row; read as a label, not an area",
                                     std::string(Trim(first.text)))));
      }
      continue;
    }
    if (IsEmpty(first)) {
      out.push_back(At(Severity::kError, file, row.cells[1], "area-without-name",
                       "row has level cells but no area name in its first cell; left out"));
      continue;
    }
    for (size_t i = level_count + 1; i < row.cells.size(); ++i) {
      if (!IsEmpty(row.cells[i])) {
        out.push_back(
            At(Severity::kWarning, file, row.cells[i], "extra-cell",
               fmt::format("cell beyond the {} levels in the header; ignored", level_count)));
      }
    }
    Topic topic;
    topic.title = std::string(Trim(first.text));
    topic.name = Slugify(topic.title);
    for (int suffix = 2; !names.insert(topic.name).second; ++suffix) {
      topic.name = fmt::format("{}-{}", Slugify(topic.title), suffix);
    }
    topic.source = {file, first.line, first.column};
    for (size_t i = 1; i <= level_count && i < row.cells.size(); ++i) {
      const CsvCell& cell = row.cells[i];
      const std::string_view text = Trim(cell.text);
      if (text.empty()) continue;
      TopicRung topic_rung;
      topic_rung.rung = std::to_string(i);
      topic_rung.source = {file, cell.line, cell.column};
      if (EqualsIgnoreCaseAscii(text, "none")) {
        topic_rung.placeholder = std::string(text);
      } else {
        Criterion c;
        c.text = std::string(text);
        c.source = topic_rung.source;
        topic_rung.criteria.push_back(std::move(c));
      }
      topic.rungs.push_back(std::move(topic_rung));
    }
    fw.topics.push_back(std::move(topic));
  }
  if (fw.topics.empty()) {
    out.push_back(At(Severity::kError, file, header_row.cells[0], "no-areas",
                     "matrix has a header row but no area rows below it"));
    return result;
  }
  result.framework = std::move(fw);
  return result;
}

}  // namespace rungs
