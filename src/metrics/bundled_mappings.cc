#include "metrics/bundled_mappings.h"

#include <algorithm>
#include <filesystem>
#include <string_view>

namespace rungs {

namespace {

constexpr std::string_view kPrefix = "mappings/";
constexpr std::string_view kSuffix = ".yaml";

struct ShippedExport {
  std::string_view name;
  std::string_view header;
  bool canonical;
};

// Canonical headers are matched as written; the others are the vendors' documented columns
// (the Intercom ones as its CSV export documents them, which may not be the file's order).
constexpr ShippedExport kExports[] = {
    {"canonical-events", "event_id,conversation_id,agent_id,event_type,ts", true},
    {"canonical-status", "agent_id,status,start,end", true},
    {"canonical-schedules", "agent_id,start,end", true},
    {"canonical-qa",
     "review_id,agent_id,conversation_id,ts,category,rating,scale_min,scale_max,weight,critical",
     true},
    {"intercom",
     "message_id,message_body,message_type,message_created_at,message_author_type,"
     "message_author_id,message_author_user_id,message_author_name,message_author_email,"
     "message_author_companies,conversation_tags,conversation_id,conversation_state,"
     "conversation_created_at,conversation_first_response_at,conversation_closed_at,app_id,"
     "app_name",
     false},
    {"servicenow-incident",
     "number,incident_state,active,reassignment_count,reopen_count,sys_mod_count,made_sla,"
     "caller_id,opened_by,opened_at,sys_created_by,sys_created_at,sys_updated_by,sys_updated_at,"
     "contact_type,location,category,subcategory,u_symptom,cmdb_ci,impact,urgency,priority,"
     "assignment_group,assigned_to,knowledge,u_priority_confirmation,notify,problem_id,rfc,"
     "vendor,caused_by,closed_code,resolved_by,resolved_at,closed_at",
     false},
    {"zendesk",
     "audit_id,ticket_id,created_at,author_id,author_name,author_role,via_channel,event_id,"
     "event_type,field_name,previous_value,value,public",
     false},
    {"zendesk-qa",
     "Review ID,Review created,Reviewer,Reviewee,Conversation ID,Conversation created,Scorecard,"
     "Category,Rating,Weight,Critical,Review score",
     false},
};

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
  if (first_line.starts_with("\xEF\xBB\xBF")) first_line.remove_prefix(3);
  if (first_line.ends_with('\n')) first_line.remove_suffix(1);
  if (first_line.ends_with('\r')) first_line.remove_suffix(1);
  for (const ShippedExport& e : kExports) {
    if (e.canonical && first_line == e.header) return std::string(e.name);
  }
  return "";
}

std::vector<std::string> ShippedExportColumns(std::string_view name) {
  std::vector<std::string> columns;
  for (const ShippedExport& e : kExports) {
    if (e.name != name) continue;
    size_t start = 0;
    while (start <= e.header.size()) {
      const size_t comma = std::min(e.header.find(',', start), e.header.size());
      columns.emplace_back(e.header.substr(start, comma - start));
      start = comma + 1;
    }
  }
  return columns;
}

MappingLoad LoadShippedMapping(std::string_view name) {
  const std::string bundled = std::string(kPrefix) + std::string(name) + std::string(kSuffix);
  for (const EmbeddedFile& file : BundledMappingFiles()) {
    if (file.path == bundled) return ParseMapping(file.bytes, bundled);
  }
  std::string names;
  for (const std::string& n : BundledMappingNames()) names += (names.empty() ? "" : ", ") + n;
  MappingLoad load;
  load.diagnostics.push_back(
      {Severity::kError, std::string(name), 0, 0, "mapping-unreadable",
       "no such file, and no shipped mapping of that name (shipped: " + names + ")"});
  return load;
}

MappingLoad LoadMappingByNameOrPath(const std::string& name_or_path) {
  std::error_code error;
  if (std::filesystem::exists(name_or_path, error)) return LoadMapping(name_or_path);
  return LoadShippedMapping(name_or_path);
}

}  // namespace rungs
