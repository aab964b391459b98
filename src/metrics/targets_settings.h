// Reads a framework's own settings (Framework::settings_yaml: the front matter's `rungs:` key
// or a NAME.rungs.yaml side file, which may hold the keys with or without a `rungs:` wrapper):
//
//   rungs:
//     window: {weeks: 4, meeting: 3}          # "consistently" = 3 of the last 4 weeks
//     minimum: {active_hours: 5, reviews: 3}  # less data in a week is "no data"
//     targets:                                # by "topic/rung/position" or criterion key
//       knowledgeandimpact/1B/1: {conversations_per_hour: 12, activity: 95, qa: 95,
//                                 consistently: true}
//       knowledgeandimpact/1C/2: {advanced_tasks: 1}
//       teamwork/2/3: {measured: false}
//
// Each problem is a diagnostic at the file, line and column of the value at fault, naming
// the field ("targets.x/1B/1.activity"). Which criterion a target names is checked later, by
// ResolveTargets, which knows the framework.
#ifndef RUNGS_METRICS_TARGETS_SETTINGS_H_
#define RUNGS_METRICS_TARGETS_SETTINGS_H_

#include <optional>
#include <string>
#include <vector>

#include "framework/model.h"
#include "metrics/targets.h"
#include "util/diagnostic.h"

namespace rungs {

struct DeclaredTarget {
  std::string criterion;             // as written: "topic/rung/position" or a criterion key
  std::optional<MeasuredRule> rule;  // nullopt: `measured: false`
  Provenance source;                 // where the entry's key is
};

struct FrameworkSettings {
  TargetSettings settings;
  std::vector<DeclaredTarget> targets;  // in file order
};

FrameworkSettings ReadTargetSettings(const Framework& framework, Diagnostics& out);

}  // namespace rungs

#endif  // RUNGS_METRICS_TARGETS_SETTINGS_H_
