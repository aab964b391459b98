#include "util/word_list.h"

#include <algorithm>

#include "util/file.h"
#include "util/text.h"

namespace rungs {

WordList::WordList(std::string_view text) {
  for (std::string_view line : SplitLines(text)) {
    line = Trim(line);
    if (line.empty()) continue;
    std::string word = ToLowerAscii(line);
    // "territory's" adds nothing: possessives are not what text gets cut to.
    if (word.find('\'') != std::string::npos) continue;
    if (words_.insert(word).second) sorted_.push_back(std::move(word));
  }
  std::sort(sorted_.begin(), sorted_.end());
}

const WordList* WordList::System() {
  // Frameworks are written in both spellings ("analyse", "analyze"): read both lists.
  static const WordList* list = []() -> const WordList* {
    std::string text;
    for (const char* path : {"/usr/share/dict/american-english", "/usr/share/dict/british-english",
                             "/usr/share/dict/words"}) {
      const FileContents f = ReadFileCapped(path, 16 << 20);
      if (f.ok) text += f.bytes + "\n";
    }
    if (text.empty()) return nullptr;
    return new WordList(text);
  }();
  return list;
}

bool WordList::Contains(std::string_view word) const {
  return words_.count(ToLowerAscii(word)) > 0;
}

std::optional<std::string> WordList::CompletionOf(std::string_view prefix, size_t max_extra) const {
  const std::string lower = ToLowerAscii(prefix);
  if (lower.empty() || words_.count(lower) > 0) return std::nullopt;
  std::optional<std::string> best;
  for (auto it = std::lower_bound(sorted_.begin(), sorted_.end(), lower);
       it != sorted_.end() && StartsWith(*it, lower); ++it) {
    if (it->size() - lower.size() > max_extra) continue;
    if (!best || it->size() < best->size()) best = *it;
  }
  return best;
}

}  // namespace rungs
