#include <filesystem>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "framework/diff.h"
#include "framework/loader.h"

namespace rungs {
namespace {

// One framework id on either side; a side is null when the id is only on the other.
struct Pair {
  std::string id;
  const Framework* old_fw = nullptr;
  const Framework* new_fw = nullptr;
};

const Framework* FindById(const LoadResult& loaded, const std::string& id) {
  for (const Framework& fw : loaded.frameworks) {
    if (fw.id == id) return &fw;
  }
  return nullptr;
}

std::string Ids(const LoadResult& loaded) {
  std::vector<std::string> ids;
  for (const Framework& fw : loaded.frameworks) ids.push_back(fw.id);
  return fmt::format("{}", fmt::join(ids, ", "));
}

std::string Describe(const Framework* fw) {
  if (fw == nullptr) return "";
  const std::string size =
      fw->yaml ? fmt::format("{} topics, {} criteria", fw->topics.size(), CountCriteria(*fw))
               : std::string("a Markdown page");
  return fmt::format("{} · {} ({})", fw->id, fw->title, size);
}

nlohmann::json Side(const Framework* fw) {
  if (fw == nullptr) return nullptr;
  return {{"id", fw->id}, {"title", fw->title}, {"file", fw->source.file}};
}

// Every id of either side: the old order, then ids that only the new side has.
std::vector<Pair> PairAll(const LoadResult& old_loaded, const LoadResult& new_loaded) {
  std::vector<Pair> pairs;
  std::set<std::string> seen;
  for (const Framework& fw : old_loaded.frameworks) {
    seen.insert(fw.id);
    pairs.push_back({fw.id, &fw, FindById(new_loaded, fw.id)});
  }
  for (const Framework& fw : new_loaded.frameworks) {
    if (seen.count(fw.id) == 0) pairs.push_back({fw.id, nullptr, &fw});
  }
  return pairs;
}

// Several frameworks: each changed one as a full diff, the others listed briefly.
void RenderMany(const std::vector<Pair>& pairs, const DiffOptions& options, std::ostream& out) {
  int changed = 0, added = 0, removed = 0;
  std::vector<std::string> unchanged;
  nlohmann::json list = nlohmann::json::array();
  std::string text;
  std::string only_old;
  std::string only_new;
  for (const Pair& p : pairs) {
    nlohmann::json entry = {{"id", p.id}, {"old", Side(p.old_fw)}, {"new", Side(p.new_fw)}};
    if (p.old_fw == nullptr || p.new_fw == nullptr) {
      const bool is_added = p.old_fw == nullptr;
      ++(is_added ? added : removed);
      entry["status"] = is_added ? "added" : "removed";
      entry["diff"] = nullptr;
      (is_added ? only_new : only_old) +=
          fmt::format("  {} {}\n", is_added ? '+' : '-', Describe(is_added ? p.new_fw : p.old_fw));
    } else {
      const FrameworkDiff diff = DiffFrameworks(*p.old_fw, *p.new_fw);
      entry["status"] = diff.empty() ? "unchanged" : "changed";
      entry["diff"] = DiffToJson(diff);
      if (diff.empty()) {
        unchanged.push_back(p.id);
      } else {
        ++changed;
        text += (text.empty() ? "" : "\n") + RenderDiffText(diff);
      }
    }
    list.push_back(std::move(entry));
  }
  const std::string summary =
      fmt::format("{} framework{}: {} changed, {} added, {} removed, {} unchanged", pairs.size(),
                  pairs.size() == 1 ? "" : "s", changed, added, removed, unchanged.size());
  if (options.format == "json") {
    out << nlohmann::json{{"frameworks", list},
                          {"summary",
                           {{"changed", changed},
                            {"added", added},
                            {"removed", removed},
                            {"unchanged", unchanged.size()}}}}
               .dump(2)
        << "\n";
    return;
  }
  // Each section after the first is set off by a blank line.
  auto section = [&out, first = true](const std::string& body) mutable {
    if (body.empty()) return;
    out << (first ? "" : "\n") << body;
    first = false;
  };
  section(text);
  if (!only_old.empty()) section(fmt::format("only in {}:\n{}", options.old_path, only_old));
  if (!only_new.empty()) section(fmt::format("only in {}:\n{}", options.new_path, only_new));
  if (!unchanged.empty()) section(fmt::format("unchanged: {}\n", fmt::join(unchanged, ", ")));
  out << "\n" << summary << "\n";
}

}  // namespace

int RunDiff(const DiffOptions& options, std::ostream& out, std::ostream& err) {
  if (options.format != "text" && options.format != "json") {
    err << fmt::format("rungs diff: --format must be text or json, not '{}'\n", options.format);
    return kExitUsage;
  }
  const LoadResult old_loaded = LoadPaths({options.old_path});
  const LoadResult new_loaded = LoadPaths({options.new_path});
  // A file that did not load would show up as a framework removed or added: say what is
  // wrong with it instead of diffing around it.
  bool errors = false;
  for (const LoadResult* loaded : {&old_loaded, &new_loaded}) {
    for (const Diagnostic& d : loaded->diagnostics) {
      if (d.severity != Severity::kError) continue;
      err << FormatDiagnostic(d) << "\n";
      errors = true;
    }
  }
  if (errors) return kExitFailure;
  for (const auto& [path, loaded] :
       {std::pair{&options.old_path, &old_loaded}, std::pair{&options.new_path, &new_loaded}}) {
    if (loaded->frameworks.empty()) {
      err << fmt::format("rungs diff: no framework in {}\n", *path);
      return kExitFailure;
    }
  }

  std::vector<Pair> pairs;
  if (old_loaded.frameworks.size() == 1 && new_loaded.frameworks.size() == 1) {
    // Two versions of one framework, even if its id changed between them.
    pairs.push_back(
        {new_loaded.frameworks[0].id, &old_loaded.frameworks[0], &new_loaded.frameworks[0]});
  } else if (!options.framework.empty()) {
    auto pick = [&](const LoadResult& loaded) {
      return loaded.frameworks.size() == 1 ? &loaded.frameworks[0]
                                           : FindById(loaded, options.framework);
    };
    Pair p{options.framework, pick(old_loaded), pick(new_loaded)};
    if (p.old_fw == nullptr && p.new_fw == nullptr) {
      err << fmt::format("rungs diff: no framework '{}' in {} ({}) or {} ({})\n", options.framework,
                         options.old_path, Ids(old_loaded), options.new_path, Ids(new_loaded));
      return kExitUsage;
    }
    pairs.push_back(p);
  } else {
    pairs = PairAll(old_loaded, new_loaded);
  }

  if (pairs.size() == 1 && pairs[0].old_fw != nullptr && pairs[0].new_fw != nullptr) {
    FrameworkDiff diff = DiffFrameworks(*pairs[0].old_fw, *pairs[0].new_fw);
    // Name the files given: a JSON export's provenance names the file it was exported from.
    std::error_code ec;
    if (std::filesystem::is_regular_file(options.old_path, ec)) diff.old_file = options.old_path;
    if (std::filesystem::is_regular_file(options.new_path, ec)) diff.new_file = options.new_path;
    if (options.format == "json") {
      out << DiffToJson(diff).dump(2) << "\n";
    } else {
      out << RenderDiffText(diff);
    }
    return kExitOk;
  }
  RenderMany(pairs, options, out);
  return kExitOk;
}

}  // namespace rungs
