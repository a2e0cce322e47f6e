#pragma once
// The previous sample of a check, kept between runs for rates: one small file per check and
// target, per user, mode 0600, never followed through a symlink, written to a temporary file
// and renamed (so a crash never leaves half a file), under an exclusive lock.
#include <map>
#include <optional>
#include <string>

namespace virtcheck {

struct Sample {
    double time = 0;                           // seconds, CLOCK_REALTIME
    std::map<std::string, double> counters{};    // key -> counter value
};

class StateStore {
public:
    // Directory: $VIRTCHECK_STATE_DIR, else $XDG_STATE_HOME/virtcheck, else
    // /var/lib/virtcheck for root, else ~/.local/state/virtcheck. `key` tells targets apart.
    StateStore(const std::string& check, const std::string& key);
    ~StateStore();
    StateStore(const StateStore&) = delete;
    StateStore& operator=(const StateStore&) = delete;

    // Takes the lock and reads the previous sample. Nothing when there is none; a file that
    // cannot be trusted (corrupt, foreign owner, symlink) gives nothing and a note in problem().
    // Throws UsageError when the directory cannot be used at all.
    std::optional<Sample> load();

    // Replaces the stored sample atomically. Throws UsageError on failure.
    void save(const Sample& sample);

    const std::string& path() const { return path_; }
    const std::string& problem() const { return problem_; }  // why load() gave nothing, if it was a fault

private:
    std::string directory_{};
    std::string path_{};
    std::string problem_{};
    int lock_fd_ = -1;
};

// $VIRTCHECK_STATE_DIR, else $XDG_STATE_HOME/virtcheck, else /var/lib/virtcheck for root, else
// ~/.local/state/virtcheck: where per-user state lives (also virtcheck-alert's database).
std::string state_directory();

// Pure, for tests: the file format ("virtcheck-state 1", "time T", then "key<TAB>value" lines).
std::string format_sample(const Sample& sample);
std::optional<Sample> parse_sample(const std::string& text);

}  // namespace virtcheck
