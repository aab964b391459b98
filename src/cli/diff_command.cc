#include <ostream>

#include "cli/commands.h"

namespace rungs {

int RunDiff(const DiffOptions&, std::ostream&, std::ostream& err) {
  err << "rungs diff: not implemented yet\n";
  return kExitFailure;
}

}  // namespace rungs
