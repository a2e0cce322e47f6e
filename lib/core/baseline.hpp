#pragma once
// What is usual for a metric at each hour of the week, learned online from each run's value:
// per hour-of-week slot an exponentially weighted mean and deviation. Samples are weighted by
// the time they stand for (capped at an hour), so the learning does not depend on the run
// interval: each weekly visit of an hour counts about the same, the last few weeks the most.
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "core/threshold.hpp"

namespace virtcheck {

struct BaselineSlot {
    double mean = 0;
    double variance = 0;
    double covered = 0;          // seconds of this hour seen, capped at a week of hours
    std::uint32_t samples = 0;   // capped
};

// What is usual at one hour of the week.
struct Band {
    int slot = 0;               // 0 = Sunday 00:00-01:00, local time
    double mean = 0;
    double deviation = 0;       // with the floor applied
    std::uint32_t samples = 0;  // seen in this slot
    std::uint32_t needed = 0;   // samples the learning period takes at the current interval
    bool learning = true;

    double low(const Deviations& d) const { return d.side == Deviations::Side::Above ? -1e300 : mean - d.count * deviation; }
    double high(const Deviations& d) const { return d.side == Deviations::Side::Below ? 1e300 : mean + d.count * deviation; }
    bool outside(double value, const Deviations& d) const { return !learning && (value < low(d) || value > high(d)); }
};

class Baseline {
public:
    static constexpr int slots = 7 * 24;
    static constexpr double tau = 3 * 3600.0;          // slot time for the weights to fall to 1/e
    static constexpr double learn_cover = 2 * 3600.0;  // two weekly visits of the hour
    static constexpr double max_step = 3600.0;         // the most time one sample stands for
    static constexpr double default_step = 300.0;      // assumed before two runs are seen

    // Learns `value` at `time`. A time not after the last sample (the clock went back) is
    // not learned: returns false. `floor`: the deviation never counts as smaller (see band()).
    bool learn(double time, double value, double floor);

    // What is usual at `time`. `floor` keeps a flat series from alerting on noise.
    Band band(double time, double floor) const;

    double last_time() const { return last_time_; }
    double step() const { return step_; }
    const std::array<BaselineSlot, slots>& all_slots() const { return slots_; }

    // For the history file's reader (values checked there).
    void restore(int slot, const BaselineSlot& content) { slots_.at(static_cast<std::size_t>(slot)) = content; }
    void restore_clock(double last_time, double step) { last_time_ = last_time, step_ = step; }

private:
    std::array<BaselineSlot, slots> slots_{};
    double last_time_ = 0;
    double step_ = default_step;  // typical seconds between samples (EW)
};

// 0-167: the hour of the week of `time` in local time (TZ), Sunday 00:00 = 0.
int hour_of_week(double time);

// "Tue 03:00"
std::string slot_name(int slot);

}  // namespace virtcheck
