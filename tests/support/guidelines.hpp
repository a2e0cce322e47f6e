#pragma once
// The project's own reading of the plugin guidelines, applied to one run's output.
#include <string>
#include <vector>

#include "process.hpp"

namespace virtcheck::testing {

// Everything in a run that breaks the guidelines; empty when it conforms.
// Checks: exit code 0-3; nothing on stderr; line 1 "NAME STATE[ - text]" with the state
// word matching the exit code; perfdata grammar ('label'=value[UOM];warn;crit;min;max,
// no exponent, valid ranges, no trailing ';'); no '|' in long output; at most 8 KiB.
std::vector<std::string> guideline_violations(const Completed& run);

// Only the perfdata part (after the first '|').
std::vector<std::string> perfdata_violations(const std::string& perfdata);

}  // namespace virtcheck::testing
