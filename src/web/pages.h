// Page renderers for the framework site (see site.h for the paths). Each returns a complete
// HTML document; `root` is the relative path from the page back to the site root ("../../").
#ifndef RUNGS_WEB_PAGES_H_
#define RUNGS_WEB_PAGES_H_

#include <string>
#include <vector>

#include "framework/compare.h"
#include "framework/diff.h"
#include "framework/model.h"
#include "web/search.h"

namespace rungs {

struct PageContext {
  const std::vector<Framework>* frameworks = nullptr;  // for the sidebar
  std::string root;                                    // "", "../", "../../", ...
  std::string current_id;                              // the framework shown, if any
};

std::string RenderHomePage(const PageContext& context);
std::string RenderRungPage(const PageContext& context, const Framework& fw,
                           const std::string& rung_id, bool has_changes);
std::string RenderMatrixPage(const PageContext& context, const Framework& fw, bool has_changes);
std::string RenderMarkdownPage(const PageContext& context, const Framework& fw);
std::string RenderComparePickerPage(const PageContext& context, const Framework& fw);
std::string RenderComparePage(const PageContext& context, const Framework& fw,
                              const RungComparison& comparison);
std::string RenderChangesPage(const PageContext& context, const Framework& fw,
                              const FrameworkDiff& diff);
// `query` empty: the search form only (the static site fills results in with JavaScript).
// The page for an address with nothing behind it: the site's header, search and sidebar, and a
// way back. Its context's root is "/", so it works at any depth.
std::string RenderNotFoundPage(const PageContext& context);
std::string RenderSearchPage(const PageContext& context, const std::string& query,
                             const std::vector<const SearchEntry*>& hits, size_t total,
                             bool has_query);

// The path of a framework's page for a rung, relative to the site root.
std::string RungPath(const Framework& fw, const std::string& rung_id);
std::string FrameworkPath(const Framework& fw);
std::string ComparePath(const Framework& fw, const std::string& from, const std::string& to);

}  // namespace rungs

#endif  // RUNGS_WEB_PAGES_H_
