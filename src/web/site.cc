#include "web/site.h"

#include <set>

#include <fmt/format.h>

#include "framework/compare.h"
#include "framework/diff.h"
#include "util/text.h"
#include "web/assets.h"
#include "web/pages.h"
#include "web/search.h"

namespace rungs {
namespace {

constexpr const char* kHtml = "text/html; charset=utf-8";
constexpr size_t kSearchLimit = 200;

std::string ContentTypeOf(const std::string& path) {
  if (path.size() >= 4 && path.compare(path.size() - 4, 4, ".css") == 0) {
    return "text/css; charset=utf-8";
  }
  if (path.size() >= 3 && path.compare(path.size() - 3, 3, ".js") == 0) {
    return "text/javascript; charset=utf-8";
  }
  return kHtml;
}

// "../" once per folder in `path`, so links from it reach the site root.
std::string RootFor(const std::string& path) {
  std::string root;
  for (char c : path) {
    if (c == '/') root += "../";
  }
  return root;
}

}  // namespace

std::string EncodePath(const std::string& path) {
  std::string out;
  for (unsigned char c : path) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_' || c == '.' || c == '~' || c == '/';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string DecodePath(const std::string& path) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%' && i + 2 < path.size() &&
        std::isxdigit(static_cast<unsigned char>(path[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(path[i + 2]))) {
      out += static_cast<char>(std::stoi(path.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += path[i];
    }
  }
  return out;
}

std::string TopicAnchor(const Topic& topic) { return Slugify(topic.name); }

Site::Site(std::vector<Framework> frameworks, const SiteOptions& options)
    : frameworks_(std::move(frameworks)), previous_(options.previous), search_(frameworks_) {
  auto add = [this](const std::string& path, std::string body) {
    pages_[path] = SitePage{ContentTypeOf(path), std::move(body)};
  };
  auto context = [this](const std::string& path, const std::string& id) {
    return PageContext{&frameworks_, RootFor(path), id};
  };
  add("index.html", RenderHomePage(context("index.html", "")));
  add("search.html", RenderSearchPage(context("search.html", ""), "", {}, 0, false));
  // Served for any address without a page, at any depth: its links start at "/".
  add("404.html", RenderNotFoundPage(PageContext{&frameworks_, "/", ""}));
  add("assets/search-index.js", search_.ToScript());
  for (const EmbeddedFile& asset : WebAssets()) add(asset.path, std::string(asset.bytes));

  for (const Framework& fw : frameworks_) {
    const Framework* previous = nullptr;
    for (const Framework& p : previous_) {
      if (p.id == fw.id) previous = &p;
    }
    const std::string base = "f/" + EncodePath(fw.id) + "/";
    const std::string index_path = base + "index.html";
    const bool page = !fw.yaml || fw.topics.empty();
    if (page) {
      add(index_path, RenderMarkdownPage(context(index_path, fw.id), fw));
      continue;
    }
    const bool has_changes = previous != nullptr;
    for (const Rung* rung : AllRungs(fw)) {
      const std::string path = base + rung->id + ".html";
      add(path, RenderRungPage(context(path, fw.id), fw, rung->id, has_changes));
    }
    if (fw.format == "matrix") {
      add(index_path, RenderMatrixPage(context(index_path, fw.id), fw, has_changes));
    } else {
      // A Monzo framework opens at its first rung, as Monzo's own site does.
      add(index_path, RenderRungPage(context(index_path, fw.id), fw,
                                     fw.levels.front().rungs.front().id, has_changes));
    }
    const std::vector<const Rung*> rungs = AllRungs(fw);
    if (rungs.size() > 1) {
      const std::string picker = base + "compare.html";
      add(picker, RenderComparePickerPage(context(picker, fw.id), fw));
      for (size_t i = 0; i < rungs.size(); ++i) {
        for (size_t j = i + 1; j < rungs.size(); ++j) {
          CompareResult result = CompareRungs(fw, rungs[i]->id, rungs[j]->id);
          if (!result.comparison) continue;
          const std::string path = ComparePath(fw, rungs[i]->id, rungs[j]->id);
          add(path, RenderComparePage(context(path, fw.id), fw, *result.comparison));
        }
      }
    }
    if (has_changes) {
      const std::string path = base + "changes.html";
      add(path, RenderChangesPage(context(path, fw.id), fw, DiffFrameworks(*previous, fw)));
    }
  }
}

const SitePage* Site::Find(const std::string& path) const {
  auto it = pages_.find(path);
  return it == pages_.end() ? nullptr : &it->second;
}

std::string Site::SearchPage(const std::string& query) const {
  size_t total = 0;
  const std::vector<const SearchEntry*> hits = search_.Find(query, kSearchLimit, &total);
  return RenderSearchPage({&frameworks_, "", ""}, query, hits, total, !Trim(query).empty());
}

}  // namespace rungs
