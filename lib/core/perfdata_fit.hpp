#pragma once
// Perfdata that has to fit a size: Nagios keeps only the first 8 KiB of a plugin's output, so
// when all of it would not fit, line 1 keeps the check's own figures and the perfdata of the
// worst objects, whole, and says how many objects were left out.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace virtcheck {

struct FittedPerfdata {
    std::string text{};         // formatted items, space separated
    std::size_t objects = 0;    // objects (partial results of the root) that have perfdata
    std::size_t left_out = 0;   // of those, how many had theirs left out
};

// The items of a result as line 1 shows them (collect_perfdata's order and labels), each
// formatted when first asked for: a thousand-VM inventory has thousands of items, and line 1
// shows only the few that fit in 8 KiB. The labels are made for all of them at once: they are
// unique across the whole tree.
class PerfdataItems {
public:
    explicit PerfdataItems(const Result& result);
    std::size_t size() const { return items_.size(); }
    const std::string& text(std::size_t index);
    // All items, space separated; nullopt (and no more formatting) once that exceeds max_bytes.
    std::optional<std::string> joined_within(std::size_t max_bytes);

private:
    std::vector<Perfdata> items_;
    std::vector<std::string> texts_;  // empty until formatted (a formatted item never is)
};

// All perfdata when it fits in `budget` bytes; else the root's own items and as many objects
// as fit, CRITICAL first, then UNKNOWN, WARNING, OK, each in the tree's order. `items` are
// those of `result`.
FittedPerfdata fit_perfdata(const Result& result, PerfdataItems& items, std::size_t budget);

}  // namespace virtcheck
