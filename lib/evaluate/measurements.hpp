#pragma once
// One object (a VM, a disk, a pool) measured on several metrics: each is evaluated against its
// thresholds and becomes perfdata "<object>_<metric>"; the object's result takes the worst
// state, shows its headline figures, and names every metric in trouble.
#include <optional>
#include <string>
#include <vector>

#include "core/metric.hpp"
#include "core/result.hpp"
#include "evaluate/line.hpp"

namespace virtcheck {

struct Measurement {
    // A metric of the check's table: its thresholds come from the set.
    Measurement(const Metric& metric, std::optional<double> value, std::optional<double> max = std::nullopt,
                bool headline = false)
        : metric(&metric), name(metric.name), unit(metric.unit), value(value), max(max), headline(headline) {}
    // A figure that is only reported (perfdata, no thresholds): "capacity", "volumes".
    Measurement(std::string figure, Unit unit, std::optional<double> value, std::optional<double> max = std::nullopt)
        : name(std::move(figure)), unit(unit), value(value), max(max) {}
    // A raw counter next to the rates made from it ("rx_bytes"): perfdata with UOM "c", so that
    // graphers derive rates themselves, with no gap after a first run or a restart.
    static Measurement counter(std::string name, std::optional<double> value, Unit unit = Unit::Count) {
        Measurement m{std::move(name), unit, value};
        m.is_counter = true;
        return m;
    }

    const Metric* metric = nullptr;
    std::string name;             // perfdata suffix
    Unit unit = Unit::Count;
    std::optional<double> value;  // absent: not available (perfdata "U")
    std::optional<double> max;    // perfdata max (100 for percentages)
    bool headline = false;        // always shown in the object's figures
    bool is_counter = false;
};

// Evaluates `measurements` for one object. `object` goes into perfdata labels (folded);
// `identity` (its UUID, say; default: `object`) tells apart objects whose names fold to one
// label. The line's subject, detail and notes come from the caller, its figures and trouble
// from here.
Result measure_object(const std::string& object, Line line, const ThresholdSet& thresholds,
                      const std::vector<Measurement>& measurements, const std::string& identity = "");

// counter value as a double, or nothing.
std::optional<double> counted(const std::optional<std::uint64_t>& value, double scale = 1);

// a + b, or nothing when either is unknown (a rate of rx + tx needs both).
std::optional<double> sum_known(std::optional<double> a, std::optional<double> b);

// "62.0%", "2.5 GiB", "1.2 MiB/s", "3.0/s", "4.2 ms"
std::string human_value(double value, Unit unit);

}  // namespace virtcheck
