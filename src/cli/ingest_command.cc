// `rungs ingest FILE --mapping M --dry-run`: what a helpdesk export becomes through a mapping.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/data_store.h"
#include "metrics/bundled_mappings.h"
#include "metrics/iso_week.h"
#include "metrics/mapped_events.h"
#include "metrics/mapping.h"
#include "metrics/time_format.h"
#include "progress/helpdesk_ingest.h"
#include "store/store.h"
#include "util/file.h"
#include "util/hash.h"
#include "util/text.h"

namespace rungs {

namespace {

constexpr size_t kProblemsShown = 20;
constexpr size_t kTopIdentities = 5;
constexpr size_t kWeeksShownAtEachEnd = 26;

std::string Share(int64_t part, int64_t whole) {
  return whole == 0 ? "" : fmt::format(" ({:.1f}%)", 100.0 * static_cast<double>(part) / whole);
}

void PrintRows(const MappedReading& r, const Mapping& m, std::ostream& out) {
  out << "Rows\n";
  out << fmt::format("  read                {:>10}\n", GroupThousands(r.rows));
  out << fmt::format("  used                {:>10}{}  gave at least one event\n",
                     GroupThousands(r.used), Share(r.used, r.rows));
  out << fmt::format(
      "  excluded            {:>10}{}  every event of the row was for an excluded account\n",
      GroupThousands(r.excluded), Share(r.excluded, r.rows));
  for (size_t i = 0; i < m.exclude.size(); ++i) {
    out << fmt::format("    {}: had events in {} rows{}\n", m.exclude[i].label,
                       GroupThousands(r.excluded_by[i]), Share(r.excluded_by[i], r.rows));
  }
  out << fmt::format(
      "  without an event    {:>10}{}  no rule applied, or the values a rule needs are "
      "missing\n",
      GroupThousands(r.without_event), Share(r.without_event, r.rows));
  out << fmt::format("  with problems       {:>10}{}  skipped, listed below\n",
                     GroupThousands(r.skipped), Share(r.skipped, r.rows));
  if (r.warnings > 0) {
    out << fmt::format("  warnings            {:>10}  long intervals capped; their rows are used\n",
                       GroupThousands(r.warnings));
  }
  for (size_t i = 0; i < r.problem_counts.size(); ++i) {
    if (r.problem_counts[i] == 0) continue;
    out << fmt::format("    {:<40} {:>10}\n", MappedProblemCode(static_cast<MappedProblem>(i)),
                       GroupThousands(r.problem_counts[i]));
  }
  out << "\nEvents by rule\n";
  for (const RuleCounts& c : r.rules) {
    out << fmt::format("  {}: {}\n", c.label, c.summary);
    out << fmt::format("    {} events from {} matching rows", GroupThousands(c.events),
                       GroupThousands(c.matched));
    if (c.repeats > 0)
      out << fmt::format("; {} repeat an earlier row's distinct values", GroupThousands(c.repeats));
    if (c.missing > 0) out << fmt::format("; {} lack a value", GroupThousands(c.missing));
    if (c.excluded > 0) out << fmt::format("; {} excluded", GroupThousands(c.excluded));
    out << "\n";
  }
}

void PrintSamples(const MappedReading& r, const Mapping& m, std::ostream& out) {
  out << fmt::format("\nSample events (check the dates: times read as \"{}\" in {})\n",
                     m.time_format.text, m.zone.name());
  for (const SampleEvent& s : r.samples) {
    out << fmt::format("  line {}: {}\n", s.line, s.raw);
    out << fmt::format("    -> {} {}{} by \"{}\" ({}) at \"{}\" = {} = {}\n", s.rule,
                       MappedTypeName(s.type),
                       s.conversation.empty() ? "" : fmt::format(" {}", s.conversation), s.identity,
                       s.space, s.time_text, FormatLocalTime(s.utc, m.zone), FormatUtc(s.utc));
    if (!s.detail.empty()) out << fmt::format("       {}\n", s.detail);
  }
}

void PrintIdentities(const MappedReading& r, std::ostream& out) {
  out << "\nIdentities per space (names in different spaces are different people";
  out << (r.joined ? "; the identity map joins them into persons)\n" : "; no identity map)\n");
  for (const SpaceSummary& s : r.spaces) {
    std::string feeds;
    for (const std::string& f : s.feeds) feeds += (feeds.empty() ? "" : ", ") + f;
    out << fmt::format("  {:<24} {:>7} identities {:>10} events  ({})\n", s.name,
                       GroupThousands(s.identities), GroupThousands(s.events), feeds);
    if (r.joined) continue;
    const std::vector<const IdentityWeeks*> top = MostActiveIdentities(r, s.name, kTopIdentities);
    std::string line;
    for (size_t i = 0; i < top.size(); ++i) {
      line += fmt::format("{}\"{}\" {}", i == 0 ? "" : ", ", top[i]->name,
                          GroupThousands(top[i]->events));
    }
    if (!line.empty()) out << "    most events: " << line << "\n";
  }
  if (r.joined) {
    int64_t persons = 0;
    for (const IdentityWeeks& id : r.identities) persons += id.space == "person";
    out << fmt::format("  {} persons after the identity map\n", GroupThousands(persons));
  }
}

void PrintWeeks(const MappedReading& r, const Mapping& m, std::ostream& out) {
  const ReadingTotals totals = TotalsOf(r);
  const bool closes = totals.closes;
  const bool active = totals.active;
  const bool scheduled = totals.scheduled;
  const bool qa = totals.qa;
  const std::vector<WeekTotals>& weeks = totals.weeks;
  out << fmt::format("\nWeekly totals (ISO weeks in {})\n", m.weeks_zone.name());
  std::string header = fmt::format("  {:<9} {:>8} {:>24}", "week", "closes", "active hours");
  if (scheduled) header += fmt::format(" {:>16}", "scheduled hours");
  if (qa) header += fmt::format(" {:>10} {:>8}", "QA reviews", "QA mean");
  out << header << fmt::format(" {:>18}\n", "identities active");
  size_t i = 0;
  for (const WeekTotals& t : weeks) {
    if (weeks.size() > 2 * kWeeksShownAtEachEnd && i == kWeeksShownAtEachEnd) {
      out << fmt::format("  ... {} weeks not shown (--out FILE has every week)\n",
                         weeks.size() - 2 * kWeeksShownAtEachEnd);
    }
    if (weeks.size() <= 2 * kWeeksShownAtEachEnd || i < kWeeksShownAtEachEnd ||
        i >= weeks.size() - kWeeksShownAtEachEnd) {
      const std::string hours =
          !active ? "no data"
                  : fmt::format("{:.1f}{}", static_cast<double>(t.active_seconds) / 3600.0,
                                r.active_inferred ? " (inferred)" : "");
      std::string line = fmt::format("  {:<9} {:>8} {:>24}", WeekIndexName(t.week),
                                     closes ? GroupThousands(t.closed) : "no data", hours);
      if (scheduled) {
        line += fmt::format(" {:>16.1f}", static_cast<double>(t.scheduled_seconds) / 3600.0);
      }
      if (qa) {
        line += fmt::format(
            " {:>10} {:>8}", GroupThousands(t.qa_reviews),
            t.qa_reviews == 0
                ? std::string("-")
                : fmt::format("{:.1f}%", t.qa_score_sum / static_cast<double>(t.qa_reviews)));
      }
      out << line << fmt::format(" {:>18}\n", GroupThousands(t.identities));
    }
    ++i;
  }
  if (qa) {
    out << fmt::format(
        "\nQA: {} reviews scored (a review: the weighted mean of its rated categories, 0 when a "
        "critical one fails; the week's QA mean is the mean of its reviews)",
        GroupThousands(r.qa_reviews));
    if (r.qa_reviews_unrated > 0) {
      out << fmt::format("; {} more rated every category N/A: no review",
                         GroupThousands(r.qa_reviews_unrated));
    }
    out << ".\n";
  }
  if (scheduled) {
    bool overlap = false;
    for (const IdentityWeeks& id : r.identities) overlap = overlap || id.overlap_measured;
    out << (overlap ? "\nScheduled hours: the union of each identity's shifts; active time "
                      "inside them is measured from this file's status intervals.\n"
                    : "\nScheduled hours: the union of each identity's shifts. Activity % inside "
                      "the schedule needs the same people's status intervals: ingest them too "
                      "(under their own source) and rungs adds both up per week.\n");
  }
  if (r.fold_rejected > 0) {
    out << fmt::format("{} events were refused when folded into weeks (a bug: please report)\n",
                       GroupThousands(r.fold_rejected));
  }
  if (!closes && !active) return;
  // Whether any identity has both sides of conversations per hour.
  bool rate = false;
  std::vector<std::string> close_spaces;
  std::vector<std::string> active_spaces;
  for (const IdentityWeeks& id : r.identities) {
    rate = rate || (id.closes_measured && id.active_measured);
  }
  for (const SpaceSummary& s : r.spaces) {
    for (const std::string& f : s.feeds) {
      if (f == "closed") close_spaces.push_back(s.name);
      if (f == "status_active" || f == "status_away" ||
          (r.active_inferred && (f == "activity" || f == "replied"))) {
        if (std::find(active_spaces.begin(), active_spaces.end(), s.name) == active_spaces.end()) {
          active_spaces.push_back(s.name);
        }
      }
    }
  }
  auto list = [](const std::vector<std::string>& v) {
    std::string s;
    for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
    return s.empty() ? std::string("none") : s;
  };
  out << "\nConversations per hour: ";
  if (!closes || !active) {
    out << fmt::format(
        "not from this file alone (it has no {}); stored, its weeks add up with other files' "
        "for the same linked people.\n",
        closes ? "active time" : "closes");
  } else if (rate) {
    out << "per identity in the --out table";
    if (r.active_inferred) out << " (on inferred active time; thin weeks are no data)";
    out << "\n";
  } else {
    out << fmt::format(
        "no data. Closes come from {} and active time from {}: names in different identity "
        "spaces are never paired (\"Resolved by 11\" is not \"Updated by 11\"); an identity map "
        "(--identities space,name,person) can join them.\n",
        list(close_spaces), list(active_spaces));
  }
  if (r.active_inferred) {
    out << fmt::format(
        "Active time is inferred from each identity's own events (sessions split at {} idle "
        "minutes, plus {} minutes each): activity % is no data.\n",
        m.activity.idle_gap_seconds / 60, m.activity.allowance_seconds / 60);
  }
}

bool WriteOut(const std::string& path, const std::string& text, const char* what, std::ostream& out,
              std::ostream& err) {
  std::string error;
  if (!WriteFileAtomically(path, text, &error)) {
    err << fmt::format("rungs: cannot write {}: {}\n", path, error);
    return false;
  }
  out << fmt::format("Wrote {} to {}\n", what, path);
  return true;
}

int64_t WeeklyRows(const MappedReading& r) {
  int64_t rows = 0;
  for (const IdentityWeeks& identity : r.identities)
    rows += static_cast<int64_t>(identity.weeks.size());
  return rows;
}

int StoreIngest(const IngestOptions& options, const Mapping& mapping, const MappedReading& r,
                std::ostream& out, std::ostream& err) {
  const std::string hash = Sha256HexOfFile(options.file);
  if (hash.empty()) {
    err << "rungs: cannot read " << options.file << "\n";
    return kExitFailure;
  }
  IngestSource source;
  // The mapping file's name ("servicenow-incident"): short, stable, typed again when linking.
  source.source = !options.source.empty() ? options.source
                                          : std::filesystem::path(options.mapping).stem().string();
  source.file_name = std::filesystem::path(options.file).filename().string();
  source.content_hash = hash;
  source.mapping = mapping.name.empty() ? options.mapping : mapping.name;
  std::unique_ptr<Store> store = OpenDataStore(options.data, true, "rungs ingest", err);
  if (!store) return kExitFailure;
  Result<IngestOutcome> stored = StoreReading(*store, r, source, Actor::System());
  if (!stored.ok()) {
    err << "rungs ingest: " << stored.status().message;
    if (stored.status().field == "file") err << " (run with --dry-run to see the problems)";
    err << "\n";
    return kExitFailure;
  }
  const IngestBatch& b = stored->batch;
  if (!stored->created) {
    out << fmt::format("{} was already ingested for {} as batch {}; nothing changed.\n",
                       options.file, b.source, b.id);
    return kExitOk;
  }
  out << fmt::format(
      "Stored batch {} ({}): {} rows read, {} used, {} excluded, {} with problems; {} weekly "
      "rows for {} identities, {} to {}.\n",
      b.id, b.source, GroupThousands(b.rows_read), GroupThousands(b.rows_used),
      GroupThousands(b.rows_excluded), GroupThousands(b.rows_with_problems),
      GroupThousands(WeeklyRows(r)), GroupThousands(static_cast<int64_t>(r.identities.size())),
      WeekIndexName(b.first_week), WeekIndexName(b.last_week));
  out << "Link people to their identities with `rungs identity link EMAIL NAME --source "
      << b.source << " --space SPACE`; undo with `rungs batches undo " << b.id << "`.\n";
  return kExitOk;
}

// The canonical mapping a file's header names, for `rungs ingest FILE` without --mapping.
std::string MappingFromHeader(const std::string& file, std::ostream& err) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    err << fmt::format("rungs: cannot open {}\n", file);
    return "";
  }
  std::string start(256, '\0');
  in.read(start.data(), static_cast<std::streamsize>(start.size()));
  start.resize(static_cast<size_t>(in.gcount()));
  std::string name = CanonicalMappingForHeader(start.substr(0, start.find('\n')));
  if (name.empty()) {
    err << fmt::format(
        "rungs: {}:1: the header is not one of rungs' canonical files (events, status, "
        "schedules, QA; see docs/MAPPINGS.md): name the export's mapping with --mapping (shipped: "
        "{})\n",
        file, fmt::join(BundledMappingNames(), ", "));
  }
  return name;
}

