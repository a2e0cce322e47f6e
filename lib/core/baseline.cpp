#include "core/baseline.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>

namespace virtcheck {
namespace {

constexpr std::uint32_t max_samples = 1000000000;
// Once an hour is learned, a value beyond this many deviations is learned as if it were at
// this distance: one spike must not widen the band for weeks, a lasting change still moves it.
constexpr double clamp_deviations = 5;

}  // namespace

int hour_of_week(double time) {
    std::time_t t = static_cast<std::time_t>(std::floor(time));
    std::tm local{};
    if (!localtime_r(&t, &local)) return 0;
    return local.tm_wday * 24 + local.tm_hour;
}

std::string slot_name(int slot) {
    static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    slot = std::clamp(slot, 0, Baseline::slots - 1);
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%s %02d:00", days[slot / 24], slot % 24);
    return buffer;
}

bool Baseline::learn(double time, double value, double floor) {
    if (!std::isfinite(time) || !std::isfinite(value)) return false;
    if (last_time_ > 0 && time <= last_time_) return false;
    double step = last_time_ > 0 ? std::min(time - last_time_, max_step) : 0;
    if (last_time_ > 0) step_ += 0.2 * (step - step_);
    last_time_ = time;

    BaselineSlot& slot = slots_[static_cast<std::size_t>(hour_of_week(time))];
    if (slot.samples == 0) {
        slot.mean = value, slot.variance = 0;
    } else {
        // A plain mean while the hour is new, exponential weights once it has history.
        double covered = slot.covered + step;
        double alpha = covered > 0 ? std::max(step / covered, 1 - std::exp(-step / tau)) : 0;
        if (slot.covered >= learn_cover) {
            double deviation = std::max(std::sqrt(slot.variance), floor);
            value = std::clamp(value, slot.mean - clamp_deviations * deviation, slot.mean + clamp_deviations * deviation);
        }
        double diff = value - slot.mean;
        slot.mean += alpha * diff;
        slot.variance = (1 - alpha) * (slot.variance + alpha * diff * diff);
    }
    slot.covered = std::min(slot.covered + step, 7 * 24 * 3600.0);
    slot.samples = std::min(slot.samples + 1, max_samples);
    return true;
}

Band Baseline::band(double time, double floor) const {
    Band b;
    b.slot = hour_of_week(time);
    const BaselineSlot& slot = slots_[static_cast<std::size_t>(b.slot)];
    b.mean = slot.mean;
    b.deviation = std::max(std::sqrt(std::max(slot.variance, 0.0)), floor);
    b.samples = slot.samples;
    // Samples the learning period takes at the interval seen so far.
    double step = slot.samples > 0 && slot.covered > 0 ? slot.covered / slot.samples : step_;
    step = std::max(step, 1.0);
    b.needed = static_cast<std::uint32_t>(std::ceil(learn_cover / step - 0.5));
    b.learning = slot.covered + step / 2 < learn_cover;
    if (!b.learning) b.needed = std::min(b.needed, b.samples);
    return b;
}

}  // namespace virtcheck
