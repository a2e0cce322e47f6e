#pragma once
// Soft and hard states, notifications, acknowledgements and flapping, as Nagios has them, as
// a pure function of the service's stored state, one new result and the time: no clock, no
// database, so every rule is tested with made-up times.
//
// - `attempts` non-OK results in a row make a hard state; OK is always hard.
// - A hard problem notifies once per state (WARNING -> CRITICAL while hard notifies again),
//   then every `renotify` seconds while it lasts (0: never).
// - A recovery notifies only when a problem notification was sent for it.
// - While acknowledged (until recovery or the ack's expiry), muted or flapping, problem
//   notifications are held back; afterwards a problem that is still there notifies (an expired
//   ack at once). A recovery while muted is dropped (maintenance was expected to end in OK);
//   one while flapping is sent when the flapping ends.
// - Flapping: `flap_changes` state changes within `flap_window` start it (one FLAPPINGSTART);
//   it ends (one FLAPPINGSTOP) when the changes in the window fall to half of that.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "alert/config.hpp"
#include "alert/status.hpp"

namespace virtcheck::alert {

struct Ack {
    double time = 0;
    double expires = 0;  // 0: until recovery
    std::string author;
    std::string comment;
};

struct ServiceState {
    bool known = false;        // a result has been recorded
    Status state = Status::Ok; // the last result
    bool hard = true;
    int attempt = 0;           // non-OK results in a row
    Status hard_state = Status::Ok;
    double hard_since = 0;     // when the hard state began
    double problem_since = 0;  // first non-OK result of the current problem (0: OK)
    double last_check = 0;
    double last_change = 0;
    std::optional<Status> notified_state;  // the problem state last notified; none: nothing to recover
    double notified_at = 0;
    std::set<std::string> notified_to;     // notifiers told of the current problem (they get the recovery)
    bool flapping = false;
    std::vector<double> changes;  // times of state changes inside the flap window
    std::optional<Ack> ack;
};

enum class NoticeType { Problem, Recovery, FlappingStart, FlappingStop };
std::string notice_type_name(NoticeType type);  // PROBLEM, RECOVERY, FLAPPINGSTART, FLAPPINGSTOP

struct Notice {
    NoticeType type;
    std::string reason;  // "state changed", "still CRITICAL after 2h", ...
};

// What happened besides the new state, for the history.
struct StateEvent {
    std::string kind;    // "ack-expired", "ack-cleared", "flapping-start", "flapping-stop", "suppressed"
    std::string detail;
};

struct Decision {
    ServiceState state;
    bool state_changed = false;  // the result differs from the previous one (or is the first)
    bool hard_changed = false;
    std::vector<StateEvent> events;
    std::vector<Notice> notices;
};

// One new result at `now`. `muted`: a mute window covers the service at `now`.
Decision apply_result(const ServiceState& before, Status result, double now, const Policy& policy, bool muted);

// The notifiers a notice goes to: the service's list, each filtered by its `events`; a
// recovery goes only to those told of the problem. Updates state.notified_to.
std::vector<std::string> route(const Notice& notice, ServiceState& state, const std::vector<std::string>& notify,
                               const std::map<std::string, NotifierConfig>& notifiers);

// "HARD", "SOFT 2/3"
std::string state_type_text(const ServiceState& state, const Policy& policy);

}  // namespace virtcheck::alert
