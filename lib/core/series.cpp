#include "core/series.hpp"

#include <algorithm>
#include <cmath>

namespace virtcheck {
namespace {

// A jump between neighbours beyond this share of the capacity (and far off the typical
// residual) is a refill, a step or a spike, not part of the trend.
constexpr double break_fraction = 0.02;
constexpr double break_residuals = 10;
constexpr double break_spreads = 5;  // times the median distance of the values from the trend
// A trend that moves less than this share of the capacity over the window is flat.
constexpr double flat_fraction = 0.001;
constexpr double z95 = 1.959964;

double median_of(std::vector<double> values) {
    if (values.empty()) return 0;
    auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), mid, values.end());
    double upper = *mid;
    if (values.size() % 2) return upper;
    double lower = *std::max_element(values.begin(), mid);
    return (lower + upper) / 2;
}

bool usable(const Point& p) { return std::isfinite(p.time) && std::isfinite(p.value) && p.time > 0; }

// The median of `values` with each weighted by `weights` (the lower one at an even split).
double weighted_median(const std::vector<std::pair<double, double>>& sorted_by_value, double fraction = 0.5) {
    double total = 0;
    for (const auto& [value, weight] : sorted_by_value) total += weight;
    double goal = fraction * total, sum = 0;
    for (const auto& [value, weight] : sorted_by_value)
        if ((sum += weight) >= goal) return value;
    return sorted_by_value.empty() ? 0 : sorted_by_value.back().first;
}

// The time each point stands for: half the gaps to its neighbours. Thinned histories are dense
// in the last hours and sparse weeks back; weighted by time, every hour of the window counts
// alike, so a daily cycle over whole days averages out instead of the last hours' slope of it
// becoming the trend.
std::vector<double> time_weights(const std::vector<Point>& p) {
    std::vector<double> w(p.size(), 0);
    for (std::size_t i = 0; i + 1 < p.size(); ++i) {
        double half = (p[i + 1].time - p[i].time) / 2;
        w[i] += half;
        w[i + 1] += half;
    }
    return w;
}

// Indices where a new segment starts: the jump from the point before is far off the trend,
// and beyond what the series swings by anyway (a daily cycle is not a refill). The swing is
// the time-weighted median distance from the trend, so the dense last hours do not hide it.
std::vector<std::size_t> segment_starts(const std::vector<Point>& p, const std::vector<double>& weights,
                                        double capacity) {
    std::vector<std::size_t> starts{0};
    if (p.size() < 3) return starts;
    std::vector<double> rates;
    for (std::size_t i = 1; i < p.size(); ++i) rates.push_back((p[i].value - p[i - 1].value) / (p[i].time - p[i - 1].time));
    double rate = median_of(rates);
    std::vector<double> residuals;
    for (std::size_t i = 1; i < p.size(); ++i)
        residuals.push_back(std::fabs(p[i].value - p[i - 1].value - rate * (p[i].time - p[i - 1].time)));
    std::vector<std::pair<double, double>> detrended;
    for (std::size_t i = 0; i < p.size(); ++i)
        detrended.emplace_back(p[i].value - rate * (p[i].time - p.front().time), weights[i]);
    std::sort(detrended.begin(), detrended.end());
    double centre = weighted_median(detrended);
    for (auto& d : detrended) d.first = std::fabs(d.first - centre);
    std::sort(detrended.begin(), detrended.end());
    double limit = std::max({break_fraction * capacity, break_residuals * median_of(residuals),
                             break_spreads * weighted_median(detrended)});
    for (std::size_t i = 1; i < p.size(); ++i)
        if (residuals[i - 1] > limit) starts.push_back(i);
    return starts;
}

}  // namespace

Series::Series(std::vector<Point> points, double capacity) : capacity_(capacity) {
    points.erase(std::remove_if(points.begin(), points.end(), [](const Point& p) { return !usable(p); }), points.end());
    std::stable_sort(points.begin(), points.end(), [](const Point& a, const Point& b) { return a.time < b.time; });
    for (const auto& p : points) {
        if (!points_.empty() && points_.back().time == p.time) points_.back() = p;
        else points_.push_back(p);
    }
    if (!points_.empty()) thin(points_.back().time);
}

SeriesEvent Series::add(double time, double value, double capacity) {
    SeriesEvent event;
    if (!usable({time, value})) return event;
    if (!points_.empty() && time < points_.back().time) {
        event.clock_back = points_.back().time - time;
        auto later = std::upper_bound(points_.begin(), points_.end(), time,
                                      [](double t, const Point& p) { return t < p.time; });
        event.dropped = static_cast<std::size_t>(points_.end() - later);
        points_.erase(later, points_.end());
    }
    if (capacity_ > 0 && capacity > 0 && std::fabs(capacity - capacity_) > 1e-9 * capacity_) event.old_capacity = capacity_;
    if (capacity > 0) capacity_ = capacity;
    if (!points_.empty() && points_.back().time == time) points_.back().value = value;
    else points_.push_back({time, value});
    thin(time);
    return event;
}

