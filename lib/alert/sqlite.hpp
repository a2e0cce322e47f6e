#pragma once
// A small RAII layer over SQLite: a connection, prepared statements, transactions. Every error
// becomes a DatabaseError that names the file and says what to do, never a raw return code.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace virtcheck::alert {

struct DatabaseError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Statement;

class Sqlite {
public:
    // Opens (creating when allowed) in WAL mode; waits up to busy_seconds for another
    // process's lock. Throws DatabaseError.
    Sqlite(const std::string& path, bool create, double busy_seconds);
    ~Sqlite();
    Sqlite(const Sqlite&) = delete;
    Sqlite& operator=(const Sqlite&) = delete;

    void exec(const std::string& sql);
    Statement prepare(const std::string& sql);
    std::int64_t last_insert_id() const;
    int changes() const;
    const std::string& path() const { return path_; }

    // Throws the DatabaseError for SQLite result `code` of doing `what`.
    [[noreturn]] void fail(int code, const std::string& what) const;

private:
    friend class Statement;
    sqlite3* db_ = nullptr;
    std::string path_;
    double busy_seconds_;
};

class Statement {
public:
    Statement(Sqlite& db, sqlite3_stmt* statement) : db_(&db), statement_(statement) {}
    ~Statement();
    Statement(Statement&& other) noexcept : db_(other.db_), statement_(other.statement_) { other.statement_ = nullptr; }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, const std::string& value);
    Statement& bind(int index, double value);
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind_null(int index);
    Statement& bind(int index, const std::optional<std::string>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }

    bool step();  // true: a row is there
    void run();   // steps to the end
    void reset();

    std::string text(int column) const;
    double real(int column) const;
    std::int64_t integer(int column) const;
    bool is_null(int column) const;

private:
    Sqlite* db_;
    sqlite3_stmt* statement_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back when left without commit().
class Transaction {
public:
    explicit Transaction(Sqlite& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Sqlite& db_;
    bool open_ = true;
};

}  // namespace virtcheck::alert
