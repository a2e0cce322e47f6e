#include "alert/commands.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ostream>

#include <nlohmann/json.hpp>

#include "alert/history_text.hpp"
#include "alert/notifier.hpp"
#include "alert/process.hpp"
#include "alert/secrets.hpp"
#include "alert/store.hpp"
#include "alert/time_text.hpp"
#include "core/clock.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"

namespace virtcheck::alert {
namespace {


// The database must exist for the reading commands: a typo in the path must not create one.
Store open_store(const Config& config, bool create) { return Store(config.database, create, config.lock_wait); }

void need_services(const Config& config, const std::vector<std::string>& services) {
    for (const auto& name : services)
        if (!config.service(name)) throw ConfigError(config.file + ": no service '" + name + "'");
}

std::string who_when(const std::string& author, const std::string& comment) {
    return "by " + author + (comment.empty() ? "" : ": " + escape_text(comment));
}

}  // namespace

std::string current_user() {
    if (const char* sudo = std::getenv("SUDO_USER"); sudo && *sudo) return escape_text(sudo);
    if (passwd* entry = getpwuid(getuid())) return entry->pw_name;
    return "uid " + std::to_string(getuid());
}

int show_status(const Config& config, Output output) {
    Store store = open_store(config, true);
    double now = now_seconds();
    std::map<std::string, int> pending;
    for (const auto& notification : store.pending_notifications()) ++pending[notification.service];
    auto mutes = store.mutes(now);
    std::vector<ServiceView> views;
    for (const auto& service : config.services) {
        ServiceView view{&service, store.service(service.name), false, "", pending[service.name]};
        for (const auto& m : mutes) {
            if (m.start > now || (!m.service.empty() && m.service != service.name)) continue;
            view.muted = true;
            view.mute_text = "until " + format_time(m.end) + " " + who_when(m.author, m.comment);
        }
        views.push_back(std::move(view));
    }
    if (output.json)
        output.out << status_json(views, now).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    else
        output.out << status_table(views, now);
    return 0;
}

int show_history(const Config& config, const std::string& service, double since_seconds, std::size_t limit,
                 bool verbose, Output output) {
    Store store = open_store(config, true);
    double since = since_seconds > 0 ? now_seconds() - since_seconds : 0;
    auto entries = store.history(service, since, limit);
    std::reverse(entries.begin(), entries.end());  // oldest first, like a log
    if (output.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& entry : entries) list.push_back(history_json(entry));
        output.out << list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return 0;
    }
    for (const auto& entry : entries) {
        output.out << history_line(entry, true) << "\n";
        if (verbose && entry.kind == "state") {
            auto newline = entry.output.find('\n');
            if (newline != std::string::npos) {
                std::string rest = entry.output.substr(newline + 1);
                for (std::size_t at = 0; at <= rest.size();) {
                    auto end = rest.find('\n', at);
                    output.out << "      " << rest.substr(at, end - at) << "\n";
                    if (end == std::string::npos) break;
                    at = end + 1;
                }
            }
            if (!entry.perfdata.empty()) output.out << "      | " << entry.perfdata << "\n";
        }
    }
    return 0;
}

int acknowledge(const Config& config, const std::string& name, const std::string& comment, double expire_seconds,
                Output output) {
    need_services(config, {name});
    const ServiceConfig& service = *config.service(name);
    Store store = open_store(config, true);
    double now = now_seconds();
    Transaction transaction(store.db());
    auto stored = store.service(name);
    if (!stored || stored->state.state == Status::Ok) {
        output.err << "virtcheck-alert: " << name << " is " << (stored ? "OK" : "not checked yet")
                   << ": there is no problem to acknowledge\n";
        return 1;
    }
    std::string author = current_user();
    std::string clean_comment = escape_text(cut_utf8(comment, 1000));
    stored->state.ack = Ack{now, expire_seconds > 0 ? now + expire_seconds : 0, author, clean_comment};
    store.save_service(*stored);
    std::string until = expire_seconds > 0 ? "until " + format_time(now + expire_seconds) : "until it recovers";
    store.add_event({0, now, name, service.object, "ack", stored->state.state, "", "", "",
                     std::string(status_name(stored->state.state)) + " acknowledged " + until + " " +
                         who_when(author, clean_comment)});
    transaction.commit();
    output.out << name << ": " << status_name(stored->state.state) << " acknowledged " << until << "\n";
    return 0;
}

