#pragma once
// What a check learns between runs, for one target: the fill series its forecasts are made
// from and the baselines its -w/-c NAME=baseline:K are judged against. Loaded from and saved
// to the history file beside the state file (same directory, trust rules, lock and atomic
// write); a corrupt or foreign file is replaced, and the note says so.
#include <optional>
#include <string>
#include <vector>

#include "core/baseline.hpp"
#include "core/history.hpp"
#include "core/series.hpp"
#include "core/state_store.hpp"

namespace virtcheck {

struct LearningOptions {
    double trend = 7 * 86400.0;  // --trend: the window of the fit
    double full_at = 1.0;        // --full-at: the share of the capacity that counts as full
};

class Learning {
public:
    // `check` and `target` name the file as for the state file; `now` is the run's clock.
    Learning(const std::string& check, const std::string& target, LearningOptions options, double now);
    // Pure, for tests: nothing is read or written.
    Learning(LearningOptions options, double now) : options_(options), now_(now) {}

    // Reads the history (takes the lock); trouble becomes a note. Throws UsageError when
    // the state directory cannot be used at all.
    void load();
    // Writes what was learned this run, forgetting what has not been seen for weeks.
    void save();

    double now() const { return now_; }
    const LearningOptions& options() const { return options_; }

    // Records the fill of `key` (a pool's used bytes against its capacity) and forecasts.
    Forecast forecast(const std::string& key, double used, double capacity, SeriesEvent& event);

    // What is usual for `key` at this hour, then learns `value`. `floor`: the smallest
    // deviation that counts (so a flat series does not alert on noise).
    Band judge(const std::string& key, double value, double floor);

    // "history file ... was unreadable and has been replaced", "the clock went back ...".
    const std::vector<std::string>& notes() const { return notes_; }

private:
    std::optional<StateStore> store_{};
    std::string owner_{};
    LearningOptions options_{};
    double now_ = 0;
    History history_{};
    std::vector<std::string> notes_{};
};

}  // namespace virtcheck
