// Search across every criterion, example and topic title of the loaded frameworks. The server
// answers queries itself; the static site gets the same entries as an embedded index
// (assets/search-index.js, a classic script, so it works from file://) and app.js runs the same
// matching: every word of the query must occur, case-insensitively, in the entry's text.
#ifndef RUNGS_WEB_SEARCH_H_
#define RUNGS_WEB_SEARCH_H_

#include <string>
#include <utility>
#include <vector>

#include "framework/model.h"

namespace rungs {

struct SearchEntry {
  std::string framework_id;
  std::string framework_title;
  std::string rung;  // Rung::id
  std::string rung_label;
  std::string topic_title;
  std::string path;    // "f/{id}/{rung}.html#{topic}", relative to the site root
  std::string text;    // the criterion (or example) text, verbatim
  std::string folded;  // lower-cased text, topic and framework title, for matching
};

class SearchIndex {
 public:
  explicit SearchIndex(const std::vector<Framework>& frameworks);

  // At most `limit` entries that contain every word of `query`, in framework order.
  std::vector<const SearchEntry*> Find(const std::string& query, size_t limit, size_t* total) const;
  // "window.RUNGS_SEARCH = [...];" for the static site.
  std::string ToScript() const;
  const std::vector<SearchEntry>& entries() const { return entries_; }

 private:
  std::vector<SearchEntry> entries_;
};

// Lower-cases ASCII and the Latin-1 letters people type without thinking ("É" -> "é").
std::string FoldForSearch(const std::string& text);

// Where the words of `query` occur in `text`, folded as Find matches them: byte ranges
// [first, second) of `text`, sorted, overlapping ones merged, for highlighting a hit.
std::vector<std::pair<size_t, size_t>> MatchedRanges(const std::string& text,
                                                     const std::string& query);

}  // namespace rungs

#endif  // RUNGS_WEB_SEARCH_H_
