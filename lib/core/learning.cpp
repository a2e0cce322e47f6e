#include "core/learning.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace virtcheck {

Learning::Learning(const std::string& check, const std::string& target, LearningOptions options, double now)
    : options_(options), now_(now) {
    store_.emplace(check, target, "history");
    owner_ = check + " " + store_->key_hash();
}

void Learning::load() {
    if (!store_) return;
    auto text = store_->load_text();
    if (!text) return;
    std::string why;
    auto history = parse_history(*text, owner_, why);
    if (!history) {
        notes_.push_back("history file " + store_->path() + " was " + why + " and has been replaced, learning anew");
        return;
    }
    history_ = std::move(*history);
    // The clock went back: what was learned "later" cannot have happened yet.
    double latest = 0;
    for (const auto& [key, series] : history_.all_series()) latest = std::max(latest, series.last_time());
    for (const auto& [key, baseline] : history_.all_baselines()) latest = std::max(latest, baseline.last_time());
    if (latest > now_ + 1)
        notes_.push_back("the clock went back " + human_seconds(latest - now_) +
                         " since the last run: later samples dropped, baselines not updated until it passes them");
}

void Learning::save() {
    if (!store_) return;
    history_.expire(now_);
    store_->save_text(format_history(history_, owner_));
}

Forecast Learning::forecast(const std::string& key, double used, double capacity, SeriesEvent& event) {
    Series& series = history_.series(key);
    event = series.add(now_, used, capacity);
    return virtcheck::forecast(series, now_, options_.trend, options_.full_at);
}

Band Learning::judge(const std::string& key, double value, double floor) {
    Baseline& baseline = history_.baseline(key);
    Band band = baseline.band(now_, floor);
    baseline.learn(now_, value, floor);
    return band;
}

}  // namespace virtcheck
