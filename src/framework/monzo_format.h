// Reads Monzo progression-framework files: Markdown with YAML front matter (path, title,
// sidebarTitle, sidebarGroup, yaml, levels, homepage, topics[name, title, content[level,
// criteria | exampleCriteria[criteria, examples]]]).
//
// The real world's quirks are handled here: Mac Roman mojibake is repaired (with a warning),
// "Criteria for sublevel A (after probation)" headings become rungs, "All criteria from level
// one" becomes a Reference, content above the declared `levels` extends the level count, and
// a missing closing "---" is a warning. Inheritance from generic.md needs a second file, so it
// is a separate step (InheritFromGeneric) that the loader runs.
#ifndef RUNGS_FRAMEWORK_MONZO_FORMAT_H_
#define RUNGS_FRAMEWORK_MONZO_FORMAT_H_

#include <string>
#include <string_view>

#include "framework/import.h"

namespace rungs {

// `file` names the input in provenance and diagnostics. The framework's id is left to the
// caller (front-matter path, else the file's path); criterion keys are assigned by the loader.
ImportResult ImportMonzo(std::string_view bytes, const std::string& file);

// Topics with an empty title take generic's title by topic name; topics with no content take
// generic's criteria (marked from_generic). Adds a warning for a title it cannot inherit.
void InheritFromGeneric(Framework& framework, const Framework& generic, Diagnostics& out);

// Points every Reference at the highest rung of its level (or reports it as unresolvable).
void ResolveReferences(Framework& framework, Diagnostics& out);

}  // namespace rungs

#endif  // RUNGS_FRAMEWORK_MONZO_FORMAT_H_
