#pragma once
// Perfdata that has to fit a size: Nagios keeps only the first 8 KiB of a plugin's output, so
// when all of it would not fit, line 1 keeps the check's own figures and the perfdata of the
// worst objects, whole, and says how many objects were left out.
#include <cstddef>
#include <string>

#include "core/result.hpp"

namespace virtcheck {

struct FittedPerfdata {
    std::string text{};         // formatted items, space separated
    std::size_t objects = 0;    // objects (partial results of the root) that have perfdata
    std::size_t left_out = 0;   // of those, how many had theirs left out
};

// All perfdata when it fits in `budget` bytes; else the root's own items and as many objects
// as fit, CRITICAL first, then UNKNOWN, WARNING, OK, each in the tree's order.
FittedPerfdata fit_perfdata(const Result& result, std::size_t budget);

// The items of `result` formatted and joined as line 1 shows them.
std::string perfdata_text(const Result& result);

}  // namespace virtcheck
