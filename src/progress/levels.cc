#include "progress/levels.h"

namespace rungs {

Standing ComputeStanding(const StandingInput& /*input*/) { return {}; }  // being implemented

}  // namespace rungs
