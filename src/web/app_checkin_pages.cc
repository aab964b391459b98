// The agreement step of a check-in: what the manager is about to agree, what it changes for the
// person's standing, and the one button that freezes it. Saving the manager's side never
// freezes anything; only this page's button does.
#include <map>

#include <fmt/format.h>

#include "framework/model.h"
#include "web/app_pages.h"
#include "web/app_pages_internal.h"

namespace rungs {
namespace {

// "Demonstrated rung: 1A → 1B", or that it stays, and the next rung's progress afterwards.
Html StandingChange(const Framework& fw, const AgreementPreview& preview) {
  const Standing& now = preview.now;
  const Standing& after = preview.after;
  Html html;
  html.Raw("<div class=\"agreement-change\" data-testid=\"agreement-change\"><p>");
  if (now.demonstrated_rung != after.demonstrated_rung) {
    html.Raw("Demonstrated rung: ")
        .Text(RungName(&fw, now.demonstrated_rung))
        .Raw(" \xE2\x86\x92 <strong>")
        .Text(RungName(&fw, after.demonstrated_rung))
        .Raw("</strong>.");
  } else {
    html.Raw("The demonstrated rung stays <strong>")
        .Text(RungName(&fw, after.demonstrated_rung))
        .Raw("</strong>.");
  }
  if (!after.next_rung.empty()) {
    html.Raw(" Next rung ")
        .Text(RungName(&fw, after.next_rung))
        .Raw(": ")
        .Int(after.next_met)
        .Raw(" of ")
        .Text(Criteria(after.next_total))
        .Raw(" met.");
  }
  html.Raw("</p>");
  if (after.ready_for_promotion(fw) && !now.ready_for_promotion(fw)) {
    html.Raw("<p class=\"ready\">A rung above the assigned one: ready to discuss a promotion.</p>");
  }
  if (!after.regressions.empty()) {
    html.Raw("<p>")
        .Text(Criteria(static_cast<int>(after.regressions.size())))
        .Raw(" of the assigned rung would count as not met.</p>");
  }
  html.Raw("</div>");
  return html;
}

}  // namespace

std::string RenderAgreementPage(const PageViewer& viewer, const std::vector<std::string>& rungs,
                                const std::vector<CriterionResult>& agreed,
                                const AgreementPreview& preview) {
  const CheckInView& view = preview.checkin;
  const Framework& fw = *view.framework;
  const CheckIn& c = view.checkin;
  std::map<std::string, const CriterionResult*> saved;
  for (const CriterionResult& r : c.results) saved[r.criterion_key] = &r;
  std::map<std::string, Assessment> to_agree;
  int assessed = 0;
  for (const CriterionResult& r : agreed) {
    to_agree[r.criterion_key] = r.agreed;
    if (r.agreed != Assessment::kNone) ++assessed;
  }
  const std::string rung_query = RungsQuery(rungs);

  Html main;
  main.Raw("<p class=\"meta\"><a").Attr("href", fmt::format("/people/{}", view.person.id));
  main.Raw(">").Text(view.person.name).Raw("</a> \xC2\xB7 ").Text(fw.title).Raw("</p>");
  main.Raw("<h1>Agree the results of ").Text(view.person.name).Raw("\xE2\x80\x99s check-in</h1>");
  main.Raw(
      "<p>Check the agreed results below. Agreeing freezes the check-in: nobody can change its "
      "results afterwards.</p>");
  main.Append(StandingChange(fw, preview));
  if (assessed == 0) {
    main.Append(ErrorBox(
        "No criterion has an agreed result: agreeing would freeze an empty check-in. Go back "
        "and fill in the Agreed column."));
  }
  main.Append(
      CheckInFormStart(viewer, "agreement", fmt::format("/check-ins/{}/agree", c.id), rungs));
  main.Append(ResultsTables(fw, rungs, [&](Html& row, const AssessedCriterion& a) {
    const std::string& key = a.criterion->key;
    const CriterionResult* r = saved.count(key) ? saved[key] : nullptr;
    const auto it = to_agree.find(key);
    const Assessment result = it == to_agree.end() ? Assessment::kNone : it->second;
    if (r != nullptr) row.Append(DiffersTag(*r));
    row.Raw("</th><td data-label=\"Self\">")
        .Text(AssessmentLabel(r ? r->self : Assessment::kNone))
        .Raw("</td><td data-label=\"Manager\">")
        .Text(AssessmentLabel(r ? r->manager : Assessment::kNone))
        .Raw("</td><td data-label=\"Agreed\"><strong>")
        .Text(AssessmentLabel(result))
        .Raw("</strong>");
    if (result != Assessment::kNone) {
      row.Raw("<input type=\"hidden\"")
          .Attr("name", "agreed:" + key)
          .Attr("value", AssessmentName(result))
          .Raw(">");
    }
    row.Raw("</td>");
  }));
  main.Raw("<div class=\"actions\"><a")
      .Attr("href", fmt::format("/check-ins/{}{}", c.id, rung_query))
      .Raw(">Back to the check-in</a><button type=\"submit\" class=\"primary\"");
  if (assessed == 0) main.Raw(" disabled");
  main.Raw(">Agree and freeze</button></div></form>");
  return Layout(viewer, "Agree the results of " + view.person.name + "'s check-in", main);
}

}  // namespace rungs
