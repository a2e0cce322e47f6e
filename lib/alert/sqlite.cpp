#include "alert/sqlite.hpp"

#include <sqlite3.h>

#include <cmath>

namespace virtcheck::alert {

Sqlite::Sqlite(const std::string& path, bool create, double busy_seconds) : path_(path), busy_seconds_(busy_seconds) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    int code = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (code != SQLITE_OK) fail(code, "open");
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, static_cast<int>(std::lround(busy_seconds * 1000)));
    // WAL: readers (status, history) never block a run, and a run killed at any point leaves
    // the last committed transaction intact. synchronous=NORMAL: a committed transaction
    // survives the process being killed; only a power loss can take back the last ones.
    auto mode = prepare("PRAGMA journal_mode=WAL");
    if (!mode.step() || mode.text(0) != "wal")
        throw DatabaseError(path_ + ": cannot switch the database to WAL mode (is it on a network file system?)");
    exec("PRAGMA synchronous=NORMAL");
    exec("PRAGMA foreign_keys=ON");
}

Sqlite::~Sqlite() {
    if (db_) sqlite3_close_v2(db_);
}

void Sqlite::fail(int code, const std::string& what) const {
    int primary = code & 0xFF;
    std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
    std::string why;
    switch (primary) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            why = "locked by another process (waited " + std::to_string(static_cast<int>(std::lround(busy_seconds_))) +
                  " s); try again when it is done";
            break;
        case SQLITE_NOTADB:
        case SQLITE_CORRUPT:
            why = "not a database or damaged (" + detail + "); it was left as it is: move it away to start afresh";
            break;
        case SQLITE_CANTOPEN:
            why = "cannot open it (" + detail + "); the file and its directory must exist and be writable (WAL mode "
                  "keeps -wal and -shm files beside it)";
            break;
        case SQLITE_READONLY:
        case SQLITE_PERM:
        case SQLITE_AUTH:
            why = "read-only for this user (" + detail + "); the file and its directory must be writable";
            break;
        case SQLITE_FULL: why = "the disk is full"; break;
        case SQLITE_IOERR: why = "input/output error (" + detail + ")"; break;
        default: why = detail; break;
    }
    throw DatabaseError("database " + path_ + ": " + what + ": " + why);
}

void Sqlite::exec(const std::string& sql) {
    char* message = nullptr;
    int code = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    sqlite3_free(message);
    if (code != SQLITE_OK) fail(code, "cannot run " + sql.substr(0, sql.find_first_of(" \n")));
}

Statement Sqlite::prepare(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    int code = sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &statement, nullptr);
    if (code != SQLITE_OK) fail(code, "cannot read");
    return Statement(*this, statement);
}

std::int64_t Sqlite::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
int Sqlite::changes() const { return sqlite3_changes(db_); }

Statement::~Statement() {
    if (statement_) sqlite3_finalize(statement_);
}

Statement& Statement::bind(int index, const std::string& value) {
    sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
}
Statement& Statement::bind(int index, double value) {
    sqlite3_bind_double(statement_, index, value);
    return *this;
}
Statement& Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(statement_, index, value);
    return *this;
}
Statement& Statement::bind_null(int index) {
    sqlite3_bind_null(statement_, index);
    return *this;
}

bool Statement::step() {
    int code = sqlite3_step(statement_);
    if (code == SQLITE_ROW) return true;
    if (code == SQLITE_DONE) return false;
    sqlite3_reset(statement_);
    db_->fail(code, "cannot read or write");
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
}

std::string Statement::text(int column) const {
    const unsigned char* value = sqlite3_column_text(statement_, column);
    int size = sqlite3_column_bytes(statement_, column);
    return value ? std::string(reinterpret_cast<const char*>(value), static_cast<std::size_t>(size)) : std::string();
}
double Statement::real(int column) const { return sqlite3_column_double(statement_, column); }
std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(statement_, column); }
bool Statement::is_null(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }

Transaction::Transaction(Sqlite& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
    if (!open_) return;
    try {
        db_.exec("ROLLBACK");
    } catch (...) {
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    open_ = false;
}

}  // namespace virtcheck::alert
