#include "web/server.h"

#include <httplib.h>

#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "framework/compare.h"
#include "framework/json_format.h"
#include "web/assets.h"
#include "web/pages.h"

namespace rungs {
namespace {

using nlohmann::json;

constexpr const char* kJson = "application/json; charset=utf-8";

std::string ErrorJson(const std::string& code, const std::string& message) {
  return json{{"error", {{"code", code}, {"message", message}}}}.dump();
}

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

void SetSecurityHeaders(httplib::Response& res) {
  // Pages load nothing but their own stylesheet and scripts.
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                 "frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "same-origin");
}

void SendJson(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, kJson);
}

}  // namespace

struct Server::Impl {
  Impl(std::vector<Framework> frameworks, const SiteOptions& site_options,
       const ServerOptions& server_options)
      : options(server_options), site(std::move(frameworks), site_options) {}

  const Framework* FindFramework(const std::string& id) const {
    for (const Framework& fw : site.frameworks()) {
      if (fw.id == id) return &fw;
    }
    return nullptr;
  }

  // GET /api/frameworks/{id}[/compare | /rungs/{rung}]
  void Api(const httplib::Request& req, httplib::Response& res, const std::string& rest) const {
    if (rest == "frameworks") {
      SendJson(res, 200, index_json);
      return;
    }
    if (rest == "search") {
      size_t total = 0;
      const auto hits = site.search().Find(req.get_param_value("q"), 200, &total);
      json list = json::array();
      for (const SearchEntry* e : hits) {
        list.push_back({{"framework", e->framework_id},
                        {"rung", e->rung},
                        {"topic", e->topic_title},
                        {"text", e->text},
                        {"html", "/" + e->path}});
      }
      SendJson(res, 200,
               json{{"query", req.get_param_value("q")}, {"total", total}, {"hits", list}}.dump());
      return;
    }
    const std::string prefix = "frameworks/";
    if (rest.compare(0, prefix.size(), prefix) != 0) {
      SendJson(res, 404, ErrorJson("not_found", "no such API path"));
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
      SendJson(res, 404, ErrorJson("not_found", fmt::format("no framework with id '{}'", id)));
      return;
    }
    if (action.empty()) {
      SendJson(res, 200, framework_json.at(fw->id));
      return;
    }
    if (action == "compare") {
      CompareResult result =
          CompareRungs(*fw, req.get_param_value("from"), req.get_param_value("to"));
      if (!result.comparison) {
        SendJson(res, 400,
                 json{{"error",
                       {{"code", "invalid_rungs"}, {"message", result.error}, {"field", "from"}}}}
                     .dump());
        return;
      }
      SendJson(res, 200, ComparisonToJson(*result.comparison).dump());
      return;
    }
    const Rung* found = FindRung(*fw, rung);
    if (found == nullptr) {
      SendJson(res, 404,
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
    SendJson(res, 200,
             json{{"framework", fw->id},
                  {"rung", {{"id", found->id}, {"label", found->label}}},
                  {"topics", topics}}
                 .dump());
  }

  void Page(const httplib::Request& req, httplib::Response& res) const {
    std::string path = req.path.substr(1);
    if (path.empty() || path.back() == '/') path += "index.html";
    const std::string key = EncodePath(path);
    if (key == "search.html" && req.has_param("q")) {
      res.set_content(site.SearchPage(req.get_param_value("q")), "text/html; charset=utf-8");
      return;
    }
    // The compare form posts its choice as a query; without JavaScript the server turns it
    // into the pre-rendered page's address.
    const std::string compare = "/compare.html";
    if (key.size() > compare.size() &&
        key.compare(key.size() - compare.size(), compare.size(), compare) == 0 &&
        req.has_param("from") && req.has_param("to")) {
      const std::string target = key.substr(0, key.size() - compare.size()) + "/compare/" +
                                 EncodePath(req.get_param_value("from")) + ".." +
                                 EncodePath(req.get_param_value("to")) + ".html";
      if (site.Find(target) != nullptr) {
        res.set_redirect("/" + target);
        return;
      }
    }
    const SitePage* page = site.Find(key);
    if (page == nullptr) {
      res.status = 404;
      res.set_content(not_found_html, "text/html; charset=utf-8");
      return;
    }
    res.set_content(page->body, page->content_type);
  }

  ServerOptions options;
  Site site;
  httplib::Server http;
  std::string index_json;
  std::map<std::string, std::string> framework_json;
  std::string openapi_json;
  std::string not_found_html;
  int bound_port = 0;
};

Server::Server(std::vector<Framework> frameworks, const SiteOptions& site,
               const ServerOptions& options)
    : impl_(std::make_unique<Impl>(std::move(frameworks), site, options)) {
  json index = json::array();
  for (const Framework& fw : impl_->site.frameworks()) {
    index.push_back(Summary(fw));
    impl_->framework_json[fw.id] = FrameworkToJson(fw).dump();
  }
  impl_->index_json = json{{"frameworks", index}}.dump();
  for (const EmbeddedFile& asset : WebAssets()) {
    if (std::string_view(asset.path) == "assets/openapi.json") impl_->openapi_json = asset.bytes;
  }
  impl_->not_found_html =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found · rungs"
      "</title><link rel=\"stylesheet\" href=\"/assets/app.css\"></head><body><main id=\"main\">"
      "<h1>Not found</h1><p>There is no page here. <a href=\"/index.html\">All frameworks</a></p>"
      "</main></body></html>\n";

  httplib::Server& http = impl_->http;
  http.set_tcp_nodelay(true);
  http.set_keep_alive_max_count(100000);
  http.set_keep_alive_timeout(30);
  http.set_payload_max_length(1 << 20);
  const int threads = options.threads;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };

  Impl* impl = impl_.get();
  http.Get("/healthz", [impl](const httplib::Request&, httplib::Response& res) {
    SendJson(res, 200,
             json{{"status", "ok"}, {"frameworks", impl->site.frameworks().size()}}.dump());
  });
  http.Get("/api/openapi.json", [impl](const httplib::Request&, httplib::Response& res) {
    SendJson(res, 200, impl->openapi_json);
  });
  http.Get(R"(/api/(.+))", [impl](const httplib::Request& req, httplib::Response& res) {
    impl->Api(req, res, req.matches[1]);
  });
  http.Get(R"(/.*)", [impl](const httplib::Request& req, httplib::Response& res) {
    SetSecurityHeaders(res);
    impl->Page(req, res);
  });
  http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (req.path.rfind("/api/", 0) == 0) {
      res.set_content(ErrorJson(res.status == 404 ? "not_found" : "http_error",
                                fmt::format("HTTP {}", res.status)),
                      kJson);
    }
  });
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, const std::exception_ptr&) {
        res.status = 500;
        res.set_content(ErrorJson("internal", "internal error"), kJson);
      });
}

Server::~Server() = default;

bool Server::Bind(std::string* error) {
  if (impl_->options.port == 0) {
    impl_->bound_port = impl_->http.bind_to_any_port(impl_->options.host);
  } else if (impl_->http.bind_to_port(impl_->options.host, impl_->options.port)) {
    impl_->bound_port = impl_->options.port;
  }
  if (impl_->bound_port <= 0) {
    *error = fmt::format("cannot listen on {}:{} (is another server using the port?)",
                         impl_->options.host, impl_->options.port);
    return false;
  }
  return true;
}

int Server::port() const { return impl_->bound_port; }

void Server::Run() { impl_->http.listen_after_bind(); }

void Server::Stop() { impl_->http.stop(); }

}  // namespace rungs
