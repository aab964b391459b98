#include "web/svg_bars.h"

#include <algorithm>

#include <fmt/format.h>

#include "web/svg_chart.h"

namespace rungs {
namespace {

// Pixels down, percentages across (the chart fills any width, its text keeps its size).
constexpr double kBarHeight = 12;
constexpr double kBarGap = 2;
constexpr double kRowGap = 10;
constexpr double kTop = 4;
constexpr double kLabelWidth = 28;  // percent, for the category's name
constexpr double kNumberRoom = 8;   // percent, for the number after the longest bar

std::string Coord(double v) { return fmt::format("{:.1f}", v); }
std::string Percent(double v) { return fmt::format("{:.1f}%", v); }

}  // namespace

Html RenderBarChart(const BarChart& chart) {
  Html html;
  if (chart.categories.empty() || chart.series.empty()) return html;
  int highest = 1;
  for (const BarSeries& s : chart.series) {
    for (int v : s.values) highest = std::max(highest, v);
  }
  const size_t per_row = chart.series.size();
  const double row_height = per_row * (kBarHeight + kBarGap) + kRowGap;
  const double height = kTop + row_height * static_cast<double>(chart.categories.size());
  const double plot = 100 - kLabelWidth - kNumberRoom;

  std::string summary;
  for (size_t c = 0; c < chart.categories.size(); ++c) {
    if (c > 0) summary += "; ";
    summary += chart.categories[c] + ":";
    for (const BarSeries& s : chart.series) {
      summary += fmt::format(" {} {}", s.name, c < s.values.size() ? s.values[c] : 0);
    }
  }
  html.Append(ChartFigureStart("chart bars", chart.id, chart.title, height, summary));
  for (size_t c = 0; c < chart.categories.size(); ++c) {
    const double row_top = kTop + row_height * static_cast<double>(c);
    html.Raw("<text class=\"tick\" dx=\"-6\" text-anchor=\"end\"")
        .Attr("x", Percent(kLabelWidth))
        .Attr("y", Coord(row_top + per_row * (kBarHeight + kBarGap) / 2 + 4))
        .Raw(">")
        .Text(chart.categories[c])
        .Raw("</text>");
    for (size_t s = 0; s < per_row; ++s) {
      const int value = c < chart.series[s].values.size() ? chart.series[s].values[c] : 0;
      const double width = plot * value / highest;
      const double y = row_top + static_cast<double>(s) * (kBarHeight + kBarGap);
      html.Raw("<rect")
          .Attr("class", std::string("bar ") + SeriesClass(s % 3))
          .Attr("x", Percent(kLabelWidth))
          .Attr("y", Coord(y))
          .Attr("width", Percent(std::max(width, 0.3)))
          .Attr("height", Coord(kBarHeight))
          .Raw("/><text class=\"tick\" dx=\"4\"")
          .Attr("x", Percent(kLabelWidth + width))
          .Attr("y", Coord(y + kBarHeight - 2))
          .Raw(">")
          .Int(value)
          .Raw("</text>");
    }
  }
  html.Raw("</svg><div class=\"visually-hidden\"><table><caption>")
      .Text(chart.title)
      .Raw("</caption><thead><tr><th scope=\"col\">")
      .Text(chart.category_heading)
      .Raw("</th>");
  for (const BarSeries& s : chart.series) html.Raw("<th scope=\"col\">").Text(s.name).Raw("</th>");
  html.Raw("</tr></thead><tbody>");
  for (size_t c = 0; c < chart.categories.size(); ++c) {
    html.Raw("<tr><th scope=\"row\">").Text(chart.categories[c]).Raw("</th>");
    for (const BarSeries& s : chart.series) {
      html.Raw("<td>").Int(c < s.values.size() ? s.values[c] : 0).Raw("</td>");
    }
    html.Raw("</tr>");
  }
  html.Raw("</tbody></table></div><ul class=\"chart-legend\">");
  for (size_t s = 0; s < per_row; ++s) {
    html.Raw("<li><svg class=\"swatch\" width=\"14\" height=\"10\" aria-hidden=\"true\"><rect ")
        .Attr("class", std::string("bar ") + SeriesClass(s % 3))
        .Raw(" x=\"1\" y=\"1\" width=\"12\" height=\"8\"/></svg>")
        .Text(chart.series[s].name)
        .Raw("</li>");
  }
  html.Raw("</ul></figure>");
  return html;
}

}  // namespace rungs
