// Loading frameworks for `rungs serve` and `rungs site`, which both refuse to publish a set
// with duplicate ids and report every error on the way.
#ifndef RUNGS_CLI_SITE_LOADING_H_
#define RUNGS_CLI_SITE_LOADING_H_

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "framework/model.h"
#include "util/diagnostic.h"

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

// Prints the errors among `diagnostics` to `err`; false (after saying so) when two frameworks
// have the same id.
bool ReportLoadErrors(const Diagnostics& diagnostics, const std::string& command,
                      std::ostream& err);

// The earlier versions for "what changed" pages (`paths` empty: none); nullopt after an error.
std::optional<std::vector<Framework>> LoadPreviousFrameworks(const std::vector<std::string>& paths,
                                                             const std::string& command,
                                                             std::ostream& err);

}  // namespace rungs

#endif  // RUNGS_CLI_SITE_LOADING_H_
