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

Result measure_object(const std::string& object, const std::string& shown, const std::vector<Measurement>& measurements,
                      const std::string& detail) {
    Result result{State::Ok, shown};
    std::string headline, trouble;
    for (const auto& m : measurements) {
        Perfdata perf{perfdata_label(object, m.metric), m.value, m.unit, {}, {}, 0, m.max};
        result.perfdata.push_back(perf.with(m.thresholds));
        if (!m.value) continue;
        State state = m.thresholds.evaluate(*m.value);
        bool thresholded = m.thresholds.given();
        if (!thresholded && *m.value > 0) state = m.if_unthresholded;
        result.state = worst(result.state, state);
        std::string figure = m.metric + " " + human_value(*m.value, m.unit);
        if (m.headline) headline += (headline.empty() ? " " : ", ") + human_value(*m.value, m.unit);
        else if (state != State::Ok) trouble += (trouble.empty() ? "" : ", ") + figure;
    }
    result.text += headline;
    if (!headline.empty() && !detail.empty()) result.text += " " + detail;
    if (!trouble.empty()) result.text += " (" + trouble + ")";
    return result;
}

}  // namespace virtcheck
