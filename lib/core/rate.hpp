#pragma once
// Rates from counters: either two samples inside one run (--interval SECONDS) or this run's
// sample against the previous run's (state file). A counter that went down (reset, VM
// restarted) re-baselines instead of producing a spike.
#include <functional>
#include <optional>
#include <string>

#include "core/cli.hpp"
#include "core/clock.hpp"
#include "core/progress.hpp"
#include "core/state_store.hpp"

namespace virtcheck {

class Rates {
public:
    Rates() = default;
    Rates(Sample previous, Sample current) : previous_(std::move(previous)), current_(std::move(current)) {}

    // Counter change per second; nothing when there is no earlier value or it went down.
    std::optional<double> per_second(const std::string& key) const;
    double seconds() const { return current_.time - previous_.time; }
    bool has_baseline() const { return previous_.time > 0 && seconds() > 0; }

private:
    Sample previous_;
    Sample current_;
};

class RateOptions {
public:
    explicit RateOptions(Cli& cli);

    // Samples as configured. `collect` returns this moment's counters; `key` tells the
    // targets apart in the state file name. `note` gets "first sample stored ..." or the
    // state file's trouble, for the output.
    Rates measure(const std::string& check, const std::string& key, Progress& progress,
                  const std::function<Sample()>& collect, std::string& note) const;

    // Whether --interval was given (checks whose other backend takes no rates refuse it).
    bool given() const { return interval_ > 0; }

private:
    const Cli& cli_;
    double interval_ = 0;
};

}  // namespace virtcheck
