#include "web/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "metrics/iso_week.h"
#include "util/utf8.h"

namespace rungs {
namespace {

// The drawing area. Heights are in pixels; across, positions are percentages of the chart's
// width, so it fills a phone or a desktop column with every week in view and its text at its
// own size (a viewBox would shrink the text with the picture). Text beside a line is moved off
// it in pixels (dx, dy).
constexpr double kHeight = 220;
constexpr double kTop = 14;
constexpr double kBottom = 34;
constexpr double kLeft = 12;       // percent: room for the values' labels
constexpr double kRight = 4;       // percent: room for the last week's point and label
constexpr size_t kMaxXLabels = 8;  // every other one is left out on narrow screens (app.css)

std::string Coord(double v) { return fmt::format("{:.1f}", v); }
std::string Percent(double v) { return fmt::format("{:.1f}%", v); }

// A step of 1, 2 or 5 times a power of ten, near `span` / 4.
double NiceStep(double span) {
  if (span <= 0) return 1;
  const double raw = span / 4;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (raw <= m * power) return m * power;
  }
  return 10 * power;
}

struct Scale {
  int64_t first_week = 0;
  int64_t last_week = 0;
  double low = 0;
  double high = 1;
  double step = 1;

  // A percentage of the chart's width.
  double X(int64_t week) const {
    const double plot = 100 - kLeft - kRight;
    if (last_week == first_week) return kLeft + plot / 2;
    return kLeft + plot * static_cast<double>(week - first_week) /
                       static_cast<double>(last_week - first_week);
  }
  double Y(double value) const {
    const double plot = kHeight - kTop - kBottom;
    return kTop + plot * (1 - (value - low) / (high - low));
  }
};

Scale MakeScale(const WeeklyChart& chart) {
  Scale s;
  bool any_week = false;
  double low = INFINITY;
  double high = -INFINITY;
  for (const ChartSeries& series : chart.series) {
    for (const ChartPoint& p : series.points) {
      s.first_week = any_week ? std::min(s.first_week, p.week) : p.week;
      s.last_week = any_week ? std::max(s.last_week, p.week) : p.week;
      any_week = true;
      if (p.value) {
        low = std::min(low, *p.value);
        high = std::max(high, *p.value);
      }
    }
  }
  for (const ChartTarget& t : chart.targets) {
    low = std::min(low, t.value);
    high = std::max(high, t.value);
  }
  if (!std::isfinite(low)) {
    low = 0;
    high = 1;
  }
  if (chart.zero_based) low = std::min(0.0, low);
  s.step = NiceStep(high - low > 0 ? high - low : std::max(1.0, std::fabs(high)));
  s.low = std::floor(low / s.step) * s.step;
  s.high = std::ceil(high / s.step) * s.step;
  if (s.high <= high) s.high += s.step;  // headroom above the highest number
  if (!chart.zero_based && s.low >= low && s.low - s.step >= 0) s.low -= s.step;
  return s;
}

Html Axes(const Scale& s, const WeeklyChart& chart) {
  Html html;
  // Horizontal grid lines with their values.
  const int lines = static_cast<int>(std::lround((s.high - s.low) / s.step));
  for (int i = 0; i <= lines; ++i) {
    const double v = s.low + s.step * i;
    html.Raw("<line class=\"grid\"")
        .Attr("x1", Percent(kLeft))
        .Attr("x2", Percent(100 - kRight))
        .Attr("y1", Coord(s.Y(v)))
        .Attr("y2", Coord(s.Y(v)))
        .Raw("/><text class=\"tick\" text-anchor=\"end\" dx=\"-6\"")
        .Attr("x", Percent(kLeft))
        .Attr("y", Coord(s.Y(v) + 4))
        .Raw(">")
        .Text(fmt::format("{:g}{}", v, chart.unit == "%" ? "%" : ""))
        .Raw("</text>");
  }
  // Week labels: at most kMaxXLabels, counted back from the latest week (the deciding weeks are
  // the last ones), every other one "minor": narrow screens leave those out. The first label
  // is never a minor one, so it shows on every screen, with the year; a later label shows the
  // year where it changes.
  const int64_t weeks = s.last_week - s.first_week + 1;
  const int64_t every = std::max<int64_t>(
      1, (weeks + static_cast<int64_t>(kMaxXLabels) - 1) / static_cast<int64_t>(kMaxXLabels));
  std::vector<int64_t> labelled;
  for (int64_t w = s.last_week; w >= s.first_week; w -= every) labelled.push_back(w);
  if (labelled.size() > 1 && labelled.size() % 2 == 0) labelled.pop_back();
  int last_year = 0;
  int last_major_year = 0;
  for (size_t i = labelled.size(); i-- > 0;) {
    const int64_t w = labelled[i];
    const bool minor = i % 2 == 1;
    const IsoWeek iso = IsoWeekOfDay(FirstDayOfWeekIndex(w));
    const bool year = iso.year != (minor ? last_year : last_major_year);
    last_year = iso.year;
    if (!minor) last_major_year = iso.year;
    html.Raw("<text text-anchor=\"middle\"")
        .Attr("class", minor ? "tick minor" : "tick")
        .Attr("x", Percent(s.X(w)))
        .Attr("y", Coord(kHeight - kBottom + 18))
        .Raw(">")
        .Text(year ? IsoWeekName(iso) : fmt::format("W{:02}", iso.week))
        .Raw("</text>");
  }
  html.Raw("<line class=\"axis\"")
      .Attr("x1", Percent(kLeft))
      .Attr("x2", Percent(100 - kRight))
      .Attr("y1", Coord(kHeight - kBottom))
      .Attr("y2", Coord(kHeight - kBottom))
      .Raw("/>");
  return html;
}

Html Targets(const Scale& s, const WeeklyChart& chart) {
  Html html;
  for (const ChartTarget& t : chart.targets) {
    const double y = s.Y(t.value);
    html.Raw("<line class=\"target\" stroke-dasharray=\"6 4\"")
        .Attr("x1", Percent(kLeft))
        .Attr("x2", Percent(100 - kRight))
        .Attr("y1", Coord(y))
        .Attr("y2", Coord(y))
        .Raw("/>");
  }
  return html;
}

// Each target's label, at the left of its line, where the oldest weeks are rather than the
// deciding ones: over the line, or under it when fewer points are there (it is drawn over the
// points) and no other label is, on a band of the background as wide as the label is likely to be
// (11 px text, app.css) so that it reads.
Html TargetLabels(const Scale& s, const WeeklyChart& chart) {
  Html html;
  std::vector<double> taken;  // the labels' baselines
  // From the top down, so that a label under its line leaves the next one room under its own.
  std::vector<const ChartTarget*> targets;
  for (const ChartTarget& t : chart.targets) targets.push_back(&t);
  std::stable_sort(targets.begin(), targets.end(),
                   [](const ChartTarget* a, const ChartTarget* b) { return a->value > b->value; });
  for (const ChartTarget* target : targets) {
    const ChartTarget& t = *target;
    const double line = s.Y(t.value);
    const double width = 6.5 * static_cast<double>(CountCodePoints(t.label)) + 6;
    // The points the label could cover on a phone's chart, about 300 px wide.
    const double reach = kLeft + 100 * (width + 4) / 300;
    int over = 0;
    int under = 0;
    for (const ChartSeries& series : chart.series) {
      for (const ChartPoint& p : series.points) {
        if (!p.value || s.X(p.week) > reach) continue;
        const double y = s.Y(*p.value);
        over += y < line && y > line - 22 ? 1 : 0;
        under += y > line && y < line + 22 ? 1 : 0;
      }
    }
    // Over or under the line, the side with fewer points first; a side another label took, or
    // outside the plot, only when both are.
    const double over_line = line - 5;
    const double under_line = line + 15;
    auto free = [&](double base) {
      if (base - 11 < kTop - 4 || base + 4 > kHeight - kBottom) return false;
      return std::none_of(taken.begin(), taken.end(),
                          [base](double other) { return std::fabs(other - base) < 15; });
    };
    const double first = under < over ? under_line : over_line;
    const double second = under < over ? over_line : under_line;
    const double baseline = free(first) || !free(second) ? first : second;
    taken.push_back(baseline);
    html.Raw("<rect class=\"target-label-bg\" rx=\"3\" height=\"15\" transform=\"translate(1 0)\"")
        .Attr("x", Percent(kLeft))
        .Attr("y", Coord(baseline - 11))
        .Attr("width", Coord(width))
        .Raw("/><text class=\"target-label\" dx=\"4\"")
        .Attr("x", Percent(kLeft))
        .Attr("y", Coord(baseline))
        .Raw(">")
        .Text(t.label)
        .Raw("</text>");
  }
  return html;
}

Html Series(const Scale& s, const ChartSeries& series, size_t index, const std::string& unit) {
  Html html;
  // A line per run of consecutive weeks with a value, a segment per week to the next (a
  // polyline cannot take percentages): a week without one is a gap.
  std::vector<std::vector<const ChartPoint*>> runs;
  const ChartPoint* previous = nullptr;
  for (const ChartPoint& p : series.points) {
    if (!p.value) {
      previous = nullptr;
      continue;
    }
    if (previous == nullptr || p.week != previous->week + 1) runs.emplace_back();
    runs.back().push_back(&p);
    previous = &p;
  }
  for (const auto& run : runs) {
    for (size_t i = 1; i < run.size(); ++i) {
      html.Raw("<line")
          .Attr("class", std::string("line ") + SeriesClass(index))
          .Attr("x1", Percent(s.X(run[i - 1]->week)))
          .Attr("y1", Coord(s.Y(*run[i - 1]->value)))
          .Attr("x2", Percent(s.X(run[i]->week)))
          .Attr("y2", Coord(s.Y(*run[i]->value)))
          .Raw("/>");
    }
  }
  for (const ChartPoint& p : series.points) {
    if (p.value) {
      std::string css = std::string("pt ") + SeriesClass(index);
      if (p.inferred) css += " inferred";
      html.Raw("<circle r=\"4\"")
          .Attr("class", css)
          .Attr("cx", Percent(s.X(p.week)))
          .Attr("cy", Coord(s.Y(*p.value)))
          .Raw("><title>")
          .Text(fmt::format("{} {}: {}{}", series.name, WeekIndexName(p.week),
                            ChartNumber(*p.value, unit),
                            p.inferred ? " (inferred active time)" : ""))
          .Raw("</title></circle>");
    } else {
      // A small mark on the axis: the week is there, without enough data.
      html.Raw("<rect class=\"no-data\" width=\"6\" height=\"6\" transform=\"translate(-3 0)\"")
          .Attr("x", Percent(s.X(p.week)))
          .Attr("y", Coord(kHeight - kBottom - 3))
          .Raw("><title>")
          .Text(fmt::format("{} {}: no data{}", series.name, WeekIndexName(p.week),
                            p.note.empty() ? "" : " (" + p.note + ")"))
          .Raw("</title></rect>");
    }
  }
  return html;
}

// "Conversations per hour: 6 weeks with a value from 2026-W03 to 2026-W10, lowest 9.1/h,
// highest 13.2/h, latest 12.4/h in 2026-W10; 2 weeks without enough data; 3 weeks with
// inferred active time."
std::string Summary(const WeeklyChart& chart) {
  std::string out;
  for (const ChartSeries& series : chart.series) {
    std::vector<const ChartPoint*> valued;
    int missing = 0;
    int inferred = 0;
    for (const ChartPoint& p : series.points) {
      if (p.value) {
        valued.push_back(&p);
        inferred += p.inferred ? 1 : 0;
      } else {
        ++missing;
      }
    }
    if (!out.empty()) out += " ";
    if (valued.empty()) {
      out += fmt::format("{}: no week with enough data.", series.name);
      continue;
    }
    auto [low, high] = std::minmax_element(
        valued.begin(), valued.end(),
        [](const ChartPoint* a, const ChartPoint* b) { return *a->value < *b->value; });
    out += fmt::format(
        "{}: {} week{} with a value from {} to {}, lowest {}, highest {}, latest {} "
        "in {}",
        series.name, valued.size(), valued.size() == 1 ? "" : "s",
        WeekIndexName(valued.front()->week), WeekIndexName(valued.back()->week),
        ChartNumber(*(*low)->value, chart.unit), ChartNumber(*(*high)->value, chart.unit),
        ChartNumber(*valued.back()->value, chart.unit), WeekIndexName(valued.back()->week));
    if (missing > 0) {
      out += fmt::format("; {} week{} without enough data", missing, missing == 1 ? "" : "s");
    }
    if (inferred > 0) {
      out +=
          fmt::format("; {} week{} with inferred active time", inferred, inferred == 1 ? "" : "s");
    }
    out += ".";
  }
  if (!chart.targets.empty()) {
    out += " Targets:";
    for (size_t i = 0; i < chart.targets.size(); ++i) {
      out += (i == 0 ? " " : ", ") + chart.targets[i].label;
    }
    out += ".";
  }
  return out;
}

Html Legend(const WeeklyChart& chart) {
  Html html;
  html.Raw("<ul class=\"chart-legend\">");
  for (size_t i = 0; i < chart.series.size(); ++i) {
    html.Raw("<li><svg class=\"swatch\" width=\"22\" height=\"10\" aria-hidden=\"true\">")
        .Raw("<line x1=\"1\" y1=\"5\" x2=\"21\" y2=\"5\"")
        .Attr("class", std::string("line ") + SeriesClass(i))
        .Raw("/><circle cx=\"11\" cy=\"5\" r=\"3.5\"")
        .Attr("class", std::string("pt ") + SeriesClass(i))
        .Raw("/></svg>")
        .Text(chart.series[i].name)
        .Raw("</li>");
  }
  bool inferred = false;
  bool missing = false;
  for (const ChartSeries& series : chart.series) {
    for (const ChartPoint& p : series.points) {
      inferred = inferred || (p.value && p.inferred);
      missing = missing || !p.value;
    }
  }
  if (!chart.targets.empty()) {
    html.Raw(
        "<li><svg class=\"swatch\" width=\"22\" height=\"10\" aria-hidden=\"true\"><line "
        "class=\"target\" stroke-dasharray=\"6 4\" x1=\"0\" y1=\"5\" x2=\"22\" y2=\"5\"/></svg>"
        "target</li>");
  }
  if (inferred) {
    html.Raw(
        "<li><svg class=\"swatch\" width=\"22\" height=\"10\" aria-hidden=\"true\"><circle "
        "class=\"pt inferred\" cx=\"11\" cy=\"5\" r=\"3.5\"/></svg>hollow: inferred active "
        "time</li>");
  }
  if (missing) {
    html.Raw(
        "<li><svg class=\"swatch\" width=\"22\" height=\"10\" aria-hidden=\"true\"><rect "
        "class=\"no-data\" x=\"8\" y=\"2\" width=\"6\" height=\"6\"/></svg>gap: not enough "
        "data</li>");
  }
  html.Raw("</ul>");
  return html;
}

Html DataTable(const WeeklyChart& chart) {
  // One row per week of any series, a column per series.
  std::map<int64_t, std::vector<const ChartPoint*>> rows;
  for (size_t i = 0; i < chart.series.size(); ++i) {
    for (const ChartPoint& p : chart.series[i].points) {
      auto& row = rows[p.week];
      row.resize(chart.series.size(), nullptr);
      row[i] = &p;
    }
  }
  Html html;
  // Hidden in a box of its own: a table is as wide as its text, whatever width it is given, and
  // would widen the page.
  html.Raw("<div class=\"visually-hidden\"><table><caption>")
      .Text(chart.title)
      .Raw("</caption><thead><tr><th scope=\"col\">Week</th>");
  for (const ChartSeries& series : chart.series) {
    html.Raw("<th scope=\"col\">").Text(series.name).Raw("</th>");
  }
  html.Raw("</tr></thead><tbody>");
  for (auto& [week, points] : rows) {
    points.resize(chart.series.size(), nullptr);
    html.Raw("<tr><th scope=\"row\">").Text(WeekIndexName(week)).Raw("</th>");
    for (const ChartPoint* p : points) {
      html.Raw("<td>");
      if (p == nullptr) {
        html.Raw("no row");
      } else if (p->value) {
        html.Text(ChartNumber(*p->value, chart.unit));
        if (p->inferred) html.Raw(" (inferred active time)");
      } else {
        html.Raw("no data");
        if (!p->note.empty()) html.Raw(": ").Text(p->note);
      }
      html.Raw("</td>");
    }
    html.Raw("</tr>");
  }
  html.Raw("</tbody>");
  if (!chart.targets.empty()) {
    html.Raw("<tfoot><tr><th scope=\"row\">Targets</th><td")
        .Attr("colspan", std::to_string(chart.series.size()))
        .Raw(">");
    for (size_t i = 0; i < chart.targets.size(); ++i) {
      if (i > 0) html.Raw(", ");
      html.Text(chart.targets[i].label);
    }
    html.Raw("</td></tr></tfoot>");
  }
  html.Raw("</table></div>");
  return html;
}

}  // namespace

