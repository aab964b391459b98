#include "web/server.h"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "framework/compare.h"
#include "framework/json_format.h"
#include "web/app.h"
#include "web/assets.h"
#include "web/compression.h"
#include "web/http.h"
#include "web/http_server.h"
#include "web/pages.h"
#include "web/router.h"

namespace rungs {
namespace {

using nlohmann::json;

const std::string& kJson = kJsonType;
const std::string& kHtml = kHtmlType;

json Summary(const Framework& fw) {
  json rungs = json::array();
  for (const Rung* rung : AllRungs(fw)) rungs.push_back({{"id", rung->id}, {"label", rung->label}});
  return {{"id", fw.id},
          {"title", fw.title},
          {"sidebar_title", fw.sidebar_title},
          {"sidebar_group", fw.sidebar_group},
          {"source_format", fw.format},
          {"page", !fw.yaml || fw.topics.empty()},
          {"levels", fw.levels.size()},
          {"rungs", rungs},
          {"topics", fw.topics.size()},
          {"criteria", CountCriteria(fw)},
          {"url", "/api/frameworks/" + EncodePath(fw.id)},
          {"html", "/" + FrameworkPath(fw)}};
}

// A body that does not change while the server runs (a page, a JSON document), with its
// compressed forms made the first time a client asks for each coding (brotli at its best
// quality costs most of a second for the search index: once, not per request), then sent from
// memory without a copy, each form with its whole head built once.
class StaticBody {
 public:
  StaticBody(std::string_view bytes, std::string type)
      : bytes_(bytes),
        type_(std::move(type)),
        compressible_(bytes.size() >= kMinCompressSize && Compressible(type_)) {
    MakeHead(identity_, bytes_.size());
  }
  StaticBody(const StaticBody&) = delete;
  StaticBody& operator=(const StaticBody&) = delete;

  void Send(const HttpRequest& req, HttpResponse& res) const {
    res.status = 200;
    if (compressible_) {
      res.SetHeader("Vary", "Accept-Encoding");
      // A range is of the bytes as they are.
      if (!req.HasHeader("Range")) {
        const AcceptedCodings accepted = ParseAcceptEncoding(req.Header("Accept-Encoding"));
        if (accepted.brotli && SendForm(res, Encode(Coding::kBrotli))) return;
        if (accepted.gzip && SendForm(res, Encode(Coding::kGzip))) return;
      }
    }
    SendForm(res, identity_);
  }

 private:
  // Smaller bodies are sent as they are: compressing them saves less than a packet.
  static constexpr size_t kMinCompressSize = 256;

  struct Form {
    const char* coding = "";  // Content-Encoding; "" for the bytes as they are
    std::once_flag once;
    std::string bytes;  // compressed; empty when compressing does not pay
    PreparedHead head;
  };

  void MakeHead(Form& form, size_t length) const {
    std::string head = "HTTP/1.1 200 OK\r\n";
    for (const auto& [name, value] : SecurityHeaders()) {
      head.append(name).append(": ").append(value).append("\r\n");
    }
    head += fmt::format("Content-Type: {}\r\nContent-Length: {}\r\n", type_, length);
    if (compressible_) head += "Vary: Accept-Encoding\r\n";
    if (*form.coding != '\0') head += fmt::format("Content-Encoding: {}\r\n", form.coding);
    form.head.keep_alive = head + "\r\n";
    form.head.close = head + "Connection: close\r\n\r\n";
  }

  const Form& Encode(Coding coding) const {
    Form& form = coding == Coding::kBrotli ? brotli_ : gzip_;
    std::call_once(form.once, [&] {
      form.coding = coding == Coding::kBrotli ? "br" : "gzip";
      form.bytes = Compress(coding, bytes_);
      if (form.bytes.size() >= bytes_.size()) form.bytes.clear();
      if (!form.bytes.empty()) MakeHead(form, form.bytes.size());
    });
    return form;
  }

