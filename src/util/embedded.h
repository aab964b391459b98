// Files compiled into the binary by cmake/embed.cmake (bundled frameworks, web assets).
#ifndef RUNGS_UTIL_EMBEDDED_H_
#define RUNGS_UTIL_EMBEDDED_H_

#include <string_view>
#include <vector>

namespace rungs {

struct EmbeddedFile {
  const char* path;  // "frameworks/generic.md", "assets/app.css"
  std::string_view bytes;
};

}  // namespace rungs

#endif  // RUNGS_UTIL_EMBEDDED_H_
