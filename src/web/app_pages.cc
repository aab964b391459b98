#include "web/app_pages.h"

#include <algorithm>
#include <ctime>
#include <functional>
#include <initializer_list>
#include <map>
#include <set>

#include <fmt/format.h>

#include "framework/diff.h"
#include "metrics/iso_week.h"
#include "util/text.h"
#include "web/app_pages_internal.h"
#include "web/html.h"
#include "web/svg_chart.h"
#include "web/url.h"

namespace rungs {
namespace {

const Assessment kChoices[] = {Assessment::kNone, Assessment::kNotYet, Assessment::kWorkingTowards,
                               Assessment::kMeeting, Assessment::kExceeding};

const char* StatusLabel(CriterionStatus s) {
  switch (s) {
    case CriterionStatus::kMet:
      return "Met";
    case CriterionStatus::kAssumed:
      return "Held (assigned rung)";
    case CriterionStatus::kNotYet:
      return "Not yet";
    case CriterionStatus::kWorkingTowards:
      return "Working towards";
    case CriterionStatus::kNotAssessed:
      return "Not assessed";
  }
  return "";
}

}  // namespace

const char* AssessmentLabel(Assessment a) {
  switch (a) {
    case Assessment::kNone:
      return "\xE2\x80\x94";  // an em dash: not assessed
    case Assessment::kNotYet:
      return "Not yet";
    case Assessment::kWorkingTowards:
      return "Working towards";
    case Assessment::kMeeting:
      return "Meeting";
    case Assessment::kExceeding:
      return "Exceeding";
  }
  return "";
}

std::string RungName(const Framework* fw, const std::string& id) {
  if (id.empty()) return "none yet";
  if (fw != nullptr) {
    if (const Rung* rung = FindRung(*fw, id)) return rung->label.empty() ? rung->id : rung->label;
  }
  return id;
}

Html PostFormStart(const PageViewer& viewer, std::string_view css_class,
                   const std::string& action) {
  Html html;
  html.Raw("<form method=\"post\"");
  if (!css_class.empty()) html.Attr("class", css_class);
  html.Attr("action", action).Raw(">").Append(CsrfField(viewer));
  return html;
}

std::string RungsQuery(const std::vector<std::string>& rungs) {
  std::string query;
  for (const std::string& r : rungs) {
    query += (query.empty() ? "?rung=" : "&rung=") + EncodeQueryParam(r);
  }
  return query;
}

Html CheckInFormStart(const PageViewer& viewer, std::string_view css_class,
                      const std::string& action, const std::vector<std::string>& rungs) {
  Html html = PostFormStart(viewer, css_class, action);
  for (const std::string& r : rungs) {
    html.Raw("<input type=\"hidden\" name=\"rung\"").Attr("value", r).Raw(">");
  }
  return html;
}

Html ResultsTables(const Framework& fw, const std::vector<std::string>& rungs,
                   const std::function<void(Html&, const AssessedCriterion&)>& cells) {
  Html html;
  for (const std::string& rung_id : rungs) {
    const Rung* rung = FindRung(fw, rung_id);
    if (rung == nullptr) continue;
    html.Raw("<h2>").Text(RungName(&fw, rung->id)).Raw("</h2>");
    html.Append(TableStart("results", {"Criterion", "Self", "Manager", "Agreed"}));
    std::set<std::string> seen;
    for (const Topic& topic : fw.topics) {
      for (const AssessedCriterion& a : CriteriaForRung(fw, topic, rung_id)) {
        if (!seen.insert(a.criterion->key).second) continue;
        html.Raw("<tr><th scope=\"row\"><span class=\"topic-name\">")
            .Text(topic.title)
            .Raw("</span> ")
            .Text(a.criterion->text);
        cells(html, a);
        html.Raw("</tr>");
      }
    }
    html.Raw("</tbody></table>");
  }
  return html;
}

bool SelfAndManagerDiffer(const CriterionResult& r) {
  return r.self != Assessment::kNone && r.manager != Assessment::kNone && r.self != r.manager;
}

Html DiffersTag(const CriterionResult& r) {
  Html html;
  if (!SelfAndManagerDiffer(r)) return html;
  html.Raw(" <span class=\"tag differs\">")
      .Text(AssessmentRank(r.self) > AssessmentRank(r.manager) ? "self rated higher"
                                                               : "self rated lower")
      .Raw("</span>");
  return html;
}

Html CsrfField(const PageViewer& viewer) {
  Html html;
  html.Raw("<input type=\"hidden\" name=\"csrf\"").Attr("value", viewer.csrf).Raw(">");
  return html;
}

std::string Layout(const PageViewer& viewer, const std::string& title, const Html& main) {
  Html html = PageStart(title, "/assets/app.css");
  html.Raw(
      "<header class=\"top\">"
      "<a class=\"brand\" href=\"/index.html\">rungs</a><nav class=\"app-nav\" "
      "aria-label=\"Account\"><ul><li><a href=\"/index.html\">Frameworks</a></li>");
  if (viewer.user != nullptr) {
    html.Raw("<li><a href=\"/me\">My progress</a></li>");
    if (viewer.user->role != Role::kMember) html.Raw("<li><a href=\"/team\">Team</a></li>");
    if (viewer.user->role == Role::kAdmin) {
      html.Raw("<li><a href=\"/admin\">Admin</a></li>");
      html.Raw("<li><a href=\"/admin/people\">People</a></li>");
      html.Raw("<li><a href=\"/admin/frameworks\">Manage frameworks</a></li>");
      html.Raw("<li><a href=\"/admin/helpdesk\">Helpdesk data</a></li>");
      html.Raw("<li><a href=\"/admin/audit\">Audit log</a></li>");
    }
    html.Raw("<li><a href=\"/settings/calendar\">Settings</a></li></ul>")
        .Raw("<form class=\"signout\" method=\"post\" action=\"/logout\">")
        .Append(CsrfField(viewer))
        .Raw("<span class=\"who\">")
        .Text(viewer.user->name)
        .Raw("</span> <button type=\"submit\">Sign out</button></form>");
  } else {
    html.Raw("<li><a href=\"/login\">Sign in</a></li></ul>");
  }
  html.Raw("</nav></header>\n<main id=\"main\" class=\"app\" tabindex=\"-1\">")
      .Append(main)
      .Raw("</main>\n<footer class=\"foot\"><p>Made with rungs.</p></footer></body></html>\n");
  return html.Take();
}

Html TableStart(std::string_view css_class, std::initializer_list<std::string_view> headings) {
  Html html;
  html.Raw("<table").Attr("class", css_class).Raw("><thead><tr>");
  for (std::string_view heading : headings)
    html.Raw("<th scope=\"col\">").Text(heading).Raw("</th>");
  html.Raw("</tr></thead><tbody>");
  return html;
}

Html Option(std::string_view value, std::string_view label, bool selected) {
  Html html;
  html.Raw("<option").Attr("value", value);
  if (selected) html.Raw(" selected");
  html.Raw(">").Text(label).Raw("</option>");
  return html;
}

Html ErrorBox(const std::string& error) {
  Html html;
  if (!error.empty()) {
    html.Raw("<p class=\"error\" role=\"alert\">").Text(error).Raw("</p>");
  }
  return html;
}

Html InvalidAttrs(const Status& refusal, std::string_view field, std::string_view input_id,
                  std::string_view hint_id) {
  Html html;
  const bool refused = !refusal.ok() && refusal.field == field;
  // Focus goes to the field to fix, which also scrolls a long page to it.
  if (refused) html.Raw(" aria-invalid=\"true\" autofocus");
  std::string described = refused ? fmt::format("{}-error", input_id) : "";
  if (!hint_id.empty()) described += (described.empty() ? "" : " ") + std::string(hint_id);
  if (!described.empty()) html.Attr("aria-describedby", described);
  return html;
}

Html FieldError(const Status& refusal, std::string_view field, std::string_view input_id) {
  Html html;
  if (refusal.ok() || refusal.field != field) return html;
  html.Raw("<p class=\"field-error\"")
      .Attr("id", fmt::format("{}-error", input_id))
      .Raw(">")
      .Text(refusal.message)
      .Raw("</p>");
  return html;
}

std::string Criteria(int n) { return n == 1 ? "1 criterion" : fmt::format("{} criteria", n); }

std::vector<std::string> AssessedRungs(const Framework& fw, const CheckIn& checkin) {
  std::set<std::string> assessed;
  for (const CriterionResult& r : checkin.results) assessed.insert(r.criterion_key);
  std::vector<std::string> rungs;
  if (assessed.empty()) return rungs;
  for (const Rung* rung : AllRungs(fw)) {
    const auto has_result = [&](const Topic& topic) {
      const std::vector<AssessedCriterion> listed = CriteriaForRung(fw, topic, rung->id);
      return std::any_of(listed.begin(), listed.end(), [&](const AssessedCriterion& a) {
        return assessed.count(a.criterion->key) != 0;
      });
    };
    if (std::any_of(fw.topics.begin(), fw.topics.end(), has_result)) rungs.push_back(rung->id);
  }
  return rungs;
}

namespace {

// "Check-in 2 on 1B (after probation)": a check-in by its number and the rungs it assesses.
std::string CheckInName(const Framework* fw, int number, const std::vector<std::string>& rungs) {
  std::string name = number > 0 ? fmt::format("Check-in {}", number) : "Check-in";
  std::vector<std::string> labels;
  labels.reserve(rungs.size());
  for (const std::string& id : rungs) labels.push_back(RungName(fw, id));
  if (!labels.empty()) name += " on " + Join(labels, " and ");
  return name;
}

}  // namespace

std::string FieldMessage(const Status& s) {
  if (s.ok()) return "";
  return s.field.empty() ? s.message : fmt::format("{}: {}", s.field, s.message);
}

Html RefusalBox(const Status& refusal) { return ErrorBox(FieldMessage(refusal)); }

Html Notice(const std::string& notice) {
  Html html;
  if (!notice.empty()) {
    html.Raw("<p class=\"notice\" role=\"status\">").Text(notice).Raw("</p>");
  }
  return html;
}

namespace {

Html StatusTag(CriterionStatus s) {
  Html html;
  html.Raw("<span class=\"status status-")
      .Text(CriterionStatusName(s))
      .Raw("\">")
      .Text(StatusLabel(s))
      .Raw("</span>");
  return html;
}

Html EvidenceItem(const Evidence& e) {
  Html html;
  html.Raw("<li><span class=\"evidence-text\">").Text(e.text).Raw("</span>");
  if (!e.link.empty()) {
    html.Raw(" <a rel=\"noopener noreferrer nofollow\"").Attr("href", e.link).Raw(">link</a>");
  }
  html.Raw(" <span class=\"date\">").Text(FormatDate(e.created_at)).Raw("</span></li>");
  return html;
}

Html PersonHeader(const PersonRecord& view) {
  const Framework* fw = view.framework.framework;
  Html html;
  html.Raw("<h1>").Text(view.person.name).Raw("</h1><p class=\"meta\">");
  html.Text(fw != nullptr ? fw->title : "No framework set");
  if (view.manager) html.Raw(" \xC2\xB7 manager ").Text(view.manager->name);
  html.Raw("</p>");
  return html;
}

Html StandingSummary(const PersonRecord& view) {
  const Framework* fw = view.framework.framework;
  const Standing& s = view.standing;
  Html html;
  html.Raw("<dl class=\"standing\"><div><dt>Assigned rung</dt><dd>")
      .Text(RungName(fw, s.assigned_rung))
      .Raw("</dd></div><div><dt>Demonstrated rung</dt><dd data-testid=\"demonstrated\">")
      .Text(RungName(fw, s.demonstrated_rung))
      .Raw("</dd></div><div><dt>Next rung</dt><dd>")
      .Text(s.next_rung.empty() ? "at the top" : RungName(fw, s.next_rung));
  if (!s.next_rung.empty()) {
    html.Raw(" <span class=\"progress\" data-testid=\"next-progress\">")
        .Int(s.next_met)
        .Raw(" of ")
        .Int(s.next_total)
        .Raw(" criteria met</span>");
  }
  html.Raw("</dd></div></dl>");
  if (fw != nullptr && s.ready_for_promotion(*fw)) {
    html.Raw(
        "<p class=\"ready\">Demonstrates a rung above the assigned one: ready to discuss a "
        "promotion.</p>");
  }
  return html;
}

// --- Measured targets ---------------------------------------------------------------------

const char* VerdictLabel(Verdict v) {
  switch (v) {
    case Verdict::kMet:
      return "Met";
    case Verdict::kNotMet:
      return "Not met";
    case Verdict::kNoData:
      return "No data";
  }
  return "";
}

// The verdict as a status tag: text and colour (the colours of met, not yet and not assessed).
Html VerdictTag(Verdict v) {
  const char* css = v == Verdict::kMet      ? "status status-met"
                    : v == Verdict::kNotMet ? "status status-not_yet"
                                            : "status status-not_assessed";
  Html html;
  html.Raw("<span").Attr("class", css).Raw(">").Text(VerdictLabel(v)).Raw("</span>");
  return html;
}

// "Helpdesk data: Met" beside a criterion in lists that are about agreed results.
Html MeasuredBeside(const MeasuredResults& measured, const std::string& key) {
  Html html;
  if (measured.state != MeasuredResults::State::kEvaluated) return html;
  const MeasuredCriterion* m = measured.Find(key);
  if (m == nullptr) return html;
  html.Raw(" <span class=\"measured-verdict\">Helpdesk data: ")
      .Append(VerdictTag(m->verdict))
      .Raw("</span>");
  return html;
}

std::string OptionalNumber(const std::optional<double>& v, const char* unit) {
  return v ? fmt::format("{:.1f}{}", *v, unit) : "\xE2\x80\x94";
}

// One metric of every week, as a chart series: `rule` asks for that metric only, so each
// week's value and no-data reason are that metric's.
ChartSeries MetricSeries(const MeasuredResults& measured, const std::string& name,
                         const MeasuredRule& rule, std::optional<double> WeekJudgement::*value,
                         bool inferred_matters) {
  const Evaluation e = EvaluateRule(rule, measured.settings, measured.weeks);
  ChartSeries series;
  series.name = name;
  for (size_t i = 0; i < e.weeks.size(); ++i) {
    const WeekJudgement& j = e.weeks[i];
    ChartPoint p;
    p.week = j.week;
    p.value = j.*value;
    p.inferred = inferred_matters && measured.weeks[i].active_inferred;
    for (const std::string& reason : j.no_data) p.note += (p.note.empty() ? "" : "; ") + reason;
    series.points.push_back(std::move(p));
  }
  return series;
}

bool HasValue(const ChartSeries& series) {
  return std::any_of(series.points.begin(), series.points.end(),
                     [](const ChartPoint& p) { return p.value.has_value(); });
}

Html MeasuredCharts(const PersonRecord& view) {
  const MeasuredResults& measured = view.measured;
  Html html;
  if (measured.weeks.empty()) return html;
  std::set<double> rates;
  std::map<double, std::vector<std::string>> percents;  // value -> "activity", "QA"
  std::string noun = "conversations";
  for (const MeasuredCriterion& m : measured.criteria) {
    if (m.rule.conversations_per_hour) {
      rates.insert(*m.rule.conversations_per_hour);
      noun = m.rule.rate_noun;
    }
    auto add = [&](double v, const char* what) {
      auto& kinds = percents[v];
      if (std::find(kinds.begin(), kinds.end(), what) == kinds.end()) kinds.push_back(what);
    };
    if (m.rule.activity_pct) add(*m.rule.activity_pct, "activity");
    if (m.rule.qa_pct) add(*m.rule.qa_pct, "QA");
  }
  MeasuredRule rate_rule;
  rate_rule.conversations_per_hour = 0;
  rate_rule.rate_noun = noun;
  WeeklyChart rate_chart;
  rate_chart.id = "chart-rate";
  rate_chart.title = fmt::format(
      "{}{} per hour, by ISO week",
      static_cast<char>(std::toupper(static_cast<unsigned char>(noun[0]))), noun.substr(1));
  rate_chart.unit = "/h";
  rate_chart.series.push_back(MetricSeries(measured, fmt::format("{} per hour", noun), rate_rule,
                                           &WeekJudgement::conversations_per_hour, true));
  for (double r : rates) rate_chart.targets.push_back({r, fmt::format("target {:g}/h", r)});
  html.Append(RenderWeeklyChart(rate_chart));

  MeasuredRule activity_rule;
  activity_rule.activity_pct = 0;
  MeasuredRule qa_rule;
  qa_rule.qa_pct = 0;
  WeeklyChart pct_chart;
  pct_chart.id = "chart-pct";
  pct_chart.title = "Activity and QA %, by ISO week";
  pct_chart.unit = "%";
  pct_chart.zero_based = false;
  ChartSeries activity =
      MetricSeries(measured, "Activity %", activity_rule, &WeekJudgement::activity_pct, true);
  ChartSeries qa = MetricSeries(measured, "QA %", qa_rule, &WeekJudgement::qa_pct, false);
  if (HasValue(activity)) pct_chart.series.push_back(std::move(activity));
  if (HasValue(qa)) pct_chart.series.push_back(std::move(qa));
  if (!pct_chart.series.empty()) {
    for (const auto& [value, kinds] : percents) {
      std::string what;
      for (const std::string& k : kinds) what += (what.empty() ? "" : ", ") + k;
      pct_chart.targets.push_back({value, fmt::format("target {:g}% {}", value, what)});
    }
    html.Append(RenderWeeklyChart(pct_chart));
  }
  return html;
}

// The weeks a verdict was judged on, deciding ones marked.
Html MeasuredWeeks(const MeasuredCriterion& m) {
  const Evaluation& e = m.evaluation;
  Html html;
  if (e.weeks.empty()) return html;
  html.Raw("<details class=\"weeks\"><summary>Weeks (")
      .Int(static_cast<long long>(e.weeks.size()))
      .Raw(")</summary>")
      .Append(TableStart("measured-weeks", {"Week", "Conversations/h", "Activity", "QA",
                                            "Active hours", "Week's result"}));
  for (const WeekJudgement& j : e.weeks) {
    const bool deciding =
        std::find(e.deciding.begin(), e.deciding.end(), j.week) != e.deciding.end();
    html.Raw("<tr");
    if (deciding) html.Raw(" class=\"deciding\"");
    html.Raw("><th scope=\"row\">").Text(WeekIndexName(j.week));
    if (deciding) html.Raw(" <span class=\"tag\">deciding</span>");
    html.Raw("</th><td>")
        .Text(OptionalNumber(j.conversations_per_hour, ""))
        .Raw("</td><td>")
        .Text(OptionalNumber(j.activity_pct, "%"))
        .Raw("</td><td>")
        .Text(OptionalNumber(j.qa_pct, "%"))
        .Raw("</td><td>")
        .Text(fmt::format("{:.1f}", j.active_hours))
        .Raw("</td><td class=\"wrap\">");
    if (!j.evaluable) {
      html.Raw("no data: ");
      for (size_t i = 0; i < j.no_data.size(); ++i) html.Text(i ? "; " : "").Text(j.no_data[i]);
    } else if (j.meets) {
      html.Raw("meets every target");
    } else {
      html.Raw("misses: ");
      for (size_t i = 0; i < j.misses.size(); ++i) html.Text(i ? "; " : "").Text(j.misses[i]);
    }
    html.Raw("</td></tr>");
  }
  html.Raw("</tbody></table></details>");
  return html;
}

// Why a no-data verdict has no data: the reasons of the newest weeks without enough of it.
Html NoDataReasons(const MeasuredResults& measured, const MeasuredCriterion& m) {
  Html html;
  if (m.verdict != Verdict::kNoData) return html;
  std::vector<const WeekJudgement*> thin;
  for (const WeekJudgement& j : m.evaluation.weeks) {
    if (!j.evaluable && j.week >= measured.since_week) thin.push_back(&j);
  }
  if (thin.empty()) return html;
  constexpr size_t kShown = 4;
  html.Raw("<ul class=\"reasons\">");
  for (size_t i = thin.size() > kShown ? thin.size() - kShown : 0; i < thin.size(); ++i) {
    html.Raw("<li>").Text(WeekIndexName(thin[i]->week)).Raw(": ");
    for (size_t k = 0; k < thin[i]->no_data.size(); ++k) {
      html.Text(k ? "; " : "").Text(thin[i]->no_data[k]);
    }
    html.Raw("</li>");
  }
  if (thin.size() > kShown) {
    html.Raw("<li>and ").Int(static_cast<long long>(thin.size() - kShown)).Raw(" earlier</li>");
  }
  html.Raw("</ul>");
  return html;
}

Html MeasuredSection(const PersonRecord& view) {
  const MeasuredResults& measured = view.measured;
  const Framework* fw = view.framework.framework;
  Html html;
  if (fw == nullptr || measured.state == MeasuredResults::State::kNotMeasured) return html;
  html.Raw("<section aria-labelledby=\"measured\" class=\"measured\"><h2 id=\"measured\">")
      .Raw("Measured targets</h2>");
  const bool judged = measured.state == MeasuredResults::State::kEvaluated;
  if (!judged) {
    html.Raw(
            "<p class=\"no-identity\" data-testid=\"no-identity\"><span class=\"status "
            "status-not_assessed\">No helpdesk identity linked</span> ")
        .Text(view.person.name)
        .Raw(
            " has no helpdesk identity linked yet, so these criteria cannot be judged on "
            "helpdesk data.</p>");
  } else if (measured.weeks.empty()) {
    html.Raw("<p class=\"empty\">No helpdesk data yet for the linked identities.</p>");
  } else {
    html.Append(MeasuredCharts(view));
  }
  html.Raw("<ul class=\"why measured-list\">");
  for (const MeasuredCriterion& m : measured.criteria) {
    html.Raw("<li").Attr("data-criterion", m.criterion->key).Raw(">");
    if (judged) html.Append(VerdictTag(m.verdict)).Raw(" ");
    html.Raw("<span class=\"tag\">")
        .Text(RungName(fw, m.rung))
        .Raw("</span> ")
        .Text(m.criterion->text)
        .Raw("<span class=\"tag measured\">Measured: ")
        .Text(m.rule_text)
        .Raw("</span>");
    if (m.rule.advanced_tasks > 0) {
      html.Raw("<p class=\"tasks\">Advanced tasks agreed: ")
          .Int(m.advanced_tasks)
          .Raw(" of ")
          .Int(m.rule.advanced_tasks)
          .Raw(
              " (evidence starting \xE2\x80\x9C"
              "Advanced task:\xE2\x80\x9D in agreed check-ins)</p>");
    }
    if (judged) {
      html.Raw("<p class=\"explanation\">").Text(m.explanation).Raw("</p>");
      html.Append(NoDataReasons(measured, m)).Append(MeasuredWeeks(m));
    }
    html.Raw("</li>");
  }
  html.Raw("</ul></section>");
  return html;
}

Html WhyNotYet(const PersonRecord& view) {
  const Standing& s = view.standing;
  Html html;
  if (view.framework.framework == nullptr || s.next_rung.empty()) return html;
  html.Raw("<section aria-labelledby=\"why\"><h2 id=\"why\">Why not yet: ")
      .Text(RungName(view.framework.framework, s.next_rung))
      .Raw("</h2><ul class=\"why\">");
  std::set<std::string> anchored;  // the team heatmap links to each topic's first criterion
  for (const CriterionStanding& c : s.next_criteria) {
    html.Raw("<li");
    if (anchored.insert(c.topic).second) html.Attr("id", "why-" + Slugify(c.topic));
    html.Raw(">").Append(StatusTag(c.status)).Raw(" <span class=\"topic-name\">");
    const Topic* topic = FindTopic(*view.framework.framework, c.topic);
    html.Text(topic != nullptr ? topic->title : c.topic).Raw("</span> ").Text(c.criterion->text);
    if (!c.carried_from_rung.empty()) {
      html.Raw(" <span class=\"carried\">agreed at ")
          .Text(RungName(view.framework.framework, c.carried_from_rung))
          .Raw(" on ")
          .Text(FormatDate(c.agreed_at))
          .Raw("</span>");
    }
    html.Append(MeasuredBeside(view.measured, c.criterion->key));
    if (!c.evidence.empty()) {
      html.Raw("<ul class=\"evidence\">").Append(EvidenceItem(*c.evidence.front())).Raw("</ul>");
    }
    html.Raw("</li>");
  }
  html.Raw("</ul></section>");
  if (!s.regressions.empty()) {
    html.Raw(
        "<section aria-labelledby=\"regress\"><h2 id=\"regress\">Below the assigned rung, "
        "agreed as not met</h2><ul class=\"why\">");
    for (const CriterionStanding& c : s.regressions) {
      html.Raw("<li>").Append(StatusTag(c.status)).Raw(" ").Text(c.criterion->text).Raw("</li>");
    }
    html.Raw("</ul></section>");
  }
  return html;
}

Html History(const PageViewer& viewer, const PersonRecord& view, bool can_manage) {
  Html html;
  html.Raw("<section aria-labelledby=\"history\"><h2 id=\"history\">Check-ins</h2>");
  const bool has_open =
      std::any_of(view.checkins.begin(), view.checkins.end(),
                  [](const CheckIn& c) { return c.state == CheckInState::kOpen; });
  if (!has_open && view.framework.framework != nullptr &&
      (viewer.user->id == view.person.id || can_manage)) {
    html.Append(PostFormStart(viewer, "", fmt::format("/people/{}/check-ins", view.person.id)))
        .Raw("<button type=\"submit\">Start a check-in</button></form>");
  }
  if (view.checkins.empty()) {
    html.Raw("<p class=\"empty\">No check-ins yet.</p>");
  } else {
    html.Raw("<ol class=\"timeline\">");
    for (const CheckIn& c : view.checkins) {
      int met = 0;
      for (const CriterionResult& r : c.results) met += IsMet(r.agreed) ? 1 : 0;
      const Framework* fw = view.framework.framework;
      const std::string name =
          CheckInName(fw, CheckInNumber(view.checkins, c.id),
                      fw != nullptr && c.framework_version_id == view.framework.version_id
                          ? AssessedRungs(*fw, c)
                          : std::vector<std::string>{});
      html.Raw("<li><a").Attr("href", fmt::format("/check-ins/{}", c.id)).Raw(">").Text(name);
      html.Raw("</a> \xC2\xB7 started <span class=\"nowrap\">")
          .Text(FormatDate(c.created_at))
          .Raw("</span> \xC2\xB7 ");
      if (c.state == CheckInState::kOpen) {
        html.Raw("<span class=\"status status-open\">Open</span>");
      } else {
        html.Raw("agreed <span class=\"nowrap\">")
            .Text(FormatDate(c.frozen_at))
            .Raw("</span>: ")
            .Text(Criteria(met))
            .Raw(" met");
        for (const RungStep& step : view.history) {
          if (step.checkin_id != c.id) continue;
          html.Raw(" \xC2\xB7 demonstrated after it: <strong>")
              .Text(RungName(view.framework.framework, step.demonstrated_rung))
              .Raw("</strong>");
        }
      }
      html.Raw(" \xC2\xB7 ").Int(static_cast<long long>(c.evidence.size())).Raw(" evidence</li>");
    }
    html.Raw("</ol>");
  }
  html.Raw("<p class=\"exports\">Export: <a")
      .Attr("href", fmt::format("/people/{}/export.json", view.person.id))
      .Raw(">JSON</a> \xC2\xB7 <a")
      .Attr("href", fmt::format("/people/{}/export.csv", view.person.id))
      .Raw(">CSV</a></p></section>");
  return html;
}

Html Unmatched(const PersonRecord& view) {
  Html html;
  if (view.unmatched.empty()) return html;
  html.Raw(
      "<section aria-labelledby=\"review\"><h2 id=\"review\">To review: criteria the framework "
      "no longer has</h2><p>Past check-ins assessed these; the current version has no matching "
      "criterion, so their results no longer count.</p><ul>");
  for (const UnmatchedCriterion& u : view.unmatched) {
    html.Raw("<li><span class=\"tag\">").Text(u.rung).Raw("</span> ").Text(u.text).Raw("</li>");
  }
  html.Raw("</ul></section>");
  return html;
}

Html AssessmentSelect(const std::string& name, const std::string& label, Assessment value,
                      bool editable) {
  Html html;
  if (!editable) {
    html.Raw("<span class=\"result\"><span class=\"visually-hidden\">")
        .Text(label)
        .Raw(": </span>")
        .Text(AssessmentLabel(value))
        .Raw("</span>");
    return html;
  }
  html.Raw("<select").Attr("name", name).Attr("aria-label", label).Raw(">");
  for (Assessment a : kChoices) {
    html.Append(Option(AssessmentName(a), AssessmentLabel(a), a == value));
  }
  html.Raw("</select>");
  return html;
}

}  // namespace

std::string FormatDate(int64_t unix_seconds) {
  if (unix_seconds == 0) return "";
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

std::string RenderLoginPage(const std::string& email, const std::string& error,
                            const std::string& next, const std::string& notice) {
  Html main;
  main.Raw("<h1>Sign in</h1>")
      .Append(Notice(notice))
      .Append(ErrorBox(error))
      .Raw(
          "<form class=\"stack\" method=\"post\" action=\"/login\"><label for=\"email\">Email"
          "</label><input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" "
          "required")
      .Attr("value", email)
      .Raw(
          "><label for=\"password\">Password</label><input id=\"password\" name=\"password\" "
          "type=\"password\" autocomplete=\"current-password\" required>"
          "<input type=\"hidden\" name=\"next\"")
      .Attr("value", next)
      .Raw(
          "><button type=\"submit\">Sign in</button></form><p class=\"meta\">No account or "
          "forgot the password? An admin makes you a one-time link.</p>");
  return Layout({}, "Sign in", main);
}

std::string RenderSetPasswordPage(const std::string& action, const std::string& title,
                                  const std::string& error) {
  Html main;
  main.Raw("<h1>")
      .Text(title)
      .Raw("</h1>")
      .Append(ErrorBox(error))
      .Raw("<form class=\"stack\" method=\"post\"")
      .Attr("action", action)
      .Raw(
          "><label for=\"password\">New password (at least 10 characters)</label>"
          "<input id=\"password\" name=\"password\" type=\"password\" "
          "autocomplete=\"new-password\" minlength=\"10\" required>"
          "<button type=\"submit\">Set password</button></form>");
  return Layout({}, title, main);
}

std::string RenderSetupPage(const std::string& action, const User& typed,
                            const std::string& error) {
  Html main;
  main.Raw(
          "<h1>Welcome to rungs</h1><p>rungs has no admin yet. The account you create here is "
          "its first: it adds people, frameworks and helpdesk data. This link works once.</p>")
      .Append(ErrorBox(error))
      .Raw("<form class=\"stack\" method=\"post\"")
      .Attr("action", action)
      .Raw(
          "><label for=\"name\">Your name</label><input id=\"name\" name=\"name\" "
          "autocomplete=\"name\" maxlength=\"200\" required")
      .Attr("value", typed.name)
      .Raw(
          "><label for=\"email\">Email</label><input id=\"email\" name=\"email\" "
          "type=\"email\" autocomplete=\"email\" maxlength=\"320\" required")
      .Attr("value", typed.email)
      .Raw(
          "><label for=\"password\">Password (at least 10 characters)</label>"
          "<input id=\"password\" name=\"password\" type=\"password\" "
          "autocomplete=\"new-password\" minlength=\"10\" required>"
          "<button type=\"submit\">Create the admin account</button></form>");
  return Layout({}, "Welcome to rungs", main);
}

std::string RenderMessagePage(const PageViewer& viewer, int status, const std::string& title,
                              const std::string& message) {
  Html main;
  main.Raw("<h1>")
      .Text(title)
      .Raw("</h1><p class=\"message\">")
      .Text(message)
      .Raw("</p><p class=\"meta\">HTTP ");
  main.Int(status).Raw(" \xC2\xB7 <a href=\"/me\">My progress</a></p>");
  return Layout(viewer, title, main);
}

std::string RenderPersonPage(const PageViewer& viewer, const PersonView& view) {
  const PersonRecord& record = *view.record;
  Html main;
  main.Append(PersonHeader(record)).Append(StandingSummary(record));
  if (view.next_checkin) {
    main.Raw("<p class=\"next-checkin\" data-testid=\"next-checkin\">Next check-in: ")
        .Append(DueNote(*view.next_checkin));
    if (viewer.user != nullptr && viewer.user->id == record.person.id) {
      main.Raw(" \xC2\xB7 <a href=\"/settings/calendar\">Add it to your calendar</a>");
    }
    main.Raw("</p>");
  }
  main.Append(WhyNotYet(record))
      .Append(MeasuredSection(record))
      .Append(Unmatched(record))
      .Append(History(viewer, record, view.can_manage));
  return Layout(viewer, record.person.name, main);
}

namespace {

// A labelled three-line text box with `value`, marked with `refusal` when it names `name`.
Html TextArea(const char* id, const char* name, const char* label, int max_length, bool required,
              const std::string& value, const Status& refusal) {
  Html html;
  html.Raw("<label").Attr("for", id).Raw(">").Text(label).Raw("</label><textarea");
  html.Attr("id", id).Attr("name", name).Raw(" rows=\"3\" maxlength=\"").Int(max_length).Raw("\"");
  if (required) html.Raw(" required");
  html.Append(InvalidAttrs(refusal, name, id))
      .Raw(">")
      .Text(value)
      .Raw("</textarea>")
      .Append(FieldError(refusal, name, id));
  return html;
}

// A frozen check-in's answer from the person: what they said, or (for them) the form to say it.
Html AcknowledgementSection(const PageViewer& viewer, const CheckInView& view,
                            const CheckInForms& forms) {
  const CheckIn& c = view.checkin;
  Html html;
  html.Raw("<section class=\"acknowledgement\" aria-labelledby=\"acknowledgement\">");
  if (c.acknowledged_at != 0) {
    html.Raw("<h2 id=\"acknowledgement\">")
        .Text(view.person.name)
        .Text(c.disagrees ? " disagrees with these results" : " agrees with these results")
        .Raw("</h2><p class=\"meta\">")
        .Text(FormatDate(c.acknowledged_at))
        .Raw("</p>");
    if (!c.acknowledgement_comment.empty()) {
      html.Raw("<p class=\"notes-text\">").Text(c.acknowledgement_comment).Raw("</p>");
    }
  } else if (view.can_acknowledge) {
    const Status& refusal = forms.acknowledgement_refusal;
    html.Raw("<h2 id=\"acknowledgement\">Do you agree with these results?</h2>")
        .Append(RefusalBox(refusal))
        .Append(PostFormStart(viewer, "stack", fmt::format("/check-ins/{}/acknowledge", c.id)))
        .Append(TextArea("acknowledgement-comment", "comment", "Comment (needed to disagree)",
                         20000, false, forms.comment, refusal))
        .Raw(
            "<div class=\"actions\"><button type=\"submit\" name=\"answer\" value=\"agree\" "
            "class=\"primary\">I agree</button><button type=\"submit\" name=\"answer\" "
            "value=\"disagree\">I disagree</button></div></form>");
  } else {
    html.Raw("<h2 id=\"acknowledgement\">Not acknowledged yet</h2><p>")
        .Text(view.person.name)
        .Raw(" has not said yet whether they agree with these results.</p>");
  }
  html.Raw("</section>");
  return html;
}

}  // namespace

std::string RenderCheckInPage(const PageViewer& viewer, const CheckInView& view,
                              const std::vector<std::string>& rungs, const std::string& notice,
                              const CheckInForms& forms) {
  const Framework& fw = *view.framework;
  const CheckIn& c = view.checkin;
  std::map<std::string, const CriterionResult*> results;
  for (const CriterionResult& r : c.results) results[r.criterion_key] = &r;
  const bool open = c.state == CheckInState::kOpen;

  Html main;
  main.Raw("<p class=\"meta\"><a").Attr("href", fmt::format("/people/{}", view.person.id));
  main.Raw(">").Text(view.person.name).Raw("</a> \xC2\xB7 ").Text(fw.title).Raw("</p>");
  const std::string title =
      fmt::format("{}: {}", view.person.name, CheckInName(&fw, view.number, rungs));
  // The date wraps whole: a line may not break at its hyphens.
  main.Raw("<h1>")
      .Text(title)
      .Raw("</h1><p class=\"meta\">Started <span class=\"nowrap\">")
      .Text(FormatDate(c.created_at))
      .Raw("</span></p>")
      .Append(Notice(notice));
  if (open) {
    main.Raw(
        "<p class=\"state\"><span class=\"status status-open\">Open</span> Self and manager "
        "results can change until the manager agrees the results, a step of its own that shows "
        "what they change before anything is frozen.</p>");
  } else {
    main.Raw(
            "<p class=\"state\"><span class=\"status status-met\">Agreed</span> on <span "
            "class=\"nowrap\">")
        .Text(FormatDate(c.frozen_at))
        .Raw("</span>. This check-in is frozen: it shows what was agreed then.</p>")
        .Append(AcknowledgementSection(viewer, view, forms));
  }
  // The rungs shown, as links that change the selection.
  main.Raw("<nav class=\"views\" aria-label=\"Rungs in this check-in\">");
  std::set<std::string> shown(rungs.begin(), rungs.end());
  for (const Rung* rung : AllRungs(fw)) {
    main.Raw("<a").Attr("href", fmt::format("/check-ins/{}?rung={}", c.id, rung->id));
    if (shown.count(rung->id) != 0) main.Raw(" aria-current=\"page\"");
    main.Raw(">").Text(RungName(&fw, rung->id)).Raw("</a>");
  }
  main.Raw("</nav>");

  const bool editable = view.can_self || view.can_manage;
  if (editable) {
    main.Append(CheckInFormStart(viewer, "checkin", fmt::format("/check-ins/{}", c.id), rungs));
  }
  int differ = 0;
  for (const CriterionResult& r : c.results) differ += SelfAndManagerDiffer(r) ? 1 : 0;
  if (differ > 0) {
    main.Raw("<p class=\"differs-summary\" data-testid=\"differs\">Self and manager differ on ")
        .Text(Criteria(differ))
        .Raw(", marked below.</p>");
  }
  main.Append(ResultsTables(fw, rungs, [&](Html& row, const AssessedCriterion& a) {
    const std::string& key = a.criterion->key;
    const CriterionResult* r = results.count(key) ? results[key] : nullptr;
    if (!a.via_reference.empty()) {
      row.Raw(" <span class=\"tag\">from ").Text(RungName(&fw, a.via_reference)).Raw("</span>");
    }
    if (r != nullptr) row.Append(DiffersTag(*r));
    if (view.measured != nullptr) row.Append(MeasuredBeside(*view.measured, key));
    row.Raw("</th><td data-label=\"Self\">")
        .Append(
            AssessmentSelect("self:" + key, "Self", r ? r->self : Assessment::kNone, view.can_self))
        .Raw("</td><td data-label=\"Manager\">")
        .Append(AssessmentSelect("manager:" + key, "Manager", r ? r->manager : Assessment::kNone,
                                 view.can_manage))
        .Raw("</td><td data-label=\"Agreed\">")
        .Append(AssessmentSelect("agreed:" + key, "Agreed",
                                 r == nullptr                     ? Assessment::kNone
                                 : r->agreed != Assessment::kNone ? r->agreed
                                                                  : r->manager,
                                 view.can_manage))
        .Raw("</td>");
  }));
  if (editable) {
    main.Raw("<div class=\"notes\">");
    if (view.can_self) {
      main.Raw(
              "<label for=\"notes\">Your notes</label><textarea id=\"notes\" name=\"notes\" "
              "rows=\"4\">")
          .Text(c.self_notes)
          .Raw("</textarea>");
    } else {
      main.Raw(
              "<label for=\"notes\">Manager notes</label><textarea id=\"notes\" name=\"notes\" "
              "rows=\"4\">")
          .Text(c.manager_notes)
          .Raw("</textarea>");
    }
    main.Raw("</div><div class=\"actions\">");
    if (view.can_self) {
      main.Raw(
          "<button type=\"submit\" name=\"action\" value=\"self\">Save self-assessment"
          "</button>");
    }
    if (view.can_manage) {
      main.Raw(
          "<button type=\"submit\" name=\"action\" value=\"manager\">Save manager assessment"
          "</button><button type=\"submit\" name=\"action\" value=\"review\">"
          "Review the agreed results\xE2\x80\xA6</button>");
    }
    main.Raw("</div></form>");
  }
  if (!view.can_self && !c.self_notes.empty()) {
    main.Raw("<h2>Self notes</h2><p class=\"notes-text\">").Text(c.self_notes).Raw("</p>");
  }
  if (!view.can_manage && !c.manager_notes.empty()) {
    main.Raw("<h2>Manager notes</h2><p class=\"notes-text\">").Text(c.manager_notes).Raw("</p>");
  }

  // Evidence: what was shown, tagged to criteria.
  main.Raw("<section aria-labelledby=\"evidence\"><h2 id=\"evidence\">Evidence</h2>");
  if (c.evidence.empty()) main.Raw("<p class=\"empty\">No evidence yet.</p>");
  main.Raw("<ul class=\"evidence-list\">");
  for (const Evidence& e : c.evidence) {
    main.Raw("<li><p>").Text(e.text);
    if (!e.link.empty()) {
      main.Raw(" <a rel=\"noopener noreferrer nofollow\"").Attr("href", e.link).Raw(">link</a>");
    }
    main.Raw("</p><p class=\"meta\">");
    for (const std::string& key : e.criterion_keys) {
      const Criterion* criterion = FindCriterionByKey(fw, key);
      main.Raw("<span class=\"tag\">").Text(criterion ? criterion->text : key).Raw("</span> ");
    }
    main.Text(FormatDate(e.created_at));
    if (open && (e.author_id == viewer.user->id || view.can_manage)) {
      main.Raw("</p>")
          .Append(PostFormStart(viewer, "",
                                fmt::format("/check-ins/{}/evidence/{}/delete", c.id, e.id)))
          .Raw("<button type=\"submit\" class=\"link\">Remove</button></form>");
    } else {
      main.Raw("</p>");
    }
    main.Raw("</li>");
  }
  main.Raw("</ul>");
  if (editable) {
    // After a refusal, the form as it was sent, its field marked.
    const Evidence& typed = forms.evidence;
    const Status& refusal = forms.evidence_refusal;
    main.Append(RefusalBox(refusal))
        .Append(
            CheckInFormStart(viewer, "stack", fmt::format("/check-ins/{}/evidence", c.id), rungs))
        .Append(
            TextArea("evidence-text", "text", "What did you do?", 4000, true, typed.text, refusal))
        .Raw(
            "<label for=\"evidence-link\">Link (optional)</label><input id=\"evidence-link\" "
            "name=\"link\" type=\"url\" placeholder=\"https://\"")
        .Attr("value", typed.link)
        .Append(InvalidAttrs(refusal, "link", "evidence-link"))
        .Raw(">")
        .Append(FieldError(refusal, "link", "evidence-link"))
        .Raw("<fieldset id=\"evidence-criteria\"")
        .Append(InvalidAttrs(refusal, "criteria", "evidence-criteria"))
        .Raw("><legend>Criteria it shows</legend>")
        .Append(FieldError(refusal, "criteria", "evidence-criteria"));
    int n = 0;
    for (const std::string& rung_id : rungs) {
      std::set<std::string> seen;
      for (const Topic& topic : fw.topics) {
        for (const AssessedCriterion& a : CriteriaForRung(fw, topic, rung_id)) {
          if (!seen.insert(a.criterion->key).second) continue;
          const std::string id = fmt::format("ec{}", n++);
          main.Raw("<div class=\"check\"><input type=\"checkbox\" name=\"criteria\"")
              .Attr("id", id)
              .Attr("value", a.criterion->key);
          if (std::find(typed.criterion_keys.begin(), typed.criterion_keys.end(),
                        a.criterion->key) != typed.criterion_keys.end()) {
            main.Raw(" checked");
          }
          main.Raw("><label")
              .Attr("for", id)
              .Raw(">")
              .Text(a.criterion->text)
              .Raw("</label></div>");
        }
      }
    }
    main.Raw("</fieldset><button type=\"submit\">Add evidence</button></form>");
  }
  main.Raw("</section>");
  return Layout(viewer, title, main);
}

namespace {

// A labelled field of the person form, marked with `refusal` when it names `name`: an input of
// `type`, or a select list of `options`.
Html PersonInput(const char* id, const char* label, const char* name, const char* type,
                 bool required, const std::string& value, const Status& refusal) {
  Html html;
  html.Raw("<label").Attr("for", id).Raw(">").Text(label).Raw("</label><input");
  html.Attr("id", id).Attr("name", name).Attr("type", type).Attr("value", value);
  if (required) html.Raw(" required");
  html.Append(InvalidAttrs(refusal, name, id)).Raw(">").Append(FieldError(refusal, name, id));
  return html;
}

Html PersonSelect(const char* id, const char* label, const char* name, const Html& options,
                  const Status& refusal) {
  Html html;
  html.Raw("<label").Attr("for", id).Raw(">").Text(label).Raw("</label><select");
  html.Attr("id", id).Attr("name", name).Append(InvalidAttrs(refusal, name, id)).Raw(">");
  html.Append(options).Raw("</select>").Append(FieldError(refusal, name, id));
  return html;
}

// The rungs of every framework, grouped by framework and shown by label; the person's own
// framework first. A rung no framework has any more stays listed, so saving keeps it.
Html RungOptions(const User& person, const PeopleAdminData& data) {
  Html html;
  html.Append(Option("", "\xE2\x80\x94", person.assigned_rung.empty()));
  bool found = person.assigned_rung.empty();
  std::vector<const CurrentFramework*> order;
  for (const CurrentFramework& c : data.frameworks) {
    if (c.framework->id == person.framework_id) order.insert(order.begin(), &c);
    if (c.framework->id != person.framework_id) order.push_back(&c);
  }
  for (const CurrentFramework* c : order) {
    const Framework& fw = *c->framework;
    html.Raw("<optgroup").Attr("label", fw.title.empty() ? fw.id : fw.title).Raw(">");
    for (const Rung* rung : AllRungs(fw)) {
      const bool selected =
          !found && fw.id == person.framework_id && rung->id == person.assigned_rung;
      found = found || selected;
      html.Append(Option(rung->id, RungName(&fw, rung->id), selected));
    }
    html.Raw("</optgroup>");
  }
  if (!found) html.Append(Option(person.assigned_rung, person.assigned_rung, true));
  return html;
}

Html PersonFields(const User& person, const PeopleAdminData& data, const Status& refusal) {
  const char* const kNone = "\xE2\x80\x94";
  Html roles;
  for (Role r : {Role::kMember, Role::kManager, Role::kAdmin}) {
    roles.Append(Option(RoleName(r), RoleName(r), r == person.role));
  }
  Html teams = Option("", kNone, !person.team_id);
  for (const Team& t : data.teams) {
    teams.Append(Option(std::to_string(t.id), t.name, person.team_id == t.id));
  }
  Html managers = Option("", kNone, !person.manager_id);
  for (const User& u : data.people) {
    if (u.id == person.id || u.role == Role::kMember) continue;
    managers.Append(Option(std::to_string(u.id), u.name, person.manager_id == u.id));
  }
  Html frameworks = Option("", kNone, person.framework_id.empty());
  for (const CurrentFramework& c : data.frameworks) {
    frameworks.Append(
        Option(c.framework->id, c.framework->title, person.framework_id == c.framework->id));
  }
  Html html;
  html.Append(PersonInput("name", "Name", "name", "text", true, person.name, refusal))
      .Append(PersonInput("email", "Email", "email", "email", true, person.email, refusal))
      .Append(PersonSelect("role", "Role", "role", roles, refusal))
      .Append(PersonSelect("team", "Team", "team_id", teams, refusal))
      .Append(PersonSelect("manager", "Manager", "manager_id", managers, refusal))
      .Append(PersonSelect("framework", "Framework", "framework_id", frameworks, refusal))
      .Append(PersonSelect("assigned", "Assigned rung (of the framework above)", "assigned_rung",
                           RungOptions(person, data), refusal))
      .Append(PersonInput("start", "Start date", "start_date", "date", false, person.start_date,
                          refusal))
      .Append(PersonInput("probation", "Probation ends", "probation_end", "date", false,
                          person.probation_end, refusal));
  return html;
}

}  // namespace

// What a roster would change, row by row: people created and updated (with the fields that
// change) and teams created; unchanged rows are only counted.
Html RosterPlanHtml(const RosterPlan& plan) {
  Html html;
  html.Raw("<h2 id=\"roster-plan\">What the import would do</h2>");
  if (plan.creates + plan.updates == 0) {
    html.Raw("<p>Nothing: everyone in the file is as it says already.</p>");
    return html;
  }
  html.Append(TableStart("overview", {"Line", "Change", "Person", "What"}));
  for (const RosterEntry& e : plan.entries) {
    if (e.action == RosterAction::kUnchanged) continue;
    std::string what;
    if (e.action == RosterAction::kCreate) {
      what = RoleName(e.user.role);
      if (!e.team.empty()) what += ", team " + e.team;
      if (!e.manager_email.empty()) what += ", manager " + e.manager_email;
    } else {
      what = Join(e.changes, ", ");
    }
    html.Raw("<tr><td>")
        .Int(e.line)
        .Raw("</td><td>")
        .Text(RosterActionName(e.action))
        .Raw("</td><th scope=\"row\">")
        .Text(fmt::format("{} ({})", e.user.name, e.user.email))
        .Raw("</th><td>")
        .Text(what)
        .Raw("</td></tr>");
  }
  html.Raw("</tbody></table>");
  if (!plan.new_teams.empty()) {
    html.Raw("<p>New teams: ").Text(Join(plan.new_teams, ", ")).Raw("</p>");
  }
  html.Raw(
      "<p>To import it, choose the file again below and untick \xE2\x80\x9COnly check "
      "it\xE2\x80\x9D.</p>");
  return html;
}

std::string RenderPeopleAdminPage(const PageViewer& viewer, const PeopleAdminData& data,
                                  const PeopleAdminForms& forms) {
  Html main;
  main.Raw("<h1>People</h1>").Append(Notice(forms.notice));
  if (forms.plan != nullptr) main.Append(RosterPlanHtml(*forms.plan));
  main.Append(TableStart("overview", {"Name", "Email", "Role", "Rung"}));
  for (const User& u : data.people) {
    main.Raw("<tr><th scope=\"row\"><a")
        .Attr("href", fmt::format("/admin/people/{}", u.id))
        .Raw(">")
        .Text(u.name)
        .Raw("</a>");
    if (!u.active) main.Raw(" <span class=\"tag\">inactive</span>");
    const Framework* fw = nullptr;
    for (const CurrentFramework& c : data.frameworks) {
      if (c.framework->id == u.framework_id) fw = c.framework;
    }
    main.Raw("</th><td>")
        .Text(u.email)
        .Raw("</td><td>")
        .Text(RoleName(u.role))
        .Raw("</td><td>")
        .Text(u.assigned_rung.empty() ? "" : RungName(fw, u.assigned_rung))
        .Raw("</td></tr>");
  }
  main.Raw("</tbody></table><h2 id=\"add-person\">Add a person</h2>")
      .Append(RefusalBox(forms.person_refusal))
      .Append(PostFormStart(viewer, "stack", "/admin/people"))
      .Append(PersonFields(forms.person, data, forms.person_refusal))
      .Raw("<button type=\"submit\">Add person</button></form>");
  main.Raw("<h2 id=\"teams\">Teams</h2>");
  if (data.teams.empty()) {
    main.Raw("<p class=\"empty\">No teams yet.</p>");
  } else {
    main.Append(TableStart("overview", {"Team", "Time zone", "Check-in cadence"}));
    for (const Team& t : data.teams) {
      main.Raw("<tr><th scope=\"row\"><a")
          .Attr("href", fmt::format("/admin/teams/{}", t.id))
          .Raw(">")
          .Text(t.name)
          .Raw("</a></th><td data-label=\"Time zone\">")
          .Text(t.time_zone)
          .Raw("</td><td data-label=\"Check-in cadence\">")
          .Text(t.cadence_weeks == 0   ? "none"
                : t.cadence_weeks == 1 ? "every week"
                                       : fmt::format("every {} weeks", t.cadence_weeks))
          .Raw("</td></tr>");
    }
    main.Raw("</tbody></table>");
  }
  main.Raw("<h2 id=\"add-team\">Add a team</h2>")
      .Append(RefusalBox(forms.team_refusal))
      .Append(PostFormStart(viewer, "stack", "/admin/teams"))
      .Append(TeamFields(forms.team, forms.team_refusal))
      .Raw("<button type=\"submit\">Add team</button></form>");
  main.Raw(
          "<h2>Import a roster</h2><p>A CSV file with the columns email, name, role, team, "
          "manager_email, framework, assigned_rung, start_date, probation_end (email and name "
          "required). People are matched by email: new ones are created, others updated. The "
          "whole file is checked first; a file with any error changes nothing.</p>"
          "<form class=\"stack\" method=\"post\" action=\"/admin/people/import\" "
          "enctype=\"multipart/form-data\">")
      .Append(CsrfField(viewer))
      .Raw(
          "<label for=\"roster\">Roster file (CSV)</label><input id=\"roster\" name=\"roster\" "
          "type=\"file\" accept=\".csv,text/csv\" required><div class=\"check\"><input "
          "type=\"checkbox\" id=\"dry-run\" name=\"dry_run\" value=\"1\" checked><label "
          "for=\"dry-run\">Only check it: show what would change, change nothing</label></div>"
          "<button type=\"submit\">Import</button></form>");
  return Layout(viewer, "People", main);
}

std::string RenderPersonAdminPage(const PageViewer& viewer, const User& person,
                                  const PeopleAdminData& data, const Status& refusal,
                                  const std::string& link,
                                  const std::vector<LinkedIdentity>& identities,
                                  const IdentityForm& identity_form) {
  Html main;
  main.Raw("<p class=\"meta\"><a href=\"/admin/people\">People</a></p><h1>")
      .Text(person.name)
      .Raw("</h1>")
      .Append(RefusalBox(refusal));
  if (!link.empty()) {
    main.Raw(
            "<div class=\"notice\" role=\"status\"><p>One-time link (shown once; copy it "
            "now):</p><p><code data-testid=\"one-time-link\">")
        .Text(link)
        .Raw("</code></p></div>");
  }
  main.Append(PostFormStart(viewer, "stack", fmt::format("/admin/people/{}", person.id)))
      .Append(PersonFields(person, data, refusal))
      .Raw(
          "<div class=\"check\"><input type=\"checkbox\" id=\"active\" name=\"active\" "
          "value=\"1\"");
  if (person.active) main.Raw(" checked");
  main.Raw(
      "><label for=\"active\">Active</label></div><button type=\"submit\">Save</button>"
      "</form>");
  main.Raw("<h2>Access</h2>")
      .Append(PostFormStart(viewer, "", fmt::format("/admin/people/{}/link", person.id)))
      .Raw(
          "<button type=\"submit\" name=\"purpose\" value=\"invite\">Make an invitation link"
          "</button> <button type=\"submit\" name=\"purpose\" value=\"reset\">Make a password "
          "reset link</button></form>");
  main.Append(PersonIdentitiesSection(viewer, person, identities, identity_form));
  main.Raw("<h2>Leaving</h2><p>Export their data first: <a")
      .Attr("href", fmt::format("/people/{}/export.json", person.id))
      .Raw(">JSON</a> \xC2\xB7 <a")
      .Attr("href", fmt::format("/people/{}/export.csv", person.id))
      .Raw(
          ">CSV</a>. Someone without check-ins is deleted. For someone with check-ins, "
          "choose: erase removes every trace; anonymise keeps the results for team figures "
          "but removes name, email, notes and evidence.</p>")
      .Append(PostFormStart(viewer, "", fmt::format("/admin/people/{}/remove", person.id)))
      .Raw(
          "<button type=\"submit\" class=\"danger\" name=\"removal\" value=\"\">Delete</button> "
          "<button type=\"submit\" class=\"danger\" name=\"removal\" "
          "value=\"anonymise\">Anonymise</button> "
          "<button type=\"submit\" class=\"danger\" name=\"removal\" "
          "value=\"erase\">Erase</button></form>");
  return Layout(viewer, person.name, main);
}

std::string RenderTokensPage(const PageViewer& viewer, const std::vector<ApiToken>& tokens,
                             const std::string& new_token, const std::string& error) {
  Html main;
  main.Raw(
          "<h1>Settings</h1><nav class=\"views\" aria-label=\"Settings\"><a "
          "href=\"/settings/calendar\">Calendar feed</a> <a href=\"/settings/tokens\" "
          "aria-current=\"page\">API tokens</a></nav><h2>API tokens</h2><p>Scripts call the "
          "JSON API with "
          "<code>Authorization: Bearer TOKEN</code>. A token acts as you.</p>")
      .Append(ErrorBox(error));
  if (!new_token.empty()) {
    main.Raw(
            "<div class=\"notice\" role=\"status\"><p>Your new token (shown once):</p><p>"
            "<code data-testid=\"new-token\">")
        .Text(new_token)
        .Raw("</code></p></div>");
  }
  main.Raw("<ul class=\"tokens\">");
  for (const ApiToken& t : tokens) {
    main.Raw("<li>").Text(t.name).Raw(" \xC2\xB7 made ").Text(FormatDate(t.created_at));
    main.Raw(" \xC2\xB7 last used ").Text(t.last_used_at ? FormatDate(t.last_used_at) : "never");
    if (t.revoked) {
      main.Raw(" <span class=\"tag\">revoked</span>");
    } else {
      main.Raw(" ")
          .Append(PostFormStart(viewer, "inline", fmt::format("/settings/tokens/{}/revoke", t.id)))
          .Raw("<button type=\"submit\" class=\"danger\">Revoke</button></form>");
    }
    main.Raw("</li>");
  }
  main.Raw("</ul><form class=\"stack\" method=\"post\" action=\"/settings/tokens\">")
      .Append(CsrfField(viewer))
      .Raw(
          "<label for=\"token-name\">Name</label><input id=\"token-name\" name=\"name\" "
          "required maxlength=\"100\"><button type=\"submit\">Make a token</button></form>");
  return Layout(viewer, "API tokens", main);
}

}  // namespace rungs
