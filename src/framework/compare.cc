#include "framework/compare.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "framework/diff.h"
#include "util/text.h"

namespace rungs {
namespace {

nlohmann::json OrNull(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

std::string Plural(int n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

TopicComparison CompareTopic(const Framework& framework, const Topic& topic,
                             const std::string& from, const std::string& to) {
  TopicComparison result;
  result.name = topic.name;
  result.title = topic.title;
  const std::vector<AssessedCriterion> at_from = CriteriaForRung(framework, topic, from);
  const std::vector<AssessedCriterion> at_to = CriteriaForRung(framework, topic, to);
  std::vector<std::string> from_texts;
  from_texts.reserve(at_from.size());
  for (const AssessedCriterion& a : at_from) {
    from_texts.push_back(NormalizeSpace(a.criterion->text));
  }
  std::vector<bool> from_used(at_from.size(), false);
  for (const AssessedCriterion& a : at_to) {
    ComparedCriterion c;
    c.text = a.criterion->text;
    c.key = a.criterion->key;
    c.via = a.via_reference;
    const std::string normalized = NormalizeSpace(a.criterion->text);
    // Repeated texts pair up one to one, so a criterion listed twice at `to` but once at
    // `from` is once carried over and once new.
    for (size_t i = 0; i < at_from.size(); ++i) {
      if (!from_used[i] && from_texts[i] == normalized) {
        from_used[i] = true;
        c.status = CompareStatus::kCarriedOver;
        c.from_key = at_from[i].criterion->key;
        c.from_via = at_from[i].via_reference;
        break;
      }
    }
    if (c.status == CompareStatus::kNew) {
      ++result.new_count;
    } else {
      ++result.carried_over;
    }
    result.criteria.push_back(std::move(c));
  }
  for (size_t i = 0; i < at_from.size(); ++i) {
    if (from_used[i]) continue;
    ComparedCriterion c;
    c.status = CompareStatus::kNoLongerListed;
    c.text = at_from[i].criterion->text;
    c.from_key = at_from[i].criterion->key;
    c.from_via = at_from[i].via_reference;
    ++result.no_longer_listed;
    result.criteria.push_back(std::move(c));
  }
  return result;
}

}  // namespace

const char* CompareStatusName(CompareStatus status) {
  switch (status) {
    case CompareStatus::kNew:
      return "new";
    case CompareStatus::kCarriedOver:
      return "carried over";
    case CompareStatus::kNoLongerListed:
      return "no longer listed";
  }
  return "?";
}

std::string ListRungIds(const Framework& framework) {
  std::vector<std::string> ids;
  for (const Rung* rung : AllRungs(framework)) ids.push_back(rung->id);
  return fmt::format("{}", fmt::join(ids, ", "));
}

CompareResult CompareRungs(const Framework& framework, const std::string& from_rung,
                           const std::string& to_rung) {
  CompareResult result;
  for (const std::string* id : {&from_rung, &to_rung}) {
    if (FindRung(framework, *id) == nullptr) {
      result.error = fmt::format("framework '{}' has no rung '{}'; its rungs are: {}", framework.id,
                                 *id, ListRungIds(framework));
      return result;
    }
  }
  const Rung& from = *FindRung(framework, from_rung);
  const Rung& to = *FindRung(framework, to_rung);
  if (RungIndex(framework, from_rung) >= RungIndex(framework, to_rung)) {
    result.error = fmt::format(
        "--from must be a lower rung than --to, but {} {} {} in framework '{}' (rungs from "
        "lowest to highest: {})",
        from_rung, from_rung == to_rung ? "is" : "comes after", to_rung, framework.id,
        ListRungIds(framework));
    return result;
  }
  RungComparison comparison;
  comparison.framework_id = framework.id;
  comparison.framework_title = framework.title;
  comparison.from = from.id;
  comparison.to = to.id;
  comparison.from_label = from.label;
  comparison.to_label = to.label;
  for (const Topic& topic : framework.topics) {
    TopicComparison t = CompareTopic(framework, topic, from.id, to.id);
    comparison.new_count += t.new_count;
    comparison.carried_over += t.carried_over;
    comparison.no_longer_listed += t.no_longer_listed;
    comparison.topics.push_back(std::move(t));
  }
  result.comparison = std::move(comparison);
  return result;
}

std::string RenderComparisonText(const RungComparison& c) {
  const std::string from = RungDisplayName(c.from, c.from_label);
  const std::string to = RungDisplayName(c.to, c.to_label);
  std::string out = fmt::format(
      "{}{}: {} → {}\n", c.framework_title,
      c.framework_title == c.framework_id ? "" : fmt::format(" ({})", c.framework_id), from, to);
  std::vector<std::string> silent;
  for (const TopicComparison& t : c.topics) {
    if (t.criteria.empty()) {
      silent.push_back(t.name);
      continue;
    }
    out +=
        fmt::format("\n{}\n", t.title.empty() ? t.name : fmt::format("{} · {}", t.name, t.title));
    struct Group {
      CompareStatus status;
      std::string heading;
      char mark;
    };
    const Group groups[] = {
        {CompareStatus::kNew, fmt::format("new at {}", c.to), '+'},
        {CompareStatus::kCarriedOver, fmt::format("carried over from {}", c.from), '='},
        {CompareStatus::kNoLongerListed, fmt::format("listed at {}, no longer at {}", c.from, c.to),
         '-'},
    };
    for (const Group& g : groups) {
      bool heading_done = false;
      for (const ComparedCriterion& cc : t.criteria) {
        if (cc.status != g.status) continue;
        if (!heading_done) out += fmt::format("  {}\n", g.heading);
        heading_done = true;
        const std::string& via = g.status == CompareStatus::kNoLongerListed ? cc.from_via : cc.via;
        out += fmt::format("    {} {}{}\n", g.mark, cc.text,
                           via.empty() ? "" : fmt::format("  (via {})", via));
      }
    }
  }
  if (!silent.empty()) {
    out += fmt::format("\nnothing listed at {} or {}: {}\n", c.from, c.to, fmt::join(silent, ", "));
  }
  out +=
      fmt::format("\n{} new, {} carried over, {} no longer listed\n",
                  Plural(c.new_count, "criterion", "criteria"), c.carried_over, c.no_longer_listed);
  return out;
}

nlohmann::json ComparisonToJson(const RungComparison& c) {
  nlohmann::json topics = nlohmann::json::array();
  for (const TopicComparison& t : c.topics) {
    nlohmann::json criteria = nlohmann::json::array();
    for (const ComparedCriterion& cc : t.criteria) {
      criteria.push_back({{"status", CompareStatusName(cc.status)},
                          {"text", cc.text},
                          {"key", OrNull(cc.key)},
                          {"from_key", OrNull(cc.from_key)},
                          {"via", OrNull(cc.via)},
                          {"from_via", OrNull(cc.from_via)}});
    }
    topics.push_back({{"name", t.name},
                      {"title", t.title},
                      {"summary",
                       {{"new", t.new_count},
                        {"carried_over", t.carried_over},
                        {"no_longer_listed", t.no_longer_listed}}},
                      {"criteria", criteria}});
  }
  return {{"framework", c.framework_id},
          {"title", c.framework_title},
          {"from", {{"id", c.from}, {"label", c.from_label}}},
          {"to", {{"id", c.to}, {"label", c.to_label}}},
          {"summary",
           {{"new", c.new_count},
            {"carried_over", c.carried_over},
            {"no_longer_listed", c.no_longer_listed}}},
          {"topics", topics}};
}

}  // namespace rungs
