#pragma once
// The alert configuration (one TOML file): run-wide settings, notifiers and services, with
// the defaults already applied. Every mistake is a ConfigError naming the file, line and key;
// unknown keys are mistakes too, because a typo must never silently switch alerting off.
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace virtcheck::alert {

struct ConfigError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What a notifier is told about: a state reached, a recovery, flapping starting or ending.
enum class Event { Warning, Critical, Unknown, Recovery, Flapping };
std::string_view event_name(Event event);  // "WARNING", ..., "RECOVERY", "FLAPPING"

enum class StartTls { Never, Optional, Required };

struct NotifierConfig {
    std::string name;
    std::string type;  // smtp, sendmail, webhook, command
    std::set<Event> events;  // which it gets (default: all)
    double timeout = 30;
    // mail (smtp, sendmail)
    std::string from;
    std::vector<std::string> to;
    // smtp
    std::string url;            // smtp://host:port or smtps://host:port (webhook: its URL)
    StartTls starttls = StartTls::Required;
    std::string user;
    std::string password_secret;  // name of the secret holding the password
    std::string ca_file;
    bool verify_tls = true;
    // sendmail
    std::string sendmail = "/usr/sbin/sendmail";
    // webhook
    std::string url_secret;       // the URL (with its token) from the secrets file
    std::string template_text;    // body template; empty: the default JSON body
    std::map<std::string, std::string> headers;
    std::string bearer_secret;    // Authorization: Bearer <secret>
    // command
    std::vector<std::string> command;
};

// What decides a service's alerting; defaults apply to every service that does not set it.
struct Policy {
    int attempts = 3;          // non-OK results in a row before a hard state
    double interval = 0;       // seconds between checks; 0: every run
    double timeout = 30;       // per check, seconds
    double renotify = 7200;    // seconds; 0: never
    double flap_window = 3600; // seconds in which state changes are counted
    int flap_changes = 6;      // changes in the window that make a service flap; 0: off
    std::vector<std::string> notify;
};

struct ServiceConfig {
    std::string name;
    std::vector<std::string> command;
    std::string object;  // what it watches, for people (default: the service name)
    Policy policy;
};

struct Config {
    std::string file;
    std::string database;          // default: alert.db in the state directory (core/state_store.hpp)
    std::string host;              // for subjects; default: gethostname()
    std::string secrets;           // path of the secrets file, empty: none
    std::vector<std::string> path; // where commands are looked for before $PATH
    int parallel = 4;
    double retention = 0;          // seconds of history kept; 0: keep everything
    double lock_wait = 10;         // seconds a run waits for an earlier one
    double give_up = 86400;        // seconds after which a notification is no longer retried
    int history_lines = 5;         // history entries in a mail
    std::map<std::string, NotifierConfig> notifiers;
    std::vector<ServiceConfig> services;

    const ServiceConfig* service(std::string_view name) const;
};

// The plugin directory of this installation, searched for commands by default.
std::string default_plugin_dir();

// Reads and checks the whole file. Throws ConfigError ("FILE:LINE: key 'x': why").
Config load_config(const std::string& path);

// The same from text (tests and fuzzing); `path` is only used in messages.
Config parse_config(std::string_view text, const std::string& path);

}  // namespace virtcheck::alert
