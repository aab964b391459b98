// A chart of weekly numbers drawn on the server as SVG, so the page needs no JavaScript: one line
// with points per series over consecutive ISO weeks, a dashed horizontal line per target, hollow
// points for weeks whose active time was inferred, and gaps where a week has no value (too
// little data, or no row at all). For people who cannot see it, the <svg> is role="img" with a
// <title> and a <desc> that summarise the numbers, and a visually hidden table with every number
// follows it. Colours come from CSS classes (app.css: .chart), so they follow light and dark mode.
// All text goes through Html's escaping.
#ifndef RUNGS_WEB_SVG_CHART_H_
#define RUNGS_WEB_SVG_CHART_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "web/html.h"

namespace rungs {

struct ChartPoint {
  int64_t week = 0;             // week index (metrics/iso_week.h)
  std::optional<double> value;  // nullopt: no value that week, drawn as a gap
  bool inferred = false;        // active time inferred from event times: a hollow point
  std::string note;             // why there is no value ("3.5 active hours (minimum 5)")
};

struct ChartSeries {
  std::string name;                // "Conversations per hour"
  std::vector<ChartPoint> points;  // oldest first
};

struct ChartTarget {
  double value = 0;
  std::string label;  // "target 12/h (1B, 1C)"
};

struct WeeklyChart {
  std::string id;     // unique on the page; prefixes the ids of the title and description
  std::string title;  // "Conversations per hour by ISO week"
  std::string unit;   // appended to numbers: "/h", "%"
  // Up to three are told apart by colour, six with dashes (and the legend).
  std::vector<ChartSeries> series;
  std::vector<ChartTarget> targets;
  bool zero_based = true;  // false: the axis starts near the lowest number (percentages)
};

// The <figure> with the SVG, its legend and the hidden table; empty when no series has a point.
Html RenderWeeklyChart(const WeeklyChart& chart);

// What every chart of the pages opens with (svg_bars.h too): the <figure> of `css_class` with its
// caption, and the <svg role="img"> of `height` pixels labelled by a <title> and a <desc> with
// `summary`. The caller draws, closes the </svg> and adds its table and legend.
Html ChartFigureStart(std::string_view css_class, const std::string& id, const std::string& title,
                      double height, const std::string& summary);
// The class of the `i`th series: its colour in app.css (the second three dashed where lines are).
const char* SeriesClass(size_t i);

// "12.4/h", "96.5%": one decimal, the unit appended.
std::string ChartNumber(double value, const std::string& unit);

}  // namespace rungs

#endif  // RUNGS_WEB_SVG_CHART_H_
