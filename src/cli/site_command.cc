#include <filesystem>
#include <ostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/site_loading.h"
#include "util/file.h"
#include "web/site.h"

namespace rungs {

int RunSite(const SiteCommandOptions& options, std::ostream& out, std::ostream& err) {
  std::optional<LoadedSite> loaded =
      LoadSiteFrameworks(options.frameworks, options.previous, "rungs site", err);
  if (!loaded) return kExitFailure;
  const size_t count = loaded->frameworks.size();
  const Site site(std::move(loaded->frameworks), SiteOptions{std::move(loaded->previous)});
  namespace fs = std::filesystem;
  for (const auto& [path, page] : site.pages()) {
    // Page paths are percent-encoded for links; on disk they are plain names.
    const fs::path file = fs::path(options.out_dir) / DecodePath(path);
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    std::string error;
    if (ec || !WriteFileAtomically(file.string(), page.body, &error)) {
      err << "rungs site: "
          << (ec ? fmt::format("cannot create {}: {}", file.parent_path().string(), ec.message())
                 : error)
          << "\n";
      return kExitFailure;
    }
  }
  out << fmt::format("rungs site: wrote {} pages for {} frameworks to {}; open {}\n",
                     site.pages().size(), count, options.out_dir,
                     (fs::path(options.out_dir) / "index.html").string());
  return kExitOk;
}

}  // namespace rungs
