#include "alert/store.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <sstream>

#include "alert/schema.hpp"
#include "core/number.hpp"

namespace virtcheck::alert {
namespace {

constexpr const char* service_columns =
    "name, object, state, hard, attempt, hard_state, hard_since, problem_since, last_check, last_change, "
    "notified_state, notified_at, flapping, changes, ack_time, ack_expires, ack_author, ack_comment, output, "
    "long_output, perfdata, notified_to";

Status status_of(std::int64_t code) { return status_from_code(static_cast<long>(code)).value_or(Status::Unknown); }

StoredService read_service(const Statement& row) {
    StoredService service;
    service.name = row.text(0);
    service.object = row.text(1);
    ServiceState& s = service.state;
    s.known = true;
    s.state = status_of(row.integer(2));
    s.hard = row.integer(3) != 0;
    s.attempt = static_cast<int>(row.integer(4));
    s.hard_state = status_of(row.integer(5));
    s.hard_since = row.real(6);
    s.problem_since = row.real(7);
    s.last_check = row.real(8);
    s.last_change = row.real(9);
    if (!row.is_null(10)) s.notified_state = status_of(row.integer(10));
    s.notified_at = row.real(11);
    s.flapping = row.integer(12) != 0;
    for (const auto& word : split_words(row.text(13))) {
        auto number = read_number_prefix(word);
        if (number) s.changes.push_back(number->value);
    }
    if (!row.is_null(14)) s.ack = Ack{row.real(14), row.real(15), row.text(16), row.text(17)};
    service.output = parse_check_output(row.text(18) + (row.text(19).empty() ? "" : "\n" + row.text(19)));
    service.output.perfdata = row.text(20);
    for (const auto& word : split_words(row.text(21))) s.notified_to.insert(word);
    return service;
}

}  // namespace

std::string join_words(const std::vector<std::string>& words) {
    std::string text;
    for (const auto& word : words) text += (text.empty() ? "" : " ") + word;
    return text;
}

std::vector<std::string> split_words(const std::string& text) {
    std::vector<std::string> words;
    std::istringstream in(text);
    for (std::string word; in >> word;) words.push_back(word);
    return words;
}

namespace {

// The state directory may not exist yet on a fresh host: made as the state store makes it
// (0700, ours). A directory that exists is left as it is.
const std::string& with_directory(const std::string& path, bool create) {
    auto slash = path.find_last_of('/');
    if (create && slash != std::string::npos && slash > 0) {
        std::string dir = path.substr(0, slash);
        for (std::size_t at = 1; at != std::string::npos;) {
            at = dir.find('/', at + 1);
            std::string part = dir.substr(0, at);
            if (mkdir(part.c_str(), 0700) != 0 && errno != EEXIST) break;  // the open names the trouble
        }
    }
    return path;
}

}  // namespace

Store::Store(const std::string& path, bool create, double busy_seconds)
    : db_(with_directory(path, create), create, busy_seconds) {
    migrate(db_);
}

std::optional<StoredService> Store::service(const std::string& name) {
    auto query = db_.prepare(std::string("SELECT ") + service_columns + " FROM service WHERE name = ?");
    query.bind(1, name);
    if (!query.step()) return std::nullopt;
    return read_service(query);
}

std::vector<StoredService> Store::services() {
    auto query = db_.prepare(std::string("SELECT ") + service_columns + " FROM service ORDER BY name");
    std::vector<StoredService> all;
    while (query.step()) all.push_back(read_service(query));
    return all;
}

void Store::save_service(const StoredService& service) {
    const ServiceState& s = service.state;
    auto write = db_.prepare(std::string("INSERT OR REPLACE INTO service (") + service_columns +
                             ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    std::vector<std::string> changes;
    for (double t : s.changes) changes.push_back(format_number(t));
    write.bind(1, service.name).bind(2, service.object).bind(3, static_cast<int>(s.state)).bind(4, s.hard ? 1 : 0);
    write.bind(5, s.attempt).bind(6, static_cast<int>(s.hard_state)).bind(7, s.hard_since).bind(8, s.problem_since);
    write.bind(9, s.last_check).bind(10, s.last_change);
    if (s.notified_state)
        write.bind(11, static_cast<int>(*s.notified_state));
    else
        write.bind_null(11);
    write.bind(12, s.notified_at).bind(13, s.flapping ? 1 : 0).bind(14, join_words(changes));
    if (s.ack)
        write.bind(15, s.ack->time).bind(16, s.ack->expires).bind(17, s.ack->author).bind(18, s.ack->comment);
    else
        write.bind_null(15).bind_null(16).bind_null(17).bind_null(18);
    write.bind(19, service.output.first_line).bind(20, service.output.long_output).bind(21, service.output.perfdata);
    write.bind(22, join_words({s.notified_to.begin(), s.notified_to.end()}));
    write.run();
}

void Store::add_event(const HistoryEntry& e) {
    auto insert = db_.prepare(
        "INSERT INTO event (time, service, object, kind, state, state_type, output, perfdata, detail) "
        "VALUES (?,?,?,?,?,?,?,?,?)");
    insert.bind(1, e.time);
    if (e.service.empty())
        insert.bind_null(2).bind_null(3);
    else
        insert.bind(2, e.service).bind(3, e.object);
    insert.bind(4, e.kind);
    if (e.state)
        insert.bind(5, static_cast<int>(*e.state));
    else
        insert.bind_null(5);
    insert.bind(6, e.state_type).bind(7, e.output).bind(8, e.perfdata).bind(9, e.detail);
    insert.run();
}

std::vector<HistoryEntry> Store::history(const std::string& service, double since, std::size_t limit) {
    std::string sql =
        "SELECT id, time, coalesce(service, ''), coalesce(object, ''), kind, state, coalesce(state_type, ''), "
        "coalesce(output, ''), coalesce(perfdata, ''), coalesce(detail, '') FROM event WHERE time >= ?";
    if (!service.empty()) sql += " AND service = ?";
    sql += " ORDER BY time DESC, id DESC";
    if (limit > 0) sql += " LIMIT " + std::to_string(limit);
    auto query = db_.prepare(sql);
    query.bind(1, since);
    if (!service.empty()) query.bind(2, service);
    std::vector<HistoryEntry> entries;
    while (query.step()) {
        HistoryEntry e;
        e.id = query.integer(0);
        e.time = query.real(1);
        e.service = query.text(2);
        e.object = query.text(3);
        e.kind = query.text(4);
        if (!query.is_null(5)) e.state = status_of(query.integer(5));
        e.state_type = query.text(6);
        e.output = query.text(7);
        e.perfdata = query.text(8);
        e.detail = query.text(9);
        entries.push_back(std::move(e));
    }
    return entries;
}

std::int64_t Store::add_notification(const PendingNotification& n) {
    auto insert = db_.prepare(
        "INSERT INTO notification (uid, created, service, notifier, type, message, status) "
        "VALUES (?,?,?,?,?,?,'pending')");
    insert.bind(1, n.uid).bind(2, n.created).bind(3, n.service).bind(4, n.notifier).bind(5, n.type).bind(6, n.message);
    insert.run();
    return db_.last_insert_id();
}

std::vector<PendingNotification> Store::pending_notifications() {
    auto query = db_.prepare(
        "SELECT id, uid, created, service, notifier, type, message, attempts FROM notification "
        "WHERE status = 'pending' ORDER BY id");
    std::vector<PendingNotification> pending;
    while (query.step())
        pending.push_back({query.integer(0), query.text(1), query.real(2), query.text(3), query.text(4), query.text(5),
                           query.text(6), static_cast<int>(query.integer(7))});
    return pending;
}

void Store::mark_attempt(std::int64_t id, double now) {
    auto update = db_.prepare("UPDATE notification SET attempts = attempts + 1, last_attempt = ? WHERE id = ?");
    update.bind(1, now).bind(2, id).run();
}

void Store::mark_done(std::int64_t id, double now, const std::string& status, const std::string& error) {
    auto update = db_.prepare("UPDATE notification SET status = ?, done = ?, error = ? WHERE id = ?");
    update.bind(1, status).bind(2, now).bind(3, error).bind(4, id).run();
}

void Store::note_failure(std::int64_t id, const std::string& error) {
    auto update = db_.prepare("UPDATE notification SET error = ? WHERE id = ?");
    update.bind(1, error).bind(2, id).run();
}

std::int64_t Store::add_mute(const Mute& mute, double now) {
    auto insert = db_.prepare("INSERT INTO mute (service, start, end, author, comment, created) VALUES (?,?,?,?,?,?)");
    if (mute.service.empty())
        insert.bind_null(1);
    else
        insert.bind(1, mute.service);
    insert.bind(2, mute.start).bind(3, mute.end).bind(4, mute.author).bind(5, mute.comment).bind(6, now).run();
    return db_.last_insert_id();
}

std::vector<Mute> Store::mutes(double now) {
    auto query = db_.prepare(
        "SELECT id, coalesce(service, ''), start, end, author, comment FROM mute WHERE end > ? ORDER BY start, id");
    query.bind(1, now);
    std::vector<Mute> all;
    while (query.step())
        all.push_back({query.integer(0), query.text(1), query.real(2), query.real(3), query.text(4), query.text(5)});
    return all;
}

bool Store::muted(const std::string& service, double now) {
    auto query = db_.prepare(
        "SELECT 1 FROM mute WHERE start <= ?1 AND end > ?1 AND (service IS NULL OR service = ?2) LIMIT 1");
    query.bind(1, now).bind(2, service);
    return query.step();
}

int Store::end_mutes(const std::string& service, double now) {
    auto update = db_.prepare(service.empty()
                                  ? "UPDATE mute SET end = ?1 WHERE end > ?1 AND service IS NULL"
                                  : "UPDATE mute SET end = ?1 WHERE end > ?1 AND service = ?2");
    update.bind(1, now);
    if (!service.empty()) update.bind(2, service);
    update.run();
    return db_.changes();
}

std::int64_t Store::prune(double before) {
    std::int64_t deleted = 0;
    for (const char* sql : {"DELETE FROM event WHERE time < ?", "DELETE FROM notification WHERE status != 'pending' AND created < ?",
                            "DELETE FROM mute WHERE end < ?"}) {
        auto remove = db_.prepare(sql);
        remove.bind(1, before).run();
        deleted += db_.changes();
    }
    return deleted;
}

}  // namespace virtcheck::alert
