// Measured targets: the part of a criterion that helpdesk data can check ("12 conversations
// per hour, 95% activity and 95% QA", "at least 2 weeks", "consistently", "at least three
// advanced tasks"), as a plain MeasuredRule.
//
// ParseTargetText reads one criterion's text: a rule, nothing measurable ("Working towards 1B
// standards"), or text that looks measurable but cannot be read, with the reason and where.
// ResolveTargets reads a whole framework: rules from the text, then the framework's `rungs:`
// settings (targets_settings.h) replace or remove them, then "maintaining all 'core' targets"
// takes its numbers from the nearest rung below that states them. DescribeRule writes a rule
// in one line for pages: "12 conversations/h · ≥95% activity · ≥95% QA · 4 of the last 4 weeks".
#ifndef RUNGS_METRICS_TARGETS_H_
#define RUNGS_METRICS_TARGETS_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "framework/model.h"
#include "util/diagnostic.h"

namespace rungs {

// Every target is a minimum. A week meets the rule when it meets every rate and percentage.
struct MeasuredRule {
  std::optional<double> conversations_per_hour;
  std::string rate_noun = "conversations";  // as written: "tickets", "chats" (display only)
  std::optional<double> activity_pct;       // 0-100
  std::optional<double> qa_pct;             // 0-100
  // "At least N weeks": N consecutive evaluable weeks, each meeting every target; 0 = none.
  int weeks_in_a_row = 0;
  // "Consistently": at least K of the last W evaluable weeks meet every target. Rates written
  // without a time word ("handles 10 conversations per hour") are read this way too.
  bool consistently = false;
  int window_weeks = 0;    // W for this rule only ("3 of the last 4 weeks"); 0: the framework's
  int window_meeting = 0;  // K for this rule only; 0: the framework's
  // "At least three advanced tasks": agreed evidence tagged advanced-task; 0 = none.
  int advanced_tasks = 0;
  // "Maintaining all 'core' targets": the rates above are the core targets, copied from the
  // criterion `core_from` (empty when no rung below states them).
  bool core_targets = false;
  std::string core_from;
  std::string source = "text";  // "text" (read from the criterion) or "declared" (settings)

  bool operator==(const MeasuredRule&) const = default;
};

// True when the rule states a rate or a percentage (its weeks are judged on helpdesk data).
bool HasRates(const MeasuredRule& rule);

// The framework-wide settings a rule is judged with (`rungs: window:` and `minimum:`).
struct TargetSettings {
  int window_weeks = 4;         // W
  int window_meeting = 4;       // K; defaults to W
  double min_active_hours = 5;  // below this a week has no data for rates
  int min_reviews = 3;          // below this a week has no data for QA

  bool operator==(const TargetSettings&) const = default;
};

// What one criterion's text says about measured targets.
struct TextTargets {
  enum class Kind { kNotMeasured, kRule, kUnreadable };
  Kind kind = Kind::kNotMeasured;
  MeasuredRule rule;   // kRule
  std::string reason;  // kUnreadable: why, in words a framework author can act on
  // kUnreadable: the part at fault, as code-point columns of the text (1-based, inclusive).
  int first_column = 0;
  int last_column = 0;
  std::string excerpt;  // that part of the text
};

TextTargets ParseTargetText(std::string_view text);

struct FrameworkTargets {
  TargetSettings settings;
  std::map<std::string, MeasuredRule> rules;  // by Criterion::key
  // Errors for bad settings; warnings for text that looks measurable but cannot be read (and
  // is not declared in the settings) and for core targets no rung below states.
  Diagnostics diagnostics;

  const MeasuredRule* Find(const std::string& criterion_key) const;
};

FrameworkTargets ResolveTargets(const Framework& framework);

// "12 conversations/h · ≥95% activity · ≥95% QA · 4 of the last 4 weeks".
std::string DescribeRule(const MeasuredRule& rule, const TargetSettings& settings);

}  // namespace rungs

#endif  // RUNGS_METRICS_TARGETS_H_
