#pragma once
// Threshold ranges as the plugin guidelines define them: [@][start:][end], "~" = minus infinity,
// both ends inclusive. "10" alerts outside 0..10, "10:" below 10, "~:10" above 10, "@10:20"
// inside 10..20. Each number may carry a unit ("500ms", "10GiB:"), converted to the base unit.
#include <limits>
#include <string>
#include <string_view>

#include "core/units.hpp"

namespace virtcheck {

struct Range {
    double start = 0;
    double end = std::numeric_limits<double>::infinity();
    bool alert_inside = false;  // the '@' prefix

    // True when `value` must raise this range's state.
    bool alerts(double value) const;

    // The range in the base unit, as it goes into perfdata ("~:0.5", "@10:20", "10737418240:").
    std::string to_string() const;
};

// Throws ThresholdError with the reason on anything outside the grammar.
Range parse_range(std::string_view text, Unit unit = Unit::Count);

}  // namespace virtcheck
