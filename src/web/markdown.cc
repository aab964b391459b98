#include "web/markdown.h"

#include <md4c.h>

#include <string>
#include <vector>

#include "util/text.h"

namespace rungs {

// Writes md4c's events as escaped markup into an Html.
class SafeMarkdown {
 public:
  Html Render(std::string_view markdown) {
    MD_PARSER parser = {};
    parser.abi_version = 0;
    parser.flags =
        MD_FLAG_NOHTML | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEAUTOLINKS;
    parser.enter_block = [](MD_BLOCKTYPE type, void* detail, void* self) {
      static_cast<SafeMarkdown*>(self)->EnterBlock(type, detail);
      return 0;
    };
    parser.leave_block = [](MD_BLOCKTYPE type, void* detail, void* self) {
      static_cast<SafeMarkdown*>(self)->LeaveBlock(type, detail);
      return 0;
    };
    parser.enter_span = [](MD_SPANTYPE type, void* detail, void* self) {
      static_cast<SafeMarkdown*>(self)->EnterSpan(type, detail);
      return 0;
    };
    parser.leave_span = [](MD_SPANTYPE type, void* detail, void* self) {
      static_cast<SafeMarkdown*>(self)->LeaveSpan(type, detail);
      return 0;
    };
    parser.text = [](MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* self) {
      static_cast<SafeMarkdown*>(self)->Text(type, std::string_view(text, size));
      return 0;
    };
    if (md_parse(markdown.data(), static_cast<MD_SIZE>(markdown.size()), &parser, this) != 0) {
      Html fallback;
      fallback.Raw("<pre>").Text(markdown).Raw("</pre>");
      return fallback;
    }
    return std::move(html_);
  }

 private:
  std::string& out() { return html_.out_; }

  void EnterBlock(MD_BLOCKTYPE type, void* detail) {
    switch (type) {
      case MD_BLOCK_DOC:
        break;
      case MD_BLOCK_QUOTE:
        out() += "<blockquote>";
        break;
      case MD_BLOCK_UL:
        out() += "<ul>\n";
        break;
      case MD_BLOCK_OL: {
        const auto* d = static_cast<MD_BLOCK_OL_DETAIL*>(detail);
        out() += d->start == 1 ? "<ol>\n" : "<ol start=\"" + std::to_string(d->start) + "\">\n";
        break;
      }
      case MD_BLOCK_LI:
        out() += "<li>";
        break;
      case MD_BLOCK_HR:
        out() += "<hr>";
        break;
      case MD_BLOCK_H:
        // Page bodies sit under the page's own <h1>, so their headings start at <h2>.
        out() += "<h" + std::to_string(HeadingLevel(detail)) + ">";
        break;
      case MD_BLOCK_CODE:
        out() += "<pre><code>";
        break;
      case MD_BLOCK_HTML:
        break;
      case MD_BLOCK_P:
        out() += "<p>";
        break;
      case MD_BLOCK_TABLE:
        out() += "<table>";
        break;
      case MD_BLOCK_THEAD:
        out() += "<thead>";
        break;
      case MD_BLOCK_TBODY:
        out() += "<tbody>";
        break;
      case MD_BLOCK_TR:
        out() += "<tr>";
        break;
      case MD_BLOCK_TH:
        out() += "<th>";
        break;
      case MD_BLOCK_TD:
        out() += "<td>";
        break;
    }
  }

  void LeaveBlock(MD_BLOCKTYPE type, void* detail) {
    switch (type) {
      case MD_BLOCK_DOC:
      case MD_BLOCK_HR:
      case MD_BLOCK_HTML:
        break;
      case MD_BLOCK_QUOTE:
        out() += "</blockquote>\n";
        break;
      case MD_BLOCK_UL:
        out() += "</ul>\n";
        break;
      case MD_BLOCK_OL:
        out() += "</ol>\n";
        break;
      case MD_BLOCK_LI:
        out() += "</li>\n";
        break;
      case MD_BLOCK_H:
        out() += "</h" + std::to_string(HeadingLevel(detail)) + ">\n";
        break;
      case MD_BLOCK_CODE:
        out() += "</code></pre>\n";
        break;
      case MD_BLOCK_P:
        out() += "</p>\n";
        break;
      case MD_BLOCK_TABLE:
        out() += "</table>\n";
        break;
      case MD_BLOCK_THEAD:
        out() += "</thead>";
        break;
      case MD_BLOCK_TBODY:
        out() += "</tbody>";
        break;
      case MD_BLOCK_TR:
        out() += "</tr>\n";
        break;
      case MD_BLOCK_TH:
        out() += "</th>";
        break;
      case MD_BLOCK_TD:
        out() += "</td>";
        break;
    }
  }

