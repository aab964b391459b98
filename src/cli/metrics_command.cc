// `rungs metrics weekly`: the per-agent weekly table of a canonical events file.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "cli/commands.h"
#include "metrics/canonical_events.h"
#include "metrics/weekly_table.h"
#include "util/file.h"

namespace rungs {

namespace {

constexpr size_t kProblemsShown = 20;

// The process's anonymous memory (heap and stacks, not the mapped file), in KiB.
long RssAnonKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("RssAnon:", 0) == 0) return std::stol(line.substr(8));
  }
  return -1;
}

void ReportProblems(const MetricsWeeklyOptions& options, const EventsReading& reading,
                    std::ostream& err) {
  if (reading.problems.empty()) return;
  for (const Diagnostic& d : DescribeProblems(options.file, reading.problems, kProblemsShown)) {
    err << FormatDiagnostic(d) << "\n";
  }
  const auto long_index = static_cast<size_t>(RowProblem::kLongInterval);
  const int64_t capped = reading.problem_counts[long_index];
  const int64_t skipped = static_cast<int64_t>(reading.problems.size()) - capped;
  std::string counts;
  for (size_t i = 0; i < reading.problem_counts.size(); ++i) {
    if (reading.problem_counts[i] == 0 || i == long_index) continue;
    counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", reading.problem_counts[i],
                          RowProblemCode(static_cast<RowProblem>(i)));
  }
  err << "rungs: ";
  if (skipped > 0) err << fmt::format("{} of {} rows skipped ({})", skipped, reading.rows, counts);
  if (skipped > 0 && capped > 0) err << "; ";
  if (capped > 0) {
    err << fmt::format("{} active interval{} counted only up to the cap (long-interval)", capped,
                       capped == 1 ? "" : "s");
  }
  if (!options.report.empty()) {
    std::string text;
    for (const Diagnostic& d :
         DescribeProblems(options.file, reading.problems, reading.problems.size())) {
      text += FormatDiagnostic(d) + "\n";
    }
    std::string error;
    if (WriteFileAtomically(options.report, text, &error)) {
      err << "; every one is in " << options.report;
    } else {
      err << "; cannot write " << options.report << ": " << error;
    }
  } else if (reading.problems.size() > kProblemsShown) {
    err << fmt::format("; {} not shown (--report FILE lists them all)",
                       reading.problems.size() - kProblemsShown);
  }
  err << "\n";
}

}  // namespace

int RunMetricsWeekly(const MetricsWeeklyOptions& options, std::ostream& out, std::ostream& err) {
  const auto started = std::chrono::steady_clock::now();
  ReadEventsOptions read;
  read.threads = options.threads;
  Result<EventsReading> reading = ReadCanonicalEvents(options.file, read);
  if (!reading.ok()) {
    err << "rungs: " << reading.status().message << "\n";
    return kExitFailure;
  }
  ReportProblems(options, *reading, err);
  if (options.out.empty()) {
    WriteWeeklyTable(reading->agents, out);
  } else {
    // Written beside the target and renamed, so a failed write leaves no half table.
    const std::string temporary = options.out + ".tmp";
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    WriteWeeklyTable(reading->agents, file);
    file.close();
    if (!file || std::rename(temporary.c_str(), options.out.c_str()) != 0) {
      std::remove(temporary.c_str());
      err << "rungs: cannot write " << options.out << "\n";
      return kExitFailure;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const long rss_anon_kb = RssAnonKb();
  if (options.stats) {
    err << fmt::format(
        "rows {}\nbytes {}\nseconds {:.3f}\nthreads {}\ngb_per_second {:.2f}\nrss_anon_kb {}\n",
        reading->rows, reading->bytes, seconds, reading->threads,
        static_cast<double>(reading->bytes) / 1e9 / seconds, rss_anon_kb);
  }
  return kExitOk;
}

}  // namespace rungs
