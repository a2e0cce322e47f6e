#include "core/rate.hpp"

#include <chrono>
#include <thread>

#include "core/errors.hpp"
#include "core/number.hpp"

namespace virtcheck {

std::optional<double> Rates::per_second(const std::string& key) const {
    if (!has_baseline()) return std::nullopt;
    auto before = previous_.counters.find(key);
    auto after = current_.counters.find(key);
    if (before == previous_.counters.end() || after == current_.counters.end()) return std::nullopt;
    if (after->second < before->second) return std::nullopt;  // reset: re-baseline
    return (after->second - before->second) / seconds();
}

RateOptions::RateOptions(Cli& cli) : cli_(cli) {
    cli.add_option("--interval", interval_,
                   "Measure rates over SECONDS inside this run instead of since the previous run "
                   "(no state file)")
        ->check(CLI::Range(0.1, 3600.0))
        ->option_text("SECONDS");
}

Rates RateOptions::measure(const std::string& check, const std::string& key, Progress& progress,
                           const std::function<Sample()>& collect, std::string& note) const {
    if (interval_ > 0) {
        if (interval_ >= cli_.timeout)
            throw UsageError("--interval " + format_number(interval_) + " must be shorter than the timeout (-t " +
                             format_number(cli_.timeout) + ")");
        Sample first = collect();
        progress.stage("waiting " + format_number(interval_) + " s between two samples");
        std::this_thread::sleep_for(std::chrono::duration<double>(interval_));
        return Rates(std::move(first), collect());
    }
    StateStore store(check, key);
    // Held by an overlapping run of this check; a timeout here names the wait, not the source.
    progress.stage("waiting for the lock on the state file " + store.path());
    auto previous = store.load();
    Sample current = collect();
    store.save(current);
    if (!store.problem().empty()) note = store.problem() + ", rates from the next run";
    if (!previous) {
        if (note.empty()) note = "first sample stored, rates from the next run";
        return Rates(Sample{}, std::move(current));
    }
    return Rates(std::move(*previous), std::move(current));
}

}  // namespace virtcheck
