#include "metrics/targets.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "metrics/targets_settings.h"
#include "util/text.h"
#include "util/utf8.h"

namespace rungs {
namespace {

// ---- Reading criterion text ---------------------------------------------------------------

struct Token {
  enum class Kind { kWord, kNumber, kPercent, kSlash, kDash, kAtLeast, kAtMost, kPlus, kPunct };
  Kind kind = Kind::kWord;
  std::string word;  // lower-case ASCII for words; the character for punctuation
  double value = 0;  // numbers
  size_t begin = 0;  // byte offsets into the text
  size_t end = 0;
};

std::optional<double> NumberWord(std::string_view w) {
  static const char* const kWords[] = {"one",   "two",   "three", "four", "five",   "six",
                                       "seven", "eight", "nine",  "ten",  "eleven", "twelve"};
  for (int i = 0; i < 12; ++i) {
    if (w == kWords[i]) return i + 1;
  }
  return std::nullopt;
}

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  auto push = [&](Token::Kind kind, size_t begin, size_t end, std::string word = "") {
    Token t;
    t.kind = kind;
    t.word = std::move(word);
    t.begin = begin;
    t.end = end;
    tokens.push_back(std::move(t));
  };
  while (i < text.size()) {
    const char c = text[i];
    if (IsAsciiLetter(c) || IsDigit(c)) {
      size_t end = i;
      while (end < text.size() && (IsAsciiLetter(text[end]) || IsDigit(text[end]))) ++end;
      // A decimal: "7.5".
      if (IsDigit(c) && end + 1 < text.size() && text[end] == '.' && IsDigit(text[end + 1])) {
        const size_t dot = end;
        end = dot + 1;
        while (end < text.size() && IsDigit(text[end])) ++end;
        if (end < text.size() && IsAsciiLetter(text[end])) end = dot;  // "1.2a" is not a number
      }
      const std::string_view run = text.substr(i, end - i);
      const bool numeric =
          std::all_of(run.begin(), run.end(), [](char d) { return IsDigit(d) || d == '.'; });
      if (numeric) {
        Token t;
        t.kind = Token::Kind::kNumber;
        std::from_chars(run.data(), run.data() + run.size(), t.value);
        t.begin = i;
        t.end = end;
        t.word = std::string(run);
        tokens.push_back(std::move(t));
      } else {
        // Words, and ids such as "1B" or "2nd" that are not numbers.
        const std::string word = ToLowerAscii(run);
        if (std::optional<double> n = NumberWord(word)) {
          push(Token::Kind::kNumber, i, end, word);
          tokens.back().value = *n;
        } else if (word == "percent") {
          push(Token::Kind::kPercent, i, end, "%");
        } else if (word == "cent" && !tokens.empty() && tokens.back().word == "per") {
          tokens.back().kind = Token::Kind::kPercent;  // "per cent"
          tokens.back().word = "%";
          tokens.back().end = end;
        } else {
          push(Token::Kind::kWord, i, end, word);
        }
      }
      i = end;
      continue;
    }
    size_t next = i;
    char32_t cp = 0;
    DecodeUtf8(text, next, cp);
    switch (cp) {
      case U'%':
        push(Token::Kind::kPercent, i, next, "%");
        break;
      case U'/':
        push(Token::Kind::kSlash, i, next, "/");
        break;
      case U'-':
      case U'\u2013':
      case U'\u2014':
        push(Token::Kind::kDash, i, next, "-");
        break;
      case U'\u2265':
        push(Token::Kind::kAtLeast, i, next, ">=");
        break;
      case U'\u2264':
        push(Token::Kind::kAtMost, i, next, "<=");
        break;
      case U'>':
      case U'<':
        if (next < text.size() && text[next] == '=') ++next;
        push(cp == U'>' ? Token::Kind::kAtLeast : Token::Kind::kAtMost, i, next,
             cp == U'>' ? ">=" : "<=");
        break;
      case U'+':
        push(Token::Kind::kPlus, i, next, "+");
        break;
      case U',':
      case U';':
      case U':':
      case U'.':
      case U'(':
      case U')':
      case U'!':
      case U'?':
      case U'=':
      case U'&':
        push(Token::Kind::kPunct, i, next, std::string(1, static_cast<char>(cp)));
        break;
      default:
        break;  // white space, quotes and other symbols separate words and mean nothing here
    }
    i = next;
  }
  return tokens;
}

const std::set<std::string, std::less<>> kConversationNouns = {
    "conversation", "conversations", "convo",    "convos",   "ticket",    "tickets",
    "chat",         "chats",         "case",     "cases",    "contact",   "contacts",
    "interaction",  "interactions",  "query",    "queries",  "enquiries", "inquiries",
    "email",        "emails",        "call",     "calls",    "request",   "requests",
    "issue",        "issues",        "question", "questions"};
const std::set<std::string, std::less<>> kRateAdjectives = {
    "closed", "solved", "resolved", "handled", "answered", "completed", "finished", "worked"};
// Metrics a team might give a percentage for that rungs does not measure.
const std::set<std::string, std::less<>> kOtherMetrics = {
    "csat",       "satisfaction", "nps",      "utilisation",   "utilization", "occupancy",
    "adherence",  "resolution",   "fcr",      "sla",           "slas",        "accuracy",
    "response",   "responses",    "tickets",  "conversations", "chats",       "contacts",
    "cases",      "reviews",      "surveys",  "productivity",  "attendance",  "aht",
    "efficiency", "reopen",       "reopened", "escalation",    "escalations", "compliance",
    "ces",        "dsat"};

enum class Metric { kNone, kActivity, kQa, kOther };

class TextReader {
 public:
  explicit TextReader(std::string_view text) : text_(text), t_(Tokenize(text)) {}

