// The framework site: every page rungs shows, rendered once from the loaded frameworks and kept
// as bytes. `rungs serve` answers from it and `rungs site` writes it to a folder. All links are
// relative and end in ".html", and the rung and topic live in the path and fragment
// (f/{id}/{rung}.html#{topic}), so the same pages work from a server and from file://.
//
//   index.html                      frameworks by group, and search
//   search.html                     search (server-side when served; an embedded index offline)
//   f/{id}/index.html               a framework: its first rung, its matrix grid, or its page
//   f/{id}/{rung}.html              one rung: topic cards, examples, inherited criteria marked
//   f/{id}/compare.html             pick two rungs
//   f/{id}/compare/{from}..{to}.html  what changes between two rungs, per topic
//   f/{id}/changes.html             what changed since the previous version (when known)
//   assets/app.css, app.js, search-index.js
#ifndef RUNGS_WEB_SITE_H_
#define RUNGS_WEB_SITE_H_

#include <map>
#include <string>
#include <vector>

#include "framework/model.h"
#include "web/search.h"

namespace rungs {

struct SitePage {
  std::string content_type;
  std::string body;
};

struct SiteOptions {
  // Earlier versions of the frameworks (same ids): each gets a "what changed" page.
  std::vector<Framework> previous;
};

class Site {
 public:
  Site(std::vector<Framework> frameworks, const SiteOptions& options);

  // The page at `path` ("index.html", "f/customer-operations/1A.html"), or nullptr.
  const SitePage* Find(const std::string& path) const;
  const std::map<std::string, SitePage>& pages() const { return pages_; }
  const std::vector<Framework>& frameworks() const { return frameworks_; }

  // search.html with results for `query` rendered on the server.
  std::string SearchPage(const std::string& query) const;

  const SearchIndex& search() const { return search_; }

 private:
  std::vector<Framework> frameworks_;
  std::vector<Framework> previous_;
  SearchIndex search_;
  std::map<std::string, SitePage> pages_;
};

// Percent-encodes a path for use in an href ("ba/business analysis" -> "ba/business%20analysis").
std::string EncodePath(const std::string& path);

// The reverse of EncodePath, for writing pages to disk.
std::string DecodePath(const std::string& path);

// The fragment a topic's card has on a rung page.
std::string TopicAnchor(const Topic& topic);

}  // namespace rungs

#endif  // RUNGS_WEB_SITE_H_
