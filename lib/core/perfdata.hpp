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
    std::optional<double> value{};  // absent: the metric could not be read; left out of the output
    Unit unit = Unit::Count;
    std::optional<Range> warning{};
    std::optional<Range> critical{};
    std::optional<double> min{};
    std::optional<double> max{};
    // A continuous counter (UOM "c"): graphers derive its rate themselves, across restarts.
    bool counter = false;
    // Who the object is (a VM's UUID or name), when two objects' names fold to one label: the
    // suffix that tells them apart comes from it, so that series never swap between runs.
    std::string identity{};

    Perfdata& with(const Thresholds& thresholds) {
        warning = thresholds.warning;
        critical = thresholds.critical;
        return *this;
    }
};

// "<object>_<metric>" with the object name (untrusted) folded into [a-z0-9_.-] and, past 40
// characters, cut to its start and a hash of the whole name; just the metric when there is
// no object (a host-wide value). With no metric, `object` is only folded.
std::string perfdata_label(std::string_view object, std::string_view metric);

// One item, label always quoted; trailing empty fields are left out. Values are rounded to
// the precision their unit needs (bytes whole, seconds to the microsecond, ...).
std::string format_perfdata(const Perfdata& item);

// The UOM of an item: "c" for counters, else the unit's.
std::string_view perfdata_uom(const Perfdata& item);

}  // namespace virtcheck