  TextTargets Read() {
    const std::string lower = ToLowerAscii(NormalizeSpace(text_));
    // "Working towards probation targets" is about getting there, not a verdict.
    if (lower.find("working towards") != std::string::npos ||
        lower.find("working toward ") != std::string::npos ||
        lower.find("work towards") != std::string::npos) {
      return {};
    }
    for (size_t i = 0; i < t_.size();) i = Step(i);
    return Finish();
  }

 private:
  struct Part {
    size_t begin = 0;
    size_t end = 0;
  };

  bool Word(size_t i, std::string_view w) const {
    return i < t_.size() && t_[i].kind == Token::Kind::kWord && t_[i].word == w;
  }
  bool WordIn(size_t i, const std::set<std::string, std::less<>>& words) const {
    return i < t_.size() && t_[i].kind == Token::Kind::kWord && words.count(t_[i].word) > 0;
  }
  bool Is(size_t i, Token::Kind kind) const { return i < t_.size() && t_[i].kind == kind; }
  bool Number(size_t i) const { return Is(i, Token::Kind::kNumber); }

  Part Span(size_t first, size_t last) const {
    last = std::min(last, t_.size() - 1);
    return {t_[first].begin, t_[last].end};
  }

  // The text of tokens first..last as written.
  std::string Original(size_t first, size_t last) const {
    const Part p = Span(first, last);
    return std::string(text_.substr(p.begin, p.end - p.begin));
  }

  void Unreadable(Part part, std::string reason) {
    if (!unreadable_ || part.begin < unreadable_->first.begin) {
      unreadable_ = std::make_pair(part, std::move(reason));
    }
  }

  // Tokens of a rate unit at i ("per hour", "an hour", "/h", "p/h", "hourly"); 0 if none.
  // `period` is "hour", or the other period a rate is given per ("day", "week").
  size_t RateUnit(size_t i, std::string& period) const {
    static const std::set<std::string, std::less<>> kPer = {"per", "an", "a", "each", "every"};
    static const std::set<std::string, std::less<>> kHour = {"hour", "hr", "h", "hrs"};
    static const std::set<std::string, std::less<>> kOther = {"day",   "week",  "wk",
                                                              "month", "shift", "d"};
    if (Word(i, "hourly")) {
      period = "hour";
      return 1;
    }
    if (Word(i, "p") && Is(i + 1, Token::Kind::kSlash) && Word(i + 2, "h")) {
      period = "hour";
      return 3;
    }
    if (WordIn(i, kPer) || Is(i, Token::Kind::kSlash)) {
      if (WordIn(i + 1, kHour)) {
        period = "hour";
        return 2;
      }
      if (WordIn(i + 1, kOther)) {
        period = t_[i + 1].word == "wk" ? "week" : t_[i + 1].word == "d" ? "day" : t_[i + 1].word;
        return 2;
      }
    }
    return 0;
  }

