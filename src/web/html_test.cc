#include "web/html.h"

#include <gtest/gtest.h>

namespace rungs {
namespace {

TEST(HtmlTest, TextAndAttributesAreEscaped) {
  Html html;
  html.Raw("<a").Attr("title", "\"><img src=x onerror=alert(1)>").Raw(">");
  html.Text("<script>alert('x')</script> & more").Raw("</a>");
  EXPECT_EQ(
      html.str(),
      "<a title=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\">&lt;script&gt;alert(&#39;x&#39;)"
      "&lt;/script&gt; &amp; more</a>");
}

TEST(HtmlTest, IntsAndAppend) {
  Html inner;
  inner.Raw("<b>").Int(-42).Raw("</b>");
  Html outer;
  outer.Raw("<p>").Append(inner).Raw("</p>");
  EXPECT_EQ(outer.Take(), "<p><b>-42</b></p>");
}

}  // namespace
}  // namespace rungs
