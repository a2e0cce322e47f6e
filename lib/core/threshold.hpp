#pragma once
// A warning and a critical range for one metric; critical is evaluated first.
#include <optional>
#include <string>

#include "core/range.hpp"
#include "core/state.hpp"

namespace virtcheck {

struct Thresholds {
    std::optional<Range> warning{};   // absent: not evaluated
    std::optional<Range> critical{};  // absent: not evaluated

    State evaluate(double value) const;
    bool given() const { return warning.has_value() || critical.has_value(); }
};

// Parses -w/-c texts (absent = not evaluated) in `unit`. Throws ThresholdError naming the option.
Thresholds parse_thresholds(const std::optional<std::string>& warning,
                            const std::optional<std::string>& critical, Unit unit);

}  // namespace virtcheck
