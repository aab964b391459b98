#include "web/search.h"

#include <nlohmann/json.hpp>

#include "util/json_text.h"
#include "util/ranges.h"
#include "util/text.h"
#include "util/utf8.h"
#include "web/site.h"

namespace rungs {
namespace {

std::vector<std::string> QueryWords(const std::string& query) {
  std::vector<std::string> words;
  std::string word;
  for (char c : FoldForSearch(query) + " ") {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  return words;
}

}  // namespace

namespace {

char32_t FoldCodePoint(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
  // Latin-1 capitals (À..Þ, but not ×) fold to their small letters.
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) cp += 0x20;
  // Typographic quotes match the ones people type.
  if (cp == 0x2018 || cp == 0x2019) cp = '\'';
  if (cp == 0x201C || cp == 0x201D) cp = '"';
  return cp;
}

// The folded text, and for each of its bytes the offset in `text` of the character it came
// from (with text.size() at the end), so a match in the folded text is a range of the text.
std::string FoldWithOrigins(const std::string& text, std::vector<size_t>* origins) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp;
    const size_t start = pos;
    if (!DecodeUtf8(text, pos, cp)) {
      out += text[start];
    } else {
      AppendUtf8(out, FoldCodePoint(cp));
    }
    if (origins != nullptr) origins->resize(out.size(), start);
  }
  if (origins != nullptr) origins->push_back(text.size());
  return out;
}

}  // namespace

std::string FoldForSearch(const std::string& text) { return FoldWithOrigins(text, nullptr); }

std::vector<std::pair<size_t, size_t>> MatchedRanges(const std::string& text,
                                                     const std::string& query) {
  std::vector<size_t> origins;
  const std::string folded = FoldWithOrigins(text, &origins);
  std::vector<std::pair<size_t, size_t>> ranges;
  for (const std::string& word : QueryWords(query)) {
    for (size_t at = folded.find(word); at != std::string::npos; at = folded.find(word, at + 1)) {
      ranges.emplace_back(origins[at], origins[at + word.size()]);
    }
  }
  return UnionOfRanges(std::move(ranges));
}

SearchIndex::SearchIndex(const std::vector<Framework>& frameworks) {
  for (const Framework& fw : frameworks) {
    for (const Topic& topic : fw.topics) {
      for (const TopicRung& tr : topic.rungs) {
        const Rung* rung = FindRung(fw, tr.rung);
        if (rung == nullptr) continue;
        const std::string path =
            "f/" + EncodePath(fw.id) + "/" + tr.rung + ".html#" + TopicAnchor(topic);
        auto add = [&](const std::string& text) {
          SearchEntry e{fw.id, fw.title, rung->id, rung->label, topic.title, path, text, ""};
          e.folded = FoldForSearch(NormalizeSpace(text) + " \x1F " + topic.title + " \x1F " +
                                   fw.title + " " + rung->label);
          entries_.push_back(std::move(e));
        };
        for (const Criterion& c : tr.criteria) {
          if (c.reference) continue;  // its criteria are indexed where they are listed
          add(c.text);
          for (const Example& ex : c.examples) add(ex.text);
        }
      }
    }
  }
}

std::vector<const SearchEntry*> SearchIndex::Find(const std::string& query, size_t limit,
                                                  size_t* total) const {
  std::vector<const SearchEntry*> hits;
  const std::vector<std::string> words = QueryWords(query);
  size_t count = 0;
  if (!words.empty()) {
    for (const SearchEntry& e : entries_) {
      bool all = true;
      for (const std::string& w : words) {
        if (e.folded.find(w) == std::string::npos) {
          all = false;
          break;
        }
      }
      if (!all) continue;
      ++count;
      if (hits.size() < limit) hits.push_back(&e);
    }
  }
  if (total != nullptr) *total = count;
  return hits;
}

std::string SearchIndex::ToScript() const {
  nlohmann::json list = nlohmann::json::array();
  for (const SearchEntry& e : entries_) {
    list.push_back({e.framework_title, e.rung_label, e.topic_title, e.path, e.text, e.folded});
  }
  // A classic script (not a module, not fetch) so that it loads from file:// too. "</" is
  // escaped so no text can close the script element.
  return "window.RUNGS_SEARCH = " + ReplaceAll(JsonText(list), "</", "<\\/") + ";\n";
}

}  // namespace rungs
