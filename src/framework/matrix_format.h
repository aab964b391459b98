// Reads competency matrices saved from a spreadsheet as TSV or CSV: an optional title line, a
// header row naming the levels (first cell empty), one row per area with a cell per level, and
// an optional footer whose short cells mark bands ("Senior" under the column where the band
// starts). A row with no level cells, such as a brand line ("IIII INTERCOM"), is not an area.
// Text is kept verbatim, typos included; empty and "None" cells are not criteria.
#ifndef RUNGS_FRAMEWORK_MATRIX_FORMAT_H_
#define RUNGS_FRAMEWORK_MATRIX_FORMAT_H_

#include <string>
#include <string_view>

#include "framework/import.h"

namespace rungs {

// `file` names the input in provenance and diagnostics; the id is left to the caller.
ImportResult ImportMatrix(std::string_view bytes, const std::string& file);

}  // namespace rungs

#endif  // RUNGS_FRAMEWORK_MATRIX_FORMAT_H_