  static Metric Classify(std::string_view w) {
    if (w == "activity" || w == "active") return Metric::kActivity;
    if (w == "qa" || w == "quality") return Metric::kQa;
    if (kOtherMetrics.count(w) > 0) return Metric::kOther;
    return Metric::kNone;
  }

  Metric MetricAt(size_t i) const {
    return i < t_.size() && t_[i].kind == Token::Kind::kWord ? Classify(t_[i].word) : Metric::kNone;
  }

  // A comparator written before the number at i that makes it a maximum ("below 5%").
  std::optional<Part> Maximum(size_t i) const {
    static const std::set<std::string, std::less<>> kBelow = {"below", "under", "max", "maximum",
                                                              "within"};
    if (i >= 1 && (Is(i - 1, Token::Kind::kAtMost) || WordIn(i - 1, kBelow))) {
      return Span(i - 1, i);
    }
    if (i >= 2 && Word(i - 2, "at") && Word(i - 1, "most")) return Span(i - 2, i);
    if (i >= 2 && (Word(i - 2, "less") || Word(i - 2, "fewer") || Word(i - 2, "more")) &&
        Word(i - 1, "than")) {
      if (Word(i - 2, "more") && !(i >= 3 && Word(i - 3, "no"))) return std::nullopt;
      return Span(i - 2, i);
    }
    return std::nullopt;
  }

