// Loading frameworks for `rungs serve` and `rungs site`, which both refuse to publish a set
// with duplicate ids and report every error on the way.
#ifndef RUNGS_CLI_SITE_LOADING_H_
#define RUNGS_CLI_SITE_LOADING_H_

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "framework/model.h"

namespace rungs {

struct LoadedSite {
  std::vector<Framework> frameworks;
  std::vector<Framework> previous;
};

// `paths` empty: the bundled frameworks. Errors go to `err` prefixed with `command`; nullopt
// when nothing can be published.
std::optional<LoadedSite> LoadSiteFrameworks(const std::vector<std::string>& paths,
                                             const std::vector<std::string>& previous,
                                             const std::string& command, std::ostream& err);

}  // namespace rungs

#endif  // RUNGS_CLI_SITE_LOADING_H_