  bool SendForm(HttpResponse& res, const Form& form) const {
    const bool identity = &form == &identity_;
    if (!identity && form.bytes.empty()) return false;
    res.SetFixed(identity ? bytes_ : std::string_view(form.bytes), type_);
    if (!identity) res.SetHeader("Content-Encoding", form.coding);
    res.prepared_head = &form.head;
    return true;
  }

  std::string_view bytes_;
  std::string type_;
  bool compressible_;
  mutable Form identity_;
  mutable Form gzip_;
  mutable Form brotli_;
};

// A body made for one request (search results, a comparison); the HTTP layer gzips it.
void SendDynamic(HttpResponse& res, int status, std::string body, const std::string& type) {
  res.status = status;
  res.SetContent(std::move(body), type);
}

void SendJson(const HttpRequest& /*req*/, HttpResponse& res, int status, std::string body) {
  SendDynamic(res, status, std::move(body), kJson);
}

using Pages = std::unordered_map<std::string, StaticBody>;

}  // namespace

// Everything the server answers from one set of frameworks: the site's pages and the JSON
// about them, with their bodies as sent. Built whole before it is served and never changed, so
// replacing the frameworks swaps one generation for the next; a request keeps the generation
// it started with alive until its answer is sent.
struct SiteGeneration {
  SiteGeneration(std::vector<Framework> frameworks, const SiteOptions& site_options)
      : site(std::move(frameworks), site_options) {
    json index = json::array();
    for (const Framework& fw : site.frameworks()) {
      index.push_back(Summary(fw));
      framework_json[fw.id] = FrameworkToJson(fw).dump();
    }
    index_json = json{{"frameworks", index}}.dump();
    for (const auto& [path, page] : site.pages()) {
      pages.try_emplace(path, page.body, page.content_type);
    }
    for (const auto& [id, body] : framework_json) framework_bodies.try_emplace(id, body, kJson);
    index_body = std::make_unique<StaticBody>(index_json, kJson);
  }
  SiteGeneration(const SiteGeneration&) = delete;
  SiteGeneration& operator=(const SiteGeneration&) = delete;

  const Framework* FindFramework(const std::string& id) const {
    for (const Framework& fw : site.frameworks()) {
      if (fw.id == id) return &fw;
    }
    return nullptr;
  }

  // GET /api/frameworks/{id}[/compare | /rungs/{rung}]
  void Api(const HttpRequest& req, HttpResponse& res, const std::string& rest) const {
    if (rest == "frameworks") {
      index_body->Send(req, res);
      return;
    }
    if (rest == "search") {
      size_t total = 0;
      const auto hits = site.search().Find(req.Param("q"), 200, &total);
      json list = json::array();
      for (const SearchEntry* e : hits) {
        list.push_back({{"framework", e->framework_id},
                        {"rung", e->rung},
                        {"topic", e->topic_title},
                        {"text", e->text},
                        {"html", "/" + e->path}});
      }
      SendJson(req, res, 200,
               json{{"query", req.Param("q")}, {"total", total}, {"hits", list}}.dump());
      return;
    }
    const std::string prefix = "frameworks/";
    if (rest.compare(0, prefix.size(), prefix) != 0) {
      SendJson(req, res, 404, ErrorJson("not_found", "no such API path"));
      return;
    }
    std::string id = rest.substr(prefix.size());
    std::string action;
    std::string rung;
    // Ids may contain '/', so try the longest id first.
    const Framework* fw = FindFramework(id);
    if (fw == nullptr) {
      for (const std::string suffix : {"/compare"}) {
        if (id.size() > suffix.size() &&
            id.compare(id.size() - suffix.size(), suffix.size(), suffix) == 0) {
          fw = FindFramework(id.substr(0, id.size() - suffix.size()));
          action = "compare";
        }
      }
      const size_t rungs_at = id.rfind("/rungs/");
      if (fw == nullptr && rungs_at != std::string::npos) {
        fw = FindFramework(id.substr(0, rungs_at));
        action = "rung";
        rung = id.substr(rungs_at + 7);
      }
    }
    if (fw == nullptr) {
      SendJson(req, res, 404, ErrorJson("not_found", fmt::format("no framework with id '{}'", id)));
      return;
    }
    if (action.empty()) {
      framework_bodies.at(fw->id).Send(req, res);
      return;
    }
    if (action == "compare") {
      CompareResult result = CompareRungs(*fw, req.Param("from"), req.Param("to"));
      if (!result.comparison) {
        SendJson(req, res, 400,
                 json{{"error",
                       {{"code", "invalid_rungs"}, {"message", result.error}, {"field", "from"}}}}
                     .dump());
        return;
      }
      SendJson(req, res, 200, ComparisonToJson(*result.comparison).dump());
      return;
    }
    const Rung* found = FindRung(*fw, rung);
    if (found == nullptr) {
      SendJson(req, res, 404,
               ErrorJson("not_found", fmt::format("no rung '{}' in {}; rungs: {}", rung, fw->id,
                                                  ListRungIds(*fw))));
      return;
    }
    json topics = json::array();
    for (const Topic& topic : fw->topics) {
      json criteria = json::array();
      for (const AssessedCriterion& a : CriteriaForRung(*fw, topic, rung)) {
        criteria.push_back({{"key", a.criterion->key},
                            {"text", a.criterion->text},
                            {"via", a.via_reference.empty() ? json() : json(a.via_reference)}});
      }
      topics.push_back({{"name", topic.name}, {"title", topic.title}, {"criteria", criteria}});
    }
    SendJson(req, res, 200,
             json{{"framework", fw->id},
                  {"rung", {{"id", found->id}, {"label", found->label}}},
                  {"topics", topics}}
                 .dump());
  }