  // At a number (or a range "10-12"): returns the index after what it starts.
  size_t Step(size_t i) {
    const Token& tok = t_[i];
    if (tok.kind == Token::Kind::kWord) return StepWord(i);
    if (tok.kind != Token::Kind::kNumber) return i + 1;
    size_t k = i + 1;
    bool range = false;
    if ((Is(k, Token::Kind::kDash) || Word(k, "to") ||
         (Word(k, "and") && i > 0 && Word(i - 1, "between"))) &&
        Number(k + 1)) {
      range = true;
      k += 2;
    }
    const double value = t_[k - 1].value;
    const bool every = i > 0 && (Word(i - 1, "every") || Word(i - 1, "each"));

    // Percentages: "95% activity", "95% QA score", "QA score of 95%".
    if (Is(k, Token::Kind::kPercent)) return Percentage(i, k, value, range);

    // Rates: "12 conversations per hour", "7.5 closed tickets/h", "10 per hour", "12+ cph".
    {
      size_t n = k;
      if (Is(n, Token::Kind::kPlus)) ++n;
      if (Word(n, "or") && Word(n + 1, "more")) n += 2;
      if (Word(n, "cph")) {
        Rate(i, n, value, range, "");
        return n + 1;
      }
      std::string noun;
      if (WordIn(n, kRateAdjectives)) ++n;
      std::string period;
      size_t unit = RateUnit(n, period);
      if (unit == 0 && Is(n, Token::Kind::kWord)) {
        noun = t_[n].word;
        unit = RateUnit(n + 1, period);
        if (unit > 0) ++n;
      }
      if (unit > 0) {
        const size_t last = n + unit - 1;
        const bool known = noun.empty() || kConversationNouns.count(noun) > 0;
        if (period == "hour" && known) {
          Rate(i, last, value, range, noun);
          return last + 1;
        }
        if (period == "hour") {
          Unreadable(Span(i, last),
                     fmt::format("rungs measures conversations (or tickets, chats) per hour, not "
                                 "'{}'",
                                 noun));
          return last + 1;
        }
        if (known) {
          Unreadable(
              Span(i, last),
              fmt::format("a rate per {}: rungs measures conversations per active hour", period));
          return last + 1;
        }
        return last + 1;  // "2 blog posts per month": not helpdesk data
      }
    }

    // "3 of the last 4 weeks", "3 out of 4 weeks".
    {
      size_t n = k;
      if (Word(n, "out")) ++n;
      if (Word(n, "of")) {
        ++n;
        if (Word(n, "the")) ++n;
        if (Word(n, "last") || Word(n, "past")) ++n;
        if (Number(n) && (Word(n + 1, "weeks") || Word(n + 1, "week"))) {
          if (range || value < 1 || value > t_[n].value || value != static_cast<int>(value) ||
              t_[n].value != static_cast<int>(t_[n].value) || t_[n].value > 52) {
            Unreadable(Span(i, n + 1), "a window must be whole weeks, K of the last W (W ≤ 52)");
          } else {
            window_meeting_ = static_cast<int>(value);
            window_weeks_ = static_cast<int>(t_[n].value);
            window_part_ = Span(i, n + 1);
          }
          return n + 2;
        }
      }
    }

    // "at least 2 weeks", "2 consecutive weeks", "two weeks in a row".
    {
      size_t n = k;
      if (Word(n, "consecutive") || Word(n, "straight") || Word(n, "successive") ||
          Word(n, "full")) {
        ++n;
      }
      if ((Word(n, "weeks") || Word(n, "week")) && !every) {
        const bool whole = value >= 1 && value <= 52 && value == static_cast<int>(value);
        if (range || !whole || weeks_ != 0) {
          weeks_bad_ = Span(i, n);  // a range, a fraction, or a second number of weeks
        } else {
          weeks_ = static_cast<int>(value);
          weeks_part_ = Span(i, n);
        }
        return n + 1;
      }
    }

    // "at least three advanced tasks", "5 or more advanced tasks", "3+ advanced tasks".
    {
      size_t n = k;
      if (Is(n, Token::Kind::kPlus)) ++n;
      if (Word(n, "or") && (Word(n + 1, "more") || Word(n + 1, "over"))) n += 2;
      if (Word(n, "advanced") && (Word(n + 1, "tasks") || Word(n + 1, "task"))) {
        if (range || value < 1 || value != static_cast<int>(value) || advanced_ > 0) {
          Unreadable(Span(i, n + 1), advanced_ > 0
                                         ? "two numbers of advanced tasks"
                                         : "a number of advanced tasks must be one whole number");
        } else if (std::optional<Part> max = Maximum(i)) {
          Unreadable(*max, "targets are minimums; a maximum cannot be checked");
        } else {
          advanced_ = static_cast<int>(value);
        }
        return n + 2;
      }
    }
    return k;
  }

