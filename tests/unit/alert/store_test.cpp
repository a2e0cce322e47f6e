// The database: a fresh file, migration from the version-1 fixture, and files it must refuse
// without touching them (another program's database, a newer schema, a corrupt file).
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "alert/schema.hpp"
#include "alert/secrets.hpp"
#include "alert/config.hpp"
#include "alert/store.hpp"

namespace virtcheck::alert {
namespace {

namespace fs = std::filesystem;

class AlertStore : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("virtcheck-alert-store-" + std::to_string(getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string path(const std::string& name) const { return (dir_ / name).string(); }

    void sql(const std::string& file, const std::string& text) {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
        char* error = nullptr;
        EXPECT_EQ(sqlite3_exec(db, text.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
        sqlite3_free(error);
        sqlite3_close(db);
    }
    static std::string read(const std::string& file) {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    }
    static std::string error_opening(const std::string& file) {
        try {
            Store store(file, true, 0.2);
        } catch (const DatabaseError& error) {
            return error.what();
        }
        return "(opened)";
    }
    fs::path dir_;
};

TEST_F(AlertStore, FreshDatabaseIsWalAtTheCurrentVersion) {
    Store store(path("a.db"), true, 1);
    EXPECT_EQ(stored_schema_version(store.db()), schema_version);
    auto mode = store.db().prepare("PRAGMA journal_mode");
    ASSERT_TRUE(mode.step());
    EXPECT_EQ(mode.text(0), "wal");
    StoredService service;
    service.name = "s";
    service.object = "o";
    service.state.known = true;
    service.state.state = Status::Critical;
    service.state.notified_state = Status::Critical;
    service.state.notified_to = {"ops", "pager"};
    service.state.changes = {10, 20.5};
    service.state.ack = Ack{5, 0, "root", "on it"};
    service.output = parse_check_output("X CRITICAL - down | a=1\nmore\n");
    store.save_service(service);
    auto back = store.service("s");
    ASSERT_TRUE(back);
    EXPECT_EQ(back->state.state, Status::Critical);
    EXPECT_EQ(back->state.notified_to, (std::set<std::string>{"ops", "pager"}));
    EXPECT_EQ(back->state.changes, (std::vector<double>{10, 20.5}));
    ASSERT_TRUE(back->state.ack);
    EXPECT_EQ(back->state.ack->comment, "on it");
    EXPECT_EQ(back->output.summary, "down");
    EXPECT_EQ(back->output.long_output, "more");
    EXPECT_EQ(back->output.perfdata, "a=1");
}

TEST_F(AlertStore, MigratesTheVersionOneFixtureKeepingItsHistory) {
    std::string file = path("old.db");
    sql(file, read(std::string(VIRTCHECK_FIXTURES) + "/alert/schema-v1.sql"));
    {
        Store store(file, false, 1);
        EXPECT_EQ(stored_schema_version(store.db()), 2);
        auto history = store.history("kvm1-vm-state", 0, 0);
        ASSERT_EQ(history.size(), 3u);
        EXPECT_EQ(history.back().kind, "state");
        EXPECT_EQ(history.back().object, "qemu:///system");  // filled in by the migration
        auto service = store.service("kvm1-vm-state");
        ASSERT_TRUE(service);
        EXPECT_EQ(service->state.hard_state, Status::Critical);
        EXPECT_TRUE(service->state.notified_to.empty());
        EXPECT_EQ(store.pending_notifications().size(), 1u);
    }
    Store again(file, false, 1);  // a second open is a no-op
    EXPECT_EQ(stored_schema_version(again.db()), 2);
}

TEST_F(AlertStore, RefusesFilesItMustNotTouch) {
    std::string foreign = path("foreign.db");
    sql(foreign, "CREATE TABLE photos (id INTEGER);");
    EXPECT_NE(error_opening(foreign).find("is another program's database and was left as it is"), std::string::npos)
        << error_opening(foreign);

    std::string newer = path("newer.db");
    sql(newer, "PRAGMA user_version = 99;");
    EXPECT_NE(error_opening(newer).find("has schema version 99, newer than this virtcheck-alert knows"),
              std::string::npos);

    std::string corrupt = path("corrupt.db");
    std::string garbage = "this is not a database, it is a text file that was copied over it\n";
    std::ofstream(corrupt) << garbage;
    std::string error = error_opening(corrupt);
    EXPECT_NE(error.find("database " + corrupt + ": "), std::string::npos) << error;
    EXPECT_NE(error.find("not a database or damaged"), std::string::npos) << error;
    EXPECT_EQ(read(corrupt), garbage);
    EXPECT_FALSE(fs::exists(corrupt + "-wal"));
}

TEST_F(AlertStore, LockedByAnotherConnection) {
    std::string file = path("locked.db");
    { Store store(file, true, 1); }
    sqlite3* holder = nullptr;
    ASSERT_EQ(sqlite3_open(file.c_str(), &holder), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(holder, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
    Store store(file, false, 0.3);
    std::string error;
    try {
        Transaction transaction(store.db());
    } catch (const DatabaseError& e) {
        error = e.what();
    }
    EXPECT_NE(error.find("locked by another process (waited 0 s)"), std::string::npos) << error;
    sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(holder);
    Transaction transaction(store.db());
    transaction.commit();
}

TEST_F(AlertStore, SecretsFileMustBeTheOwnersAlone) {
    std::string file = path("secrets.toml");
    std::ofstream(file) << "smtp_password = \"hunter2-very-secret\"\n";
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    std::string error;
    try {
        Secrets::load(file);
    } catch (const ConfigError& e) {
        error = e.what();
    }
    EXPECT_EQ(error, file + ": the secrets file may be read by others (mode 640); chmod 600 it");
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
    Secrets secrets = Secrets::load(file);
    EXPECT_EQ(secrets.get("smtp_password"), "hunter2-very-secret");
    EXPECT_EQ(secrets.redact("login hunter2-very-secret failed"), "login *** failed");
    try {
        secrets.get("webhook_url");
    } catch (const ConfigError& e) {
        error = e.what();
    }
    EXPECT_EQ(error, file + ": no secret 'webhook_url'");
    try {
        Secrets::parse("a = \"hunter2-very-secret\nb = 1\n", file);
    } catch (const ConfigError& e) {
        error = e.what();
    }
    EXPECT_EQ(error.find("hunter2"), std::string::npos) << error;
    EXPECT_EQ(error.substr(0, file.size() + 3), file + ":1:") << error;
}

}  // namespace
}  // namespace virtcheck::alert
