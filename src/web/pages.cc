#include "web/pages.h"

#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "metrics/targets.h"
#include "util/text.h"
#include "web/html.h"
#include "web/markdown.h"
#include "web/site.h"

namespace rungs {
namespace {

std::string GroupOf(const Framework& fw) {
  return fw.sidebar_group.empty() ? "Frameworks" : fw.sidebar_group;
}

std::string NavTitle(const Framework& fw) {
  return fw.sidebar_title.empty() ? fw.title : fw.sidebar_title;
}

// Frameworks grouped by sidebarGroup, groups in the order they first appear.
std::vector<std::pair<std::string, std::vector<const Framework*>>> Groups(
    const std::vector<Framework>& frameworks) {
  std::vector<std::pair<std::string, std::vector<const Framework*>>> groups;
  for (const Framework& fw : frameworks) {
    const std::string group = GroupOf(fw);
    auto it =
        std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == group; });
    if (it == groups.end()) {
      groups.push_back({group, {}});
      it = groups.end() - 1;
    }
    it->second.push_back(&fw);
  }
  return groups;
}

Html Sidebar(const PageContext& context) {
  Html html;
  html.Raw("<nav class=\"sidebar\" aria-label=\"Frameworks\">");
  for (const auto& [group, frameworks] : Groups(*context.frameworks)) {
    html.Raw("<h2>").Text(group).Raw("</h2><ul>");
    for (const Framework* fw : frameworks) {
      html.Raw("<li><a").Attr("href", context.root + FrameworkPath(*fw));
      if (fw->id == context.current_id) html.Raw(" aria-current=\"page\"");
      html.Raw(">").Text(NavTitle(*fw)).Raw("</a></li>");
    }
    html.Raw("</ul>");
  }
  html.Raw("</nav>");
  return html;
}

std::string Layout(const PageContext& context, const std::string& title, const Html& main) {
  Html html = PageStart(title, context.root + "assets/app.css");
  html.Raw("<header class=\"top\"><a class=\"brand\"")
      .Attr("href", context.root + "index.html")
      .Raw(
          ">rungs</a><form class=\"search\" role=\"search\" aria-label=\"All frameworks\" "
          "method=\"get\"")
      .Attr("action", context.root + "search.html")
      .Raw(
          "><label for=\"q\" class=\"visually-hidden\">Search criteria</label>"
          "<input id=\"q\" name=\"q\" type=\"search\" placeholder=\"Search criteria\" "
          "autocomplete=\"off\"><button type=\"submit\">Search</button></form>"
          // Filled by app.js when the site is served by rungs: "Sign in", or the signed-in
          // navigation. Empty on a static copy.
          "<nav class=\"app-nav\" aria-label=\"Account\" data-account hidden></nav></header>\n"
          "<div class=\"layout\"><main id=\"main\" tabindex=\"-1\">")
      .Append(main)
      .Raw("</main>")
      .Append(Sidebar(context))
      .Raw(
          "</div>\n<footer class=\"foot\"><p>Made with rungs. Framework texts belong to "
          "their authors.</p></footer><script")
      .Attr("src", context.root + "assets/app.js")
      .Raw(" defer></script></body></html>\n");
  return html.Take();
}

// The rung selector: every level with its rungs, the current one marked. A level without
// sublevels is a single link named after the level.
Html RungNav(const Framework& fw, const std::string& current, const std::string& here) {
  Html html;
  html.Raw("<nav class=\"rungs\" aria-label=\"Levels and sublevels\"><ol>");
  for (const Level& level : fw.levels) {
    Html name;
    name.Text(level.name);
    if (!level.band.empty()) name.Raw(" <span class=\"band\">").Text(level.band).Raw("</span>");
    auto link = [&](const Rung& rung, const Html& label) {
      html.Raw("<a").Attr("href", here + rung.id + ".html");
      if (rung.id == current) html.Raw(" aria-current=\"page\"");
      html.Raw(">").Append(label).Raw("</a>");
    };
    if (level.rungs.size() == 1) {
      html.Raw("<li class=\"level single\">");
      link(level.rungs.front(), name);
      html.Raw("</li>");
      continue;
    }
    html.Raw("<li class=\"level\"><span class=\"level-name\">").Append(name).Raw("</span><ul>");
    for (const Rung& rung : level.rungs) {
      Html label;
      label.Text(rung.label);
      html.Raw("<li>");
      link(rung, label);
      html.Raw("</li>");
    }
    html.Raw("</ul></li>");
  }
  html.Raw("</ol></nav>");
  return html;
}

