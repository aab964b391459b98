// Lints on a loaded framework, beyond what the importers report while reading: topics that
// skip a level, levels no topic fills, empty or repeated criteria, and text that looks cut
// short ("Master – Senior Territor"). Lints point things out; they never change the text.
#ifndef RUNGS_FRAMEWORK_CHECK_H_
#define RUNGS_FRAMEWORK_CHECK_H_

#include "framework/model.h"
#include "util/diagnostic.h"

namespace rungs {

Diagnostics Lint(const Framework& fw);

}  // namespace rungs

#endif  // RUNGS_FRAMEWORK_CHECK_H_
