// The admin overview (/admin): where an admin lands after signing in.
#include <fmt/format.h>

#include "web/app_pages.h"
#include "web/app_pages_internal.h"

namespace rungs {
namespace {

// The overview lists this many overdue check-ins; the team page sorted by due date has all.
constexpr size_t kOverdueShown = 20;

Html Count(int n, std::string_view label, std::string_view href) {
  Html html;
  html.Raw("<li class=\"card\"><a").Attr("href", href).Raw(">").Int(n).Raw(" ").Text(label);
  html.Raw("</a></li>");
  return html;
}

}  // namespace

std::string RenderAdminOverviewPage(const PageViewer& viewer, const AdminSummary& summary) {
  Html main;
  main.Raw("<h1>Admin overview</h1><ul class=\"cards counts\">")
      .Append(Count(summary.people, summary.people == 1 ? "active person" : "active people",
                    "/admin/people"))
      .Append(Count(summary.managers, summary.managers == 1 ? "manager" : "managers", "/team"))
      .Append(Count(summary.teams, summary.teams == 1 ? "team" : "teams", "/admin/people"))
      .Append(Count(summary.open_checkins,
                    summary.open_checkins == 1 ? "open check-in" : "open check-ins", "/team"))
      .Append(Count(summary.agreed_checkins,
                    summary.agreed_checkins == 1 ? "agreed check-in" : "agreed check-ins",
                    "/team/trends"))
      .Raw("</ul>");
  if (summary.inactive > 0) {
    main.Raw("<p class=\"muted\">").Int(summary.inactive).Raw(" inactive, not counted.</p>");
  }

  main.Raw("<section aria-labelledby=\"batches\"><h2 id=\"batches\">Recent helpdesk data</h2>");
  if (summary.recent_batches.empty()) {
    main.Raw(
        "<p class=\"empty\">No helpdesk data is stored yet: <a href=\"/admin/helpdesk\">upload "
        "an export</a> to judge measured criteria.</p>");
  } else {
    main.Append(TableStart("overview", {"Batch", "Source", "File", "Weeks", "Stored"}));
    for (const IngestBatch& b : summary.recent_batches) {
      main.Raw("<tr><th scope=\"row\"><a")
          .Attr("href", fmt::format("/admin/helpdesk?batch={}", b.id))
          .Raw(">")
          .Int(b.id)
          .Raw("</a></th><td data-label=\"Source\">")
          .Text(b.source)
          .Raw("</td><td data-label=\"File\">")
          .Text(b.file_name)
          .Raw("</td><td data-label=\"Weeks\">")
          .Text(WeekRange(b.first_week, b.last_week))
          .Raw("</td><td data-label=\"Stored\">")
          .Text(FormatDate(b.imported_at))
          .Raw("</td></tr>");
    }
    main.Raw("</tbody></table><p><a href=\"/admin/helpdesk\">Every batch</a></p>");
  }
  main.Raw("</section>");

  if (!summary.overdue.empty()) {
    main.Append(DueCheckInsSection("Overdue check-ins", summary.overdue, kOverdueShown,
                                   "/team?sort=next_check_in"));
  }
  if (!summary.without_identity.empty()) {
    main.Raw(
        "<section aria-labelledby=\"unlinked\"><h2 id=\"unlinked\">People without a helpdesk "
        "identity</h2><p class=\"hint\">Their measured criteria cannot be judged until an "
        "identity is linked.</p><ul>");
    for (const User& u : summary.without_identity) {
      main.Raw("<li><a")
          .Attr("href", fmt::format("/admin/people/{}#identities", u.id))
          .Raw(">")
          .Text(u.name)
          .Raw("</a></li>");
    }
    main.Raw("</ul></section>");
  }
  return Layout(viewer, "Admin overview", main);
}

}  // namespace rungs