void Series::thin(double now) {
    // Buckets as wide as a power of two near age/density, aligned in absolute time, so that a
    // coarser bucket is a union of finer ones and thinning again keeps what it kept: one
    // point per bucket, the oldest, so that the span survives.
    std::vector<Point> kept;
    double last_width = 0, last_bucket = 0;
    for (const auto& p : points_) {
        double age = now - p.time;
        if (age > max_age) continue;
        double width = std::exp2(std::floor(std::log2(std::max(age / density, 1.0))));
        double bucket = std::floor(p.time / width);
        if (!kept.empty() && width == last_width && bucket == last_bucket) continue;
        kept.push_back(p);
        last_width = width, last_bucket = bucket;
    }
    if (kept.size() > max_points) kept.erase(kept.begin(), kept.end() - static_cast<std::ptrdiff_t>(max_points));
    points_ = std::move(kept);
}

std::optional<Fit> fit_trend(const std::vector<Point>& all, double now, double window, double capacity) {
    std::vector<Point> p;
    for (const auto& point : all)
        if (point.time >= now - window && point.time <= now) p.push_back(point);
    if (p.size() < 2) return std::nullopt;
    Fit fit;
    fit.points = p.size();
    fit.span = p.back().time - p.front().time;

    // Theil–Sen with each pair weighted by the time its two points stand for.
    auto weights = time_weights(p);
    for (double& w : weights) w = std::max(w, 1.0);
    auto starts = segment_starts(p, weights, capacity);
    fit.breaks = starts.size() - 1;
    starts.push_back(p.size());
    std::vector<std::pair<double, double>> slopes;  // slope, weight
    double variance = 0;  // of Kendall's S, summed over the segments
    for (std::size_t s = 0; s + 1 < starts.size(); ++s) {
        std::size_t begin = starts[s], end = starts[s + 1];
        double n = static_cast<double>(end - begin);
        variance += n * (n - 1) * (2 * n + 5) / 18;
        for (std::size_t i = begin; i < end; ++i)
            for (std::size_t j = i + 1; j < end; ++j)
                slopes.emplace_back((p[j].value - p[i].value) / (p[j].time - p[i].time),
                                    weights[i] * weights[j]);
    }
    if (slopes.empty()) return std::nullopt;
    std::sort(slopes.begin(), slopes.end());
    fit.slope = weighted_median(slopes);
    // Confidence bounds of Theil–Sen: the ranks (N -/+ z sqrt(Var S)) / 2 of the sorted slopes,
    // as shares of the weight.
    double n = static_cast<double>(slopes.size());
    double c = z95 * std::sqrt(variance);
    fit.slope_low = weighted_median(slopes, std::clamp((n - c) / 2 / n, 0.0, 1.0));
    fit.slope_high = weighted_median(slopes, std::clamp((n + c) / 2 / n, 0.0, 1.0));

    // The level now: the median intercept of the last segment (after the latest refill).
    std::vector<std::pair<double, double>> levels;
    for (std::size_t i = starts[starts.size() - 2]; i < p.size(); ++i)
        levels.emplace_back(p[i].value + fit.slope * (now - p[i].time), weights[i]);
    std::sort(levels.begin(), levels.end());
    fit.level = weighted_median(levels);
    return fit;
}

Forecast forecast(const Series& series, double now, double window, double full_fraction) {
    Forecast f;
    f.full_level = series.capacity() * full_fraction;
    f.needed_points = min_fit_points;
    f.needed_span = window / 7;
    auto fit = fit_trend(series.points(), now, window, series.capacity());
    if (fit) f.fit = *fit;
    if (!fit || fit->points < min_fit_points) {
        f.fit.points = fit ? fit->points : std::count_if(series.points().begin(), series.points().end(),
                                                          [&](const Point& p) { return p.time >= now - window && p.time <= now; });
        f.trend = Trend::TooFew;
        return f;
    }
    if (fit->span < f.needed_span) {
        f.trend = Trend::TooShort;
        return f;
    }
    if (series.capacity() <= 0) {
        f.trend = Trend::NotFilling;
        return f;
    }
    double remaining = f.full_level - fit->level;
    if (remaining <= 0 || series.points().back().value >= f.full_level) {
        f.trend = Trend::Full;
        f.time_left = f.time_left_low = f.time_left_high = 0.0;
        return f;
    }
    if (fit->slope <= 0 || fit->slope * window < flat_fraction * series.capacity()) {
        f.trend = Trend::NotFilling;
        return f;
    }
    f.trend = Trend::Filling;
    f.time_left = remaining / fit->slope;
    f.time_left_low = remaining / std::max(fit->slope_high, fit->slope);
    if (fit->slope_low > 0) f.time_left_high = remaining / std::min(fit->slope_low, fit->slope);
    return f;
}

}  // namespace virtcheck
