// The guesses behind a draft mapping (mapping_draft.h): which columns of an export sample hold
// the person, the conversation, the time and a status or event type, from their names (split
// into words: "resolvedBy" and "resolved_by" are both "resolved by") and their values (a time
// column's values all read as times; a person column repeats; a conversation column has many
// values; a status column a few); what the status values mean (closing, reply, assignment,
// active, away); which values mean "no value"; and which accounts look like automation, by
// name or by a share of the rows no person has.
#ifndef RUNGS_METRICS_DRAFT_COLUMNS_H_
#define RUNGS_METRICS_DRAFT_COLUMNS_H_

#include <string>
#include <vector>

#include "metrics/export_sample.h"
#include "metrics/mapping_draft.h"
#include "metrics/time_guess.h"

namespace rungs {

struct ColumnGuesses {
  GuessedColumn person{"person", "", ""};
  GuessedColumn conversation{"conversation", "", ""};
  GuessedColumn time{"time", "", ""};
  GuessedColumn status{"status", "", ""};
  TimeGuess time_guess;
  std::vector<std::string> other_people;  // other columns that look like a person
  std::vector<std::string> other_times;   // other columns whose values are all times
  // The status column's values by meaning, as the export writes them.
  std::vector<std::string> closed_values;
  std::vector<std::string> replied_values;
  std::vector<std::string> assigned_values;
  std::vector<std::string> active_values;
  std::vector<std::string> away_values;
  bool closed_repeats = false;  // a conversation has several closing rows (a snapshot log)
  // A time column saying when a conversation closed ("Solved at", "resolved_at") in the time
  // column's format: the closes' time.
  std::string closed_time;
  // A time column saying when an interval ended ("end", "until"), in the time column's format:
  // the end of status rows.
  std::string end_time;
  std::string author_role;  // a column saying who wrote a row (role, author type, public)
  std::vector<std::string> missing_values;  // "?", "N/A" seen in the columns used
  std::vector<AutomationCandidate> automation;
  std::vector<std::string> duplicate_columns;  // header names given twice
};

ColumnGuesses GuessColumns(const ExportSample& sample);

}  // namespace rungs

#endif  // RUNGS_METRICS_DRAFT_COLUMNS_H_
