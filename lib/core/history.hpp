#pragma once
// Everything a check learns, per object and metric (fill series for forecasts, baselines),
// and its text form: the history file beside the state file. Bounded: entries not updated for
// expire_after go, and at most max_entries are kept (the least recently updated go first).
//
// Format (version 2, tab separated, numbers plain decimals):
//   virtcheck-history 2
//   owner   <check> <hash of the target key>      a file of another check or target is foreign
//   series  <key> <capacity> <N>                  then N lines: <time> <value>
//   baseline <key> <last time> <step> <N>         then N lines: <slot> <samples> <mean> <deviation> <covered>
//   end <checksum>                               FNV-1a of all before it (core/state_store.hpp)
#include <map>
#include <optional>
#include <string>

#include "core/baseline.hpp"
#include "core/series.hpp"

namespace virtcheck {

class History {
public:
    static constexpr std::size_t max_entries = 2048;
    static constexpr double expire_after = 35 * 86400.0;
    static constexpr std::size_t max_key = 256;

    // Created empty when new. Keys are made safe for the file (no tabs, no newlines, bounded).
    Series& series(const std::string& key);
    Baseline& baseline(const std::string& key);
    const Series* find_series(const std::string& key) const;

    // Forgets what was not updated for expire_after, then the oldest beyond max_entries.
    void expire(double now);

    const std::map<std::string, Series>& all_series() const { return series_; }
    const std::map<std::string, Baseline>& all_baselines() const { return baselines_; }

private:
    std::map<std::string, Series> series_{};
    std::map<std::string, Baseline> baselines_{};
};

// `owner`: "<check> <key hash>"; a file with another owner is not this check's history.
std::string format_history(const History& history, const std::string& owner);

// Nothing when the text is not a complete, well-formed history of `owner`; `why` then says
// "unreadable" or "foreign".
std::optional<History> parse_history(const std::string& text, const std::string& owner, std::string& why);

}  // namespace virtcheck