  size_t StepWord(size_t i) {
    const std::string& w = t_[i].word;
    if (w == "target" || w == "targets") targets_word_ = true;
    // "a 4.5/5 CSAT", "handle time under 8 minutes": measures that rungs does not read.
    static const std::set<std::string, std::less<>> kMeasures = {"csat", "nps", "aht", "fcr",
                                                                 "dsat", "ces", "sla", "slas"};
    static const std::set<std::string, std::less<>> kTimed = {"handle",     "handling", "response",
                                                              "resolution", "wait",     "reply"};
    const bool timed = WordIn(i, kTimed) && (Word(i + 1, "time") || Word(i + 1, "times"));
    if (kMeasures.count(w) > 0 || timed) {
      // The number right before ("4.5/5 CSAT"), or after a few words ("CSAT score of 4.5").
      const size_t last_word = timed ? i + 1 : i;
      std::optional<Part> part;
      if (i >= 1 && Number(i - 1)) {
        const bool out_of = i >= 3 && Is(i - 2, Token::Kind::kSlash) && Number(i - 3);
        part = Span(out_of ? i - 3 : i - 1, last_word);
      } else {
        static const std::set<std::string, std::less<>> kFill = {
            "of", "at", "least", "above", "over", "under", "below", "within", "is", "score"};
        size_t n = last_word + 1;
        while (n <= last_word + 3 &&
               (WordIn(n, kFill) || Is(n, Token::Kind::kAtLeast) || Is(n, Token::Kind::kAtMost) ||
                (Is(n, Token::Kind::kPunct) && t_[n].word == ":"))) {
          ++n;
        }
        if (Number(n)) part = Span(i, n);
      }
      if (part) {
        Unreadable(*part, fmt::format("rungs measures conversations per hour, activity % and QA "
                                      "%, not '{}'",
                                      Original(i, last_word)));
      }
    }
    // "maintaining all 'core' scaling task targets", "core targets".
    if (w == "core") {
      for (size_t n = i + 1; n < t_.size() && n <= i + 4; ++n) {
        if (!Is(n, Token::Kind::kWord)) break;
        if (Word(n, "target") || Word(n, "targets")) {
          core_ = Span(i, n);
          targets_word_ = true;
          return n + 1;
        }
      }
    }
    // "conversations per hour: 12", "QA score of 95%" (the latter is read at the number).
    std::string period;
    size_t n = i + 1;
    if (kConversationNouns.count(w) > 0) {
      const size_t unit = RateUnit(n, period);
      if (unit > 0 && period == "hour") {
        n += unit;
        static const std::set<std::string, std::less<>> kFill = {
            "of", "at", "least", "above", "over", "minimum", "min", "is"};
        while (n < t_.size() && n <= i + unit + 4 &&
               (WordIn(n, kFill) || Is(n, Token::Kind::kAtLeast) ||
                (Is(n, Token::Kind::kPunct) && (t_[n].word == ":" || t_[n].word == "=")))) {
          ++n;
        }
        if (Number(n) && !Is(n + 1, Token::Kind::kPercent)) {
          const bool range = (Is(n + 1, Token::Kind::kDash) || Word(n + 1, "to")) && Number(n + 2);
          const size_t last = range ? n + 2 : n;
          Rate(i, last, t_[last].value, range, w);
          return last + 1;
        }
      }
    }
    return i + 1;
  }

  void Rate(size_t first, size_t last, double value, bool range, const std::string& noun) {
    const Part part = Span(first, last);
    if (range) {
      Unreadable(part, "a range: a target is one number");
    } else if (value <= 0) {
      Unreadable(part, "a rate must be more than zero");
    } else if (rate_) {
      Unreadable(part, "two rates in one criterion");
    } else if (std::optional<Part> max = Maximum(first)) {
      Unreadable(*max, "targets are minimums; a maximum cannot be checked");
    } else {
      rate_ = value;
      if (!noun.empty()) rate_noun_ = noun;
    }
  }

  size_t Percentage(size_t i, size_t percent, double value, bool range) {
    size_t after = percent + 1;
    if (Is(after, Token::Kind::kPlus)) ++after;
    if (Word(after, "or") && (Word(after + 1, "more") || Word(after + 1, "higher") ||
                              Word(after + 1, "above") || Word(after + 1, "over"))) {
      after += 2;
    }
    size_t m = after;
    if (Word(m, "on") || Word(m, "in") || Word(m, "for") || Word(m, "of")) ++m;
    if (Word(m, "the") || Word(m, "all")) ++m;
    Metric metric = MetricAt(m);
    size_t metric_at = m;
    size_t end = metric == Metric::kNone ? percent : m;
    if (metric == Metric::kNone) {
      // Before the number: "QA score of at least 95%", "activity: 95%".
      static const std::set<std::string, std::less<>> kSkip = {
          "at",      "least",  "of",      "above", "over",  "is",    "score",   "scores",
          "rate",    "target", "minimum", "min",   "a",     "an",    "to",      "with",
          "average", "avg",    "overall", "below", "under", "max",   "maximum", "most",
          "within",  "than",   "less",    "no",    "more",  "stays", "keeps"};
      for (size_t back = 1; back <= 5 && back <= i; ++back) {
        const size_t j = i - back;
        if (Is(j, Token::Kind::kAtLeast) ||
            (Is(j, Token::Kind::kPunct) && (t_[j].word == ":" || t_[j].word == "="))) {
          continue;
        }
        if (!Is(j, Token::Kind::kWord)) break;
        const Metric before = Classify(t_[j].word);
        if (before != Metric::kNone) {
          metric = before;
          metric_at = j;
          break;
        }
        if (kSkip.count(t_[j].word) == 0) break;
      }
    }
    const size_t first = metric != Metric::kNone && metric_at < i ? metric_at : i;
    const Part part = Span(first, std::max(end, percent));
    if (metric == Metric::kNone) {
      orphan_percent_ = orphan_percent_ ? orphan_percent_ : std::optional<Part>(part);
      return after;
    }
    if (metric == Metric::kOther) {
      Unreadable(part, fmt::format("rungs measures activity % and QA %, not '{}'",
                                   Original(metric_at, metric_at)));
      return end + 1;
    }
    if (range) {
      Unreadable(part, "a range: a target is one number");
    } else if (value > 100) {
      Unreadable(part, "a percentage above 100");
    } else if (std::optional<Part> max = Maximum(i)) {
      Unreadable(*max, "targets are minimums; a maximum cannot be checked");
    } else {
      SetPercent(metric, value, part);
      // "95% activity and QA": one number for both.
      if (metric_at == m && Word(m + 1, "and")) {
        const Metric second = MetricAt(m + 2);
        if ((second == Metric::kActivity || second == Metric::kQa) && second != metric &&
            !Is(m + 3, Token::Kind::kNumber)) {
          SetPercent(second, value, Span(i, m + 2));
          return m + 3;
        }
      }
    }
    return std::max(end + 1, after);
  }

