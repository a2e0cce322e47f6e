#include "core/threshold.hpp"

#include "core/number.hpp"

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

bool is_baseline(std::string_view text) { return text.starts_with("baseline"); }

Deviations parse_deviations(std::string_view text) {
    const std::string what = "'" + std::string(text) + "' is not baseline:K, baseline:+K or baseline:-K (K deviations)";
    if (!text.starts_with("baseline:")) throw ThresholdError(what);
    text.remove_prefix(9);
    Deviations d;
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
        d.side = text[0] == '+' ? Deviations::Side::Above : Deviations::Side::Below;
        text.remove_prefix(1);
    }
    auto number = read_number_prefix(text);
    if (!number || number->length != text.size() || text[0] == '-' || !(number->value > 0) || number->value > 1000)
        throw ThresholdError(what);
    d.count = number->value;
    return d;
}

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
