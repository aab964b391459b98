#include "web/http_message.h"

#include <algorithm>

#include "util/text.h"

namespace rungs {

void HttpHeaders::Add(std::string name, std::string value) {
  fields_.push_back({std::move(name), std::move(value)});
}

void HttpHeaders::Set(const std::string& name, std::string value) {
  Remove(name);
  fields_.push_back({name, std::move(value)});
}

void HttpHeaders::Remove(std::string_view name) {
  std::erase_if(fields_, [name](const Field& f) { return EqualsIgnoreCaseAscii(f.name, name); });
}

const std::string* HttpHeaders::Find(std::string_view name) const {
  for (const Field& f : fields_) {
    if (EqualsIgnoreCaseAscii(f.name, name)) return &f.value;
  }
  return nullptr;
}

std::string HttpHeaders::Get(std::string_view name) const {
  const std::string* value = Find(name);
  return value == nullptr ? std::string() : *value;
}

std::vector<std::string> HttpHeaders::All(std::string_view name) const {
  std::vector<std::string> values;
  for (const Field& f : fields_) {
    if (EqualsIgnoreCaseAscii(f.name, name)) values.push_back(f.value);
  }
  return values;
}

namespace {
const std::string& Empty() {
  static const std::string* empty = new std::string();
  return *empty;
}
}  // namespace

bool HttpRequest::HasParam(std::string_view name) const { return ParamCount(name) > 0; }

const std::string& HttpRequest::Param(std::string_view name) const { return Param(name, 0); }

size_t HttpRequest::ParamCount(std::string_view name) const {
  return static_cast<size_t>(std::count_if(params.begin(), params.end(),
                                           [name](const QueryParam& p) { return p.name == name; }));
}

const std::string& HttpRequest::Param(std::string_view name, size_t index) const {
  for (const auto& [key, value] : params) {
    if (key != name) continue;
    if (index == 0) return value;
    --index;
  }
  return Empty();
}

const std::string& HttpRequest::FormField(std::string_view name) const {
  for (size_t i = query_params; i < params.size(); ++i) {
    if (params[i].name == name) return params[i].value;
  }
  return Empty();
}

void HttpResponse::SetContent(std::string content, std::string_view type) {
  body = std::move(content);
  fixed_body = {};
  owner.reset();
  prepared_head = nullptr;
  headers.Set("Content-Type", std::string(type));
}

void HttpResponse::SetFixed(std::string_view content, std::string_view type,
                            std::shared_ptr<const void> keep) {
  body.clear();
  // A non-null pointer marks the body as fixed even when it is empty.
  fixed_body = content.data() != nullptr ? content : std::string_view("");
  owner = std::move(keep);
  prepared_head = nullptr;
  headers.Set("Content-Type", std::string(type));
}

void HttpResponse::Redirect(const std::string& location, int code) {
  status = code;
  headers.Set("Location", location);
}

}  // namespace rungs
