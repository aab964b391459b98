#include "metrics/bundled_mappings.h"

#include <filesystem>
#include <string_view>
#include <utility>

namespace rungs {

namespace {

constexpr std::string_view kPrefix = "mappings/";
constexpr std::string_view kSuffix = ".yaml";

}  // namespace

std::vector<std::string> BundledMappingNames() {
  std::vector<std::string> names;
  for (const EmbeddedFile& file : BundledMappingFiles()) {
    std::string_view path = file.path;
    if (!path.starts_with(kPrefix) || !path.ends_with(kSuffix)) continue;
    path.remove_prefix(kPrefix.size());
    path.remove_suffix(kSuffix.size());
    names.emplace_back(path);
  }
  return names;  // embed.cmake sorts the files
}

std::string CanonicalMappingForHeader(std::string_view first_line) {
  static constexpr std::pair<std::string_view, const char*> kHeaders[] = {
      {"event_id,conversation_id,agent_id,event_type,ts", "canonical-events"},
      {"agent_id,status,start,end", "canonical-status"},
      {"agent_id,start,end", "canonical-schedules"},
      {"review_id,agent_id,conversation_id,ts,category,rating,scale_min,scale_max,weight,critical",
       "canonical-qa"},
  };
  if (first_line.starts_with("\xEF\xBB\xBF")) first_line.remove_prefix(3);
  if (first_line.ends_with('\n')) first_line.remove_suffix(1);
  if (first_line.ends_with('\r')) first_line.remove_suffix(1);
  for (const auto& [header, name] : kHeaders) {
    if (first_line == header) return name;
  }
  return "";
}

MappingLoad LoadMappingByNameOrPath(const std::string& name_or_path) {
  std::error_code error;
  if (std::filesystem::exists(name_or_path, error)) return LoadMapping(name_or_path);
  const std::string bundled = std::string(kPrefix) + name_or_path + std::string(kSuffix);
  for (const EmbeddedFile& file : BundledMappingFiles()) {
    if (file.path == bundled) return ParseMapping(file.bytes, bundled);
  }
  std::string names;
  for (const std::string& name : BundledMappingNames()) names += (names.empty() ? "" : ", ") + name;
  MappingLoad load;
  load.diagnostics.push_back(
      {Severity::kError, name_or_path, 0, 0, "mapping-unreadable",
       "no such file, and no shipped mapping of that name (shipped: " + names + ")"});
  return load;
}

}  // namespace rungs
