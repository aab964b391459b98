// `rungs mapping init EXPORT.csv`: a mapping for an export from its header and first rows.
#include <filesystem>
#include <ostream>
#include <string>

#include <fmt/format.h>

#include "cli/commands.h"
#include "metrics/mapping_draft.h"
#include "util/file.h"

namespace rungs {

namespace {

void PrintSummary(const MappingDraft& d, const MappingInitOptions& options, std::ostream& err) {
  for (size_t i = 0; i < d.summary.size(); ++i) {
    err << (i == 0 ? "rungs mapping init: " : "") << d.summary[i] << "\n";
  }
  if (!d.questions.empty()) {
    err << fmt::format("{} {} for you (each is a QUESTION comment in the mapping):\n",
                       d.questions.size(), d.questions.size() == 1 ? "question" : "questions");
    for (size_t i = 0; i < d.questions.size(); ++i) {
      err << fmt::format("  {}. {}: {}\n", i + 1, d.questions[i].topic, d.questions[i].text);
    }
  }
  if (!d.shipped.empty()) return;
  const char* answer = d.questions.empty() ? "" : "answer the questions, then ";
  err << (options.out.empty()
              ? fmt::format("Next: save it (--out FILE), {}rungs ingest {} --mapping FILE "
                            "--dry-run\n",
                            answer, options.file)
              : fmt::format("Next: {}rungs ingest {} --mapping {} --dry-run\n", answer,
                            options.file, options.out));
}

}  // namespace

int RunMappingInit(const MappingInitOptions& options, std::ostream& out, std::ostream& err) {
  std::error_code ec;
  if (!options.out.empty() && !options.force && std::filesystem::exists(options.out, ec)) {
    err << fmt::format("rungs mapping init: {} exists; --force overwrites it\n", options.out);
    return kExitFailure;
  }
  DraftOptions draft;
  draft.name = options.name;
  if (!options.out.empty()) draft.mapping_file = options.out;
  const Result<MappingDraft> result = DraftMappingFromFile(options.file, options.file, draft);
  if (!result.ok()) {
    err << "rungs mapping init: " << result.status().message << "\n";
    return kExitFailure;
  }
  const MappingDraft& d = *result;
  if (options.out.empty()) {
    out << d.yaml;
  } else {
    std::string error;
    if (!WriteFileAtomically(options.out, d.yaml, &error)) {
      err << "rungs mapping init: " << error << "\n";
      return kExitFailure;
    }
    out << fmt::format("Wrote {}\n", options.out);
  }
  PrintSummary(d, options, err);
  return kExitOk;
}

}  // namespace rungs
