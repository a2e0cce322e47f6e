#pragma once
// Perfdata that has to fit a size: Nagios keeps only the first 8 KiB of a plugin's output, so
// when all of it would not fit, line 1 keeps the check's own figures and the perfdata of the
// worst objects, whole, and says how many objects were left out.
#include <cstddef>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace virtcheck {

struct FittedPerfdata {
    std::string text{};         // formatted items, space separated
    std::size_t objects = 0;    // objects (partial results of the root) that have perfdata
    std::size_t left_out = 0;   // of those, how many had theirs left out
};

// The items of `result` formatted as line 1 shows them (collect_perfdata's order and labels).
std::vector<std::string> perfdata_items(const Result& result);

// Items joined as line 1 shows them.
std::string joined_perfdata(const std::vector<std::string>& items);

// All perfdata when it fits in `budget` bytes; else the root's own items and as many objects
// as fit, CRITICAL first, then UNKNOWN, WARNING, OK, each in the tree's order. `items` are
// perfdata_items(result): formatted once, since a large inventory has thousands.
FittedPerfdata fit_perfdata(const Result& result, const std::vector<std::string>& items, std::size_t budget);

}  // namespace virtcheck
