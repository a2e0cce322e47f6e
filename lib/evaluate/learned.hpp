#pragma once
// Forecasts and baselines in words: the time left of a fill and the band of what is usual,
// as a check's line, perfdata and --output json show them.
#include <optional>
#include <string>
#include <vector>

#include "core/learning.hpp"
#include "core/result.hpp"
#include "core/threshold.hpp"
#include "core/units.hpp"

namespace virtcheck {

struct FillForecast {
    std::optional<double> time_left{};  // seconds; absent while unknown or not filling
    std::string remark{};               // "full in 5d 4h (95 %: 4d 2h to 7d 0h)", "not filling", ...
    std::vector<std::string> notes{};   // "resized from 100.0 GiB to 200.0 GiB"
    std::optional<Learned> learned{};
};

// Records `used` of `capacity` under `key` and forecasts when it is full. Nothing (no
// remark) without a history or without figures. `label`: the perfdata label it belongs to.
FillForecast forecast_fill(Learning* learning, const std::string& key, const std::string& label,
                           std::optional<double> used, std::optional<double> capacity, Unit unit);

struct BaselineVerdict {
    State state = State::Ok;
    std::string band{};  // "usual at Tue 03:00: 4.0%–12.0%"
    std::string note{};  // "cpu learning (3 of 24 samples)"
    Learned learned{};
};

// Judges `value` against what is usual for `key` now (the baseline of `thresholds`), then
// learns it. `name`: the metric's name for the note.
BaselineVerdict judge_baseline(Learning& learning, const std::string& key, const std::string& label,
                               const std::string& name, double value, Unit unit, const Thresholds& thresholds);

}  // namespace virtcheck
