// The audit log page (app_pages.h): the filters, the readable rows of audit_log.h, and links to
// older entries and to the same entries as CSV.
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "metrics/time_format.h"
#include "progress/audit_log.h"
#include "util/text.h"
#include "web/app_pages.h"
#include "web/app_pages_internal.h"
#include "web/html.h"
#include "web/url.h"

namespace rungs {
namespace {

// "who=3&what=checkin.*" for the filters given (not `before`): what the CSV and paging links
// carry, so they show the same entries.
std::string FilterQuery(const AuditQuery& query) {
  std::string out;
  const std::pair<const char*, const std::string*> fields[] = {{"who", &query.who},
                                                               {"whom", &query.whom},
                                                               {"what", &query.what},
                                                               {"from", &query.from},
                                                               {"to", &query.to}};
  for (const auto& [name, value] : fields) {
    if (value->empty()) continue;
    out += fmt::format("{}{}={}", out.empty() ? "" : "&", name, EncodeQueryParam(*value));
  }
  return out;
}

// A labelled select list of the filter form, marked when `refusal` names it.
Html FilterSelect(const char* id, const char* label, const char* name, const Html& options,
                  const Status& refusal) {
  Html html;
  html.Raw("<div><label").Attr("for", id).Raw(">").Text(label).Raw("</label><select");
  html.Attr("id", id).Attr("name", name).Append(InvalidAttrs(refusal, name, id)).Raw(">");
  html.Append(options).Raw("</select>").Append(FieldError(refusal, name, id)).Raw("</div>");
  return html;
}

Html FilterDate(const char* id, const char* label, const char* name, const std::string& value,
                const Status& refusal) {
  Html html;
  html.Raw("<div><label").Attr("for", id).Raw(">").Text(label).Raw("</label><input type=\"date\"");
  html.Attr("id", id).Attr("name", name).Attr("value", value);
  html.Append(InvalidAttrs(refusal, name, id, "audit-zone")).Raw(">");
  html.Append(FieldError(refusal, name, id)).Raw("</div>");
  return html;
}

// Everyone by name; a chosen id nobody has any more stays listed, so the filter still shows.
Html PeopleOptions(const std::vector<User>& people, const std::string& chosen, bool with_rungs) {
  Html html = Option("", "Anyone", chosen.empty());
  if (with_rungs) {
    html.Append(Option(kSystemActor, "rungs (the command line, or the server itself)",
                       chosen == kSystemActor));
  }
  bool found = chosen.empty() || (with_rungs && chosen == kSystemActor);
  for (const User& u : people) {
    const std::string id = std::to_string(u.id);
    found = found || id == chosen;
    html.Append(Option(id, u.active ? u.name : u.name + " (inactive)", id == chosen));
  }
  if (!found && chosen.find_first_not_of("0123456789") == std::string::npos) {
    html.Append(Option(chosen, fmt::format("person #{} (removed)", chosen), true));
  }
  return html;
}

Html ActionOptions(const std::string& chosen) {
  Html html = Option("", "Anything", chosen.empty());
  bool found = chosen.empty();
  for (const AuditActionFamily& f : AuditActionFamilies()) {
    html.Raw("<optgroup").Attr("label", f.label).Raw(">");
    const std::string all = std::string(f.family) + ".*";
    found = found || chosen == all;
    html.Append(Option(all, fmt::format("{}: all", f.label), chosen == all));
    for (std::string_view action : f.actions) {
      found = found || chosen == action;
      html.Append(Option(action, AuditActionWords(action), chosen == action));
    }
    html.Raw("</optgroup>");
  }
  if (!found) html.Append(Option(chosen, chosen, true));
  return html;
}

// "Mon 2 Mar 2026 09:13", or for a folded run "Mon 2 Mar 2026 08:01 to 09:13" (the day once
// when the run is within one day; one time when within one minute).
Html When(const AuditRow& row, const TimeZone& zone) {
  const std::string last = FormatLocalTime(row.at, zone);
  const std::string first = FormatLocalTime(row.first_at, zone);
  Html html;
  html.Raw("<time").Attr("datetime", FormatIsoInZone(row.at, zone)).Raw(">");
  if (first != last) {
    // Both read "Www D Mmm YYYY HH:MM": the same day when all but the time agree.
    const bool same_day = first.size() == last.size() &&
                          first.compare(0, first.size() - 5, last, 0, last.size() - 5) == 0;
    html.Text(first).Raw(" to ").Text(same_day ? last.substr(last.size() - 5) : last);
  } else {
    html.Text(last);
  }
  html.Raw("</time>");
  return html;
}

}  // namespace

std::string RenderAuditPage(const PageViewer& viewer, const AuditQuery& query,
                            const AuditPage& page) {
  const Status& refusal = page.refusal;
  Html main;
  main.Raw("<h1>Audit log</h1><p class=\"meta\" id=\"audit-zone\">Every change, newest first. ");
  if (page.team_zone) {
    main.Raw("Times and days are in ")
        .Text(page.zone.name())
        .Raw(", your team\xE2\x80\x99s time zone.");
  } else {
    main.Raw("Times and days are in UTC, as you are in no team with a time zone.");
  }
  main.Raw(
      " One person\xE2\x80\x99s sign-ins and sign-outs in a row are one line. Scripts read "
      "every entry from <code>GET /api/audit</code>.</p>");

  main.Raw(
          "<form class=\"audit-filters\" method=\"get\" action=\"/admin/audit\" "
          "aria-label=\"Filter the audit log\">")
      .Append(FilterSelect("audit-who", "Who did it", "who",
                           PeopleOptions(page.people, query.who, true), refusal))
      .Append(FilterSelect("audit-whom", "About whom", "whom",
                           PeopleOptions(page.people, query.whom, false), refusal))
      .Append(FilterSelect("audit-what", "What", "what", ActionOptions(query.what), refusal))
      .Append(FilterDate("audit-from", "From (first day)", "from", query.from, refusal))
      .Append(FilterDate("audit-to", "To (last day)", "to", query.to, refusal))
      .Raw(
          "<div class=\"filter-buttons\"><button type=\"submit\">Show</button><a "
          "href=\"/admin/audit\">Clear the filters</a></div></form>");
  if (!refusal.ok()) {
    // The fields name their own problem; `before` has no field, so it is said here.
    if (refusal.field == "before") main.Append(RefusalBox(refusal));
    main.Raw("<p class=\"empty\">Nothing is shown until the filters read.</p>");
    return Layout(viewer, "Audit log", main);
  }

  const std::string filters = FilterQuery(query);
  main.Raw("<p class=\"audit-export\"><a")
      .Attr("href", "/admin/audit.csv" + (filters.empty() ? "" : "?" + filters))
      .Raw(
          ">Download CSV</a> <span class=\"muted\">every entry these filters match, "
          "one per line, newest first (at most ")
      .Text(GroupThousands(kMaxAuditRows))
      .Raw(")</span></p>");
  if (page.rows.empty()) {
    main.Raw("<p class=\"empty\">")
        .Text(filters.empty() && query.before.empty() ? "Nothing has been recorded yet."
                                                      : "No entries match these filters.")
        .Raw("</p>");
    return Layout(viewer, "Audit log", main);
  }
  main.Raw("<table class=\"overview audit-log\"><caption class=\"visually-hidden\">")
      .Text(filters.empty() ? "The audit log, newest first"
                            : "The audit log entries these filters match, newest first")
      .Raw(
          "</caption><thead><tr><th scope=\"col\">When</th><th scope=\"col\">Who</th><th "
          "scope=\"col\">What</th><th scope=\"col\">About</th><th "
          "scope=\"col\">Details</th></tr></thead><tbody>");
  for (const AuditRow& row : page.rows) {
    main.Raw("<tr><td data-label=\"When\">")
        .Append(When(row, page.zone))
        .Raw("</td><td data-label=\"Who\">")
        .Text(row.actor)
        .Raw("</td><td data-label=\"What\">")
        .Text(row.words)
        .Raw("</td><td data-label=\"About\">")
        .Text(row.target)
        .Raw("</td><td class=\"details\"");
    if (!row.details.empty()) main.Raw(" data-label=\"Details\"");
    main.Raw(">").Text(row.details).Raw("</td></tr>");
  }
  main.Raw("</tbody></table>");
  if (page.older != 0 || !query.before.empty()) {
    main.Raw("<nav class=\"pages\" aria-label=\"Pages of the log\">");
    if (!query.before.empty()) {
      main.Raw("<a").Attr("href", "/admin/audit" + (filters.empty() ? "" : "?" + filters));
      main.Raw(">Newest entries</a>");
    }
    if (page.older != 0) {
      main.Raw("<a")
          .Attr("href", fmt::format("/admin/audit?{}{}before={}", filters,
                                    filters.empty() ? "" : "&", page.older))
          .Raw(">Older entries</a>");
    }
    main.Raw("</nav>");
  }
  return Layout(viewer, "Audit log", main);
}

}  // namespace rungs
