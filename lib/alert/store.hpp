#pragma once
// The alert database: each service's state and last result, the history of events, the
// notifications with their outcome, and mute windows. One SQLite file in WAL mode.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "alert/check_output.hpp"
#include "alert/sqlite.hpp"
#include "alert/state_machine.hpp"

namespace virtcheck::alert {

struct StoredService {
    std::string name;
    std::string object;
    ServiceState state;
    CheckOutput output;
};

struct HistoryEntry {
    std::int64_t id = 0;
    double time = 0;
    std::string service;
    std::string object;
    std::string kind;        // state, notification, ack, mute, ...
    std::optional<Status> state;
    std::string state_type;  // HARD, SOFT 1/3
    std::string output;
    std::string perfdata;
    std::string detail;
};

struct PendingNotification {
    std::int64_t id = 0;
    std::string uid;
    double created = 0;
    std::string service;
    std::string notifier;
    std::string type;
    std::string message;  // JSON (message.hpp)
    int attempts = 0;
};

struct Mute {
    std::int64_t id = 0;
    std::string service;  // empty: every service
    double start = 0;
    double end = 0;
    std::string author;
    std::string comment;
};

class Store {
public:
    // Opens (creating it when `create`) and migrates. Throws DatabaseError.
    Store(const std::string& path, bool create, double busy_seconds);

    Sqlite& db() { return db_; }

    std::optional<StoredService> service(const std::string& name);
    std::vector<StoredService> services();
    void save_service(const StoredService& service);

    void add_event(const HistoryEntry& entry);
    // Newest first; service empty: all. limit 0: all.
    std::vector<HistoryEntry> history(const std::string& service, double since, std::size_t limit);

    std::int64_t add_notification(const PendingNotification& notification);
    std::vector<PendingNotification> pending_notifications();
    void mark_attempt(std::int64_t id, double now);
    void mark_done(std::int64_t id, double now, const std::string& status, const std::string& error);
    void note_failure(std::int64_t id, const std::string& error);

    std::int64_t add_mute(const Mute& mute, double now);
    std::vector<Mute> mutes(double now);  // active or in the future
    bool muted(const std::string& service, double now);
    int end_mutes(const std::string& service, double now);  // service empty: the global ones

    // Deletes history and finished notifications older than `before`. Returns rows deleted.
    std::int64_t prune(double before);

private:
    Sqlite db_;
};

// "a b c" <-> {a, b, c} for the service columns holding lists.
std::string join_words(const std::vector<std::string>& words);
std::vector<std::string> split_words(const std::string& text);

}  // namespace virtcheck::alert