  void SetPercent(Metric metric, double value, Part part) {
    std::optional<double>& slot = metric == Metric::kActivity ? activity_ : qa_;
    if (slot) {
      Unreadable(part,
                 fmt::format("two {} targets", metric == Metric::kActivity ? "activity" : "QA"));
      return;
    }
    slot = value;
  }

  TextTargets Finish() {
    TextTargets out;
    const bool rates = rate_ || activity_ || qa_;
    const bool any = rates || advanced_ > 0 || core_;
    const bool timed = weeks_ > 0 || window_part_;
    if (!unreadable_ && any && orphan_percent_) {
      Unreadable(*orphan_percent_, "a percentage that names no metric (activity or QA)");
    }
    if (!unreadable_ && weeks_bad_ && (any || targets_word_)) {
      Unreadable(*weeks_bad_, "a number of weeks must be one whole number from 1 to 52");
    }
    if (!unreadable_ && !any && timed && targets_word_) {
      Unreadable(weeks_part_ ? *weeks_part_ : *window_part_,
                 "says for how long but not which targets (write the numbers, such as "
                 "'10 conversations per hour, 95% activity and 95% QA')");
    }
    if (!unreadable_ && weeks_ > 0 && window_part_) {
      Unreadable(*window_part_, "both a run of weeks and a window of weeks");
    }
    if (unreadable_) {
      out.kind = TextTargets::Kind::kUnreadable;
      out.reason = unreadable_->second;
      const Part part = unreadable_->first;
      out.excerpt = std::string(text_.substr(part.begin, part.end - part.begin));
      out.first_column = static_cast<int>(CountCodePoints(text_.substr(0, part.begin))) + 1;
      out.last_column = static_cast<int>(CountCodePoints(text_.substr(0, part.end)));
      return out;
    }
    if (!any) return out;
    MeasuredRule& rule = out.rule;
    rule.conversations_per_hour = rate_;
    rule.rate_noun = rate_noun_;
    rule.activity_pct = activity_;
    rule.qa_pct = qa_;
    rule.advanced_tasks = advanced_;
    rule.core_targets = core_.has_value() && !rates;
    if (rates || rule.core_targets) {
      rule.weeks_in_a_row = weeks_;
      rule.consistently = weeks_ == 0;
      rule.window_weeks = window_weeks_;
      rule.window_meeting = window_meeting_;
    }
    out.kind = TextTargets::Kind::kRule;
    return out;
  }

