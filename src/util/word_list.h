// An English word list (Debian's wamerican and wbritish, in /usr/share/dict) for the lints that
// spot text cut short ("Master – Senior Territor") or a word missing its last letters ("decreas").
// Lints only point such words out; nothing is ever rewritten.
#ifndef RUNGS_UTIL_WORD_LIST_H_
#define RUNGS_UTIL_WORD_LIST_H_

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace rungs {

class WordList {
 public:
  // Words one per line; case is folded.
  explicit WordList(std::string_view text);

  // The system word lists, read once; nullptr when none is installed.
  static const WordList* System();

  bool Contains(std::string_view word) const;
  // The shortest word that starts with `prefix` and is at most `max_extra` letters longer, when
  // `prefix` itself is not a word.
  std::optional<std::string> CompletionOf(std::string_view prefix, size_t max_extra) const;
  size_t size() const { return words_.size(); }

 private:
  std::unordered_set<std::string> words_;
  std::vector<std::string> sorted_;
};

}  // namespace rungs

#endif  // RUNGS_UTIL_WORD_LIST_H_
