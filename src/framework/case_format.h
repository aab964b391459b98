// CASE 1.1 (IMS Global Competencies and Academic Standards Exchange) export and import.
//
// A framework becomes a CFPackage: a CFDocument, CFItems for topics, criteria and examples
// (with isChildOf and exemplar CFAssociations), and one CFRubric whose CFRubricCriteria are the
// topics (areas) and whose CFRubricCriterionLevels are the rungs. Identifiers are UUID v5 in
// one fixed namespace over "rungs:{framework}/{topic}/{rung}/{n}", so exporting the same
// framework twice gives the same identifiers. ImportCase reads such a package back with every
// criterion and example intact.
#ifndef RUNGS_FRAMEWORK_CASE_FORMAT_H_
#define RUNGS_FRAMEWORK_CASE_FORMAT_H_

#include <string>
#include <string_view>

#include "framework/import.h"

namespace rungs {

// The namespace of every rungs CASE identifier (a fixed, random UUID).
inline constexpr const char* kCaseNamespace = "6f1c1d3e-5b0a-4c59-9a43-2f4c8e7d1b90";

std::string ExportCase(const Framework& framework);

ImportResult ImportCase(std::string_view bytes, const std::string& file);

}  // namespace rungs

#endif  // RUNGS_FRAMEWORK_CASE_FORMAT_H_