Html FrameworkHeader(const Framework& fw, const std::string& here, bool has_changes,
                     const std::string& current_view) {
  Html html;
  html.Raw("<h1>").Text(fw.title).Raw("</h1><p class=\"views\">");
  auto view = [&](const std::string& href, const char* label, const std::string& key) {
    html.Raw("<a").Attr("href", here + href);
    if (key == current_view) html.Raw(" aria-current=\"page\"");
    html.Raw(">").Text(label).Raw("</a> ");
  };
  if (fw.format == "matrix") view("index.html", "Grid", "grid");
  view(fw.levels.empty() ? "index.html" : fw.levels.front().rungs.front().id + ".html", "By level",
       "rung");
  if (AllRungs(fw).size() > 1) view("compare.html", "Compare rungs", "compare");
  if (has_changes) view("changes.html", "What changed", "changes");
  html.Raw("</p>");
  return html;
}

Html Examples(const Criterion& c) {
  Html html;
  if (c.examples.empty()) return html;
  html.Raw("<details class=\"examples\"><summary>")
      .Text(c.examples.size() == 1 ? "1 example" : fmt::format("{} examples", c.examples.size()))
      .Raw("</summary><ul>");
  for (const Example& e : c.examples) html.Raw("<li>").Text(e.text).Raw("</li>");
  html.Raw("</ul></details>");
  return html;
}

// "Measured: 12 conversations/h · ≥95% activity · ≥95% QA · 4 of the last 4 weeks", when the
// criterion has a measured rule (read from its text or declared in the settings).
Html MeasuredTag(const FrameworkTargets& targets, const Criterion& c) {
  Html html;
  const MeasuredRule* rule = targets.Find(c.key);
  if (rule == nullptr) return html;
  html.Raw(" <span class=\"tag measured\"")
      .Attr("title", rule->source == "declared" ? "Declared in the framework's rungs settings"
                                                : "Read from the criterion's text")
      .Raw(">")
      .Text("Measured: " + DescribeRule(*rule, targets.settings))
      .Raw("</span>");
  return html;
}

Html CriterionItem(const Framework& fw, const FrameworkTargets& targets, const Criterion& c,
                   const std::string& via) {
  Html html;
  html.Raw("<li");
  if (!via.empty()) html.Raw(" class=\"inherited\"");
  html.Raw("><span class=\"text\">").Text(c.text).Raw("</span>");
  html.Append(MeasuredTag(targets, c));
  if (!via.empty()) {
    const Rung* from = FindRung(fw, via);
    html.Raw(" <span class=\"tag\">from ").Text(from ? from->label : via).Raw("</span>");
  }
  if (c.from_generic) html.Raw(" <span class=\"tag\">from generic</span>");
  html.Append(Examples(c)).Raw("</li>");
  return html;
}

Html TopicCard(const Framework& fw, const FrameworkTargets& targets, const Topic& topic,
               const std::string& rung_id) {
  Html html;
  const std::string anchor = TopicAnchor(topic);
  html.Raw("<section class=\"topic\"")
      .Attr("id", anchor)
      .Raw(" aria-labelledby=\"")
      .Text("h-" + anchor)
      .Raw("\"><h3")
      .Attr("id", "h-" + anchor)
      .Raw("><a class=\"anchor\"")
      .Attr("href", "#" + anchor)
      .Raw(">")
      .Text(topic.title)
      .Raw("</a></h3>");
  if (!topic.description.empty())
    html.Raw("<p class=\"desc\">").Text(topic.description).Raw("</p>");
  const TopicRung* tr = FindTopicRung(topic, rung_id);
  if (tr == nullptr || (tr->criteria.empty() && tr->placeholder.empty())) {
    html.Raw("<p class=\"empty\">Nothing listed at this rung.</p></section>");
    return html;
  }
  if (tr->criteria.empty()) {
    html.Raw("<p class=\"empty\">").Text(tr->placeholder).Raw("</p></section>");
    return html;
  }
  html.Raw("<ul class=\"criteria\">");
  for (const Criterion& c : tr->criteria) {
    if (!c.reference) {
      html.Append(CriterionItem(fw, targets, c, ""));
      continue;
    }
    // A reference is shown as what it stands for, each inherited criterion marked.
    html.Raw("<li class=\"reference\"><span class=\"text\">").Text(c.text).Raw("</span>");
    if (c.reference->rung.empty()) {
      html.Raw(" <span class=\"tag warn\">refers to a level that does not exist</span></li>");
      continue;
    }
    html.Raw("<ul class=\"criteria\">");
    for (const AssessedCriterion& a : ExpandReference(fw, topic, c)) {
      html.Append(CriterionItem(fw, targets, *a.criterion, a.via_reference));
    }
    html.Raw("</ul></li>");
  }
  html.Raw("</ul></section>");
  return html;
}

