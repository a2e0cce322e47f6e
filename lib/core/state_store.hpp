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

// The per-user state directory: $VIRTCHECK_STATE_DIR, else $XDG_STATE_HOME/virtcheck, else
// /var/lib/virtcheck for root, else ~/.local/state/virtcheck. Not created here.
std::string state_directory();

class StateStore {
public:
    // In state_directory(); `key` tells targets apart.
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

// What chooses the state directory (the process environment, or made up by a test).
struct StateEnvironment {
    std::optional<std::string> explicit_directory{};       // $VIRTCHECK_STATE_DIR
    std::optional<std::string> systemd_state_directory{};  // $STATE_DIRECTORY (systemd's StateDirectory=)
    std::optional<std::string> xdg_state_home{};           // $XDG_STATE_HOME
    std::optional<std::string> home{};                     // $HOME
    unsigned uid = 0;
    std::string system_directory = "/var/lib/virtcheck";

    static StateEnvironment current();
};

// The directory the state files go to. Throws UsageError when none is usable.
std::string state_directory(const StateEnvironment& env);

// state_directory() of this process's environment, absolute: where per-user state lives (also
// virtcheck-alert's database).
std::string state_directory();

// Pure, for tests: the file format ("virtcheck-state 1", "time T", then "key<TAB>value" lines).
std::string format_sample(const Sample& sample);
// Nothing for a file that cannot be trusted; `why` then says why.
std::optional<Sample> parse_sample(const std::string& text, std::string* why = nullptr);

}  // namespace virtcheck
