#include "alert/run.hpp"

#include <signal.h>
#include <sys/random.h>

#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <set>
#include <unistd.h>
#include <map>
#include <memory>
#include <ostream>

#include "alert/check_result.hpp"
#include "alert/history_text.hpp"
#include "alert/message.hpp"
#include "alert/notifier.hpp"
#include "alert/process.hpp"
#include "alert/run_lock.hpp"
#include "alert/state_machine.hpp"
#include "alert/store.hpp"
#include "alert/time_text.hpp"
#include "core/clock.hpp"

namespace virtcheck::alert {
namespace {

std::string new_notification_id(double now) {
    unsigned char random[8] = {};
    if (getrandom(random, sizeof random, 0) != sizeof random) {
        auto fallback = reinterpret_cast<std::uintptr_t>(&random) ^ static_cast<std::uintptr_t>(getpid());
        std::memcpy(random, &fallback, std::min(sizeof fallback, sizeof random));
    }
    char id[64];
    std::snprintf(id, sizeof id, "vc-%llx-", static_cast<unsigned long long>(now));
    std::string text = id;
    for (unsigned char byte : random) {
        char hex[3];
        std::snprintf(hex, sizeof hex, "%02x", byte);
        text += hex;
    }
    return text;
}

bool due(const ServiceConfig& service, const std::optional<StoredService>& stored, double now, bool force) {
    if (force || !stored || service.policy.interval <= 0) return true;
    const ServiceState& s = stored->state;
    if (!s.hard) return true;  // a soft problem is confirmed on every run, as Nagios retries
    // Cron starts a few seconds late or early: a tenth of the interval (at most a minute) of slack.
    double slack = std::min(60.0, service.policy.interval / 10);
    return now - s.last_check >= service.policy.interval - slack;
}

class Runner {
public:
    Runner(const Config& config, const RunOptions& options, std::ostream& out, std::ostream& err)
        : config_(config), options_(options), out_(out), err_(err) {}

    int run() {
        if (!config_.secrets.empty()) secrets_ = Secrets::load(config_.secrets);
        for (const auto& [name, notifier] : config_.notifiers)
            notifiers_[name] = make_notifier(notifier, secrets_, config_.path);
        for (const auto& name : options_.services)
            if (!config_.service(name)) throw ConfigError(config_.file + ": no service '" + name + "'");

        RunLock lock(config_.database + ".lock", config_.lock_wait);
        Store store(config_.database, true, config_.lock_wait);
        store_ = &store;

        double now = now_seconds();
        std::vector<Job> jobs;
        for (const auto& service : config_.services) {
            if (!options_.services.empty() &&
                std::find(options_.services.begin(), options_.services.end(), service.name) == options_.services.end())
                continue;
            if (!due(service, store.service(service.name), now, options_.force || !options_.services.empty())) continue;
            std::vector<std::string> argv = service.command;
            std::string program = find_program(argv[0], config_.path);
            argv[0] = program.empty() ? argv[0] : program;
            if (program.empty()) {
                Finished missing;
                missing.name = service.name;
                missing.failure = "cannot run " + service.command[0] + ": not found in defaults.path or $PATH";
                record(service, missing);
                continue;
            }
            jobs.push_back({service.name, argv, service.policy.timeout, "", {}});
        }
        run_jobs(jobs, config_.parallel, [&](Finished finished) {
            crash_point("before-record");
            record(*config_.service(finished.name), finished);
        });
        crash_point("after-record");

        int failed = send_pending();
        if (config_.retention > 0) {
            Transaction transaction(store.db());
            store.prune(now_seconds() - config_.retention);
            transaction.commit();
        }
        return failed > 0 ? 1 : 0;
    }

private:
    void record(const ServiceConfig& service, const Finished& finished) {
        CheckResult result = interpret(finished, service.policy.timeout);
        double now = now_seconds();
        Transaction transaction(store_->db());
        auto stored = store_->service(service.name);
        ServiceState before = stored ? stored->state : ServiceState{};
        Decision decision = apply_result(before, result.status, now, service.policy, store_->muted(service.name, now));
        StoredService next{service.name, service.object, decision.state, result.output};

        std::string full_output = result.output.first_line +
                                  (result.output.long_output.empty() ? "" : "\n" + result.output.long_output);
        if (decision.state_changed || decision.hard_changed)
            store_->add_event({0, now, service.name, service.object, "state", result.status,
                               state_type_text(decision.state, service.policy), full_output, result.output.perfdata, ""});
        for (const auto& event : decision.events)
            store_->add_event({0, now, service.name, service.object, event.kind, std::nullopt, "", "", "", event.detail});

        for (const auto& notice : decision.notices) {
            auto targets = route(notice, next.state, service.policy.notify, config_.notifiers);
            Message message = build_message(service, before, decision, result, notice, now);
            for (const auto& target : targets) {
                message.id = new_notification_id(now);
                store_->add_notification({0, message.id, now, service.name, target, message.type,
                                          message_to_json(message), 0});
            }
            if (targets.empty())
                store_->add_event({0, now, service.name, service.object, "notification", decision.state.state, "", "", "",
                                   message.type + " " + std::string(status_name(message.state)) +
                                       ": no notifier takes it (notify and events)"});
        }
        store_->save_service(next);
        transaction.commit();
        if (options_.verbosity > 0)
            out_ << service.name << ": " << status_name(result.status) << " "
                 << state_type_text(decision.state, service.policy) << " - " << result.output.first_line << "\n";
    }

