#include "core/threshold.hpp"

namespace virtcheck {
namespace {

std::optional<Range> parse_option(const std::optional<std::string>& text, Unit unit,
                                  const char* option) {
    if (!text) return std::nullopt;
    try {
        return parse_range(*text, unit);
    } catch (const ThresholdError& e) {
        throw ThresholdError(std::string(option) + ": " + e.what());
    }
}

}  // namespace

State Thresholds::evaluate(double value) const {
    if (critical && critical->alerts(value)) return State::Critical;
    if (warning && warning->alerts(value)) return State::Warning;
    return State::Ok;
}

Thresholds parse_thresholds(const std::optional<std::string>& warning,
                            const std::optional<std::string>& critical, Unit unit) {
    return Thresholds{parse_option(warning, unit, "-w/--warning"),
                      parse_option(critical, unit, "-c/--critical")};
}

}  // namespace virtcheck
