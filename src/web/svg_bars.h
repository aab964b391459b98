// A horizontal bar chart drawn on the server as SVG: a row per category with one bar per series
// (told apart by colour and the legend), each bar's number written at its end, so the chart
// reads without colour. As for the weekly charts (svg_chart.h): role="img" with a <title> and a
// <desc>, a visually hidden table with every number, colours from app.css.
#ifndef RUNGS_WEB_SVG_BARS_H_
#define RUNGS_WEB_SVG_BARS_H_

#include <string>
#include <vector>

#include "web/html.h"

namespace rungs {

struct BarSeries {
  std::string name;         // "Assigned"
  std::vector<int> values;  // one per BarChart::categories
};

struct BarChart {
  std::string id;  // unique on the page
  std::string title;
  std::string category_heading;         // the data table's first column: "Rung"
  std::vector<std::string> categories;  // "1A", "1B", ...
  std::vector<BarSeries> series;        // up to three
};

// The <figure>; empty when there is no category.
Html RenderBarChart(const BarChart& chart);

}  // namespace rungs

#endif  // RUNGS_WEB_SVG_BARS_H_
