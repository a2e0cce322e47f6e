#pragma once
// A warning and a critical range for one metric; critical is evaluated first. Either may also
// be a baseline ("baseline:3"): that many deviations from what is usual at this hour of the
// week, judged where the check keeps a history (core/baseline.hpp).
#include <optional>
#include <string>

#include "core/range.hpp"
#include "core/state.hpp"

namespace virtcheck {

// How far from usual counts as unusual: baseline:K (either side of the band), baseline:+K
// (above only), baseline:-K (below only); K deviations, more than 0.
struct Deviations {
    enum class Side { Both, Above, Below };
    double count = 3;
    Side side = Side::Both;
};

struct Thresholds {
    std::optional<Range> warning{};   // absent: not evaluated
    std::optional<Range> critical{};  // absent: not evaluated
    std::optional<Deviations> warning_baseline{};
    std::optional<Deviations> critical_baseline{};

    // The absolute ranges only; baselines are judged against a history.
    State evaluate(double value) const;
    bool given() const { return warning || critical || has_baseline(); }
    bool has_baseline() const { return warning_baseline || critical_baseline; }
};

// Whether a -w/-c text is a baseline ("baseline:3") rather than a range.
bool is_baseline(std::string_view text);

// "baseline:3", "baseline:+2.5", "baseline:-3". Throws ThresholdError naming what is wrong.
Deviations parse_deviations(std::string_view text);

// Parses -w/-c texts (absent = not evaluated) in `unit`. Throws ThresholdError naming the option.
Thresholds parse_thresholds(const std::optional<std::string>& warning,
                            const std::optional<std::string>& critical, Unit unit);

}  // namespace virtcheck
