// /team/calibration: how each manager's agreed results are spread, beside everyone else's and
// beside their reports' self-assessments (progress/calibration.h).
#include <cmath>

#include <fmt/format.h>

#include "web/app_pages.h"
#include "web/app_pages_internal.h"
#include "web/svg_bars.h"

namespace rungs {
namespace {

// A manager's "meeting or above" share this far (in points) from everyone else's is flagged.
constexpr int kFarPoints = 15;

int Points(double share) { return static_cast<int>(std::lround(share * 100)); }

std::string Share(int part, int whole) {
  return whole == 0 ? "none" : fmt::format("{}%", Points(static_cast<double>(part) / whole));
}

// "Exceeding 10% · Meeting 60% · Working towards 20% · Not yet 10% (of 40)".
std::string SpreadWords(const Spread& s) {
  if (s.total() == 0) return "none";
  return fmt::format(
      "Exceeding {} \xC2\xB7 Meeting {} \xC2\xB7 Working towards {} \xC2\xB7 Not yet {} (of {})",
      Share(s.exceeding, s.total()), Share(s.meeting, s.total()),
      Share(s.working_towards, s.total()), Share(s.not_yet, s.total()), s.total());
}

Html MetShareChart(const Calibration& c) {
  BarChart chart;
  chart.id = "calibration-met";
  chart.title = "Results meeting or above, in %";
  chart.category_heading = "Manager";
  BarSeries theirs{"Agreed by them", {}};
  BarSeries others{"Agreed by everyone else", {}};
  BarSeries self{"Their reports' self-assessments", {}};
  for (const ManagerCalibration& m : c.managers) {
    chart.categories.push_back(m.manager.name);
    theirs.values.push_back(Points(m.agreed.MetShare()));
    others.values.push_back(Points(m.others.MetShare()));
    self.values.push_back(Points(m.self.MetShare()));
  }
  chart.series = {theirs, others, self};
  return RenderBarChart(chart);
}

}  // namespace

std::string RenderTeamCalibrationPage(const PageViewer& viewer, const Calibration& c) {
  Html main;
  main.Raw("<h1>Team calibration</h1>").Append(TeamViewsNav(TeamFilter{}, "/team/calibration"));
  main.Raw(
      "<p class=\"hint\">How each manager's agreed results are spread, beside everyone else's "
      "and beside their reports' own self-assessments on the same criteria. A share far from "
      "everyone else's, or reports who rate themselves much higher, is where a calibration "
      "conversation starts. An agreed result counts for whoever agreed the check-in.</p>");
  if (c.managers.empty()) {
    main.Raw("<p class=\"empty\">No manager you can see has agreed a check-in yet.</p>");
    return Layout(viewer, "Team calibration", main);
  }
  main.Append(MetShareChart(c));
  main.Append(TableStart("overview calibration",
                         {"Manager", "Agreed check-ins", "Their agreed results", "Meeting or above",
                          "Self-assessments", "Self and agreed"}));
  for (const ManagerCalibration& m : c.managers) {
    const int theirs = Points(m.agreed.MetShare());
    const int others = Points(m.others.MetShare());
    main.Raw("<tr><th scope=\"row\">")
        .Text(m.manager.name)
        .Raw("</th><td data-label=\"Agreed check-ins\">")
        .Int(m.checkins)
        .Raw(" (")
        .Text(m.people == 1 ? "1 person" : fmt::format("{} people", m.people))
        .Raw(")</td><td data-label=\"Their agreed results\">")
        .Text(SpreadWords(m.agreed))
        .Raw("</td><td data-label=\"Meeting or above\">")
        .Text(fmt::format("{}% (everyone else {})", theirs,
                          m.others.total() == 0 ? "none" : fmt::format("{}%", others)));
    if (m.others.total() > 0 && std::abs(theirs - others) >= kFarPoints) {
      main.Raw(" <span class=\"status status-working_towards\">")
          .Text(fmt::format("{} {} points", theirs > others ? "Above by" : "Below by",
                            std::abs(theirs - others)))
          .Raw("</span>");
    }
    main.Raw("</td><td data-label=\"Self-assessments\">")
        .Text(SpreadWords(m.self))
        .Raw("</td><td data-label=\"Self and agreed\">");
    if (m.compared == 0) {
      main.Raw("no self-assessments to compare");
    } else {
      main.Text(fmt::format("differ on {} of {} ({}): self higher {}, lower {}",
                            m.self_higher + m.self_lower, m.compared,
                            Share(m.self_higher + m.self_lower, m.compared), m.self_higher,
                            m.self_lower));
    }
    main.Raw("</td></tr>");
  }
  main.Raw("</tbody></table><p class=\"summary\">The organisation: ")
      .Text(c.checkins == 1 ? "1 agreed check-in" : fmt::format("{} agreed check-ins", c.checkins))
      .Raw(", results ")
      .Text(SpreadWords(c.everyone))
      .Raw(".</p>");
  return Layout(viewer, "Team calibration", main);
}

}  // namespace rungs
