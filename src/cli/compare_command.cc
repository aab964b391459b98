#include <ostream>

#include "cli/commands.h"

namespace rungs {

int RunCompare(const CompareOptions&, std::ostream&, std::ostream& err) {
  err << "rungs compare: not implemented yet\n";
  return kExitFailure;
}

}  // namespace rungs