std::string Here(const Framework& fw, const PageContext& context) {
  return context.root + "f/" + EncodePath(fw.id) + "/";
}

// Text that may break after a slash between two words ("Workflows/Volume"): browsers keep such
// a pair whole, and a grid column too narrow for it would break it inside a word instead.
Html BreakableAtSlashes(std::string_view text) {
  auto letter = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           static_cast<unsigned char>(c) >= 0x80;
  };
  Html html;
  size_t start = 0;
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] != '/' || !letter(text[i - 1]) || !letter(text[i + 1])) continue;
    html.Text(text.substr(start, i + 1 - start)).Raw("<wbr>");
    start = i + 1;
  }
  html.Text(text.substr(start));
  return html;
}

// The pair of rungs to compare: a select for each side, `from` and `to` selected, and a button.
// The form asks compare.html, which rungs serve redirects to the pair's page; app.js goes to
// that page itself, as a static copy needs.
Html CompareForm(const Framework& fw, const std::string& here, const std::string& from,
                 const std::string& to) {
  Html html;
  html.Raw("<form class=\"compare-form\" method=\"get\" aria-label=\"Rungs to compare\"")
      .Attr("action", here + "compare.html")
      .Raw(" data-compare>");
  for (const std::string* side : {&from, &to}) {
    const bool is_from = side == &from;
    html.Raw("<label>")
        .Text(is_from ? "From" : "To")
        .Raw(" <select")
        .Attr("name", is_from ? "from" : "to")
        .Raw(">");
    for (const Rung* rung : AllRungs(fw)) {
      html.Raw("<option").Attr("value", rung->id);
      if (rung->id == *side) html.Raw(" selected");
      html.Raw(">").Text(rung->label).Raw("</option>");
    }
    html.Raw("</select></label> ");
  }
  html.Raw("<button type=\"submit\">Compare</button></form>");
  return html;
}

}  // namespace

std::string FrameworkPath(const Framework& fw) { return "f/" + EncodePath(fw.id) + "/index.html"; }

std::string RungPath(const Framework& fw, const std::string& rung_id) {
  return "f/" + EncodePath(fw.id) + "/" + rung_id + ".html";
}

std::string ComparePath(const Framework& fw, const std::string& from, const std::string& to) {
  return "f/" + EncodePath(fw.id) + "/compare/" + from + ".." + to + ".html";
}

std::string RenderHomePage(const PageContext& context) {
  Html main;
  main.Raw(
      "<h1>Progression frameworks</h1><p class=\"lede\">Pick a framework to see what each "
      "level asks for, or search every criterion.</p>");
  for (const auto& [group, frameworks] : Groups(*context.frameworks)) {
    main.Raw("<section class=\"group\"><h2>").Text(group).Raw("</h2><ul class=\"cards\">");
    for (const Framework* fw : frameworks) {
      main.Raw("<li class=\"card\"><a")
          .Attr("href", context.root + FrameworkPath(*fw))
          .Raw(">")
          .Text(fw->title)
          .Raw("</a><p>");
      if (!fw->yaml || fw->topics.empty()) {
        main.Raw("A page");
      } else {
        const size_t rungs = AllRungs(*fw).size();
        main.Text(fmt::format("{} levels", fw->levels.size()));
        if (rungs != fw->levels.size()) main.Text(fmt::format(", {} rungs", rungs));
        main.Text(fmt::format(" \xC2\xB7 {} topics \xC2\xB7 {} criteria", fw->topics.size(),
                              CountCriteria(*fw)));
      }
      main.Raw("</p></li>");
    }
    main.Raw("</ul></section>");
  }
  return Layout(context, "Progression frameworks", main);
}