int IngestWithMapping(const IngestOptions& options, std::ostream& out, std::ostream& err) {
  const MappingLoad load = LoadMappingByNameOrPath(options.mapping);
  for (const Diagnostic& d : load.diagnostics) err << FormatDiagnostic(d) << "\n";
  if (!load.mapping) {
    err << fmt::format("rungs: {} has errors; nothing was read\n", options.mapping);
    return kExitFailure;
  }
  const Mapping& mapping = *load.mapping;
  IdentityMap identity_map;
  ReadMappedOptions read;
  // Events of a large export are sorted in files: in the data folder when there is one (it is
  // where rungs may write), else in the system's temporary folder.
  std::error_code error;
  if (std::filesystem::is_directory(options.data.dir, error)) read.spill_dir = options.data.dir;
  if (!options.identities.empty()) {
    Result<IdentityMap> loaded = LoadIdentityMap(options.identities);
    if (!loaded.ok()) {
      err << "rungs: " << loaded.status().message << "\n";
      return kExitFailure;
    }
    identity_map = std::move(loaded).value();
    read.identities = &identity_map;
  }
  const bool bar = options.progress && isatty(STDERR_FILENO) == 1;
  if (bar) {
    read.progress = [&err](int64_t done, int64_t total) {
      if (total <= 0) return;
      const int width = 30;
      const int filled = static_cast<int>(width * std::min<int64_t>(done, total) / total);
      err << fmt::format("\r[{}{}] {:3}% {:.1f}/{:.1f} MB", std::string(filled, '#'),
                         std::string(width - filled, ' '), 100 * done / total, done / 1e6,
                         total / 1e6)
          << std::flush;
    };
  }
  Result<MappedReading> reading = ReadMappedEvents(options.file, mapping, read);
  if (bar) err << "\r" << std::string(60, ' ') << "\r" << std::flush;
  if (!reading.ok()) {
    err << "rungs: " << reading.status().message << "\n";
    return kExitFailure;
  }
  const MappedReading& r = *reading;
  if (!options.dry_run) return StoreIngest(options, mapping, r, out, err);
  out << fmt::format("Dry run: {} through {}{} (nothing is stored)\n\n", options.file,
                     options.mapping, mapping.name.empty() ? "" : " (" + mapping.name + ")");
  PrintRows(r, mapping, out);
  PrintSamples(r, mapping, out);
  PrintIdentities(r, out);
  PrintWeeks(r, mapping, out);
  if (!r.problems.empty()) {
    out << fmt::format("\nProblems (first {} of {}):\n",
                       std::min(kProblemsShown, r.problems.size()),
                       GroupThousands(static_cast<int64_t>(r.problems.size())));
    for (size_t i = 0; i < r.problems.size() && i < kProblemsShown; ++i) {
      out << "  " << FormatDiagnostic(DescribeMappedProblem(options.file, r.problems[i])) << "\n";
    }
    if (r.problems.size() > kProblemsShown && options.report.empty()) {
      out << "  (--report FILE lists every one)\n";
    }
  }
  bool ok = true;
  if (MappingDoesNotFit(r)) {
    err << fmt::format(
        "rungs: {} of {} rows have problems, more than give events: the mapping probably does "
        "not fit this export (see the problems above)\n",
        GroupThousands(r.skipped), GroupThousands(r.rows));
    ok = false;
  }
  if (!options.report.empty()) {
    std::string text;
    for (const MappedProblemRow& p : r.problems) {
      text += FormatDiagnostic(DescribeMappedProblem(options.file, p)) + "\n";
    }
    ok = WriteOut(options.report, text, "every problem row", out, err) && ok;
  }
  if (!options.out.empty()) {
    ok =
        WriteOut(options.out, MappedWeeklyTableCsv(r), "the weekly table per identity", out, err) &&
        ok;
  }
  return ok ? kExitOk : kExitFailure;
}

}  // namespace

int RunIngest(const IngestOptions& options, std::ostream& out, std::ostream& err) {
  if (!options.mapping.empty()) return IngestWithMapping(options, out, err);
  IngestOptions with_mapping = options;
  with_mapping.mapping = MappingFromHeader(options.file, err);
  if (with_mapping.mapping.empty()) return kExitFailure;
  return IngestWithMapping(with_mapping, out, err);
}

}  // namespace rungs