int mute(const Config& config, const std::vector<std::string>& services, double start, double end,
         const std::string& comment, Output output) {
    need_services(config, services);
    double now = now_seconds();
    if (end <= start) throw UsageError("the mute window ends before it starts");
    if (end <= now) throw UsageError("the mute window is over already (" + format_time(end) + ")");
    Store store = open_store(config, true);
    std::string author = current_user();
    std::string clean_comment = escape_text(cut_utf8(comment, 1000));
    Transaction transaction(store.db());
    std::vector<std::string> targets = services.empty() ? std::vector<std::string>{""} : services;
    std::string window = "from " + format_time(start) + " to " + format_time(end);
    for (const auto& target : targets) {
        store.add_mute({0, target, start, end, author, clean_comment}, now);
        const ServiceConfig* service = config.service(target);
        store.add_event({0, now, target, service ? service->object : "", "mute", std::nullopt, "", "", "",
                         (target.empty() ? "every service muted " : "muted ") + window + " " +
                             who_when(author, clean_comment)});
    }
    transaction.commit();
    output.out << (services.empty() ? "every service" : join_words(services)) << ": muted " << window << "\n";
    return 0;
}

int unmute(const Config& config, const std::vector<std::string>& services, Output output) {
    need_services(config, services);
    double now = now_seconds();
    Store store = open_store(config, true);
    Transaction transaction(store.db());
    std::vector<std::string> targets = services.empty() ? std::vector<std::string>{""} : services;
    int ended = 0;
    for (const auto& target : targets) {
        int count = store.end_mutes(target, now);
        ended += count;
        if (count == 0) continue;
        const ServiceConfig* service = config.service(target);
        store.add_event({0, now, target, service ? service->object : "", "unmute", std::nullopt, "", "", "",
                         (target.empty() ? std::string("global mute ended ") : std::string("mute ended ")) + "by " +
                             current_user()});
    }
    transaction.commit();
    std::string what = services.empty() ? "every service (global mutes)" : join_words(services);
    if (ended == 0)
        output.out << what << ": no mute was active or planned\n";
    else
        output.out << what << ": " << ended << " mute window(s) ended\n";
    return 0;
}

int prune(const Config& config, double older_than_seconds, Output output) {
    if (older_than_seconds <= 0) older_than_seconds = config.retention;
    if (older_than_seconds <= 0)
        throw UsageError("say how much history to keep: prune --older-than 90d, or defaults.retention");
    Store store = open_store(config, true);
    double before = now_seconds() - older_than_seconds;
    Transaction transaction(store.db());
    std::int64_t deleted = store.prune(before);
    transaction.commit();
    store.db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    output.out << "deleted " << deleted << " history entries, notifications and mutes from before "
               << format_time(before) << "\n";
    return 0;
}

int check_config(const Config& config, Output output) {
    Secrets secrets = config.secrets.empty() ? Secrets{} : Secrets::load(config.secrets);
    for (const auto& [name, notifier] : config.notifiers) (void)make_notifier(notifier, secrets, config.path);
    int missing = 0;
    for (const auto& service : config.services) {
        if (find_program(service.command[0], config.path).empty()) {
            output.err << config.file << ": service " << service.name << ": program " << service.command[0]
                       << " not found in defaults.path or $PATH\n";
            ++missing;
        }
        if (service.policy.notify.empty())
            output.err << config.file << ": service " << service.name << ": warning: notifies nobody (notify = [])\n";
    }
    if (missing) return 2;
    output.out << config.file << ": OK: " << config.services.size() << " service(s), " << config.notifiers.size()
               << " notifier(s), database " << config.database << "\n";
    return 0;
}

}  // namespace virtcheck::alert