  void Page(const HttpRequest& req, HttpResponse& res) const {
    std::string path = req.path.substr(1);
    if (path.empty() || path.back() == '/') path += "index.html";
    const std::string key = EncodePath(path);
    if (key == "search.html" && req.HasParam("q")) {
      SendDynamic(res, 200, site.SearchPage(req.Param("q")), kHtml);
      return;
    }
    // The compare form posts its choice as a query; without JavaScript the server turns it
    // into the pre-rendered page's address.
    const std::string compare = "/compare.html";
    if (key.size() > compare.size() &&
        key.compare(key.size() - compare.size(), compare.size(), compare) == 0 &&
        req.HasParam("from") && req.HasParam("to")) {
      const std::string target = key.substr(0, key.size() - compare.size()) + "/compare/" +
                                 EncodePath(req.Param("from")) + ".." +
                                 EncodePath(req.Param("to")) + ".html";
      if (site.Find(target) != nullptr) {
        res.Redirect("/" + target, 302);
        return;
      }
      if (const std::optional<std::string> swapped = SwappedCompare(target)) {
        res.Redirect("/" + *swapped, 302);
        return;
      }
    }
    const auto page = pages.find(key);
    if (page == pages.end()) {
      // A comparison asked for from the higher rung is the same page the other way round.
      if (const std::optional<std::string> swapped = SwappedCompare(key)) {
        res.Redirect("/" + *swapped, 302);
        return;
      }
      NotFound(req, res);
      return;
    }
    page->second.Send(req, res);
  }

  void NotFound(const HttpRequest& req, HttpResponse& res) const;

  // ".../compare/2A..1B.html" as ".../compare/1B..2A.html" when only that page exists.
  std::optional<std::string> SwappedCompare(const std::string& key) const {
    const size_t at = key.rfind("/compare/");
    const std::string suffix = ".html";
    if (at == std::string::npos || !key.ends_with(suffix)) return std::nullopt;
    const size_t start = at + std::string("/compare/").size();
    const std::string pair = key.substr(start, key.size() - suffix.size() - start);
    const size_t dots = pair.find("..");
    if (dots == std::string::npos) return std::nullopt;
    const std::string swapped =
        key.substr(0, start) + pair.substr(dots + 2) + ".." + pair.substr(0, dots) + suffix;
    if (swapped == key || site.Find(swapped) == nullptr) return std::nullopt;
    return swapped;
  }

