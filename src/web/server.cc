#include "web/server.h"

#include <httplib.h>

#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "framework/json_format.h"

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
          {"url", "/api/frameworks/" + fw.id}};
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  httplib::Server http;
  std::string index_json;
  std::map<std::string, std::string> framework_json;
  int bound_port = 0;
};

Server::Server(const std::vector<Framework>& frameworks, const ServerOptions& options)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  json index = json::array();
  for (const Framework& fw : frameworks) {
    index.push_back(Summary(fw));
    impl_->framework_json[fw.id] = FrameworkToJson(fw).dump();
  }
  impl_->index_json = json{{"frameworks", index}}.dump();

  httplib::Server& http = impl_->http;
  http.set_tcp_nodelay(true);
  http.set_keep_alive_max_count(10000);
  http.set_payload_max_length(1 << 20);
  const int threads = options.threads;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };

  Impl* impl = impl_.get();
  http.Get("/healthz", [impl](const httplib::Request&, httplib::Response& res) {
    res.set_content(json{{"status", "ok"}, {"frameworks", impl->framework_json.size()}}.dump(),
                    kJson);
  });
  http.Get("/api/frameworks", [impl](const httplib::Request&, httplib::Response& res) {
    res.set_content(impl->index_json, kJson);
  });
  http.Get(R"(/api/frameworks/(.+))", [impl](const httplib::Request& req, httplib::Response& res) {
    const std::string id = req.matches[1];
    auto it = impl->framework_json.find(id);
    if (it == impl->framework_json.end()) {
      res.status = 404;
      res.set_content(ErrorJson("not_found", fmt::format("no framework with id '{}'", id)), kJson);
      return;
    }
    res.set_content(it->second, kJson);
  });
  http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    res.set_content(ErrorJson(res.status == 404 ? "not_found" : "http_error",
                              fmt::format("HTTP {}", res.status)),
                    kJson);
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