std::string RenderRungPage(const PageContext& context, const Framework& fw,
                           const std::string& rung_id, bool has_changes) {
  const Rung* rung = FindRung(fw, rung_id);
  const std::string here = Here(fw, context);
  Html main;
  main.Append(FrameworkHeader(fw, here, has_changes, "rung")).Append(RungNav(fw, rung_id, here));
  main.Raw("<h2 class=\"rung-title\">").Text(rung ? rung->label : rung_id);
  if (rung != nullptr) {
    const Level& level = fw.levels[rung->level - 1];
    if (rung->label != level.name)
      main.Raw(" <span class=\"muted\">").Text(level.name).Raw("</span>");
    if (!level.band.empty())
      main.Raw(" <span class=\"band\">").Text(level.band).Raw(" band</span>");
  }
  main.Raw("</h2><div class=\"topics\">");
  const FrameworkTargets targets = ResolveTargets(fw);
  for (const Topic& topic : fw.topics) main.Append(TopicCard(fw, targets, topic, rung_id));
  main.Raw("</div>");
  return Layout(context, fw.title + " \xC2\xB7 " + (rung ? rung->label : rung_id), main);
}

std::string RenderMatrixPage(const PageContext& context, const Framework& fw, bool has_changes) {
  const std::string here = Here(fw, context);
  const FrameworkTargets targets = ResolveTargets(fw);
  Html main;
  main.Append(FrameworkHeader(fw, here, has_changes, "grid"));
  // Narrower than the grid, the grid scrolls by itself: a named region that takes the focus (so
  // the keyboard scrolls it), with a hint and shaded edges that app.js shows when it does.
  main.Raw(
          "<p class=\"scroll-hint\" id=\"matrix-hint\" hidden>The grid is wider than the window: "
          "scroll it sideways to see every level \xE2\x86\x92</p><div class=\"matrix-scroll\">"
          "<div class=\"matrix-wrap\" role=\"region\" tabindex=\"0\" "
          "aria-labelledby=\"matrix-caption\" aria-describedby=\"matrix-hint\"><table "
          "class=\"matrix\"><caption id=\"matrix-caption\" class=\"visually-hidden\">")
      .Text(fw.title)
      .Raw(": areas by level</caption><colgroup><col class=\"area\"><col")
      .Attr("span", std::to_string(fw.levels.size()))
      .Raw("></colgroup><thead>");
  // A row naming the bands over the columns they cover.
  bool any_band = false;
  for (const Level& level : fw.levels) any_band = any_band || !level.band.empty();
  if (any_band) {
    main.Raw("<tr class=\"bands\"><td></td>");
    size_t i = 0;
    while (i < fw.levels.size()) {
      size_t j = i;
      while (j < fw.levels.size() && fw.levels[j].band == fw.levels[i].band) ++j;
      if (fw.levels[i].band.empty()) {
        main.Raw("<td").Attr("colspan", std::to_string(j - i)).Raw("></td>");
      } else {
        main.Raw("<th scope=\"colgroup\" class=\"band\"")
            .Attr("colspan", std::to_string(j - i))
            .Raw(">")
            .Text(fw.levels[i].band)
            .Raw(" band</th>");
      }
      i = j;
    }
    main.Raw("</tr>");
  }
  main.Raw("<tr><th scope=\"col\">Area</th>");
  for (const Level& level : fw.levels) {
    main.Raw("<th scope=\"col\"");
    if (!level.band.empty()) main.Raw(" class=\"in-band\"");
    main.Raw("><a")
        .Attr("href", here + level.rungs.front().id + ".html")
        .Raw(">")
        .Append(BreakableAtSlashes(level.name))
        .Raw("</a></th>");
  }
  main.Raw("</tr></thead><tbody>");
  for (const Topic& topic : fw.topics) {
    main.Raw("<tr")
        .Attr("id", TopicAnchor(topic))
        .Raw("><th scope=\"row\">")
        .Append(BreakableAtSlashes(topic.title))
        .Raw("</th>");
    for (const Level& level : fw.levels) {
      const TopicRung* tr = FindTopicRung(topic, level.rungs.front().id);
      main.Raw("<td").Attr("data-level", level.name);
      if (!level.band.empty()) main.Raw(" class=\"in-band\"").Attr("data-band", level.band);
      main.Raw(">");
      if (tr != nullptr) {
        if (tr->criteria.empty())
          main.Raw("<span class=\"empty\">").Text(tr->placeholder).Raw("</span>");
        for (const Criterion& c : tr->criteria) {
          main.Raw("<p>")
              .Append(BreakableAtSlashes(c.text))
              .Append(MeasuredTag(targets, c))
              .Raw("</p>");
        }
      }
      main.Raw("</td>");
    }
    main.Raw("</tr>");
  }
  main.Raw("</tbody></table></div></div>");
  return Layout(context, fw.title, main);
}