  Site site;
  std::string index_json;
  std::map<std::string, std::string> framework_json;
  // The bodies above and the site's pages, as sent. Built once all of them are in place: they
  // point into those strings.
  Pages pages;
  std::map<std::string, StaticBody> framework_bodies;
  std::unique_ptr<StaticBody> index_body;
};

void SiteGeneration::NotFound(const HttpRequest& req, HttpResponse& res) const {
  // Every site has its 404.html (Site's constructor adds it).
  const auto page = pages.find("404.html");
  if (page == pages.end()) return SendDynamic(res, 404, "Not found\n", "text/plain");
  page->second.Send(req, res);
  res.status = 404;
}

struct Server::Impl {
  Impl(std::vector<Framework> frameworks, const SiteOptions& site_options,
       const ServerOptions& server_options)
      : options(server_options),
        previous(site_options),
        generation(std::make_shared<const SiteGeneration>(std::move(frameworks), site_options)) {}

  // The generation to answer from; `res` keeps it until the answer is sent.
  std::shared_ptr<const SiteGeneration> Serving(HttpResponse& res) const {
    std::shared_ptr<const SiteGeneration> current = generation.load();
    res.owner = current;
    return current;
  }

  ServerOptions options;
  SiteOptions previous;  // kept for the generations that replace the first
  std::atomic<std::shared_ptr<const SiteGeneration>> generation;
  Router router;
  std::unique_ptr<HttpServer> http;
  std::string openapi_json;
  std::unique_ptr<StaticBody> openapi_body;
};

Server::Server(std::vector<Framework> frameworks, const SiteOptions& site,
               const ServerOptions& options, AppContext* app)
    : impl_(std::make_unique<Impl>(std::move(frameworks), site, options)) {
  for (const EmbeddedFile& asset : WebAssets()) {
    if (std::string_view(asset.path) == "assets/openapi.json") impl_->openapi_json = asset.bytes;
  }
  impl_->openapi_body = std::make_unique<StaticBody>(impl_->openapi_json, kJson);

  Impl* impl = impl_.get();
  Router& router = impl_->router;
  // Pages, the common case, are answered from memory before the route table is tried.
  router.SetFront([impl](const HttpRequest& req, HttpResponse& res) {
    if (req.path == "/healthz" || req.path.starts_with("/api/") || IsAppPath(req.path)) {
      return false;
    }
    impl->Serving(res)->Page(req, res);
    return true;
  });
  if (app != nullptr) {
    RegisterAppPages(router, *app);
    RegisterAppApi(router, *app);
  }
  router.GetNonblocking("/healthz", [impl](const HttpRequest& req, HttpResponse& res) {
    const size_t count = impl->generation.load()->site.frameworks().size();
    SendJson(req, res, 200, json{{"status", "ok"}, {"frameworks", count}}.dump());
  });
  router.GetNonblocking("/api/openapi.json", [impl](const HttpRequest& req, HttpResponse& res) {
    impl->openapi_body->Send(req, res);
  });
  router.GetNonblocking(R"(/api/(.+))", [impl](const HttpRequest& req, HttpResponse& res) {
    impl->Serving(res)->Api(req, res, req.matches[1]);
  });
  router.GetNonblocking(R"(/.*)", [impl](const HttpRequest& req, HttpResponse& res) {
    impl->Serving(res)->Page(req, res);
  });
  impl_->http = std::make_unique<HttpServer>(impl_->router, impl_->options);
}

Server::~Server() = default;

Status Server::Bind() { return impl_->http->Bind(); }

int Server::port() const { return impl_->http->port(); }

std::shared_ptr<const std::vector<Framework>> Server::frameworks() const {
  std::shared_ptr<const SiteGeneration> current = impl_->generation.load();
  return {current, &current->site.frameworks()};
}

void Server::ReplaceFrameworks(std::vector<Framework> frameworks) {
  impl_->generation.store(
      std::make_shared<const SiteGeneration>(std::move(frameworks), impl_->previous));
}

void Server::Run() { impl_->http->Run(); }

void Server::Stop() { impl_->http->Stop(); }

}  // namespace rungs
