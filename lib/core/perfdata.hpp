#pragma once
// Performance data: typed values in base units, formatted per the plugin guidelines
// ('label'=value[UOM];[warn];[crit];[min];[max]).
#include <optional>
#include <string>
#include <string_view>

#include "core/range.hpp"
#include "core/threshold.hpp"
#include "core/units.hpp"

namespace virtcheck {

struct Perfdata {
    std::string label{};            // [a-z0-9_.-]; see perfdata_label() for names from outside
    std::optional<double> value{};  // absent: the metric could not be read, printed as "U"
    Unit unit = Unit::Count;
    std::optional<Range> warning{};
    std::optional<Range> critical{};
    std::optional<double> min{};
    std::optional<double> max{};

    Perfdata& with(const Thresholds& thresholds) {
        warning = thresholds.warning;
        critical = thresholds.critical;
        return *this;
    }
};

// "<object>_<metric>" with the object name (untrusted) folded into [a-z0-9_.-]; just the
// metric when there is no object (a host-wide value).
std::string perfdata_label(std::string_view object, std::string_view metric);

// One item, label always quoted; trailing empty fields are left out.
std::string format_perfdata(const Perfdata& item);

}  // namespace virtcheck
