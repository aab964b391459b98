#include "web/app_helpdesk.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "metrics/iso_week.h"
#include "util/hash.h"
#include "util/text.h"
#include "util/utf8.h"
#include "web/multipart.h"

namespace rungs {
namespace {

constexpr size_t kMaxSourceLength = 100;

}  // namespace

std::string SuggestedMappingName(const std::string& file_name) {
  std::string stem = std::filesystem::path(file_name).stem().string();
  if (stem.size() > 60) stem.resize(60);
  stem = ReplaceInvalidUtf8(stem);
  return stem.empty() || stem == kDetectMapping ? "my-export" : stem + "-mapping";
}

namespace {

// What "detect" reads: the file's start, as `rungs mapping init` does.
Result<MappingDraft> DraftFromUpload(const std::string& path, const std::string& file_name) {
  DraftOptions options;
  options.name = SuggestedMappingName(file_name);
  options.mapping_file = options.name + ".yaml";
  Result<MappingDraft> draft = DraftMappingFromFile(path, file_name, options);
  // What is wrong with the file is the admin's to fix; a read-back failure is the server's.
  if (!draft.ok() && draft.status().code != StatusCode::kInternal) {
    return Status::Invalid(draft.status().message, "file");
  }
  return draft;
}

}  // namespace

Result<HelpdeskUploadResult> IngestUpload(Tracker& tracker, const User& viewer,
                                          const std::string& path, HelpdeskUpload upload) {
  if (Status s = tracker.CheckHelpdeskAdmin(viewer); !s.ok()) return s;
  HelpdeskUploadResult result;
  upload.file_name = PlainFileName(upload.file_name, "export");
  upload.source = std::string(Trim(upload.source));
  if (upload.mapping == kDetectMapping) {
    // A guess is shown, never stored unread.
    upload.dry_run = true;
    Result<MappingDraft> draft = DraftFromUpload(path, upload.file_name);
    if (!draft.ok()) return draft.status();
    result.draft = std::move(draft).value();
    if (!result.draft->shipped.empty()) {
      upload.mapping = result.draft->shipped;
    } else if (result.draft->complete) {
      result.mapping = ParseMapping(result.draft->yaml, "draft.yaml").mapping;
    }
  }
  if (!result.draft || !result.draft->shipped.empty()) {
    Result<Mapping> mapping = tracker.HelpdeskMapping(viewer, upload.mapping);
    if (!mapping.ok()) return mapping.status();
    result.mapping = std::move(mapping).value();
  }
  result.source = upload.source.empty() ? (result.draft && result.draft->shipped.empty()
                                               ? SuggestedMappingName(upload.file_name)
                                               : upload.mapping)
                                        : upload.source;
  if (result.source.size() > kMaxSourceLength) {
    return Status::Invalid("the source name must be at most 100 characters", "source");
  }
  result.upload = std::move(upload);
  if (!result.mapping) return result;

  // The upload was streamed into the data folder: a large export's events are sorted there too.
  ReadMappedOptions read;
  read.spill_dir = std::filesystem::path(path).parent_path().string();
  Result<MappedReading> reading = ReadMappedEvents(path, *result.mapping, read);
  if (!reading.ok()) {
    // The reader names the file it read; the admin knows it by the name they uploaded.
    return Status::Invalid(ReplaceAll(reading.status().message, path, result.upload.file_name),
                           "file");
  }
  result.reading = std::move(reading).value();
  if (!result.upload.dry_run) {
    const std::string hash = Sha256HexOfFile(path);
    if (hash.empty()) return Status::Internal("cannot read the uploaded file back");
    IngestSource source;
    source.source = result.source;
    source.file_name = result.upload.file_name;
    source.content_hash = hash;
    source.mapping = result.mapping->name.empty() ? result.upload.mapping : result.mapping->name;
    Result<IngestOutcome> stored = tracker.StoreHelpdeskReading(viewer, result.reading, source);
    if (!stored.ok()) return stored.status();
    result.stored = std::move(stored).value();
  }
  return result;
}

std::string DescribeUploadProblem(const std::string& file_name, const MappedProblemRow& problem) {
  return FormatDiagnostic(DescribeMappedProblem(file_name, problem));
}

}  // namespace rungs
