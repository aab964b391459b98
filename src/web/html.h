// HTML that is escaped by construction. Markup enters an Html only as string literals written
// in this code base (Raw takes a char array, never a std::string), and everything else goes in
// through Text() or Attr(), which escape it. Framework text is user-supplied, so pages are
// built with this and nothing else.
#ifndef RUNGS_WEB_HTML_H_
#define RUNGS_WEB_HTML_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace rungs {

// Escapes &, <, >, " and ' for text and double-quoted attribute values.
std::string EscapeHtml(std::string_view text);

class Html {
 public:
  Html() = default;

  template <size_t N>
  Html& Raw(const char (&literal)[N]) {
    out_.append(literal, N - 1);
    return *this;
  }
  Html& Text(std::string_view text);
  Html& Int(long long value);
  // ` name="value"`, value escaped. `name` is a literal.
  template <size_t N>
  Html& Attr(const char (&name)[N], std::string_view value) {
    out_ += ' ';
    out_.append(name, N - 1);
    out_ += "=\"";
    Text(value);
    out_ += '"';
    return *this;
  }
  Html& Append(const Html& other) {
    out_ += other.out_;
    return *this;
  }

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  friend class SafeMarkdown;  // the Markdown renderer writes its own escaped markup
  std::string out_;
};

// The start of every page, up to its header: the doctype, the meta tags, the title
// ("{title} · rungs"), the stylesheet at `stylesheet` and the skip link to #main.
Html PageStart(std::string_view title, std::string_view stylesheet);

}  // namespace rungs

#endif  // RUNGS_WEB_HTML_H_
