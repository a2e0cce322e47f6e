#pragma once
// One object (a VM, a disk, an interface) measured on several metrics: each metric is
// evaluated against its thresholds and becomes perfdata "<object>_<metric>"; the object's
// partial result takes the worst state and names its main figure and every metric in trouble.
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/threshold.hpp"

namespace virtcheck {

struct Measurement {
    std::string metric;           // perfdata suffix: "cpu", "read", "swap_in"
    std::optional<double> value;  // absent: not available (perfdata "U")
    Unit unit = Unit::Count;
    Thresholds thresholds;
    std::optional<double> max;    // perfdata max (100 for percentages)
    bool headline = false;        // always shown in the object's text
    State if_unthresholded = State::Ok;  // state when value > 0 and no threshold is set (new errors)
};

// `object` goes into perfdata labels (folded), `shown` into text (escaped on output); `detail`
// follows the headline figures ("(3.0 GiB of 4.0 GiB)"), before the metrics in trouble.
Result measure_object(const std::string& object, const std::string& shown, const std::vector<Measurement>& measurements,
                      const std::string& detail = "");

// a + b, or nothing when either is unknown (a rate of rx + tx needs both).
std::optional<double> sum_known(std::optional<double> a, std::optional<double> b);

// "62.0%", "2.5 GiB", "1.2 MiB/s", "3.0/s", "4.2 ms"
std::string human_value(double value, Unit unit);

}  // namespace virtcheck
