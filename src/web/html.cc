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

}  // namespace rungs
