#include "metrics/mapping_draft.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "metrics/bundled_mappings.h"
#include "metrics/draft_columns.h"
#include "metrics/draft_yaml.h"
#include "metrics/mapped_events.h"
#include "metrics/mapping.h"
#include "util/file.h"
#include "util/text.h"

namespace rungs {

namespace {

constexpr size_t kProblemsShown = 3;

struct Shipped {
  std::string name;
  std::string_view yaml;
  Mapping mapping;
  std::vector<std::string> reads;       // MappingColumns
  std::vector<std::string> documented;  // ShippedExportColumns
};

const std::vector<Shipped>& ShippedMappings() {
  static const std::vector<Shipped> shipped = [] {
    std::vector<Shipped> out;
    const std::vector<std::string> names = BundledMappingNames();
    const std::vector<EmbeddedFile>& files = BundledMappingFiles();
    for (const std::string& name : names) {
      const std::string path = "mappings/" + name + ".yaml";
      const auto file = std::find_if(files.begin(), files.end(),
                                     [&path](const EmbeddedFile& f) { return f.path == path; });
      if (file == files.end()) continue;
      MappingLoad load = ParseMapping(file->bytes, path);
      if (!load.mapping) continue;  // bundled_mappings_test keeps every shipped mapping loading
      Shipped s{name, file->bytes, std::move(*load.mapping), {}, ShippedExportColumns(name)};
      s.reads = MappingColumns(s.mapping);
      out.push_back(std::move(s));
    }
    return out;
  }();
  return shipped;
}

// The shipped mapping for this header: exactly its export's columns (the canonical files: their
// header as written), else every column it reads, the mapping reading most of them first.
const Shipped* MatchShipped(const ExportSample& sample, MappingDraft& d) {
  const std::set<std::string> header(sample.header.begin(), sample.header.end());
  const std::string canonical = CanonicalMappingForHeader(sample.first_line);
  const Shipped* best = nullptr;
  size_t nearest_present = 0;
  for (const Shipped& s : ShippedMappings()) {
    if (s.mapping.csv.delimiter != sample.delimiter || !s.mapping.csv.header) continue;
    const std::set<std::string> documented(s.documented.begin(), s.documented.end());
    const bool exact =
        canonical.empty() ? !documented.empty() && documented == header : canonical == s.name;
    std::vector<std::string> missing;
    for (const std::string& c : s.reads) {
      if (header.count(c) == 0) missing.push_back(c);
    }
    if (exact && missing.empty()) {
      d.fit = ShippedFit::kExactHeader;
      d.nearest.clear();
      d.nearest_missing.clear();
      return &s;
    }
    const size_t present = s.reads.size() - missing.size();
    if (missing.empty()) {
      if (best == nullptr || s.reads.size() > best->reads.size()) best = &s;
    } else if (present * 2 >= s.reads.size() && present > nearest_present) {
      nearest_present = present;
      d.nearest = s.name;
      d.nearest_missing = missing;
    }
  }
  if (best != nullptr) {
    d.fit = ShippedFit::kReadsColumns;
    d.nearest.clear();
    d.nearest_missing.clear();
  }
  return best;
}

void Check(const ExportSample& sample, const Mapping& mapping, SampleCheck& check) {
  Result<MappedReading> r = ReadMappedEventText(sample.text, sample.file, mapping);
  if (!r.ok()) {
    check.error = r.status().message;
    return;
  }
  check.read = true;
  check.rows = r->rows;
  check.used = r->used;
  check.excluded = r->excluded;
  check.without_event = r->without_event;
  check.skipped = r->skipped;
  for (size_t i = 0; i < r->problems.size() && i < kProblemsShown; ++i) {
    check.problems.push_back(FormatDiagnostic(DescribeMappedProblem(sample.file, r->problems[i])));
  }
}

std::string CheckLine(const SampleCheck& c, bool whole) {
  if (!c.read) return fmt::format("The sample does not read through it: {}", c.error);
  std::string line = fmt::format(
      "Read through it, the {}: {} rows, {} used, {} excluded, {} without an event, {} with "
      "problems.",
      whole ? "export" : "sample", GroupThousands(c.rows), GroupThousands(c.used),
      GroupThousands(c.excluded), GroupThousands(c.without_event), GroupThousands(c.skipped));
  if (!c.problems.empty()) line += " First: " + c.problems.front();
  return line;
}

bool PatternWithoutZone(const TimeFormat& f) {
  return f.kind == TimeFormat::Kind::kPattern &&
         std::none_of(f.parts.begin(), f.parts.end(), [](const TimeFormat::Part& p) {
           return p.token == TimeFormat::Token::kZone;
         });
}

void FromShipped(const ExportSample& sample, const Shipped& s, const DraftOptions& options,
                 MappingDraft& d) {
  d.shipped = s.name;
  Check(sample, s.mapping, d.check);
  std::vector<DraftQuestion> questions;
  // A zone other than UTC for times written without one is the shipped mapping's assumption.
  if (PatternWithoutZone(s.mapping.time_format) && s.mapping.zone.name() != "UTC") {
    questions.push_back(
        {"time.zone",
         fmt::format("The times carry no zone and this mapping reads them in {}, its assumption: "
                     "is that the zone the helpdesk writes them in? If not, set time.zone in "
                     "this copy.",
                     s.mapping.zone.name()),
         {}});
  }
  if (d.check.read && d.check.skipped > d.check.used) {
    questions.push_back(
        {"fit",
         fmt::format("{} of {} sampled rows have problems through this mapping (first: {}): the "
                     "export may write times or values differently; change them in this copy.",
                     GroupThousands(d.check.skipped), GroupThousands(d.check.rows),
                     d.check.problems.empty() ? "" : d.check.problems.front()),
         {}});
  }
  DraftText text = WriteShippedYaml(sample, d, s.yaml, options.name, questions);
  d.yaml = std::move(text.yaml);
  d.questions = std::move(text.questions);
  d.time_format = s.mapping.time_format.text;
  d.complete = true;
  d.summary.push_back(
      fmt::format("Matches the shipped mapping {} ({}): {}.", s.name, ShippedFitName(d.fit),
                  d.fit == ShippedFit::kExactHeader
                      ? "the header has the columns of the export it was written for"
                      : fmt::format("the header has the {} columns it reads", s.reads.size())));
  d.summary.push_back(CheckLine(d.check, sample.whole));
  d.summary.push_back(
      fmt::format("Use it by name: rungs ingest {} --mapping {} --dry-run", sample.file, s.name));
}

// The first `max` names, and how many there are when there are more.
std::string JoinSome(const std::vector<std::string>& names, size_t max) {
  const std::vector<std::string> shown(
      names.begin(), names.begin() + static_cast<std::ptrdiff_t>(std::min(max, names.size())));
  return Join(shown, ", ") +
         (names.size() > max ? fmt::format(", ... ({} in all)", names.size()) : "");
}

void Summarize(const ColumnGuesses& g, MappingDraft& d) {
  if (!d.nearest.empty()) {
    d.summary.push_back(fmt::format(
        "No shipped mapping fits; the nearest, {}, also reads {} (not in this header). A draft "
        "from the sample:",
        d.nearest, JoinSome(d.nearest_missing, 10)));
  } else {
    d.summary.push_back("No shipped mapping fits. A draft from the sample:");
  }
  for (const GuessedColumn& c : d.columns) {
    d.summary.push_back(c.column.empty()
                            ? fmt::format("  {}: none found", c.role)
                            : fmt::format("  {}: \"{}\": {}", c.role, c.column, c.reason));
  }
  if (!g.closed_values.empty()) {
    d.summary.push_back(
        fmt::format("  closes: {} is {}", g.status.column, JoinSome(g.closed_values, 10)));
  }
  for (const AutomationCandidate& a : d.automation) {
    d.summary.push_back(fmt::format("  {} \"{}\" in {}, {} of the rows: {}",
                                    a.by_name ? "excluded:" : "automation?", a.name, a.space,
                                    GroupThousands(a.rows), a.reason));
  }
  if (!g.other_people.empty()) {
    d.summary.push_back(
        fmt::format("  other columns that may name people: {}", JoinSome(g.other_people, 10)));
  }
  if (!g.duplicate_columns.empty()) {
    d.summary.push_back(fmt::format("  named twice (only the first is read): {}",
                                    JoinSome(g.duplicate_columns, 10)));
  }
  d.summary.push_back(d.complete ? CheckLine(d.check, d.whole_file)
                                 : "The draft is incomplete: answer the questions about its "
                                   "columns before it can read the export.");
}

void FromGuesses(const ExportSample& sample, const DraftOptions& options, MappingDraft& d) {
  const ColumnGuesses g = GuessColumns(sample);
  d.columns = {g.person, g.conversation, g.time, g.status};
  d.time = g.time_guess;
  d.missing_values = g.missing_values;
  d.automation = g.automation;
  const std::string name =
      options.name.empty()
          ? "Draft mapping for " + std::filesystem::path(sample.file).filename().string()
          : options.name;
  DraftText text = WriteDraftYaml(sample, g, name);
  d.yaml = std::move(text.yaml);
  d.questions = std::move(text.questions);
  d.time_format = text.time_format;
  const MappingLoad load = ParseMapping(d.yaml, options.mapping_file);
  d.complete = load.mapping.has_value();
  if (d.complete) Check(sample, *load.mapping, d.check);
  Summarize(g, d);
}

}  // namespace

const char* ShippedFitName(ShippedFit fit) {
  switch (fit) {
    case ShippedFit::kExactHeader:
      return "exact header";
    case ShippedFit::kReadsColumns:
      return "every column it reads";
    case ShippedFit::kNone:
      break;
  }
  return "none";
}

Result<MappingDraft> DraftMapping(std::string_view start, const std::string& file,
                                  const DraftOptions& options) {
  Result<ExportSample> read = ReadExportSample(start, file, options.limits);
  if (!read.ok()) return read.status();
  const ExportSample& sample = *read;
  MappingDraft d;
  d.file = file;
  d.delimiter = sample.delimiter;
  d.header = sample.header;
  d.sample_rows = static_cast<int64_t>(sample.rows.size());
  d.whole_file = sample.whole;
  d.summary.push_back(fmt::format("{}: {} columns, {}; {} {}{}.", file, sample.header.size(),
                                  sample.delimiter == '\t'  ? "tab-separated"
                                  : sample.delimiter == ';' ? "semicolon-separated"
                                                            : "comma-separated",
                                  GroupThousands(d.sample_rows),
                                  d.sample_rows == 1 ? "row" : "rows",
                                  sample.whole ? "" : " sampled from its start"));
  if (sample.field_count_rows > 0) {
    d.summary.push_back(fmt::format("{} sampled rows do not have as many fields as the header.",
                                    GroupThousands(sample.field_count_rows)));
  }
  if (sample.dropped_open_quote && sample.whole) {
    d.summary.push_back("The last record opens a quote that never closes: it was left out.");
  }
  if (const Shipped* shipped = MatchShipped(sample, d)) {
    FromShipped(sample, *shipped, options, d);
    return d;
  }
  if (sample.rows.empty()) {
    return Status::Invalid(fmt::format(
        "{}:2:1: no rows after the header, and the header is no shipped mapping's: a draft is "
        "guessed from the rows' values",
        file));
  }
  FromGuesses(sample, options, d);
  return d;
}

Result<MappingDraft> DraftMappingFromFile(const std::string& path, const std::string& file,
                                          const DraftOptions& options) {
  // One byte past the sample tells the engine the export goes on.
  const FileContents start = ReadFileStart(path, options.limits.max_bytes + 1);
  if (!start.ok) return Status::Internal(fmt::format("{}: {}", file, start.error));
  return DraftMapping(start.bytes, file, options);
}

}  // namespace rungs
