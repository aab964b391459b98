#include "metrics/targets_settings.h"

#include <gtest/gtest.h>

namespace rungs {
namespace {

// Settings as the loader keeps them: text whose first line is line `line` of `file`.
Framework WithSettings(const std::string& yaml, const std::string& file = "team.rungs.yaml",
                       int line = 1) {
  Framework fw;
  fw.id = "team";
  fw.settings_yaml = yaml;
  fw.settings_source = {file, line, 1};
  return fw;
}

TEST(TargetSettingsTest, NoSettingsAreTheDefaults) {
  Diagnostics out;
  const FrameworkSettings s = ReadTargetSettings(Framework{}, out);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(s.settings, TargetSettings{});
  EXPECT_EQ(s.settings.window_weeks, 4);
  EXPECT_EQ(s.settings.window_meeting, 4);
  EXPECT_EQ(s.settings.min_active_hours, 5);
  EXPECT_EQ(s.settings.min_reviews, 3);
  EXPECT_TRUE(s.targets.empty());
}

TEST(TargetSettingsTest, ReadsEverySetting) {
  Diagnostics out;
  const FrameworkSettings s =
      ReadTargetSettings(WithSettings("rungs:\n"
                                      "  window: {weeks: 6, meeting: 4}\n"
                                      "  minimum:\n"
                                      "    active_hours: 7.5\n"
                                      "    reviews: 2\n"
                                      "  targets:\n"
                                      "    support/1B/1:\n"
                                      "      conversations_per_hour: 12\n"
                                      "      activity: 95%\n"
                                      "      qa: 95\n"
                                      "      consistently: true\n"
                                      "    support/2A/1: {advanced_tasks: 3, core_targets: true}\n"
                                      "    support/1A/1: {conversations_per_hour: 10, weeks: 2}\n"
                                      "    support/1C/2: {measured: false}\n",
                                      "team.md", 4),
                         out);
  ASSERT_TRUE(out.empty()) << FormatDiagnostic(out.at(0));
  EXPECT_EQ(s.settings.window_weeks, 6);
  EXPECT_EQ(s.settings.window_meeting, 4);
  EXPECT_EQ(s.settings.min_active_hours, 7.5);
  EXPECT_EQ(s.settings.min_reviews, 2);
  ASSERT_EQ(s.targets.size(), 4u);
  EXPECT_EQ(s.targets[0].criterion, "support/1B/1");
  EXPECT_EQ(s.targets[0].source, (Provenance{"team.md", 10, 5}));
  ASSERT_TRUE(s.targets[0].rule);
  EXPECT_EQ(s.targets[0].rule->conversations_per_hour, 12);
  EXPECT_EQ(s.targets[0].rule->activity_pct, 95);
  EXPECT_EQ(s.targets[0].rule->qa_pct, 95);
  EXPECT_TRUE(s.targets[0].rule->consistently);
  EXPECT_EQ(s.targets[0].rule->source, "declared");
  EXPECT_EQ(s.targets[1].rule->advanced_tasks, 3);
  EXPECT_TRUE(s.targets[1].rule->core_targets);
  EXPECT_TRUE(s.targets[1].rule->consistently);  // core targets are held over the window
  EXPECT_EQ(s.targets[2].rule->weeks_in_a_row, 2);
  EXPECT_FALSE(s.targets[2].rule->consistently);
  EXPECT_FALSE(s.targets[3].rule);
}

TEST(TargetSettingsTest, SideFileWithoutWrapperAndMeetingDefaultsToWeeks) {
  Diagnostics out;
  const FrameworkSettings s = ReadTargetSettings(WithSettings("window:\n  weeks: 8\n"), out);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(s.settings.window_weeks, 8);
  EXPECT_EQ(s.settings.window_meeting, 8);
}

struct BadCase {
  std::string yaml;
  int line;
  int column;
  std::string code;
  std::string message;
};

TEST(TargetSettingsTest, BadSettingsArePreciseErrors) {
  const BadCase cases[] = {
      {"window: {weeks: 4, meeting: 5}\n", 1, 29, "settings-invalid",
       "rungs settings: window.meeting: 5 weeks cannot meet the targets out of a window of 4"},
      {"window:\n  weeks: many\n", 2, 10, "settings-invalid",
       "rungs settings: window.weeks: must be a whole number, found \"many\""},
      {"window:\n  weeks: 60\n", 2, 10, "settings-invalid",
       "rungs settings: window.weeks: 60 is out of range (1 to 52)"},
      {"minimum: {active_hours: -1}\n", 1, 25, "settings-invalid",
       "rungs settings: minimum.active_hours: -1 is out of range (0 to 168)"},
      {"windw: {weeks: 4}\n", 1, 1, "settings-unknown-key",
       "rungs settings: windw: unknown key (known keys: minimum, targets, window)"},
      {"targets:\n  a/1/1: {qa: 101}\n", 2, 15, "settings-invalid",
       "rungs settings: targets.a/1/1.qa: 101 is out of range (0 to 100)"},
      {"targets:\n  a/1/1: {qa: 90, consistenly: true}\n", 2, 19, "settings-unknown-key",
       "rungs settings: targets.a/1/1.consistenly: unknown key (known keys: activity, "
       "advanced_tasks, consistently, conversations_per_hour, core_targets, measured, qa, "
       "weeks)"},
      {"targets:\n  a/1/1: {consistently: true}\n", 2, 3, "settings-invalid",
       "rungs settings: targets.a/1/1: states no target: give conversations_per_hour, "
       "activity, qa, advanced_tasks or core_targets (or 'measured: false')"},
      {"targets:\n  a/1/1: {qa: 90, weeks: 2, consistently: true}\n", 2, 3, "settings-invalid",
       "rungs settings: targets.a/1/1: 'weeks' (N weeks in a row) and 'consistently: true' (K "
       "of the last W weeks) cannot both be set"},
      {"targets:\n  a/1/1: {measured: false, qa: 90}\n", 2, 3, "settings-invalid",
       "rungs settings: targets.a/1/1: 'measured: false' says the criterion is not measured; "
       "remove its other fields"},
      {"targets:\n  a/1/1: 12\n", 2, 10, "settings-invalid",
       "rungs settings: targets.a/1/1: must be a mapping, found \"12\""},
      {"targets:\n  a/1/1: {qa: 90}\n  a/1/1: {qa: 80}\n", 3, 3, "settings-invalid",
       "rungs settings: targets.a/1/1: appears twice; which one is meant is ambiguous"},
      {"targets: [a, b]\n", 1, 10, "settings-invalid",
       "rungs settings: targets: must be a mapping, found a list"},
      {"window: {weeks: 4\n", 2, 1, "settings-syntax", ""},
  };
  for (const BadCase& c : cases) {
    Diagnostics out;
    ReadTargetSettings(WithSettings(c.yaml), out);
    ASSERT_EQ(out.size(), 1u) << c.yaml;
    EXPECT_EQ(out[0].severity, Severity::kError) << c.yaml;
    EXPECT_EQ(out[0].file, "team.rungs.yaml");
    EXPECT_EQ(out[0].line, c.line) << c.yaml;
    EXPECT_EQ(out[0].column, c.column) << c.yaml;
    EXPECT_EQ(out[0].code, c.code) << c.yaml;
    if (!c.message.empty()) {
      EXPECT_EQ(out[0].message, c.message) << c.yaml;
    }
  }
}

TEST(TargetSettingsTest, PositionsAreInTheFrameworkFileAndInCodePoints) {
  Diagnostics out;
  // The front matter's `rungs:` lines start at line 7 of the file.
  ReadTargetSettings(
      WithSettings("rungs:\n  targets:\n    \u00E9quipe/1/1: {qa: lots}\n", "team.md", 7), out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].file, "team.md");
  EXPECT_EQ(out[0].line, 9);
  EXPECT_EQ(out[0].column, 22);
}

}  // namespace
}  // namespace rungs