const char* SeriesClass(size_t i) {
  static const char* const kSeriesClass[] = {"series-0", "series-1", "series-2",
                                             "series-3", "series-4", "series-5"};
  return kSeriesClass[i % 6];
}

Html ChartFigureStart(std::string_view css_class, const std::string& id, const std::string& title,
                      double height, const std::string& summary) {
  const std::string title_id = id + "-title";
  const std::string desc_id = id + "-desc";
  Html html;
  html.Raw("<figure")
      .Attr("class", css_class)
      .Raw("><figcaption>")
      .Text(title)
      .Raw("</figcaption><svg role=\"img\" width=\"100%\"")
      .Attr("height", fmt::format("{:g}", height))
      .Attr("id", id)
      .Attr("aria-labelledby", title_id + " " + desc_id)
      .Raw("><title")
      .Attr("id", title_id)
      .Raw(">")
      .Text(title)
      .Raw("</title><desc")
      .Attr("id", desc_id)
      .Raw(">")
      .Text(summary)
      .Raw("</desc>");
  return html;
}

std::string ChartNumber(double value, const std::string& unit) {
  return fmt::format("{:.1f}{}", value, unit);
}

Html RenderWeeklyChart(const WeeklyChart& chart) {
  Html html;
  bool any = false;
  for (const ChartSeries& series : chart.series) any = any || !series.points.empty();
  if (!any) return html;
  const Scale scale = MakeScale(chart);
  html.Append(ChartFigureStart("chart", chart.id, chart.title, kHeight, Summary(chart)))
      .Append(Axes(scale, chart))
      .Append(Targets(scale, chart));
  for (size_t i = 0; i < chart.series.size(); ++i) {
    html.Append(Series(scale, chart.series[i], i, chart.unit));
  }
  html.Append(TargetLabels(scale, chart));
  // The numbers for screen readers right after the picture, then the legend.
  html.Raw("</svg>").Append(DataTable(chart)).Append(Legend(chart)).Raw("</figure>");
  return html;
}

}  // namespace rungs
