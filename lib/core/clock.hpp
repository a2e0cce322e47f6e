#pragma once
// The one clock every time decision reads. VIRTCHECK_NOW (seconds since the epoch, a plain
// decimal) replaces the system clock, so that tests can drive hours of behaviour (rates,
// snapshot ages, alert intervals and expiry) in seconds without sleeping.
#include <optional>

namespace virtcheck {

// Seconds since the epoch: $VIRTCHECK_NOW when it is set, else the system clock.
double now_seconds();

// $VIRTCHECK_NOW when it is set to a number; nothing when unset. Throws UsageError when it is
// set to something that is not a number, so that a test typo never runs on the real clock.
std::optional<double> clock_override();

}  // namespace virtcheck
