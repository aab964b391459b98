#include "web/markdown.h"

#include <gtest/gtest.h>

namespace rungs {
namespace {

TEST(MarkdownTest, RendersCommonMarkdown) {
  EXPECT_EQ(RenderMarkdown("## Level 1\n\nSome *text* and **bold**.\n\n- a\n- b\n").str(),
            "<h2>Level 1</h2>\n<p>Some <em>text</em> and <strong>bold</strong>.</p>\n"
            "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n");
}

TEST(MarkdownTest, RawHtmlIsShownNotRun) {
  const std::string html =
      RenderMarkdown("<script>alert(1)</script>\n\nHi <img src=x onerror=y>\n").str();
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("<img"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos) << html;
}

TEST(MarkdownTest, DangerousLinksLoseTheirTarget) {
  for (const char* md :
       {"[x](javascript:alert(1))", "[x](JavaScript:alert(1))", "[x](java\tscript:alert(1))",
        "[x]( data:text/html;base64,AAAA)", "[x](vbscript:msgbox)", "<javascript:alert(1)>"}) {
    const std::string html = RenderMarkdown(md).str();
    EXPECT_EQ(html.find("href"), std::string::npos) << md << " -> " << html;
  }
  EXPECT_EQ(
      RenderMarkdown("[site](https://example.com/a?b=1&c=2)").str(),
      "<p><a href=\"https://example.com/a?b=1&amp;c=2\" rel=\"nofollow noopener\">site</a></p>\n");
  EXPECT_TRUE(IsSafeLinkTarget("../other.html#topic"));
  EXPECT_TRUE(IsSafeLinkTarget("mailto:team@example.com"));
  EXPECT_FALSE(IsSafeLinkTarget(" \x01javascript:x"));
}

TEST(MarkdownTest, ImagesBecomeTheirAltText) {
  EXPECT_EQ(RenderMarkdown("![a chart](https://tracker.example/pixel.png)").str(),
            "<p>a chart</p>\n");
}

TEST(MarkdownTest, AttributeQuotesCannotBreakOut) {
  const std::string html = RenderMarkdown("[x](https://e.com/\"onmouseover=\"alert(1))").str();
  EXPECT_EQ(html.find("\"onmouseover"), std::string::npos) << html;
}

}  // namespace
}  // namespace rungs