std::string RenderMarkdownPage(const PageContext& context, const Framework& fw) {
  Html main;
  main.Raw("<h1>")
      .Text(fw.title)
      .Raw("</h1><article class=\"prose\">")
      .Append(RenderMarkdown(fw.body))
      .Raw("</article>");
  return Layout(context, fw.title, main);
}

std::string RenderComparePickerPage(const PageContext& context, const Framework& fw) {
  const std::string here = Here(fw, context);
  const std::vector<const Rung*> rungs = AllRungs(fw);
  Html main;
  main.Append(FrameworkHeader(fw, here, false, "compare"));
  main.Raw("<h2>Compare two rungs</h2>")
      .Append(CompareForm(fw, here, rungs.front()->id, rungs.back()->id))
      .Raw("<h3>Next steps</h3><ul class=\"steps\">");
  for (size_t i = 0; i + 1 < rungs.size(); ++i) {
    main.Raw("<li><a")
        .Attr("href", "compare/" + rungs[i]->id + ".." + rungs[i + 1]->id + ".html")
        .Raw(">")
        .Text(rungs[i]->label + " \xE2\x86\x92 " + rungs[i + 1]->label)
        .Raw("</a></li>");
  }
  main.Raw("</ul>");
  return Layout(context, fw.title + " \xC2\xB7 compare", main);
}

std::string RenderComparePage(const PageContext& context, const Framework& fw,
                              const RungComparison& comparison) {
  const std::string here = Here(fw, context);
  Html main;
  main.Append(FrameworkHeader(fw, here, false, "compare"));
  main.Raw("<h2>From ")
      .Text(comparison.from_label)
      .Raw(" to ")
      .Text(comparison.to_label)
      .Raw("</h2><p class=\"summary\">")
      .Text(fmt::format("{} new, {} carried over, {} no longer listed", comparison.new_count,
                        comparison.carried_over, comparison.no_longer_listed))
      .Raw("</p>")
      .Append(CompareForm(fw, here, comparison.from, comparison.to))
      .Raw("<div class=\"topics\">");
  for (const TopicComparison& topic : comparison.topics) {
    main.Raw("<section class=\"topic compare\"><h3>").Text(topic.title).Raw("</h3>");
    const struct {
      CompareStatus status;
      const char* css;
      std::string heading;
    } groups[] = {
        {CompareStatus::kNew, "new", "New at " + comparison.to_label},
        {CompareStatus::kCarriedOver, "carried", "Carried over"},
        {CompareStatus::kNoLongerListed, "removed", "No longer listed"},
    };
    bool any = false;
    for (const auto& group : groups) {
      bool open = false;
      for (const ComparedCriterion& c : topic.criteria) {
        if (c.status != group.status) continue;
        if (!open) {
          main.Raw("<h4>")
              .Text(group.heading)
              .Raw("</h4><ul class=\"criteria\"")
              .Attr("data-status", group.css)
              .Raw(">");
          open = true;
        }
        main.Raw("<li><span class=\"text\">").Text(c.text).Raw("</span>");
        // A criterion listed through a reference ("All criteria from level one") names the rung
        // that asks for it too. Not "from 1C", which under "New at 2A" read as not new; and not
        // the rung compared from, which "Carried over" already names.
        const std::string& via = c.status == CompareStatus::kNoLongerListed ? c.from_via : c.via;
        if (!via.empty() && via != comparison.from) {
          const Rung* r = FindRung(fw, via);
          main.Raw(" <span class=\"tag\">also asked at ").Text(r ? r->label : via).Raw("</span>");
        }
        main.Raw("</li>");
      }
      if (open) main.Raw("</ul>");
      any = any || open;
    }
    if (!any) main.Raw("<p class=\"empty\">Nothing listed at either rung.</p>");
    main.Raw("</section>");
  }
  main.Raw("</div>");
  return Layout(
      context,
      fw.title + " \xC2\xB7 " + comparison.from_label + " \xE2\x86\x92 " + comparison.to_label,
      main);
}

