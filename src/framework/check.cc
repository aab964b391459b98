#include "framework/check.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "util/text.h"
#include "util/word_list.h"

namespace rungs {
namespace {

Diagnostic At(Severity severity, const Provenance& p, std::string code, std::string message) {
  return {severity, p.file, p.line, p.column, std::move(code), std::move(message)};
}

struct Word {
  std::string_view text;
  bool last = false;  // nothing but punctuation or space follows it
};

// ASCII words of `text`; words with other letters, digits or inner capitals (acronyms,
// product names) are left out, since a word list cannot judge them.
std::vector<Word> Words(std::string_view text) {
  std::vector<Word> words;
  size_t i = 0;
  while (i < text.size()) {
    const auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (!is_letter(text[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && is_letter(text[end])) ++end;
    const bool glued = end < text.size() && (static_cast<unsigned char>(text[end]) >= 0x80 ||
                                             (text[end] >= '0' && text[end] <= '9'));
    const std::string_view word = text.substr(i, end - i);
    const bool inner_capital =
        std::any_of(word.begin() + 1, word.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (!glued && !inner_capital) words.push_back({word, Trim(text.substr(end)).empty()});
    i = end;
  }
  return words;
}

// Points out a last word that looks cut short ("Territor") and inner words missing their
// last letter ("decreas"). `what` names the text in the message.
void LintWords(const std::string& text, const Provenance& at, const std::string& what,
               Diagnostics& out) {
  const WordList* words = WordList::System();
  if (words == nullptr) return;
  for (const Word& w : Words(text)) {
    if (w.text.size() < 4 || words->Contains(w.text)) continue;
    if (w.last && text.back() != '.' && text.back() != ')') {
      if (std::optional<std::string> full = words->CompletionOf(w.text, 3)) {
        out.push_back(At(Severity::kWarning, at, "cut-short",
                         fmt::format("{} \"{}\" looks cut short: \"{}\" is not a word, \"{}\" is",
                                     what, text, w.text, *full)));
      }
      continue;
    }
    if (w.text.size() < 6) continue;  // "retro", "neuro": short words are often jargon
    if (std::optional<std::string> full = words->CompletionOf(w.text, 1)) {
      out.push_back(At(Severity::kNote, at, "possible-typo",
                       fmt::format("\"{}\" in {} is not a word; \"{}\" is", w.text, what, *full)));
    }
  }
}

void LintFrameworkWords(const Framework& fw, Diagnostics& out) {
  for (const Level& level : fw.levels) LintWords(level.name, level.source, "level name", out);
  for (const Topic& topic : fw.topics) {
    if (!topic.title_from_generic) LintWords(topic.title, topic.source, "topic title", out);
    for (const TopicRung& tr : topic.rungs) {
      for (const Criterion& c : tr.criteria) {
        if (!c.from_generic) LintWords(c.text, c.source, "criterion", out);
      }
    }
  }
}

// The word lints know English only: a framework in Portuguese would be all "typos".
bool LooksEnglish(const Framework& fw) {
  const WordList* words = WordList::System();
  if (words == nullptr) return false;
  int known = 0;
  int total = 0;
  for (const Topic& topic : fw.topics) {
    for (const TopicRung& tr : topic.rungs) {
      for (const Criterion& c : tr.criteria) {
        for (const Word& w : Words(c.text)) {
          if (w.text.size() < 4) continue;
          ++total;
          known += words->Contains(w.text) ? 1 : 0;
        }
      }
    }
  }
  return total == 0 || known >= total * 85 / 100;
}

}  // namespace

Diagnostics Lint(const Framework& fw) {
  Diagnostics out;
  if (LooksEnglish(fw)) LintFrameworkWords(fw, out);
  if (!fw.yaml || fw.topics.empty()) return out;
  std::set<int> levels_with_content;
  for (const Topic& topic : fw.topics) {
    std::set<int> levels;
    for (const TopicRung& tr : topic.rungs) {
      if (const Rung* rung = FindRung(fw, tr.rung)) levels.insert(rung->level);
      std::set<std::string> seen;
      for (const Criterion& c : tr.criteria) {
        if (Trim(c.text).empty()) {
          out.push_back(
              At(Severity::kWarning, c.source, "empty-criterion",
                 fmt::format("criterion in topic '{}' at {} is empty", topic.name, tr.rung)));
          continue;
        }
        if (!seen.insert(NormalizeSpace(c.text)).second) {
          out.push_back(At(
              Severity::kWarning, c.source, "repeated-criterion",
              fmt::format("criterion is listed twice in topic '{}' at {}", topic.name, tr.rung)));
        }
      }
    }
    levels_with_content.insert(levels.begin(), levels.end());
    if (topic.rungs.empty()) {
      out.push_back(At(Severity::kWarning, topic.source, "topic-without-content",
                       fmt::format("topic '{}' has no criteria at any level", topic.name)));
      continue;
    }
    std::string missing;
    for (const Level& level : fw.levels) {
      if (levels.count(level.number) == 0) {
        missing += (missing.empty() ? "" : ", ") + level.name;
      }
    }
    if (!missing.empty()) {
      out.push_back(At(Severity::kNote, topic.source, "topic-missing-level",
                       fmt::format("topic '{}' has nothing for {}", topic.name, missing)));
    }
  }
  for (const Level& level : fw.levels) {
    if (levels_with_content.count(level.number) == 0) {
      out.push_back(At(Severity::kWarning, level.source, "empty-level",
                       fmt::format("no topic has criteria for {}", level.name)));
    }
  }
  return out;
}

}  // namespace rungs
