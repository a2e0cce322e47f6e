#include "evaluate/measurements.hpp"

#include <cstdio>

#include "core/text.hpp"

namespace virtcheck {

std::optional<double> sum_known(std::optional<double> a, std::optional<double> b) {
    if (!a || !b) return std::nullopt;
    return *a + *b;
}

std::string human_value(double value, Unit unit) {
    char buffer[48];
    switch (unit) {
        case Unit::Percent: std::snprintf(buffer, sizeof buffer, "%.1f%%", value); return buffer;
        case Unit::Bytes: return human_bytes(value);
        case Unit::BytesPerSecond: return human_bytes(value) + "/s";
        case Unit::PerSecond: std::snprintf(buffer, sizeof buffer, "%.1f/s", value); return buffer;
        case Unit::Seconds: return human_seconds(value);
        case Unit::Count: std::snprintf(buffer, sizeof buffer, "%.0f", value); return buffer;
    }
    return "";
}

std::optional<double> counted(const std::optional<std::uint64_t>& value, double scale) {
    if (!value) return std::nullopt;
    return static_cast<double>(*value) * scale;
}

Result measure_object(const std::string& object, Line line, const ThresholdSet& thresholds,
                      const std::vector<Measurement>& measurements, const std::string& identity) {
    Result result{State::Ok, ""};
    for (const auto& m : measurements) {
        static const Thresholds none;
        const Thresholds& limits = m.metric ? thresholds[*m.metric] : none;
        Perfdata perf{perfdata_label(object, m.name), m.value, m.unit, {}, {}, 0, m.max};
        perf.counter = m.is_counter;
        perf.identity = identity.empty() ? object : identity;
        result.perfdata.push_back(perf.with(limits));
        if (!m.value || m.is_counter) continue;
        State state = limits.evaluate(*m.value);
        if (!limits.given() && *m.value > 0 && m.metric) state = m.metric->when_positive;
        result.state = worst(result.state, state);
        if (m.headline) line.figures.push_back(human_value(*m.value, m.unit));
        else if (state != State::Ok) line.trouble.push_back(m.name + " " + human_value(*m.value, m.unit));
    }
    result.text = line.text();
    return result;
}

}  // namespace virtcheck