std::string RenderChangesPage(const PageContext& context, const Framework& fw,
                              const FrameworkDiff& diff) {
  const std::string here = Here(fw, context);
  Html main;
  main.Append(FrameworkHeader(fw, here, true, "changes"));
  main.Raw("<h2>What changed since the previous version</h2><p class=\"summary\">")
      .Text(SummaryLine(diff.summary))
      .Raw("</p>");
  for (const TopicDiff& topic : diff.topics) {
    if (topic.status == TopicStatus::kUnchanged) continue;
    main.Raw("<section class=\"topic changes\"><h3>")
        .Text(topic.new_title.empty() ? topic.old_title : topic.new_title);
    if (topic.status == TopicStatus::kAdded) main.Raw(" <span class=\"tag\">new topic</span>");
    if (topic.status == TopicStatus::kRemoved)
      main.Raw(" <span class=\"tag\">removed topic</span>");
    main.Raw("</h3>");
    if (topic.title_changed()) {
      main.Raw("<p>Renamed from <q>").Text(topic.old_title).Raw("</q></p>");
    }
    for (const RungDiff& rung : topic.rungs) {
      main.Raw("<h4>").Text(RungDisplayName(rung.rung, rung.label)).Raw("</h4><ul class=\"diff\">");
      for (const CriterionChange& change : rung.changes) {
        main.Raw("<li")
            .Attr("data-kind", ChangeKindName(change.kind))
            .Raw("><span class=\"kind\">")
            .Text(ChangeKindName(change.kind))
            .Raw("</span> ");
        switch (change.kind) {
          case ChangeKind::kAdded:
            main.Raw("<ins>").Text(change.new_text).Raw("</ins>");
            break;
          case ChangeKind::kRemoved:
            main.Raw("<del>").Text(change.old_text).Raw("</del>");
            break;
          case ChangeKind::kReworded:
            main.Raw("<del>")
                .Text(change.old_text)
                .Raw("</del> <ins>")
                .Text(change.new_text)
                .Raw("</ins>");
            break;
          case ChangeKind::kMoved:
            main.Text(change.new_text)
                .Raw(" <span class=\"tag\">from ")
                .Text(change.old_rung)
                .Raw("</span>");
            break;
          case ChangeKind::kExamples:
            main.Text(change.new_text).Raw(" <span class=\"tag\">examples changed</span>");
            break;
        }
        main.Raw("</li>");
      }
      main.Raw("</ul>");
    }
    main.Raw("</section>");
  }
  return Layout(context, fw.title + " \xC2\xB7 what changed", main);
}

std::string RenderSearchPage(const PageContext& context, const std::string& query,
                             const std::vector<const SearchEntry*>& hits, size_t total,
                             bool has_query) {
  Html main;
  main.Raw(
          "<h1>Search</h1><form class=\"search-page\" role=\"search\" aria-label=\"Criteria\" "
          "method=\"get\" "
          "action=\"search.html\"><label for=\"search-q\">Words to find in every criterion"
          "</label><input id=\"search-q\" name=\"q\" type=\"search\"")
      .Attr("value", query)
      .Raw(
          "><button type=\"submit\">Search</button></form><div id=\"results\" "
          "aria-live=\"polite\">");
  if (has_query) {
    main.Raw("<p class=\"summary\">")
        .Text(total == 0 ? std::string("No criteria match.")
              : total == hits.size()
                  ? fmt::format("{} match{}", total, total == 1 ? "" : "es")
                  : fmt::format("{} matches; the first {} are shown", total, hits.size()))
        .Raw("</p><ol class=\"hits\">");
    for (const SearchEntry* hit : hits) {
      const SearchEntry& e = *hit;
      main.Raw("<li><a").Attr("href", context.root + e.path).Raw(">");
      // The words that matched, marked.
      size_t shown = 0;
      for (const auto& [first, last] : MatchedRanges(e.text, query)) {
        main.Text(std::string_view(e.text).substr(shown, first - shown))
            .Raw("<mark>")
            .Text(std::string_view(e.text).substr(first, last - first))
            .Raw("</mark>");
        shown = last;
      }
      main.Text(std::string_view(e.text).substr(shown))
          .Raw("</a><span class=\"where\">")
          .Text(e.framework_title + " \xC2\xB7 " + e.rung_label + " \xC2\xB7 " + e.topic_title)
          .Raw("</span></li>");
    }
    main.Raw("</ol>");
  }
  main.Raw("</div><script")
      .Attr("src", context.root + "assets/search-index.js")
      .Raw(" defer></script>");
  return Layout(context, has_query ? "Search: " + query : "Search", main);
}

std::string RenderNotFoundPage(const PageContext& context) {
  Html main;
  main.Raw("<h1>Not found</h1><p>There is no page at this address. <a")
      .Attr("href", context.root + "index.html")
      .Raw(">All frameworks</a>, or search their criteria above.</p>");
  return Layout(context, "Not found", main);
}

}  // namespace rungs
