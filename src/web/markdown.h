// Renders untrusted Markdown (Monzo pages with `yaml: false`, page bodies) to HTML with md4c.
// Raw HTML is not allowed (MD_FLAG_NOHTML), every text is escaped, and links and images keep
// only http, https, mailto and relative targets: md4c itself would pass `javascript:` through.
// Images are shown as their alt text, so a page never loads anything from elsewhere.
#ifndef RUNGS_WEB_MARKDOWN_H_
#define RUNGS_WEB_MARKDOWN_H_

#include <string_view>

#include "web/html.h"

namespace rungs {

Html RenderMarkdown(std::string_view markdown);

// True for targets a page may link to: http(s), mailto, or a relative path or fragment.
bool IsSafeLinkTarget(std::string_view url);

}  // namespace rungs

#endif  // RUNGS_WEB_MARKDOWN_H_
