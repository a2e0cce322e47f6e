#pragma once
// A fill level's history per object (a pool's used bytes, a container's memory) and the
// robust trend fitted over it: when will it reach capacity, and how sure is that?
//
// The history stays bounded at any run interval: a point is kept only as the oldest in its
// bucket, buckets being about age/density wide (a power of two of seconds), so the number of
// points grows with the logarithm of the span (about 95 after a year at one run a minute,
// 70 of them in the last week), never with the number of runs; points older than max_age go.
#include <cstddef>
#include <optional>
#include <vector>

namespace virtcheck {

struct Point {
    double time = 0;   // seconds since the epoch
    double value = 0;  // in the metric's base unit (bytes, pids)
};

// What adding a sample found, for the output to say.
struct SeriesEvent {
    double clock_back = 0;                // seconds the clock went back (0: it did not)
    std::size_t dropped = 0;              // later samples dropped because of it
    std::optional<double> old_capacity{};  // the capacity changed (a resized datastore)
};

class Series {
public:
    static constexpr std::size_t max_points = 160;
    static constexpr double max_age = 90 * 86400.0;
    static constexpr double density = 6;  // points kept per doubling of age

    Series() = default;
    // From stored points (sorted, deduplicated and thinned here: a file is not trusted).
    Series(std::vector<Point> points, double capacity);

    // Records `value` at `time` against `capacity`, then thins. A time before the newest
    // point (the clock went back) drops the points after it.
    SeriesEvent add(double time, double value, double capacity);

    const std::vector<Point>& points() const { return points_; }
    double capacity() const { return capacity_; }
    double last_time() const { return points_.empty() ? 0 : points_.back().time; }

private:
    void thin(double now);

    std::vector<Point> points_{};
    double capacity_ = 0;
};

// The robust linear fit over the points of a window: Theil–Sen (the median of the slopes
// between pairs of points), with pairs taken only inside segments, so that a refill, a step
// or a spike (a jump far off the trend between two neighbours) splits the series instead of
// bending the slope.
struct Fit {
    std::size_t points = 0;   // in the window
    std::size_t breaks = 0;   // refills, steps and spikes skipped over
    double span = 0;          // seconds from the first to the last point in the window
    double slope = 0;         // per second
    double slope_low = 0;     // 95 % confidence bounds of the slope (Kendall's tau)
    double slope_high = 0;
    double level = 0;         // the fitted value at `now`, from the last segment
};

enum class Trend {
    TooFew,      // fewer points than needed in the window
    TooShort,    // the points span too little time
    NotFilling,  // flat or falling
    Filling,
    Full,        // at or above the full level already
};

struct Forecast {
    Trend trend = Trend::TooFew;
    Fit fit{};
    double full_level = 0;                 // capacity x full fraction
    std::size_t needed_points = 0;
    double needed_span = 0;
    std::optional<double> time_left{};     // seconds, when filling or full
    std::optional<double> time_left_low{};   // 95 %: at the earliest
    std::optional<double> time_left_high{};  // at the latest; absent: maybe never
};

constexpr std::size_t min_fit_points = 5;

// The fit of the points within [now - window, now]; nothing with too few points or pairs.
std::optional<Fit> fit_trend(const std::vector<Point>& points, double now, double window, double capacity);

// When the series reaches `full_fraction` (0-1] of its capacity at the trend of the window.
// The window needs min_fit_points points over at least window/7 (a day of the default week).
Forecast forecast(const Series& series, double now, double window, double full_fraction);

}  // namespace virtcheck
