#pragma once
// The database schema, versioned in PRAGMA user_version. Each version is one step applied in
// its own transaction, so a database is always at a whole version; a newer one than this
// program knows, or a file that is some other program's database, is refused untouched.
#include "alert/sqlite.hpp"

namespace virtcheck::alert {

constexpr int schema_version = 2;

// Brings the database to schema_version. Throws DatabaseError.
void migrate(Sqlite& db);

// The version the file is at now (0: empty).
int stored_schema_version(Sqlite& db);

}  // namespace virtcheck::alert
