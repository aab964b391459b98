#include "web/html.h"

namespace rungs {

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Html& Html::Text(std::string_view text) {
  out_ += EscapeHtml(text);
  return *this;
}

Html& Html::Int(long long value) {
  out_ += std::to_string(value);
  return *this;
}

Html PageStart(std::string_view title, std::string_view stylesheet) {
  Html html;
  html.Raw(
          "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
          "<meta name=\"color-scheme\" content=\"light dark\"><title>")
      .Text(title)
      .Raw(" \xC2\xB7 rungs</title><link rel=\"stylesheet\"")
      .Attr("href", stylesheet)
      .Raw("></head>\n<body><a class=\"skip\" href=\"#main\">Skip to content</a>");
  return html;
}

}  // namespace rungs
