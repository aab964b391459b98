// The team views for managers and admins: the overview table with its filters, and the heatmap
// of the next rung's topics. Both read a TeamView (progress/team.h).
#include <algorithm>

#include <fmt/format.h>

#include "metrics/iso_week.h"
#include "util/csv.h"
#include "util/text.h"
#include "web/app_pages.h"
#include "web/app_pages_internal.h"
#include "web/svg_bars.h"
#include "web/svg_chart.h"
#include "web/team_query.h"

namespace rungs {
namespace {

// The team page lists this many due check-ins; sorting by next check-in shows the rest.
constexpr size_t kDueShown = 10;

}  // namespace

Html TeamViewsNav(const TeamFilter& filter, std::string_view current) {
  TeamFilter unpaged = filter;
  unpaged.page = 1;
  const std::string query = TeamQuery(unpaged);
  const std::string suffix = query.empty() ? "" : "?" + query;
  Html html;
  html.Raw("<nav class=\"views\" aria-label=\"Team views\">");
  for (const auto& [path, label] :
       {std::pair<std::string_view, std::string_view>{"/team", "Overview"},
        {"/team/heatmap", "Heatmap"},
        {"/team/trends", "Trends"},
        {"/team/calibration", "Calibration"}}) {
    html.Raw("<a").Attr("href", std::string(path) + suffix);
    if (path == current) html.Raw(" aria-current=\"page\"");
    html.Raw(">").Text(label).Raw("</a>");
  }
  html.Raw("</nav>");
  return html;
}

namespace {

// The GET form choosing who the views show.
Html FilterForm(const TeamView& view, const TeamFilter& filter, const std::vector<Team>& teams,
                std::string_view action, const Status& refusal) {
  Html html;
  html.Append(RefusalBox(refusal));
  html.Raw("<form method=\"get\" class=\"filters\" role=\"search\" aria-label=\"Filter the team\"")
      .Attr("action", action)
      .Raw(">");
  html.Raw("<div><label for=\"f-manager\">Manager</label><select id=\"f-manager\" name=\"manager\"")
      .Append(InvalidAttrs(refusal, "manager", "f-manager"))
      .Raw(">")
      .Append(Option("", "Anyone's reports", !filter.manager_id));
  for (const User& m : view.managers) {
    html.Append(Option(std::to_string(m.id), m.name, filter.manager_id == m.id));
  }
  html.Raw("</select>").Append(FieldError(refusal, "manager", "f-manager")).Raw("</div>");
  if (!teams.empty()) {
    html.Raw("<div><label for=\"f-team\">Team</label><select id=\"f-team\" name=\"team\"")
        .Append(InvalidAttrs(refusal, "team", "f-team"))
        .Raw(">")
        .Append(Option("", "Any team", !filter.team_id));
    for (const Team& t : teams) {
      html.Append(Option(std::to_string(t.id), t.name, filter.team_id == t.id));
    }
    html.Raw("</select>").Append(FieldError(refusal, "team", "f-team")).Raw("</div>");
  }
  html.Raw("<div><label for=\"f-rung\">Rung</label><select id=\"f-rung\" name=\"rung\">")
      .Append(Option("", "Any rung", filter.rung.empty()));
  bool listed = filter.rung.empty();
  for (const RungCount& r : view.rungs) {
    const bool selected = EqualsIgnoreCaseAscii(r.rung, filter.rung);
    listed = listed || selected;
    html.Append(Option(r.rung, r.label, selected));
  }
  if (!listed) html.Append(Option(filter.rung, filter.rung, true));
  html.Raw("</select></div>");
  html.Raw("<div><label for=\"f-ready\">Readiness</label><select id=\"f-ready\" name=\"ready\">")
      .Append(Option("", "Anyone", filter.readiness == Readiness::kAny))
      .Append(Option("yes", "Ready for promotion", filter.readiness == Readiness::kReady))
      .Append(Option("no", "Not ready yet", filter.readiness == Readiness::kNotReady))
      .Raw("</select></div>");
  html.Raw("<div><label for=\"f-sort\">Sort by</label><select id=\"f-sort\" name=\"sort\">");
  for (TeamSort sort : {TeamSort::kName, TeamSort::kAssigned, TeamSort::kDemonstrated,
                        TeamSort::kProgress, TeamSort::kLastCheckIn, TeamSort::kNextCheckIn}) {
    static constexpr const char* kLabels[] = {
        "Name",          "Assigned rung", "Demonstrated rung", "Progress on the next rung",
        "Last check-in", "Next check-in"};
    html.Append(Option(TeamSortName(sort), kLabels[static_cast<int>(sort)], filter.sort == sort));
  }
  html.Raw("</select></div>");
  html.Raw("<div><label for=\"f-order\">Order</label><select id=\"f-order\" name=\"order\">")
      .Append(Option("", "Ascending", !filter.descending))
      .Append(Option("desc", "Descending", filter.descending))
      .Raw("</select></div>");
  html.Raw("<div><button type=\"submit\">Show</button> <a")
      .Attr("href", action)
      .Raw(">Clear</a></div></form>");
  return html;
}

// A column heading that sorts by `sort`, the other way round when it sorts so already.
Html SortHeading(const TeamFilter& filter, TeamSort sort, std::string_view label) {
  TeamFilter next = filter;
  next.page = 1;
  const bool current = filter.sort == sort;
  next.sort = sort;
  next.descending = current && !filter.descending;
  const std::string query = TeamQuery(next);
  Html html;
  html.Raw("<th scope=\"col\"");
  if (current) html.Attr("aria-sort", filter.descending ? "descending" : "ascending");
  html.Raw("><a").Attr("href", query.empty() ? "/team" : "/team?" + query).Raw(">").Text(label);
  if (current) html.Raw(filter.descending ? " \xE2\x86\x93" : " \xE2\x86\x91");
  html.Raw("</a></th>");
  return html;
}

Html MeasuredCell(const TeamRow& row) {
  Html html;
  switch (row.measured_state) {
    case MeasuredResults::State::kNotMeasured:
      return html.Raw("<span class=\"muted\">nothing measured</span>");
    case MeasuredResults::State::kNoIdentity:
      return html.Raw("<span class=\"muted\">no helpdesk identity linked</span>");
    case MeasuredResults::State::kEvaluated:
      break;
  }
  const int total = row.measured.met + row.measured.not_met + row.measured.no_data;
  if (total == 0) return html.Raw("<span class=\"muted\">nothing measured at this rung</span>");
  html.Int(row.measured.met).Raw(" met");
  if (row.measured.not_met > 0) html.Raw(", ").Int(row.measured.not_met).Raw(" not met");
  if (row.measured.no_data > 0) html.Raw(", ").Int(row.measured.no_data).Raw(" no data");
  return html;
}

Html AtRiskNote(const TeamRow& row) {
  Html html;
  if (row.at_risk.empty()) return html;
  html.Raw(" <span class=\"status status-not_yet\">At risk</span><ul class=\"at-risk\">");
  for (const AtRisk& a : row.at_risk) {
    html.Raw("<li>")
        .Text(RungName(row.framework, a.rung))
        .Raw(": ")
        .Text(a.rule)
        .Raw(" not met")
        .Raw("</li>");
  }
  html.Raw("</ul>");
  return html;
}

Html Pager(const TeamView& view, const TeamFilter& filter, std::string_view path) {
  Html html;
  if (view.pages <= 1) return html;
  html.Raw("<nav class=\"pager\" aria-label=\"Pages\"><p>Page ")
      .Int(view.page)
      .Raw(" of ")
      .Int(view.pages);
  for (int page : {view.page - 1, view.page + 1}) {
    if (page < 1 || page > view.pages) continue;
    TeamFilter other = filter;
    other.page = page;
    html.Raw(" <a").Attr("href", std::string(path) + "?" + TeamQuery(other)).Raw(">");
    html.Text(page < view.page ? "Previous" : "Next").Raw("</a>");
  }
  html.Raw("</p></nav>");
  return html;
}

Html RungCounts(const TeamView& view) {
  Html html;
  if (view.rungs.empty()) return html;
  html.Raw("<section aria-labelledby=\"per-rung\"><h2 id=\"per-rung\">People per rung</h2>");
  html.Append(TableStart("overview per-rung", {"Rung", "Assigned", "Demonstrated"}));
  for (const RungCount& r : view.rungs) {
    html.Raw("<tr><th scope=\"row\">")
        .Text(r.label)
        .Raw(" <span class=\"muted\">")
        .Text(r.framework_title)
        .Raw("</span></th><td>")
        .Int(r.assigned)
        .Raw("</td><td>")
        .Int(r.demonstrated)
        .Raw("</td></tr>");
  }
  html.Raw("</tbody></table></section>");
  return html;
}

std::string Matching(int n) { return n == 1 ? "1 person" : fmt::format("{} people", n); }

// "5 days", "3 weeks": days up to a fortnight, weeks after.
std::string Duration(int64_t days) {
  if (days < 14) return days == 1 ? "1 day" : fmt::format("{} days", days);
  return fmt::format("{} weeks", days / 7);
}

Html RungBars(const TeamView& view) {
  BarChart chart;
  chart.id = "people-per-rung";
  chart.title = "People per rung";
  chart.category_heading = "Rung";
  BarSeries assigned{"Assigned", {}};
  BarSeries demonstrated{"Demonstrated", {}};
  bool several = false;
  for (const RungCount& r : view.rungs)
    several = several || r.framework_title != view.rungs[0].framework_title;
  for (const RungCount& r : view.rungs) {
    chart.categories.push_back(several ? r.label + " (" + r.framework_title + ")" : r.label);
    assigned.values.push_back(r.assigned);
    demonstrated.values.push_back(r.demonstrated);
  }
  chart.series = {assigned, demonstrated};
  return RenderBarChart(chart);
}

Html RungsOverTime(const TeamTrends& trends) {
  WeeklyChart chart;
  chart.id = "rungs-over-time";
  chart.title = "People per demonstrated rung, week by week";
  chart.zero_based = true;
  for (size_t r = 0; r < trends.rungs.size(); ++r) {
    const std::vector<int>& counts = trends.people_per_rung[r];
    if (std::all_of(counts.begin(), counts.end(), [](int n) { return n == 0; })) continue;
    ChartSeries series;
    series.name = trends.labels[r];
    for (size_t w = 0; w < trends.weeks.size(); ++w) {
      series.points.push_back({trends.weeks[w], static_cast<double>(counts[w]), false, ""});
    }
    chart.series.push_back(std::move(series));
  }
  return RenderWeeklyChart(chart);
}

Html TimeInRung(const TeamTrends& trends) {
  Html html;
  html.Append(TableStart("overview stays", {"Rung", "People", "Moved on", "Median", "Range"}));
  for (const RungStay& stay : trends.stays) {
    html.Raw("<tr><th scope=\"row\">")
        .Text(stay.label)
        .Raw("</th><td data-label=\"People\">")
        .Int(stay.people)
        .Raw("</td><td data-label=\"Moved on\">")
        .Int(stay.moved_on)
        .Raw("</td><td data-label=\"Median\">")
        .Text(Duration(stay.median_days))
        .Raw("</td><td data-label=\"Range\">")
        .Text(Duration(stay.min_days))
        .Raw(" to ")
        .Text(Duration(stay.max_days))
        .Raw("</td></tr>");
  }
  html.Raw("</tbody></table>");
  return html;
}

}  // namespace

std::string RenderTeamPage(const PageViewer& viewer, const TeamView& view, const TeamFilter& filter,
                           const std::vector<Team>& teams, const Status& refusal) {
  Html main;
  main.Raw("<h1>Team</h1>").Append(TeamViewsNav(filter, "/team"));
  main.Append(FilterForm(view, filter, teams, "/team", refusal));
  TeamFilter unpaged = filter;
  unpaged.page = 1;
  const std::string query = TeamQuery(unpaged);
  main.Raw("<p class=\"summary\">")
      .Text(Matching(view.matching))
      .Raw(" \xC2\xB7 <a")
      .Attr("href", query.empty() ? "/team.csv" : "/team.csv?" + query)
      .Raw(" download>Download CSV</a> \xC2\xB7 <a")
      .Attr("href", query.empty() ? "/api/overview" : "/api/overview?" + query)
      .Raw(">JSON</a></p>");
  if (!view.due.empty()) {
    TeamFilter by_due = filter;
    by_due.page = 1;
    by_due.sort = TeamSort::kNextCheckIn;
    by_due.descending = false;
    main.Append(DueCheckInsSection(view.overdue > 0 ? "Check-ins due and overdue" : "Check-ins due",
                                   view.due, kDueShown, "/team?" + TeamQuery(by_due)));
  }
  if (view.rows.empty()) {
    const bool filtered = !filter.rung.empty() || filter.readiness != Readiness::kAny ||
                          filter.manager_id || filter.team_id;
    main.Raw("<p class=\"empty\">")
        .Text(filtered ? "Nobody matches these filters." : "Nobody reports to you yet.")
        .Raw("</p>");
    return Layout(viewer, "Team", main);
  }
  main.Raw(
      "<p class=\"hint\">Agreed: the next rung's criteria that agreed check-in results meet. "
      "Measured: the next rung's measured criteria as the helpdesk data judges them today; a "
      "manager still agrees them. At risk: a measured target of a rung the person holds that "
      "the data shows as not met.</p>");
  main.Raw("<table class=\"overview team\"><thead><tr>")
      .Append(SortHeading(filter, TeamSort::kName, "Person"))
      .Raw("<th scope=\"col\">Manager</th>")
      .Append(SortHeading(filter, TeamSort::kAssigned, "Assigned"))
      .Append(SortHeading(filter, TeamSort::kDemonstrated, "Demonstrated"))
      .Append(SortHeading(filter, TeamSort::kProgress, "Next rung: agreed"))
      .Raw("<th scope=\"col\">Next rung: measured</th>")
      .Append(SortHeading(filter, TeamSort::kLastCheckIn, "Last check-in"))
      .Append(SortHeading(filter, TeamSort::kNextCheckIn, "Next check-in"))
      .Raw("</tr></thead><tbody>");
  for (const TeamRow& row : view.rows) {
    main.Raw("<tr><th scope=\"row\"><a")
        .Attr("href", fmt::format("/people/{}", row.person.id))
        .Raw(">")
        .Text(row.person.name)
        .Raw("</a><br><span class=\"muted\">")
        .Text(row.framework_title)
        .Raw("</span></th><td data-label=\"Manager\">")
        .Text(row.manager_name)
        .Raw("</td><td data-label=\"Assigned\">")
        .Text(row.assigned_rung.empty() ? "" : RungName(row.framework, row.assigned_rung))
        .Raw("</td><td data-label=\"Demonstrated\">")
        .Text(RungName(row.framework, row.demonstrated_rung));
    if (row.ready) main.Raw(" <span class=\"status status-met\">Ready for promotion</span>");
    main.Append(AtRiskNote(row)).Raw("</td><td data-label=\"Next rung: agreed\">");
    if (!row.next_rung.empty()) {
      main.Text(RungName(row.framework, row.next_rung))
          .Raw(": ")
          .Int(row.next_met)
          .Raw(" of ")
          .Text(Criteria(row.next_total))
          .Raw(" agreed met");
    } else if (row.framework != nullptr) {
      main.Raw("top rung");
    }
    main.Raw("</td><td data-label=\"Next rung: measured\">");
    if (!row.next_rung.empty()) main.Append(MeasuredCell(row));
    main.Raw("</td><td data-label=\"Last check-in\">")
        .Text(row.last_checkin_at ? FormatDate(row.last_checkin_at) : "never");
    if (row.open_checkin) main.Raw(" <span class=\"status status-open\">Open</span>");
    main.Raw("</td><td data-label=\"Next check-in\">");
    if (row.next_checkin) {
      main.Append(DueNote(*row.next_checkin));
    } else {
      main.Raw("<span class=\"muted\">no cadence</span>");
    }
    main.Raw("</td></tr>");
  }
  main.Raw("</tbody></table>").Append(Pager(view, filter, "/team")).Append(RungCounts(view));
  return Layout(viewer, "Team", main);
}

std::string RenderTeamHeatmapPage(const PageViewer& viewer, const TeamView& view,
                                  const TeamHeatmap& heatmap, const TeamFilter& filter,
                                  const std::vector<Team>& teams, const Status& refusal) {
  Html main;
  main.Raw("<h1>Team heatmap</h1>").Append(TeamViewsNav(filter, "/team/heatmap"));
  main.Append(FilterForm(view, filter, teams, "/team/heatmap", refusal));
  if (heatmap.rows.empty()) {
    main.Raw("<p class=\"empty\">Nobody here has a next rung to show.</p>");
    return Layout(viewer, "Team heatmap", main);
  }
  main.Raw(
      "<p class=\"hint\">Each cell: of the person's next-rung criteria in that topic, how many "
      "agreed results meet. A dash: the next rung asks nothing there.</p>");
  main.Raw(
          "<div class=\"heatmap-wrap\" role=\"region\" tabindex=\"0\" "
          "aria-labelledby=\"heat-cap\">")
      .Raw(
          "<table class=\"heatmap\"><caption id=\"heat-cap\">Next-rung criteria met, by topic ("
          "")
      .Text(Matching(static_cast<int>(heatmap.rows.size())))
      .Raw(")</caption><thead><tr><th scope=\"col\">Person</th>");
  for (const std::string& title : heatmap.topic_titles) {
    main.Raw("<th scope=\"col\">").Text(title).Raw("</th>");
  }
  main.Raw("</tr></thead><tbody>");
  for (const HeatmapRow& hr : heatmap.rows) {
    const TeamRow& row = *hr.row;
    main.Raw("<tr><th scope=\"row\"><a")
        .Attr("href", fmt::format("/people/{}", row.person.id))
        .Raw(">")
        .Text(row.person.name)
        .Raw("</a> <span class=\"muted\">")
        .Text(RungName(row.framework, row.next_rung))
        .Raw("</span></th>");
    for (size_t i = 0; i < hr.cells.size(); ++i) {
      const HeatmapCell& cell = hr.cells[i];
      if (cell.total == 0) {
        main.Raw("<td class=\"heat-none\">\xE2\x80\x93</td>");
        continue;
      }
      // Five shades by share met; the number is always written, so colour is never needed.
      const int shade = cell.met == cell.total ? 4 : (cell.met * 4) / cell.total;
      main.Raw("<td").Attr("class", fmt::format("heat-{}", shade)).Raw("><a");
      main.Attr("href",
                fmt::format("/people/{}#why-{}", row.person.id, Slugify(heatmap.topics[i])));
      main.Attr("aria-label", fmt::format("{}: {} of {} met in {}", row.person.name, cell.met,
                                          cell.total, heatmap.topic_titles[i]));
      main.Raw(">").Int(cell.met).Raw("/").Int(cell.total).Raw("</a></td>");
    }
    main.Raw("</tr>");
  }
  main.Raw("</tbody></table></div>").Append(Pager(view, filter, "/team/heatmap"));
  return Layout(viewer, "Team heatmap", main);
}

std::string RenderTeamTrendsPage(const PageViewer& viewer, const TeamView& view,
                                 const TeamTrends& trends, const TeamFilter& filter,
                                 const std::vector<Team>& teams, const Status& refusal) {
  Html main;
  main.Raw("<h1>Team trends</h1>").Append(TeamViewsNav(filter, "/team/trends"));
  main.Append(FilterForm(view, filter, teams, "/team/trends", refusal));
  if (view.rungs.empty()) {
    main.Raw("<p class=\"empty\">Nobody here holds a rung yet.</p>");
    return Layout(viewer, "Team trends", main);
  }
  main.Raw("<section aria-labelledby=\"dist\"><h2 id=\"dist\">Where people are</h2>")
      .Append(RungBars(view))
      .Raw("</section>");
  main.Raw("<section aria-labelledby=\"over-time\"><h2 id=\"over-time\">Rungs over time</h2>");
  if (trends.framework == nullptr || trends.stays.empty()) {
    main.Raw("<p class=\"empty\">No check-in has been agreed yet.</p></section>");
    return Layout(viewer, "Team trends", main);
  }
  main.Raw("<p class=\"hint\">From agreed check-ins on ")
      .Text(trends.framework_title)
      .Raw(" (")
      .Text(Matching(trends.people))
      .Raw(")");
  if (trends.left_out > 0) {
    main.Raw("; ").Text(Matching(trends.left_out)).Raw(" on other frameworks are not drawn");
  }
  main.Raw(".</p>").Append(RungsOverTime(trends)).Raw("</section>");
  main.Raw(
          "<section aria-labelledby=\"stays\"><h2 id=\"stays\">Time in each rung</h2><p "
          "class=\"hint\">From first demonstrating a rung to first demonstrating a higher one; for "
          "people still on it, the time so far. Where the median is long and few moved on, people "
          "get stuck.</p>")
      .Append(TimeInRung(trends))
      .Raw("</section>");
  return Layout(viewer, "Team trends", main);
}

std::string TeamCsv(const TeamView& view) {
  std::string out =
      "person_id,name,email,manager,framework,assigned_rung,demonstrated_rung,"
      "ready_for_promotion,at_risk,next_rung,next_agreed_met,next_criteria,measured,"
      "measured_met,measured_not_met,measured_no_data,last_check_in,open_check_in,"
      "next_check_in_due,next_check_in_days_left\r\n";
  for (const TeamRow& row : view.rows) {
    std::vector<std::string> risks;
    for (const AtRisk& a : row.at_risk) risks.push_back(a.rung + ": " + a.rule + " not met");
    static constexpr const char* kStates[] = {"not measured", "no identity", "evaluated"};
    const std::vector<std::string> cells = {
        std::to_string(row.person.id),
        row.person.name,
        row.person.email,
        row.manager_name,
        row.framework_title,
        row.assigned_rung,
        row.demonstrated_rung,
        row.ready ? "yes" : "no",
        Join(risks, "; "),
        row.next_rung,
        std::to_string(row.next_met),
        std::to_string(row.next_total),
        kStates[static_cast<int>(row.measured_state)],
        std::to_string(row.measured.met),
        std::to_string(row.measured.not_met),
        std::to_string(row.measured.no_data),
        row.last_checkin_at ? FormatDate(row.last_checkin_at) : "",
        row.open_checkin ? "yes" : "no",
        row.next_checkin ? IsoDateOfDay(row.next_checkin->due_day) : "",
        row.next_checkin ? std::to_string(row.next_checkin->days_left) : "",
    };
    std::vector<std::string> quoted;
    quoted.reserve(cells.size());
    for (const std::string& cell : cells) quoted.push_back(SpreadsheetCsvCell(cell));
    out += Join(quoted, ",") + "\r\n";
  }
  return out;
}

}  // namespace rungs
