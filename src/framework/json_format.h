// rungs' own JSON form of a framework: lossless (ImportJson(ExportJson(x)) == x, provenance
// and keys included), so other tools can read frameworks without parsing YAML quirks.
//
//   {"format": "rungs-framework", "version": 1, "id": ..., "levels": [...], "topics": [...]}
//
// plus "settings": {"yaml", "source"} when the framework has rungs settings (model.h).
#ifndef RUNGS_FRAMEWORK_JSON_FORMAT_H_
#define RUNGS_FRAMEWORK_JSON_FORMAT_H_

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "framework/import.h"

namespace rungs {

nlohmann::json FrameworkToJson(const Framework& fw);
std::string ExportJson(const Framework& framework);

// Errors name the field by its JSON path ("topics[2].rungs[0].criteria[1].text").
ImportResult ImportJson(std::string_view bytes, const std::string& file);

}  // namespace rungs

#endif  // RUNGS_FRAMEWORK_JSON_FORMAT_H_