    Message build_message(const ServiceConfig& service, const ServiceState& before, const Decision& decision,
                          const CheckResult& result, const Notice& notice, double now) {
        Message m;
        m.type = notice_type_name(notice.type);
        m.reason = notice.reason;
        m.host = config_.host;
        m.service = service.name;
        m.object = service.object;
        m.state = result.status;
        m.previous_state = decision.hard_changed ? before.hard_state : before.state;
        m.shortname = result.output.shortname;
        m.summary = result.output.summary;
        m.first_line = result.output.first_line;
        m.long_output = result.output.long_output;
        m.perfdata = result.output.perfdata;
        m.time = now;
        m.since = decision.state.hard_since;
        m.problem_since = decision.state.problem_since;
        if (config_.history_lines > 0)
            for (const auto& entry : store_->history(service.name, 0, static_cast<std::size_t>(config_.history_lines)))
                m.recent.insert(m.recent.begin(), history_line(entry, false));  // oldest first
        return m;
    }

    // Returns how many attempts failed.
    int send_pending() {
        int failed = 0;
        std::set<std::string> broken;  // a notifier that failed once is not tried again this run
        for (const auto& pending : store_->pending_notifications()) {
            double now = now_seconds();
            Message message;
            std::string give_up;
            try {
                message = message_from_json(pending.message);
            } catch (const std::exception& error) {
                give_up = error.what();
            }
            auto notifier = notifiers_.find(pending.notifier);
            if (notifier == notifiers_.end()) give_up = "notifier " + pending.notifier + " is no longer configured";
            if (give_up.empty() && now - pending.created > config_.give_up)
                give_up = "not sent within " + format_duration(config_.give_up) + " (defaults.give_up)";
            std::string what = pending.type + " " + pending.notifier + " " + pending.uid;
            if (!give_up.empty()) {
                finish(pending, now, "expired", give_up, what + ": given up: " + give_up);
                err_ << "virtcheck-alert: notification " << what << " given up: " << give_up << "\n";
                ++failed;
                continue;
            }
            if (broken.count(pending.notifier)) continue;
            {
                Transaction transaction(store_->db());
                store_->mark_attempt(pending.id, now);
                transaction.commit();
            }
            try {
                notifier->second->send(message, pending.attempts + 1);
            } catch (const SendError& error) {
                broken.insert(pending.notifier);
                ++failed;
                Transaction transaction(store_->db());
                store_->note_failure(pending.id, error.what());
                store_->add_event({0, now_seconds(), pending.service, message.object, "notification", message.state, "", "", "",
                                   what + ": attempt " + std::to_string(pending.attempts + 1) + " failed: " + error.what() +
                                       "; retried next run"});
                transaction.commit();
                err_ << "virtcheck-alert: notification " << what << " failed (retried next run): " << error.what() << "\n";
                continue;
            }
            crash_point("after-send");
            finish(pending, now_seconds(), "sent", "", what + ": sent");
            if (options_.verbosity > 0) out_ << "sent " << what << "\n";
        }
        return failed;
    }

    void finish(const PendingNotification& pending, double now, const std::string& status, const std::string& error,
                const std::string& detail) {
        Transaction transaction(store_->db());
        store_->mark_done(pending.id, now, status, error);
        store_->add_event({0, now, pending.service, config_.service(pending.service) ? config_.service(pending.service)->object : "",
                           "notification", std::nullopt, "", "", "", detail});
        transaction.commit();
    }

    const Config& config_;
    const RunOptions& options_;
    std::ostream& out_;
    std::ostream& err_;
    Secrets secrets_;
    std::map<std::string, std::unique_ptr<Notifier>> notifiers_;
    Store* store_ = nullptr;
};

}  // namespace

void crash_point(const char* name) {
    static const char* target = std::getenv("VIRTCHECK_ALERT_CRASH_AT");
    if (target && std::strcmp(target, name) == 0) raise(SIGKILL);
}

int run_services(const Config& config, const RunOptions& options, std::ostream& out, std::ostream& err) {
    return Runner(config, options, out, err).run();
}

}  // namespace virtcheck::alert
