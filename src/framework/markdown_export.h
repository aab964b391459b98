// A readable Markdown rendering of a framework, for people (a wiki page, a pull request),
// not for reading back: levels and rungs as headings, topics, criteria with their examples.
#ifndef RUNGS_FRAMEWORK_MARKDOWN_EXPORT_H_
#define RUNGS_FRAMEWORK_MARKDOWN_EXPORT_H_

#include <string>

#include "framework/model.h"

namespace rungs {

std::string ExportMarkdown(const Framework& fw);

}  // namespace rungs

#endif  // RUNGS_FRAMEWORK_MARKDOWN_EXPORT_H_
