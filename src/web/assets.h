// The web site's stylesheet and script (src/web/assets/), compiled into the binary and served
// or written under "assets/".
#ifndef RUNGS_WEB_ASSETS_H_
#define RUNGS_WEB_ASSETS_H_

#include <vector>

#include "util/embedded.h"

namespace rungs {

const std::vector<EmbeddedFile>& WebAssets();

}  // namespace rungs

#endif  // RUNGS_WEB_ASSETS_H_
