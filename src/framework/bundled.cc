#include "framework/bundled.h"

namespace rungs {

std::string_view BundledGeneric() {
  for (const EmbeddedFile& file : BundledFiles()) {
    if (std::string_view(file.path) == "frameworks/generic.md") return file.bytes;
  }
  return {};
}

}  // namespace rungs
