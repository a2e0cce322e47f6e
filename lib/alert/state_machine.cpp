#include "alert/state_machine.hpp"

#include <algorithm>

#include "alert/time_text.hpp"

namespace virtcheck::alert {

std::string notice_type_name(NoticeType type) {
    switch (type) {
        case NoticeType::Problem: return "PROBLEM";
        case NoticeType::Recovery: return "RECOVERY";
        case NoticeType::FlappingStart: return "FLAPPINGSTART";
        case NoticeType::FlappingStop: return "FLAPPINGSTOP";
    }
    return "";
}

std::string state_type_text(const ServiceState& state, const Policy& policy) {
    if (state.hard) return "HARD";
    return "SOFT " + std::to_string(state.attempt) + "/" + std::to_string(policy.attempts);
}

std::vector<std::string> route(const Notice& notice, ServiceState& state, const std::vector<std::string>& notify,
                               const std::map<std::string, NotifierConfig>& notifiers) {
    auto accepts = [&](const std::string& name, Event event) {
        auto found = notifiers.find(name);
        return found != notifiers.end() && found->second.events.count(event) > 0;
    };
    std::vector<std::string> targets;
    switch (notice.type) {
        case NoticeType::Problem: {
            Event event = state.hard_state == Status::Warning    ? Event::Warning
                          : state.hard_state == Status::Critical ? Event::Critical
                                                                 : Event::Unknown;
            for (const auto& name : notify)
                if (accepts(name, event)) targets.push_back(name), state.notified_to.insert(name);
            break;
        }
        case NoticeType::Recovery:
            for (const auto& name : state.notified_to)
                if (accepts(name, Event::Recovery)) targets.push_back(name);
            state.notified_to.clear();
            break;
        case NoticeType::FlappingStart:
        case NoticeType::FlappingStop:
            for (const auto& name : notify)
                if (accepts(name, Event::Flapping)) targets.push_back(name);
            break;
    }
    return targets;
}

namespace {

void update_states(const ServiceState& before, Status result, double now, const Policy& policy, Decision& d) {
    ServiceState& s = d.state;
    s.known = true;
    s.last_check = now;
    d.state_changed = !before.known || result != before.state;
    if (result != before.state) {
        s.last_change = now;
        s.changes.push_back(now);
    } else if (!before.known) {
        s.last_change = now;
    }
    s.state = result;
    if (result == Status::Ok) {
        s.attempt = 0;
        s.hard = true;
        s.problem_since = 0;
        if (before.hard_state != Status::Ok || !before.known) {
            d.hard_changed = before.known;
            s.hard_state = Status::Ok;
            s.hard_since = now;
        }
        return;
    }
    s.attempt = before.state == Status::Ok ? 1 : before.attempt + 1;
    if (before.state == Status::Ok || s.problem_since == 0) s.problem_since = now;
    if (before.hard_state != Status::Ok) {
        s.hard = true;
        if (result != before.hard_state) {
            d.hard_changed = true;
            s.hard_state = result;
            s.hard_since = now;
        }
    } else if (s.attempt >= policy.attempts) {
        s.hard = true;
        d.hard_changed = true;
        s.hard_state = result;
        s.hard_since = now;
    } else {
        s.hard = false;
        if (!before.known) s.hard_since = now;  // OK until proven otherwise
    }
}

void update_flapping(double now, const Policy& policy, bool muted, Decision& d) {
    ServiceState& s = d.state;
    std::erase_if(s.changes, [&](double t) { return t <= now - policy.flap_window; });
    if (policy.flap_changes <= 0) {
        s.changes.clear();
        if (s.flapping) {
            s.flapping = false;
            d.events.push_back({"flapping-stop", "flap detection is off"});
        }
        return;
    }
    int count = static_cast<int>(s.changes.size());
    std::string window = std::to_string(count) + " state changes in " + format_duration(policy.flap_window);
    if (!s.flapping && count >= policy.flap_changes) {
        s.flapping = true;
        d.events.push_back({"flapping-start", window});
        if (!muted) d.notices.push_back({NoticeType::FlappingStart, "changed state " + std::to_string(count) +
                                                                        " times in " + format_duration(policy.flap_window)});
    } else if (s.flapping && count <= policy.flap_changes / 2) {
        s.flapping = false;
        d.events.push_back({"flapping-stop", window});
        if (!muted) d.notices.push_back({NoticeType::FlappingStop, "has settled: " + window});
    }
}

}  // namespace

Decision apply_result(const ServiceState& before, Status result, double now, const Policy& policy, bool muted) {
    Decision d;
    d.state = before;
    ServiceState& s = d.state;

    bool ack_expired = false;
    if (s.ack && s.ack->expires > 0 && now >= s.ack->expires) {
        d.events.push_back({"ack-expired", "acknowledgement by " + s.ack->author + " expired"});
        s.ack.reset();
        ack_expired = true;
    }

    update_states(before, result, now, policy, d);
    update_flapping(now, policy, muted, d);

    if (result == Status::Ok && s.ack) {
        d.events.push_back({"ack-cleared", "recovered"});
        s.ack.reset();
    }

    const bool held = muted || s.flapping;
    std::string state(status_name(s.hard_state));
    if (s.hard && s.hard_state != Status::Ok) {
        std::optional<std::string> reason;
        if (!s.notified_state)
            reason = "state changed";
        else if (*s.notified_state != s.hard_state)
            reason = "state changed from " + std::string(status_name(*s.notified_state));
        else if (ack_expired)
            reason = "acknowledgement expired";
        else if (policy.renotify > 0 && now - s.notified_at >= policy.renotify)
            reason = "still " + state + " after " + format_duration(now - s.hard_since);
        if (reason) {
            if (s.ack)
                ;  // acknowledged: quiet until recovery or expiry
            else if (held) {
                if (d.hard_changed)
                    d.events.push_back({"suppressed", notice_type_name(NoticeType::Problem) + " " + state + " (" +
                                                      (muted ? "muted" : "flapping") + ")"});
            } else {
                d.notices.push_back({NoticeType::Problem, *reason});
                s.notified_state = s.hard_state;
                s.notified_at = now;
            }
        }
    } else if (s.hard_state == Status::Ok && s.notified_state) {
        if (held) {
            if (d.hard_changed)
                d.events.push_back({"suppressed", std::string("RECOVERY (") + (muted ? "muted" : "flapping") + ")"});
            if (muted) s.notified_state.reset();  // maintenance: the recovery is expected, not news
        } else {
            d.notices.push_back({NoticeType::Recovery, "recovered from " + std::string(status_name(*s.notified_state))});
            s.notified_state.reset();
            s.notified_at = now;
        }
    }
    return d;
}

}  // namespace virtcheck::alert