  void EnterSpan(MD_SPANTYPE type, void* detail) {
    switch (type) {
      case MD_SPAN_EM:
        out() += "<em>";
        break;
      case MD_SPAN_STRONG:
        out() += "<strong>";
        break;
      case MD_SPAN_A: {
        const std::string href = AttributeText(static_cast<MD_SPAN_A_DETAIL*>(detail)->href);
        links_.push_back(IsSafeLinkTarget(href));
        if (links_.back()) {
          out() += "<a href=\"" + EscapeHtml(href) + "\" rel=\"nofollow noopener\">";
        }
        break;
      }
      case MD_SPAN_IMG:
        ++image_depth_;  // the alt text follows as plain text
        break;
      case MD_SPAN_CODE:
        out() += "<code>";
        break;
      case MD_SPAN_DEL:
        out() += "<del>";
        break;
      default:
        break;
    }
  }

  void LeaveSpan(MD_SPANTYPE type, void*) {
    switch (type) {
      case MD_SPAN_EM:
        out() += "</em>";
        break;
      case MD_SPAN_STRONG:
        out() += "</strong>";
        break;
      case MD_SPAN_A:
        if (!links_.empty()) {
          if (links_.back()) out() += "</a>";
          links_.pop_back();
        }
        break;
      case MD_SPAN_IMG:
        --image_depth_;
        break;
      case MD_SPAN_CODE:
        out() += "</code>";
        break;
      case MD_SPAN_DEL:
        out() += "</del>";
        break;
      default:
        break;
    }
  }

  void Text(MD_TEXTTYPE type, std::string_view text) {
    switch (type) {
      case MD_TEXT_NULLCHAR:
        out() += "\xEF\xBF\xBD";
        break;
      case MD_TEXT_BR:
        out() += image_depth_ > 0 ? " " : "<br>\n";
        break;
      case MD_TEXT_SOFTBR:
        out() += image_depth_ > 0 ? " " : "\n";
        break;
      case MD_TEXT_ENTITY:
        out() += IsEntity(text) ? std::string(text) : EscapeHtml(text);
        break;
      default:
        out() += EscapeHtml(text);
    }
  }

  static int HeadingLevel(void* detail) {
    const unsigned level = static_cast<MD_BLOCK_H_DETAIL*>(detail)->level;
    return static_cast<int>(level < 2 ? 2 : level > 6 ? 6 : level);
  }

  // An entity md4c recognised: "&name;" or "&#123;" / "&#x1F;", nothing that could open a tag.
  static bool IsEntity(std::string_view text) {
    if (text.size() < 3 || text.front() != '&' || text.back() != ';') return false;
    for (char c : text.substr(1, text.size() - 2)) {
      const bool ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '#';
      if (!ok) return false;
    }
    return true;
  }

  static std::string AttributeText(const MD_ATTRIBUTE& attribute) {
    std::string text;
    for (unsigned i = 0; attribute.substr_offsets[i] < attribute.size; ++i) {
      const std::string_view part(attribute.text + attribute.substr_offsets[i],
                                  attribute.substr_offsets[i + 1] - attribute.substr_offsets[i]);
      if (attribute.substr_types[i] == MD_TEXT_ENTITY) {
        text += part == "&amp;" ? "&" : std::string(part);
      } else if (attribute.substr_types[i] == MD_TEXT_NULLCHAR) {
        text += "\xEF\xBF\xBD";
      } else {
        text += part;
      }
    }
    return text;
  }

  Html html_;
  std::vector<bool> links_;  // per open link: whether its target was safe (and so written)
  int image_depth_ = 0;
};

bool IsSafeLinkTarget(std::string_view url) {
  // Browsers ignore leading spaces and control characters, and tabs or newlines anywhere in the
  // scheme ("java\tscript:"), so judge the URL as a browser would read it.
  std::string cleaned;
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20) continue;
    cleaned += c;
  }
  const size_t colon = cleaned.find(':');
  const size_t stop = cleaned.find_first_of("/?#");
  if (colon == std::string::npos || (stop != std::string::npos && stop < colon)) {
    return true;  // relative: no scheme
  }
  const std::string scheme = ToLowerAscii(cleaned.substr(0, colon));
  return scheme == "http" || scheme == "https" || scheme == "mailto";
}

Html RenderMarkdown(std::string_view markdown) { return SafeMarkdown().Render(markdown); }

}  // namespace rungs
