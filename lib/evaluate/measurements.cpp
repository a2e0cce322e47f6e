#include "evaluate/measurements.hpp"

#include "core/number.hpp"
#include "core/text.hpp"
#include "evaluate/learned.hpp"

namespace virtcheck {

std::optional<double> sum_known(std::optional<double> a, std::optional<double> b) {
    if (!a || !b) return std::nullopt;
    return *a + *b;
}

std::string human_value(double value, Unit unit) {
    switch (unit) {
        case Unit::Percent: return fixed_text(value, 1) + "%";
        case Unit::Bytes: return human_bytes(value);
        case Unit::BytesPerSecond: return human_bytes(value) + "/s";
        case Unit::PerSecond: return fixed_text(value, 1) + "/s";
        case Unit::Seconds: return human_seconds(value);
        case Unit::Count: return fixed_text(value, 0);
    }
    return "";
}

std::optional<double> counted(const std::optional<std::uint64_t>& value, double scale) {
    if (!value) return std::nullopt;
    return static_cast<double>(*value) * scale;
}

Result measure_object(const std::string& object, Line line, const ThresholdSet& thresholds,
                      const std::vector<Measurement>& measurements, const std::string& identity,
                      Learning* learning) {
    Result result{State::Ok, ""};
    const std::string& who = identity.empty() ? object : identity;
    for (const auto& m : measurements) {
        static const Thresholds none;
        const Thresholds& limits = m.metric ? thresholds[*m.metric] : none;
        Perfdata perf{perfdata_label(object, m.name), m.value, m.unit, {}, {}, 0, m.max};
        perf.counter = m.is_counter;
        perf.identity = who;
        result.perfdata.push_back(perf.with(limits));
        if (!m.value || m.is_counter) continue;
        State state = limits.evaluate(*m.value);
        if (!limits.given() && *m.value > 0 && m.metric) state = m.metric->when_positive;
        std::string band;
        if (learning && limits.has_baseline()) {
            auto verdict = judge_baseline(*learning, (who.empty() ? "host" : who) + "/" + m.name, perf.label, m.name,
                                          *m.value, m.unit, limits);
            if (verdict.state != State::Ok) band = " (" + verdict.band + ")";
            if (!verdict.note.empty()) line.notes.push_back(verdict.note);
            state = worst(state, verdict.state);
            result.learned.push_back(std::move(verdict.learned));
        }
        result.state = worst(result.state, state);
        if (m.headline) line.figures.push_back(human_value(*m.value, m.unit) + band);
        else if (state != State::Ok) line.trouble.push_back(m.name + " " + human_value(*m.value, m.unit) + band);
    }
    result.text = line.text();
    return result;
}

}  // namespace virtcheck