  std::string_view text_;
  std::vector<Token> t_;
  std::optional<std::pair<Part, std::string>> unreadable_;
  std::optional<double> rate_;
  std::string rate_noun_ = "conversations";
  std::optional<double> activity_;
  std::optional<double> qa_;
  int advanced_ = 0;
  std::optional<Part> core_;
  int weeks_ = 0;
  std::optional<Part> weeks_part_;
  std::optional<Part> weeks_bad_;
  int window_weeks_ = 0;
  int window_meeting_ = 0;
  std::optional<Part> window_part_;
  std::optional<Part> orphan_percent_;
  bool targets_word_ = false;
};

// ---- A whole framework ----------------------------------------------------------------------

struct Place {
  const Topic* topic = nullptr;
  const Criterion* criterion = nullptr;
  std::string rung;
  int rung_index = 0;
  int position = 0;  // 1-based, within the topic's rung
};

std::string Selector(const Place& place) {
  return fmt::format("{}/{}/{}", place.topic->name, place.rung, place.position);
}

// The rule whose rates are the core targets for a criterion at `here`: in the same topic
// first, a "consistently" rule first, then the highest rung below, then the first listed.
std::optional<std::string> FindCore(const std::map<std::string, MeasuredRule>& rules,
                                    const std::map<std::string, Place>& places, const Place& here) {
  std::optional<std::string> best;
  std::tuple<bool, bool, int, int> best_score;
  for (const auto& [key, rule] : rules) {
    if (rule.core_targets || !HasRates(rule)) continue;
    auto it = places.find(key);
    if (it == places.end() || it->second.rung_index >= here.rung_index) continue;
    const Place& p = it->second;
    const std::tuple<bool, bool, int, int> score{p.topic == here.topic, rule.consistently,
                                                 p.rung_index, -p.position};
    if (!best || score > best_score) {
      best = key;
      best_score = score;
    }
  }
  return best;
}

std::string Number(double v) { return fmt::format("{}", v); }

}  // namespace

bool HasRates(const MeasuredRule& rule) {
  return rule.conversations_per_hour || rule.activity_pct || rule.qa_pct;
}

TextTargets ParseTargetText(std::string_view text) { return TextReader(text).Read(); }

const MeasuredRule* FrameworkTargets::Find(const std::string& criterion_key) const {
  auto it = rules.find(criterion_key);
  return it == rules.end() ? nullptr : &it->second;
}

