#include "web/svg_chart.h"

#include <string>

#include <gtest/gtest.h>

#include "metrics/iso_week.h"

namespace rungs {
namespace {

int64_t Week(int n) { return WeekIndexOfDay(DaysFromCivil(2025, 12, 29)) + n - 1; }

size_t Count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

WeeklyChart Sample() {
  WeeklyChart chart;
  chart.id = "chart-rate";
  chart.title = "Conversations per hour, by ISO week";
  chart.unit = "/h";
  ChartSeries series;
  series.name = "conversations per hour";
  series.points = {{Week(5), 9.5, false, ""},
                   {Week(6), 12.4, false, ""},
                   {Week(7), std::nullopt, false, "3.0 active hours (minimum 5)"},
                   {Week(8), 13.0, true, ""},
                   {Week(9), 11.0, false, ""}};
  chart.series.push_back(series);
  chart.targets = {{10, "target 10/h"}, {12, "target 12/h"}};
  return chart;
}

TEST(SvgChart, IsAnImageWithATitleAndADescriptionOfTheNumbers) {
  const std::string html = RenderWeeklyChart(Sample()).Take();
  EXPECT_NE(html.find("<svg role=\"img\""), std::string::npos) << html;
  EXPECT_NE(html.find("aria-labelledby=\"chart-rate-title chart-rate-desc\""), std::string::npos);
  EXPECT_NE(html.find("<title id=\"chart-rate-title\">Conversations per hour, by ISO week</title>"),
            std::string::npos);
  EXPECT_NE(html.find("<desc id=\"chart-rate-desc\">conversations per hour: 4 weeks with a value "
                      "from 2026-W05 to 2026-W09, lowest 9.5/h, highest 13.0/h, latest 11.0/h in "
                      "2026-W09; 1 week without enough data; 1 week with inferred active time. "
                      "Targets: target 10/h, target 12/h.</desc>"),
            std::string::npos)
      << html;
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(SvgChart, DrawsADashedLinePerTarget) {
  const std::string html = RenderWeeklyChart(Sample()).Take();
  // Two in the chart, one in the legend.
  EXPECT_EQ(Count(html, "<line class=\"target\" stroke-dasharray=\"6 4\" x1=\"12.0%\""), 2u);
  EXPECT_EQ(Count(html, "<line class=\"target\" stroke-dasharray=\"6 4\""), 3u);
  EXPECT_NE(html.find(">target 12/h</text>"), std::string::npos);
}

TEST(SvgChart, FillsItsWidthWithTextAtItsOwnSize) {
  const std::string html = RenderWeeklyChart(Sample()).Take();
  // No viewBox, which would shrink the text with the picture on a phone: across, every
  // position is a percentage of the width; down, pixels.
  EXPECT_NE(html.find("<svg role=\"img\" width=\"100%\" height=\"220\""), std::string::npos)
      << html;
  EXPECT_EQ(html.find("viewBox"), std::string::npos);
  EXPECT_NE(html.find("<circle r=\"4\" class=\"pt series-0\" cx=\"96.0%\""), std::string::npos)
      << "the latest week at the right edge of the plot";
}

TEST(SvgChart, LabelsTargetsOverThePointsAtTheLeft) {
  const std::string html = RenderWeeklyChart(Sample()).Take();
  const size_t label = html.find("<text class=\"target-label\" dx=\"4\" x=\"12.0%\"");
  ASSERT_NE(label, std::string::npos) << html;
  EXPECT_GT(label, html.rfind("<circle", html.find("</svg>")))
      << "drawn after the points, so that it reads";
  EXPECT_EQ(Count(html, "<rect class=\"target-label-bg\""), 2u);
}

TEST(SvgChart, LabelsWeeksBackFromTheLatestLeavingEveryOtherOutOnPhones) {
  WeeklyChart chart = Sample();
  chart.series[0].points.clear();
  for (int w = 1; w <= 16; ++w)
    chart.series[0].points.push_back({Week(w), 10.0 + w % 3, false, ""});
  const std::string html = RenderWeeklyChart(chart).Take();
  // Every second week from W16 back: W16, W14 ... W04, seven labels (W02 would be a minor
  // first label, which phones would hide along with the year it carries).
  EXPECT_EQ(Count(html, "<text text-anchor=\"middle\" class=\"tick"), 7u) << html;
  EXPECT_EQ(Count(html, "<text text-anchor=\"middle\" class=\"tick minor\""), 3u);
  EXPECT_NE(html.find("class=\"tick\" x=\"96.0%\" y=\"204.0\">W16</text>"), std::string::npos);
  EXPECT_NE(html.find("class=\"tick minor\" x=\"84.8%\" y=\"204.0\">W14</text>"),
            std::string::npos);
  EXPECT_NE(html.find(">2026-W04</text>"), std::string::npos);
  EXPECT_EQ(html.find(">W02</text>"), std::string::npos);
}

TEST(SvgChart, MarksInferredWeeksHollowAndSaysSoInTheLegend) {
  const std::string html = RenderWeeklyChart(Sample()).Take();
  EXPECT_EQ(Count(html, "class=\"pt series-0 inferred\""), 1u);
  EXPECT_EQ(Count(html, "class=\"pt series-0\""), 3u + 1u);  // three points and the legend's
  EXPECT_NE(html.find("hollow: inferred active time"), std::string::npos);
}

TEST(SvgChart, LeavesAGapWhereAWeekHasNoValue) {
  const std::string html = RenderWeeklyChart(Sample()).Take();
  // Weeks 5-6 and 8-9 are two lines of a segment each; week 7 is a mark on the axis, not a point.
  EXPECT_EQ(Count(html, "<line class=\"line series-0\""), 2u);
  EXPECT_EQ(Count(html, "<rect class=\"no-data\""), 1u + 1u);  // the week and the legend's
  EXPECT_NE(html.find("gap: not enough data"), std::string::npos);

  // A week with no row at all breaks the line too.
  WeeklyChart chart = Sample();
  chart.series[0].points = {{Week(1), 10.0, false, ""}, {Week(3), 11.0, false, ""}};
  const std::string apart = RenderWeeklyChart(chart).Take();
  EXPECT_EQ(Count(apart, "<line class=\"line"), 0u);
  EXPECT_EQ(Count(apart, "<circle r=\"4\""), 2u);
}

TEST(SvgChart, FollowsItWithAHiddenTableOfTheSameNumbers) {
  const std::string html = RenderWeeklyChart(Sample()).Take();
  const size_t svg_end = html.find("</svg>");
  // In a visually hidden box of its own: hidden itself, a table is as wide as its text.
  const size_t table = html.find("<div class=\"visually-hidden\"><table><caption>");
  ASSERT_NE(table, std::string::npos);
  EXPECT_EQ(table, svg_end + 6);  // right after the picture
  EXPECT_NE(html.find("<tr><th scope=\"row\">2026-W06</th><td>12.4/h</td></tr>"),
            std::string::npos);
  EXPECT_NE(html.find("<td>13.0/h (inferred active time)</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>no data: 3.0 active hours (minimum 5)</td>"), std::string::npos);
  EXPECT_NE(html.find("<td colspan=\"1\">target 10/h, target 12/h</td>"), std::string::npos);
}

TEST(SvgChart, EscapesEveryText) {
  WeeklyChart chart = Sample();
  chart.id = "x\"><script>";
  chart.title = "<b>&";
  chart.series[0].name = "<i>";
  chart.targets[0].label = "</text><script>alert(1)</script>";
  chart.series[0].points[2].note = "<img src=x>";
  const std::string html = RenderWeeklyChart(chart).Take();
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;&amp;"), std::string::npos);
}

TEST(SvgChart, NothingWithoutPoints) {
  WeeklyChart chart;
  chart.id = "empty";
  chart.series.push_back({"none", {}});
  EXPECT_TRUE(RenderWeeklyChart(chart).str().empty());
}

TEST(SvgChart, OneWeekIsDrawnInTheMiddle) {
  WeeklyChart chart = Sample();
  chart.series[0].points = {{Week(5), 12.0, false, ""}};
  const std::string html = RenderWeeklyChart(chart).Take();
  EXPECT_NE(html.find("cx=\"54.0%\""), std::string::npos) << html;  // (12% + 96%) / 2
}

}  // namespace
}  // namespace rungs
