#include "web/app_helpdesk.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "metrics/bundled_mappings.h"
#include "metrics/iso_week.h"
#include "util/hash.h"
#include "util/text.h"

namespace rungs {
namespace {

constexpr size_t kMaxSourceLength = 100;
constexpr size_t kMaxFileNameLength = 200;

// The uploaded file's name without folders (some browsers send "C:\fakepath\x.csv"), control
// characters or more than 200 bytes; "export" when nothing is left.
std::string CleanFileName(const std::string& sent) {
  std::string name = sent.substr(sent.find_last_of("/\\") + 1);
  std::erase_if(name, [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
  if (name.size() > kMaxFileNameLength) name.resize(kMaxFileNameLength);
  return name.empty() ? "export" : name;
}

}  // namespace

Result<Mapping> LoadShippedMapping(const std::string& name) {
  const std::vector<std::string> names = BundledMappingNames();
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    std::string list;
    for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
    return Status::Invalid(
        fmt::format("choose one of the shipped mappings ({}), not '{}'", list, name), "mapping");
  }
  MappingLoad load = LoadMappingByNameOrPath(name);
  if (!load.mapping) {
    std::string message;
    for (const Diagnostic& d : load.diagnostics) message += FormatDiagnostic(d) + "\n";
    return Status::Internal("the shipped mapping has errors: " + message);
  }
  return std::move(*load.mapping);
}

Result<HelpdeskUploadResult> IngestUpload(Tracker& tracker, const User& viewer,
                                          const std::string& path, HelpdeskUpload upload) {
  if (Status s = tracker.CheckHelpdeskAdmin(viewer); !s.ok()) return s;
  Result<Mapping> mapping = LoadShippedMapping(upload.mapping);
  if (!mapping.ok()) return mapping.status();
  HelpdeskUploadResult result;
  upload.source = std::string(Trim(upload.source));
  result.source = upload.source.empty() ? upload.mapping : upload.source;
  if (result.source.size() > kMaxSourceLength) {
    return Status::Invalid("the source name must be at most 100 characters", "source");
  }
  upload.file_name = CleanFileName(upload.file_name);

  // The upload was streamed into the data folder: a large export's events are sorted there too.
  ReadMappedOptions read;
  read.spill_dir = std::filesystem::path(path).parent_path().string();
  Result<MappedReading> reading = ReadMappedEvents(path, *mapping, read);
  if (!reading.ok()) {
    // The reader names the file it read; the admin knows it by the name they uploaded.
    return Status::Invalid(ReplaceAll(reading.status().message, path, upload.file_name), "file");
  }
  result.reading = std::move(reading).value();
  if (!upload.dry_run) {
    const std::string hash = Sha256HexOfFile(path);
    if (hash.empty()) return Status::Internal("cannot read the uploaded file back");
    IngestSource source;
    source.source = result.source;
    source.file_name = upload.file_name;
    source.content_hash = hash;
    source.mapping = mapping->name.empty() ? upload.mapping : mapping->name;
    Result<IngestOutcome> stored = tracker.StoreHelpdeskReading(viewer, result.reading, source);
    if (!stored.ok()) return stored.status();
    result.stored = std::move(stored).value();
  }
  result.mapping = std::move(mapping).value();
  result.upload = std::move(upload);
  return result;
}

std::string DescribeUploadProblem(const std::string& file_name, const MappedProblemRow& problem) {
  return FormatDiagnostic(DescribeMappedProblem(file_name, problem));
}

}  // namespace rungs
