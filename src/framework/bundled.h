// The frameworks shipped with rungs (frameworks/ in the source tree), compiled into the
// binary: the two seed documents and Monzo's generic.md, which Monzo-format files inherit
// titles and criteria from when no generic.md of their own is found.
#ifndef RUNGS_FRAMEWORK_BUNDLED_H_
#define RUNGS_FRAMEWORK_BUNDLED_H_

#include <string_view>
#include <vector>

#include "util/embedded.h"

namespace rungs {

const std::vector<EmbeddedFile>& BundledFiles();

// Monzo's generic.md as bundled.
std::string_view BundledGeneric();

}  // namespace rungs

#endif  // RUNGS_FRAMEWORK_BUNDLED_H_
