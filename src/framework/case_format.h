// CASE 1.1 (IMS Global Competencies and Academic Standards Exchange) export and import.
//
// A framework becomes a CFPackage: a CFDocument, CFItems for topics, criteria and examples
// (with isChildOf and exemplar CFAssociations), and one CFRubric whose CFRubricCriteria are the
// topics (areas) and whose CFRubricCriterionLevels are the rungs. Identifiers are UUID v5 in
// one fixed namespace over "rungs:{framework}/{topic}/{rung}/{n}", so exporting the same
// framework twice gives the same identifiers. ImportCase reads such a package back with every
// criterion and example intact.
//
// The package:
// - Identifier names: "rungs:{framework}" (the CFDocument, and the CFPackageURI: a package is
//   fetched by its document's identifier), "/{topic}", "/{topic}/{rung}" (a rubric level),
//   "/{topic}/{rung}/{n}" (criterion n, 1-based as in its key), ".../{n}/example/{m}", and
//   for derived objects a "#" suffix: "#rubric", "/{topic}#rubric-criterion",
//   "{child}#isChildOf", "{example}#exemplar". '%', '/' and '#' in topic names and rung ids
//   are escaped as %25, %2F and %23, so no two names meet. uri is "urn:uuid:{identifier}".
// - Items: a Topic (fullStatement = title, humanCodingScheme = abbreviatedStatement = name,
//   notes = description) isChildOf the document; a Criterion (fullStatement = text verbatim,
//   listEnumeration = n) isChildOf its topic; an Example is linked by an exemplar association
//   whose origin is the criterion and destination the example, as CASE defines exemplar
//   ("the destination is an example of best practice for the definition of the origin").
// - CFRubrics: one rubric; a CFRubricCriterion per topic (CFItemURI = the topic item) with a
//   CFRubricCriterionLevel per rung of the framework (description = the criteria, one a line,
//   or a matrix placeholder such as "None"; quality = rung label; score = position = the
//   rung's 1-based place in the framework, so the first rung does not score 0).
// - What CASE has no field for sits in `extensions.rungs`: on the CFDocument the framework's
//   id, source format, sidebar fields, yaml/homepage, declared levels, level prefix, generic
//   file and the levels with their rungs (body goes in `description`); on a Topic item
//   titleFromGeneric and the rungs it lists in order, with placeholders (a rung can be listed
//   with no criteria); on a Criterion item its rung, fromGeneric and reference; on a rubric
//   level its rung id.
// - lastChangeDateTime is always 2000-01-01T00:00:00+00:00 so exports are byte-for-byte
//   repeatable (the model has no edit times).
//
// Import: a package with `extensions.rungs` on its CFDocument is read from its items and
// associations (order = CFItems order), with provenance set to the package file at line 0 and
// criterion keys left to AssignCriterionKeys. Another tool's package is read from its first
// CFRubric with criteria (a topic per CFRubricCriterion in `position` order, a level with one
// rung per level position named by its quality, a criterion per non-empty line of a level's
// description), else from its Topic items and the items directly under the CFDocument, whose
// child items become the criteria of a single level. Errors name the JSON path
// ("CFItems[3].fullStatement: must be a string") and give no framework; links that lead
// nowhere are warnings.
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