FrameworkTargets ResolveTargets(const Framework& framework) {
  FrameworkTargets out;
  const FrameworkSettings settings = ReadTargetSettings(framework, out.diagnostics);
  out.settings = settings.settings;

  // Rules from the text.
  std::map<std::string, Place> places;
  std::map<std::string, TextTargets> unreadable;
  for (const Topic& topic : framework.topics) {
    for (const TopicRung& tr : topic.rungs) {
      int position = 0;
      for (const Criterion& c : tr.criteria) {
        ++position;
        places[c.key] = {&topic, &c, tr.rung, RungIndex(framework, tr.rung), position};
        if (c.reference) continue;
        TextTargets read = ParseTargetText(c.text);
        if (read.kind == TextTargets::Kind::kRule) {
          out.rules[c.key] = std::move(read.rule);
        } else if (read.kind == TextTargets::Kind::kUnreadable && !c.from_generic) {
          unreadable[c.key] = std::move(read);
        }
      }
    }
  }

  // Declarations replace what the text says.
  std::set<std::string> declared;
  for (const DeclaredTarget& d : settings.targets) {
    std::string key = d.criterion;
    if (places.count(key) == 0) key = framework.id + "/" + d.criterion;
    auto it = places.find(key);
    if (it == places.end()) {
      out.diagnostics.push_back(
          {Severity::kError, d.source.file, d.source.line, d.source.column, "settings-criterion",
           fmt::format(
               "rungs settings: targets: no criterion '{}' in framework '{}'; name one "
               "as topic/rung/position (such as '{}') or by its key",
               d.criterion, framework.id,
               places.empty() ? std::string("topic/1/1") : Selector(places.begin()->second))});
      continue;
    }
    if (it->second.criterion->reference) {
      out.diagnostics.push_back(
          {Severity::kError, d.source.file, d.source.line, d.source.column, "settings-criterion",
           fmt::format("rungs settings: targets: '{}' is a reference to another level, not a "
                       "criterion that can be measured",
                       d.criterion)});
      continue;
    }
    if (!declared.insert(key).second) {
      out.diagnostics.push_back(
          {Severity::kError, d.source.file, d.source.line, d.source.column, "settings-criterion",
           fmt::format("rungs settings: targets: '{}' is declared twice (by position and by "
                       "key); which one is meant is ambiguous",
                       d.criterion)});
      continue;
    }
    unreadable.erase(key);
    if (d.rule) {
      out.rules[key] = *d.rule;
      out.rules[key].source = "declared";
    } else {
      out.rules.erase(key);
    }
  }

  // "Maintaining all 'core' targets" takes the rates of the rung below that states them.
  for (auto& [key, rule] : out.rules) {
    if (!rule.core_targets || HasRates(rule)) continue;
    const Place& here = places.at(key);
    if (std::optional<std::string> from = FindCore(out.rules, places, here)) {
      const MeasuredRule& core = out.rules.at(*from);
      rule.conversations_per_hour = core.conversations_per_hour;
      rule.rate_noun = core.rate_noun;
      rule.activity_pct = core.activity_pct;
      rule.qa_pct = core.qa_pct;
      rule.core_from = *from;
      continue;
    }
    const Provenance& at = here.criterion->source;
    out.diagnostics.push_back(
        {Severity::kWarning, at.file, at.line, at.column, "core-targets-missing",
         fmt::format("criterion {} refers to the 'core' targets, but no rung below it states "
                     "them (such as '12 conversations per hour, 95% activity and 95% QA'); "
                     "declare them in the framework's rungs settings under targets: {}",
                     Selector(here), Selector(here))});
  }

  for (const auto& [key, read] : unreadable) {
    const Place& place = places.at(key);
    const Provenance& at = place.criterion->source;
    out.diagnostics.push_back(
        {Severity::kWarning, at.file, at.line, at.column, "target-unreadable",
         fmt::format("criterion {} looks measurable but cannot be read: {}: \"{}\" (columns "
                     "{}-{} of its text); reword it, or declare it in the framework's rungs "
                     "settings under targets: {} (or measured: false)",
                     Selector(place), read.reason, read.excerpt, read.first_column,
                     read.last_column, Selector(place))});
  }
  return out;
}

std::string DescribeRule(const MeasuredRule& rule, const TargetSettings& settings) {
  std::vector<std::string> parts;
  if (rule.advanced_tasks > 0) {
    parts.push_back(fmt::format("\u2265{} advanced task{}", rule.advanced_tasks,
                                rule.advanced_tasks == 1 ? "" : "s"));
  }
  std::string rates;
  auto add = [&](const std::string& s) { rates += (rates.empty() ? "" : " \u00B7 ") + s; };
  if (rule.conversations_per_hour) {
    add(fmt::format("{} {}/h", Number(*rule.conversations_per_hour), rule.rate_noun));
  }
  if (rule.activity_pct) add(fmt::format("\u2265{}% activity", Number(*rule.activity_pct)));
  if (rule.qa_pct) add(fmt::format("\u2265{}% QA", Number(*rule.qa_pct)));
  if (rule.core_targets) {
    parts.push_back(rates.empty() ? "core targets (not stated below)" : "core targets: " + rates);
  } else if (!rates.empty()) {
    parts.push_back(rates);
  }
  if (rule.weeks_in_a_row > 0) {
    parts.push_back(fmt::format("{} week{} in a row", rule.weeks_in_a_row,
                                rule.weeks_in_a_row == 1 ? "" : "s"));
  } else if (rule.consistently) {
    const int w = rule.window_weeks > 0 ? rule.window_weeks : settings.window_weeks;
    const int k = rule.window_meeting > 0 ? rule.window_meeting : settings.window_meeting;
    parts.push_back(fmt::format("{} of the last {} weeks", k, w));
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : " \u00B7 ") + p;
  return out;
}

}  // namespace rungs
