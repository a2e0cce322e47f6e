#include "evaluate/learned.hpp"

#include <algorithm>
#include <cmath>

#include "core/text.hpp"
#include "evaluate/measurements.hpp"

namespace virtcheck {
namespace {

// The smallest deviation that counts, per unit: below it a change is noise.
double deviation_floor(Unit unit, double mean) {
    double absolute = 1;
    switch (unit) {
        case Unit::Percent: absolute = 1; break;
        case Unit::Bytes: absolute = 1 << 20; break;
        case Unit::BytesPerSecond: absolute = 1 << 10; break;
        case Unit::PerSecond: absolute = 1; break;
        case Unit::Seconds: absolute = 0.001; break;
        case Unit::Count: absolute = 1; break;
    }
    return std::max(absolute, 0.05 * std::fabs(mean));
}

const char* trend_word(Trend trend) {
    switch (trend) {
        case Trend::TooFew: return "too few samples";
        case Trend::TooShort: return "too short a span";
        case Trend::NotFilling: return "not filling";
        case Trend::Filling: return "filling";
        case Trend::Full: return "full";
    }
    return "";
}

}  // namespace

FillForecast forecast_fill(Learning* learning, const std::string& key, const std::string& label,
                           std::optional<double> used, std::optional<double> capacity, Unit unit) {
    FillForecast out;
    if (!learning || !used || !capacity || *capacity <= 0) return out;
    SeriesEvent event;
    Forecast f = learning->forecast(key, *used, *capacity, event);
    if (event.old_capacity)
        out.notes.push_back("resized from " + human_value(*event.old_capacity, unit) + " to " + human_value(*capacity, unit));
    switch (f.trend) {
        case Trend::TooFew:
            out.remark = "trend from " + std::to_string(f.needed_points) + " samples (" + std::to_string(f.fit.points) +
                         " so far)";
            break;
        case Trend::TooShort:
            out.remark = "trend after " + human_seconds(f.needed_span) + " of samples (" + human_seconds(f.fit.span) +
                         " so far)";
            break;
        case Trend::NotFilling: out.remark = "not filling"; break;
        case Trend::Full: out.remark = "full now"; break;
        case Trend::Filling:
            out.remark = "full in " + human_seconds(*f.time_left) + " (95%: " + human_seconds(*f.time_left_low) +
                         (f.time_left_high ? " to " + human_seconds(*f.time_left_high) : " or later") + ")";
            break;
    }
    if (f.trend == Trend::Filling || f.trend == Trend::Full) out.time_left = f.time_left;
    if (f.fit.breaks > 0 && (f.trend == Trend::Filling || f.trend == Trend::NotFilling))
        out.remark += ", " + std::to_string(f.fit.breaks) + (f.fit.breaks == 1 ? " jump" : " jumps") + " left out of the trend";
    Learned l{label, "forecast", trend_word(f.trend), "", {}};
    l.figures = {{"window", learning->options().trend},
                 {"full_at", learning->options().full_at * 100},
                 {"full_level", f.full_level},
                 {"capacity", *capacity},
                 {"points", static_cast<double>(f.fit.points)},
                 {"span", f.fit.span},
                 {"breaks", static_cast<double>(f.fit.breaks)}};
    if (f.fit.points >= min_fit_points)
        l.figures.insert(l.figures.end(), {{"slope", f.fit.slope},
                                           {"slope_low", f.fit.slope_low},
                                           {"slope_high", f.fit.slope_high},
                                           {"level", f.fit.level}});
    if (f.time_left) l.figures.emplace_back("time_left", *f.time_left);
    if (f.time_left_low) l.figures.emplace_back("time_left_low", *f.time_left_low);
    if (f.time_left_high) l.figures.emplace_back("time_left_high", *f.time_left_high);
    out.learned = std::move(l);
    return out;
}

BaselineVerdict judge_baseline(Learning& learning, const std::string& key, const std::string& label,
                               const std::string& name, double value, Unit unit, const Thresholds& thresholds) {
    BaselineVerdict out;
    Band band = learning.judge(key, value, deviation_floor(unit, 0));
    band.deviation = std::max(band.deviation, deviation_floor(unit, band.mean));
    const Deviations& shown = thresholds.warning_baseline ? *thresholds.warning_baseline : *thresholds.critical_baseline;
    double low = std::max(band.low(shown), 0.0), high = band.high(shown);
    if (unit == Unit::Percent) high = std::min(high, 100.0);
    out.learned = {label, "baseline", "", slot_name(band.slot), {}};
    out.learned.figures = {{"mean", band.mean}, {"deviation", band.deviation}, {"samples", static_cast<double>(band.samples)},
                           {"needed", static_cast<double>(band.needed)}};
    if (band.learning) {
        out.note = name + " learning (" + std::to_string(band.samples) + " of " + std::to_string(band.needed) + " samples)";
        out.learned.status = "learning";
        return out;
    }
    if (thresholds.critical_baseline && band.outside(value, *thresholds.critical_baseline)) out.state = State::Critical;
    else if (thresholds.warning_baseline && band.outside(value, *thresholds.warning_baseline)) out.state = State::Warning;
    out.learned.status = out.state == State::Ok ? "usual" : "unusual";
    out.learned.figures.insert(out.learned.figures.end(), {{"low", low}, {"high", std::isfinite(high) && high < 1e300 ? high : NAN}});
    out.band = "usual at " + slot_name(band.slot) + ": " + human_value(low, unit) + "–" +
               (high < 1e300 ? human_value(high, unit) : "any");
    return out;
}

}  // namespace virtcheck
