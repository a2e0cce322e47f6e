#pragma once
// The commands besides `run`: each reads the configuration and the database and prints its
// answer. They never take the run lock: SQLite's own locking (WAL) lets them work while a run
// is going on, waiting briefly for its transactions.
#include <iosfwd>
#include <string>
#include <vector>

#include "alert/config.hpp"

namespace virtcheck::alert {

struct Output {
    std::ostream& out;
    std::ostream& err;
    bool json = false;
};

int show_status(const Config& config, Output output);
int show_history(const Config& config, const std::string& service, double since_seconds, std::size_t limit,
                 bool verbose, Output output);
int acknowledge(const Config& config, const std::string& service, const std::string& comment, double expire_seconds,
                Output output);
// services empty: every service (a global mute).
int mute(const Config& config, const std::vector<std::string>& services, double start, double end,
         const std::string& comment, Output output);
int unmute(const Config& config, const std::vector<std::string>& services, Output output);
int prune(const Config& config, double older_than_seconds, Output output);
int check_config(const Config& config, Output output);

// Who is doing this, for acks and mutes: $SUDO_USER, else the login name of the user.
std::string current_user();

}  // namespace virtcheck::alert
