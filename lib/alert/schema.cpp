#include "alert/schema.hpp"

#include <array>
#include <string>

namespace virtcheck::alert {
namespace {

// Version 1: services with their state, the event history, notifications, mutes.
constexpr const char* version_1 = R"sql(
CREATE TABLE service (
  name TEXT PRIMARY KEY,
  object TEXT NOT NULL,
  state INTEGER NOT NULL, hard INTEGER NOT NULL, attempt INTEGER NOT NULL,
  hard_state INTEGER NOT NULL, hard_since REAL NOT NULL, problem_since REAL NOT NULL,
  last_check REAL NOT NULL, last_change REAL NOT NULL,
  notified_state INTEGER, notified_at REAL NOT NULL,
  flapping INTEGER NOT NULL, changes TEXT NOT NULL,
  ack_time REAL, ack_expires REAL, ack_author TEXT, ack_comment TEXT,
  output TEXT NOT NULL, long_output TEXT NOT NULL, perfdata TEXT NOT NULL
);
CREATE TABLE event (
  id INTEGER PRIMARY KEY,
  time REAL NOT NULL,
  service TEXT,
  kind TEXT NOT NULL,
  state INTEGER,
  state_type TEXT,
  output TEXT,
  perfdata TEXT,
  detail TEXT
);
CREATE INDEX event_time ON event (time);
CREATE TABLE notification (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE,
  created REAL NOT NULL,
  service TEXT NOT NULL,
  notifier TEXT NOT NULL,
  type TEXT NOT NULL,
  message TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_attempt REAL,
  done REAL,
  error TEXT
);
CREATE TABLE mute (
  id INTEGER PRIMARY KEY,
  service TEXT,
  start REAL NOT NULL,
  end REAL NOT NULL,
  author TEXT NOT NULL,
  comment TEXT NOT NULL,
  created REAL NOT NULL
);
)sql";

// Version 2: which notifiers were told of a problem (so that only they get its recovery),
// the watched object on each event (history keeps it when a service is reconfigured), and
// indexes for "history --service" and for finding pending notifications without a scan.
constexpr const char* version_2 = R"sql(
ALTER TABLE service ADD COLUMN notified_to TEXT NOT NULL DEFAULT '';
ALTER TABLE event ADD COLUMN object TEXT;
UPDATE event SET object = (SELECT object FROM service WHERE service.name = event.service);
CREATE INDEX event_service_time ON event (service, time);
CREATE INDEX notification_pending ON notification (status) WHERE status = 'pending';
)sql";

constexpr std::array steps{version_1, version_2};
static_assert(steps.size() == schema_version);

}  // namespace

int stored_schema_version(Sqlite& db) {
    auto version = db.prepare("PRAGMA user_version");
    version.step();
    return static_cast<int>(version.integer(0));
}

void migrate(Sqlite& db) {
    int version = stored_schema_version(db);
    if (version > schema_version)
        throw DatabaseError("database " + db.path() + " has schema version " + std::to_string(version) +
                            ", newer than this virtcheck-alert knows (" + std::to_string(schema_version) +
                            "); it was left as it is: use the newer virtcheck-alert");
    if (version == 0) {
        auto tables = db.prepare("SELECT count(*) FROM sqlite_master");
        tables.step();
        if (tables.integer(0) != 0)
            throw DatabaseError("database " + db.path() +
                                " holds tables but no virtcheck-alert schema version; it is another program's "
                                "database and was left as it is");
    }
    while (version < schema_version) {
        Transaction transaction(db);
        // Read again inside the write lock: a concurrent process may have migrated meanwhile.
        version = stored_schema_version(db);
        if (version >= schema_version) break;
        db.exec(steps[static_cast<std::size_t>(version)]);
        db.exec("PRAGMA user_version = " + std::to_string(version + 1));
        transaction.commit();
        ++version;
    }
}

}  // namespace virtcheck::alert
