#include "web/site.h"

#include <set>

#include <gtest/gtest.h>

#include "framework/loader.h"
#include "framework/test_util.h"
#include "util/text.h"

namespace rungs {
namespace {

std::vector<std::string> Attributes(const std::string& html, const std::string& name) {
  std::vector<std::string> values;
  const std::string needle = " " + name + "=\"";
  size_t pos = 0;
  while ((pos = html.find(needle, pos)) != std::string::npos) {
    pos += needle.size();
    const size_t end = html.find('"', pos);
    values.push_back(html.substr(pos, end - pos));
    pos = end;
  }
  return values;
}

// Resolves a relative href against the folder of `page`, as a browser would.
std::string Resolve(const std::string& page, const std::string& href) {
  std::vector<std::string> parts;
  const size_t slash = page.rfind('/');
  const std::string folder = slash == std::string::npos ? "" : page.substr(0, slash);
  const std::string folder_lines = ReplaceAll(folder, "/", "\n");
  for (std::string_view p : SplitLines(folder_lines)) {
    if (!p.empty()) parts.emplace_back(p);
  }
  const std::string href_lines = ReplaceAll(href, "/", "\n");
  for (std::string_view p : SplitLines(href_lines)) {
    if (p == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (p != "." && !p.empty()) {
      parts.emplace_back(p);
    }
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

void ExpectLinksResolve(const Site& site) {
  int checked = 0;
  for (const auto& [path, page] : site.pages()) {
    if (page.content_type.rfind("text/html", 0) != 0) continue;
    std::vector<std::string> targets = Attributes(page.body, "href");
    for (const std::string& src : Attributes(page.body, "src")) targets.push_back(src);
    for (const std::string& action : Attributes(page.body, "action")) targets.push_back(action);
    for (std::string target : targets) {
      target = ReplaceAll(target, "&amp;", "&");
      if (target.rfind("https://", 0) == 0 || target.rfind("http://", 0) == 0 ||
          target.rfind("mailto:", 0) == 0) {
        continue;
      }
      std::string fragment;
      const size_t hash = target.find('#');
      if (hash != std::string::npos) {
        fragment = target.substr(hash + 1);
        target = target.substr(0, hash);
      }
      const std::string resolved = target.empty() ? path : Resolve(path, target);
      const SitePage* linked = site.Find(resolved);
      ASSERT_NE(linked, nullptr) << path << " links to " << target << " (" << resolved << ")";
      if (!fragment.empty()) {
        EXPECT_NE(linked->body.find("id=\"" + fragment + "\""), std::string::npos)
            << path << " links to #" << fragment << " in " << resolved;
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 100);
}

TEST(SiteTest, EveryLinkOfTheBundledSiteResolves) {
  const Site site(LoadFrameworks(BundledSourceFiles()).frameworks, {});
  ExpectLinksResolve(site);
  // Six rungs, an index, a picker and 15 pre-rendered comparisons for customer-operations.
  EXPECT_NE(site.Find("f/customer-operations/1A-after-probation.html"), nullptr);
  EXPECT_NE(site.Find("f/customer-operations/compare/1A..2B.html"), nullptr);
  EXPECT_EQ(site.Find("f/customer-operations/compare/2B..1A.html"), nullptr);
  EXPECT_NE(site.Find("assets/search-index.js"), nullptr);
}

TEST(SiteTest, EveryLinkOfTheMonzoCorpusSiteResolves) {
  const LoadResult current = LoadPaths({SharedPath("corpus/monzo-format/tomwalters")});
  const LoadResult previous = LoadPaths({SharedPath("corpus/monzo-format/monzo")});
  const Site site(LoadPaths({SharedPath("corpus/monzo-format/monzo")}).frameworks, {});
  ExpectLinksResolve(site);
  const Site changes(current.frameworks, SiteOptions{previous.frameworks});
  ExpectLinksResolve(changes);
  const SitePage* page = changes.Find("f/engineering/backend/changes.html");
  ASSERT_NE(page, nullptr);
  EXPECT_NE(page->body.find("Represents Interact at conferences/events"), std::string::npos);
}

TEST(SiteTest, RungPageShowsInheritedCriteriaAndExamples) {
  const Site site(LoadFrameworks(BundledSourceFiles()).frameworks, {});
  const SitePage* page = site.Find("f/customer-operations/2A.html");
  ASSERT_NE(page, nullptr);
  EXPECT_NE(
      page->body.find("<li class=\"inherited\"><span class=\"text\">Seeks out feedback</span> "
                      "<span class=\"tag\">from 1C</span>"),
      std::string::npos);
  EXPECT_NE(page->body.find("href=\"../../f/customer-operations/2A.html\" aria-current=\"page\""),
            std::string::npos);
  const SitePage* matrix = site.Find("f/frontline-cs-competency-matrix/index.html");
  ASSERT_NE(matrix, nullptr);
  EXPECT_NE(matrix->body.find("Senior band</th>"), std::string::npos);
  EXPECT_NE(
      matrix->body.find("data-level=\"Master \xE2\x80\x93 Senior Territor\" class=\"in-band\""),
      std::string::npos);
  // A narrow column breaks "Workflows/Voume" after its slash, not inside a word.
  EXPECT_NE(matrix->body.find("<th scope=\"row\">Frontline Workflows/<wbr>Voume</th>"),
            std::string::npos);
  // The grid scrolls by itself when it must: a named region that takes the focus.
  EXPECT_NE(matrix->body.find("<div class=\"matrix-wrap\" role=\"region\" tabindex=\"0\" "
                              "aria-labelledby=\"matrix-caption\""),
            std::string::npos);
  EXPECT_NE(matrix->body.find("<caption id=\"matrix-caption\" class=\"visually-hidden\">"),
            std::string::npos);
}

// The options of the select named `name` on `page`, as "value" or "value selected".
std::vector<std::string> SelectOptions(const std::string& page, const std::string& name) {
  const size_t start = page.find("<select name=\"" + name + "\">");
  if (start == std::string::npos) return {};
  const std::string select = page.substr(start, page.find("</select>", start) - start);
  std::vector<std::string> options;
  for (const std::string& value : Attributes(select, "value")) {
    const std::string option = "<option value=\"" + value + "\"";
    options.push_back(
        select.find(option + " selected>") == std::string::npos ? value : value + " selected");
  }
  return options;
}

TEST(SiteTest, ComparePageOffersAnotherPairWithItsOwnSelected) {
  const Site site(LoadFrameworks(BundledSourceFiles()).frameworks, {});
  const SitePage* page = site.Find("f/customer-operations/compare/1B..2A.html");
  ASSERT_NE(page, nullptr);
  // The form asks the picker page, as the picker's own form does (one folder up).
  EXPECT_NE(page->body.find("<form class=\"compare-form\" method=\"get\" aria-label=\"Rungs to "
                            "compare\" action=\"../../../f/customer-operations/compare.html\" "
                            "data-compare><label>From <select name=\"from\">"),
            std::string::npos)
      << page->body;
  const std::vector<std::string> from = SelectOptions(page->body, "from");
  EXPECT_EQ(from, (std::vector<std::string>{"1A", "1A-after-probation", "1B selected", "1C", "2A",
                                            "2B"}));
  EXPECT_EQ(
      SelectOptions(page->body, "to"),
      (std::vector<std::string>{"1A", "1A-after-probation", "1B", "1C", "2A selected", "2B"}));
  EXPECT_NE(page->body.find("<option value=\"1A-after-probation\">1A (after probation)</option>"),
            std::string::npos);
  // The picker page has the same form, the lowest and highest rungs selected.
  const SitePage* picker = site.Find("f/customer-operations/compare.html");
  ASSERT_NE(picker, nullptr);
  EXPECT_NE(picker->body.find("action=\"../../f/customer-operations/compare.html\" data-compare>"),
            std::string::npos);
  EXPECT_EQ(SelectOptions(picker->body, "from").front(), "1A selected");
  EXPECT_EQ(SelectOptions(picker->body, "to").back(), "2B selected");
}

TEST(SiteTest, ComparePageSaysWhichRungAsksForAReferencedCriterionToo) {
  const Site site(LoadFrameworks(BundledSourceFiles()).frameworks, {});
  // 2A's Teamwork lists "All criteria from level one": 1C's criteria, new since 1A.
  const std::string asks =
      "<li><span class=\"text\">Asks for support from more senior members of the team when "
      "facing tasks for the first time</span>";
  const SitePage* new_at_2a = site.Find("f/customer-operations/compare/1A..2A.html");
  ASSERT_NE(new_at_2a, nullptr);
  EXPECT_NE(new_at_2a->body.find(asks + " <span class=\"tag\">also asked at 1C</span></li>"),
            std::string::npos)
      << new_at_2a->body;
  EXPECT_EQ(new_at_2a->body.find(">from 1C<"), std::string::npos);
  // Carried over from 1B, which lists it too.
  const SitePage* from_1b = site.Find("f/customer-operations/compare/1B..2A.html");
  ASSERT_NE(from_1b, nullptr);
  EXPECT_NE(from_1b->body.find(asks + " <span class=\"tag\">also asked at 1C</span></li>"),
            std::string::npos);
  // Carried over from 1C itself: "Carried over" says it.
  const SitePage* from_1c = site.Find("f/customer-operations/compare/1C..2A.html");
  ASSERT_NE(from_1c, nullptr);
  EXPECT_NE(from_1c->body.find(asks + "</li>"), std::string::npos);
  EXPECT_EQ(from_1c->body.find("also asked at"), std::string::npos);
}

TEST(SiteTest, RungPageShowsMeasuredRulesNextToTheText) {
  const Site site(LoadFrameworks(BundledSourceFiles()).frameworks, {});
  const SitePage* page = site.Find("f/customer-operations/1B.html");
  ASSERT_NE(page, nullptr);
  EXPECT_NE(page->body.find("95% activity and 95% QA</span> <span class=\"tag measured\" "
                            "title=\"Read from the criterion&#39;s text\">Measured: 12 "
                            "conversations/h \u00B7 \u226595% activity \u00B7 \u226595% QA "
                            "\u00B7 4 of the last 4 weeks</span>"),
            std::string::npos)
      << page->body;
  // "Working towards" is not a rule; core targets are filled in from 1C.
  const SitePage* one_a = site.Find("f/customer-operations/1A.html");
  ASSERT_NE(one_a, nullptr);
  EXPECT_EQ(one_a->body.find("Measured:"), std::string::npos);
  const SitePage* two_a = site.Find("f/customer-operations/2A.html");
  ASSERT_NE(two_a, nullptr);
  EXPECT_NE(two_a->body.find("Measured: \u22653 advanced tasks \u00B7 core targets: 12 "
                             "conversations/h"),
            std::string::npos);
}

TEST(SiteTest, DeclaredRulesAreShownAndEscaped) {
  const std::string md =
      "---\npath: /team\ntitle: Team\nrungs:\n  window: {weeks: 6, meeting: 5}\n  targets:\n"
      "    support/1/1: {conversations_per_hour: 9.5, qa: 90}\ntopics:\n  - name: support\n"
      "    title: Support\n    content:\n      - level: 1\n        criteria: [\"Is <b>fast</b>\"]\n"
      "---\n";
  const LoadResult loaded = LoadFrameworks({{"team.md", "team.md", "", md}});
  ASSERT_EQ(loaded.frameworks.size(), 1u);
  const Site site(loaded.frameworks, {});
  const SitePage* page = site.Find("f/team/index.html");
  ASSERT_NE(page, nullptr);
  EXPECT_NE(page->body.find("Is &lt;b&gt;fast&lt;/b&gt;</span> <span class=\"tag measured\" "
                            "title=\"Declared in the framework&#39;s rungs settings\">Measured: "
                            "9.5 conversations/h \u00B7 \u226590% QA \u00B7 5 of the last 6 "
                            "weeks</span>"),
            std::string::npos)
      << page->body;
}

TEST(SiteTest, UntrustedTextIsEscapedEverywhere) {
  const std::string evil =
      "---\npath: /evil\ntitle: \"<script>alert(1)</script>\"\nsidebarGroup: \"\\\"><img src=x "
      "onerror=alert(2)>\"\nlevels: 1\ntopics:\n  - name: \"x\\\" onmouseover=\\\"alert(3)\"\n"
      "    title: \"<b onclick=alert(4)>t</b>\"\n    content:\n      - level: 1\n"
      "        exampleCriteria:\n          - criteria: \"<script>alert(5)</script>\"\n"
      "            examples: [\"javascript:alert(6)\", \"<iframe "
      "src=javascript:alert(7)>\"]\n---\n";
  const LoadResult loaded = LoadFrameworks({{"evil.md", "evil.md", "", evil}});
  ASSERT_EQ(loaded.frameworks.size(), 1u);
  const Site site(loaded.frameworks, {});
  for (const auto& [path, page] : site.pages()) {
    if (page.content_type.rfind("text/html", 0) != 0) continue;
    EXPECT_EQ(page.body.find("<script>"), std::string::npos) << path;
    EXPECT_EQ(page.body.find("<img"), std::string::npos) << path;
    EXPECT_EQ(page.body.find("<b "), std::string::npos) << path;
    EXPECT_EQ(page.body.find("<iframe"), std::string::npos) << path;
    EXPECT_EQ(page.body.find(" onmouseover="), std::string::npos) << path;
    EXPECT_EQ(page.body.find("href=\"javascript"), std::string::npos) << path;
  }
  const SitePage* script = site.Find("assets/search-index.js");
  ASSERT_NE(script, nullptr);
  EXPECT_EQ(script->body.find("</script"), std::string::npos);
}

TEST(SiteTest, ServerSideSearchFindsCriteriaAcrossFrameworks) {
  const Site site(LoadFrameworks(BundledSourceFiles()).frameworks, {});
  const std::string page = site.SearchPage("conversations per hour");
  EXPECT_NE(page.find("3 matches"), std::string::npos) << page;
  EXPECT_NE(page.find("href=\"f/customer-operations/1A-after-probation.html#knowledgeandimpact\""),
            std::string::npos);
  EXPECT_NE(site.SearchPage("<script>").find("value=\"&lt;script&gt;\""), std::string::npos);
  EXPECT_NE(site.SearchPage("zzzz-nothing").find("No criteria match."), std::string::npos);
}

TEST(SiteTest, SearchMarksTheWordsThatMatched) {
  // Any case, in any order, typographic quotes as typed, each place once even where words
  // overlap.
  EXPECT_EQ(MatchedRanges("Welcomes Feedback from peers", "feedback WELCOME"),
            (std::vector<std::pair<size_t, size_t>>{{0, 7}, {9, 17}}));
  EXPECT_EQ(MatchedRanges("the team\u2019s goals", "team's"),
            (std::vector<std::pair<size_t, size_t>>{{4, 12}}));
  EXPECT_EQ(MatchedRanges("\u00C9tude, \u00E9tude", "\u00E9tude"),
            (std::vector<std::pair<size_t, size_t>>{{0, 6}, {8, 14}}));
  EXPECT_EQ(MatchedRanges("feedback", "feed back"),
            (std::vector<std::pair<size_t, size_t>>{{0, 8}}));
  EXPECT_TRUE(MatchedRanges("nothing here", "zzz").empty());
  EXPECT_TRUE(MatchedRanges("bad \xff byte", "").empty());

  const Site site(LoadFrameworks(BundledSourceFiles()).frameworks, {});
  const std::string page = site.SearchPage("conversations per hour");
  EXPECT_NE(page.find("12 <mark>conversations</mark> <mark>per</mark> <mark>hour</mark>"),
            std::string::npos)
      << page;
}

TEST(SiteTest, PathsAreEncodedForLinksAndDecodedForFiles) {
  EXPECT_EQ(EncodePath("ba/business analysis"), "ba/business%20analysis");
  EXPECT_EQ(DecodePath("ba/business%20analysis"), "ba/business analysis");
  EXPECT_EQ(DecodePath("bad%zz"), "bad%zz");
}

}  // namespace
}  // namespace rungs
