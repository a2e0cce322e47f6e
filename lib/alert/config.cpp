#include "alert/config.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "alert/body_template.hpp"
#include "alert/time_text.hpp"
#include "alert/toml_guard.hpp"
#include "core/errors.hpp"
#include "core/state_store.hpp"

#ifndef VIRTCHECK_ALERT_PLUGIN_DIR
#define VIRTCHECK_ALERT_PLUGIN_DIR "/usr/lib/nagios/plugins"
#endif

namespace virtcheck::alert {
namespace {

const std::vector<std::string> policy_keys{"attempts", "interval", "timeout", "renotify",
                                           "flap_window", "flap_changes", "notify"};
const std::vector<std::string> run_keys{"database", "host", "secrets", "path", "parallel",
                                        "retention", "lock_wait", "give_up", "history_lines"};
const std::vector<std::string> service_keys{"name", "command", "object"};
const std::map<std::string, std::vector<std::string>> notifier_keys{
    {"smtp", {"url", "from", "to", "starttls", "user", "password_secret", "ca_file", "verify_tls"}},
    {"sendmail", {"sendmail", "from", "to"}},
    {"webhook", {"url", "url_secret", "template", "headers", "bearer_secret", "ca_file", "verify_tls"}},
    {"command", {"command"}},
};
const std::vector<std::string> notifier_common_keys{"type", "events", "timeout"};

std::string join(const std::vector<std::string>& words) {
    std::string text;
    for (const auto& word : words) text += (text.empty() ? "" : ", ") + word;
    return text;
}

bool valid_name(std::string_view name) {
    if (name.empty() || name.size() > 100) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == '.' || c == '@' || c == ':';
    });
}

// A mail address from the configuration goes into SMTP commands and headers: no line breaks,
// no angle brackets or commas that could add recipients, and an '@'.
bool valid_address(std::string_view address) {
    if (address.size() < 3 || address.size() > 254 || address.find('@') == std::string_view::npos) return false;
    return std::none_of(address.begin(), address.end(), [](char c) {
        return static_cast<unsigned char>(c) <= ' ' || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' ||
               c == 0x7F;
    });
}

class Reader {
public:
    Reader(std::string file) : file_(std::move(file)) {}

    [[noreturn]] void fail(const toml::source_region& where, const std::string& key, const std::string& why) const {
        std::string line = where.begin.line ? ":" + std::to_string(where.begin.line) : "";
        throw ConfigError(file_ + line + ": " + (key.empty() ? "" : "key '" + key + "': ") + why);
    }
    [[noreturn]] void fail(const toml::node& node, const std::string& key, const std::string& why) const {
        fail(node.source(), key, why);
    }

    void only_keys(const toml::table& table, const std::string& prefix,
                   std::initializer_list<const std::vector<std::string>*> allowed) const {
        for (auto&& [key, node] : table) {
            bool known = false;
            std::vector<std::string> all;
            for (const auto* list : allowed) {
                all.insert(all.end(), list->begin(), list->end());
                known = known || std::find(list->begin(), list->end(), key.str()) != list->end();
            }
            if (!known) fail(key.source(), prefix + std::string(key.str()), "unknown key (known here: " + join(all) + ")");
        }
    }

    std::string string(const toml::node& node, const std::string& key) const {
        auto value = node.value<std::string>();
        if (!node.is_string() || !value) fail(node, key, "must be a string");
        if (value->find('\0') != std::string::npos) fail(node, key, "must not contain a NUL byte");
        return *value;
    }
    long long integer(const toml::node& node, const std::string& key, long long low, long long high) const {
        if (!node.is_integer()) fail(node, key, "must be a whole number");
        long long value = *node.value<long long>();
        if (value < low || value > high)
            fail(node, key, "must be between " + std::to_string(low) + " and " + std::to_string(high));
        return value;
    }
    bool boolean(const toml::node& node, const std::string& key) const {
        if (!node.is_boolean()) fail(node, key, "must be true or false");
        return *node.value<bool>();
    }
    // "2h", "90d", "30s" or a whole number of seconds.
    double duration(const toml::node& node, const std::string& key) const {
        if (node.is_integer()) return static_cast<double>(integer(node, key, 0, 10LL * 365 * 86400));
        std::string text = string(node, key);
        try {
            return parse_duration(text);
        } catch (const UsageError& error) {
            fail(node, key, error.what());
        }
    }
    std::vector<std::string> strings(const toml::node& node, const std::string& key, bool allow_empty) const {
        const toml::array* array = node.as_array();
        if (!array) fail(node, key, "must be a list of strings, e.g. [\"a\", \"b\"]");
        std::vector<std::string> values;
        for (const auto& element : *array) values.push_back(string(element, key));
        if (!allow_empty && values.empty()) fail(node, key, "must not be empty");
        return values;
    }
    std::string path(const toml::node& node, const std::string& key) const {
        std::string value = string(node, key);
        if (value.empty()) fail(node, key, "must not be empty");
        if (value.front() == '/') return value;
        // Relative to the configuration file, not to wherever cron happens to start.
        auto slash = file_.find_last_of('/');
        return (slash == std::string::npos ? std::string(".") : file_.substr(0, slash)) + "/" + value;
    }

private:
    std::string file_;
};

void read_policy(const Reader& reader, const toml::table& table, const std::string& prefix, Policy& policy) {
    for (auto&& [key_name, node] : table) {
        std::string key(key_name.str());
        std::string full = prefix + key;
        if (key == "attempts") policy.attempts = static_cast<int>(reader.integer(node, full, 1, 100));
        else if (key == "interval") policy.interval = reader.duration(node, full);
        else if (key == "timeout") {
            policy.timeout = reader.duration(node, full);
            if (policy.timeout < 1 || policy.timeout > 3600) reader.fail(node, full, "must be between 1s and 1h");
        } else if (key == "renotify") policy.renotify = reader.duration(node, full);
        else if (key == "flap_window") {
            policy.flap_window = reader.duration(node, full);
            if (policy.flap_window < 60) reader.fail(node, full, "must be at least 1m");
        } else if (key == "flap_changes") policy.flap_changes = static_cast<int>(reader.integer(node, full, 0, 1000));
        else if (key == "notify") policy.notify = reader.strings(node, full, true);
    }
}

std::set<Event> read_events(const Reader& reader, const toml::node& node, const std::string& key) {
    std::set<Event> events;
    for (const auto& name : reader.strings(node, key, false)) {
        bool found = false;
        for (Event event : {Event::Warning, Event::Critical, Event::Unknown, Event::Recovery, Event::Flapping}) {
            if (event_name(event) == name) events.insert(event), found = true;
        }
        if (!found) reader.fail(node, key, "'" + name + "' is not one of WARNING, CRITICAL, UNKNOWN, RECOVERY, FLAPPING");
    }
    return events;
}

NotifierConfig read_notifier(const Reader& reader, const std::string& name, const toml::node& node) {
    const std::string prefix = "notifier." + name + ".";
    const toml::table* table = node.as_table();
    if (!table) reader.fail(node, "notifier." + name, "must be a table ([notifier." + name + "])");
    if (!valid_name(name)) reader.fail(node, "notifier." + name, "a name is letters, digits and - _ . @ :");
    NotifierConfig notifier;
    notifier.name = name;
    notifier.events = {Event::Warning, Event::Critical, Event::Unknown, Event::Recovery, Event::Flapping};
    const toml::node* type = table->get("type");
    if (!type) reader.fail(node, prefix + "type", "missing (smtp, sendmail, webhook or command)");
    notifier.type = reader.string(*type, prefix + "type");
    auto keys = notifier_keys.find(notifier.type);
    if (keys == notifier_keys.end())
        reader.fail(*type, prefix + "type", "'" + notifier.type + "' is not smtp, sendmail, webhook or command");
    reader.only_keys(*table, prefix, {&notifier_common_keys, &keys->second});

    for (auto&& [key_name, value] : *table) {
        std::string key(key_name.str());
        std::string full = prefix + key;
        if (key == "events") notifier.events = read_events(reader, value, full);
        else if (key == "timeout") {
            notifier.timeout = reader.duration(value, full);
            if (notifier.timeout < 1 || notifier.timeout > 600) reader.fail(value, full, "must be between 1s and 10m");
        } else if (key == "url") notifier.url = reader.string(value, full);
        else if (key == "from") notifier.from = reader.string(value, full);
        else if (key == "to") notifier.to = reader.strings(value, full, false);
        else if (key == "starttls") {
            std::string mode = reader.string(value, full);
            if (mode == "required") notifier.starttls = StartTls::Required;
            else if (mode == "optional") notifier.starttls = StartTls::Optional;
            else if (mode == "never") notifier.starttls = StartTls::Never;
            else reader.fail(value, full, "must be \"required\", \"optional\" or \"never\"");
        } else if (key == "user") notifier.user = reader.string(value, full);
        else if (key == "password_secret") notifier.password_secret = reader.string(value, full);
        else if (key == "ca_file") notifier.ca_file = reader.path(value, full);
        else if (key == "verify_tls") notifier.verify_tls = reader.boolean(value, full);
        else if (key == "sendmail") notifier.sendmail = reader.path(value, full);
        else if (key == "url_secret") notifier.url_secret = reader.string(value, full);
        else if (key == "template") notifier.template_text = reader.string(value, full);
        else if (key == "bearer_secret") notifier.bearer_secret = reader.string(value, full);
        else if (key == "command") notifier.command = reader.strings(value, full, false);
        else if (key == "headers") {
            const toml::table* headers = value.as_table();
            if (!headers) reader.fail(value, full, "must be a table of header names and values");
            for (auto&& [header, header_value] : *headers) {
                std::string header_name(header.str());
                bool token = !header_name.empty() && std::all_of(header_name.begin(), header_name.end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
                });
                std::string text = reader.string(header_value, full + "." + header_name);
                if (!token) reader.fail(header.source(), full + "." + header_name, "a header name is letters, digits and -");
                if (text.find_first_of("\r\n") != std::string::npos)
                    reader.fail(header_value, full + "." + header_name, "must not contain a line break");
                notifier.headers[header_name] = text;
            }
        }
    }

    if (notifier.type == "smtp" || notifier.type == "sendmail") {
        if (notifier.from.empty()) reader.fail(node, prefix + "from", "missing (the sender address)");
        if (notifier.to.empty()) reader.fail(node, prefix + "to", "missing (a list of recipient addresses)");
        if (!valid_address(notifier.from)) reader.fail(*table->get("from"), prefix + "from", "is not a plain mail address");
        for (const auto& address : notifier.to)
            if (!valid_address(address))
                reader.fail(*table->get("to"), prefix + "to", "'" + address + "' is not a plain mail address");
    }
    if (notifier.type == "smtp") {
        if (!notifier.url.starts_with("smtp://") && !notifier.url.starts_with("smtps://"))
            reader.fail(table->get("url") ? *table->get("url") : node, prefix + "url",
                        "must start with smtp:// or smtps://");
        if (notifier.user.empty() != notifier.password_secret.empty())
            reader.fail(node, prefix + (notifier.user.empty() ? "user" : "password_secret"),
                        "user and password_secret go together");
    }
    if (notifier.type == "webhook") {
        if (notifier.url.empty() == notifier.url_secret.empty())
            reader.fail(node, prefix + "url", "give exactly one of url and url_secret");
        if (!notifier.url.empty() && !notifier.url.starts_with("http://") && !notifier.url.starts_with("https://"))
            reader.fail(*table->get("url"), prefix + "url", "must start with http:// or https://");
        if (!notifier.template_text.empty()) {
            std::string problem = template_problem(notifier.template_text);
            if (!problem.empty()) reader.fail(*table->get("template"), prefix + "template", problem);
        }
    }
    return notifier;
}

}  // namespace

std::string_view event_name(Event event) {
    switch (event) {
        case Event::Warning: return "WARNING";
        case Event::Critical: return "CRITICAL";
        case Event::Unknown: return "UNKNOWN";
        case Event::Recovery: return "RECOVERY";
        case Event::Flapping: return "FLAPPING";
    }
    return "";
}

const ServiceConfig* Config::service(std::string_view name) const {
    for (const auto& service : services)
        if (service.name == name) return &service;
    return nullptr;
}

std::string default_plugin_dir() { return VIRTCHECK_ALERT_PLUGIN_DIR; }

Config parse_config(std::string_view text, const std::string& path) {
    Reader reader(path);
    if (auto problem = toml_guard_problem(text))
        throw ConfigError(path + ":" + std::to_string(problem->line) + ": " + problem->what +
                          " (names and keys are ASCII; other text goes in strings)");
    toml::table root;
    try {
        root = toml::parse(text, path);
    } catch (const toml::parse_error& error) {
        reader.fail(error.source(), "", std::string(error.description()));
    }

    Config config;
    config.file = path;
    config.path = {default_plugin_dir()};
    config.database = state_directory() + "/alert.db";
    Policy defaults;
    defaults.notify = {};

    static const std::vector<std::string> top_keys{"defaults", "notifier", "service"};
    reader.only_keys(root, "", {&top_keys});

    bool notify_given = false;
    if (const toml::node* node = root.get("defaults")) {
        const toml::table* table = node->as_table();
        if (!table) reader.fail(*node, "defaults", "must be a table ([defaults])");
        reader.only_keys(*table, "defaults.", {&policy_keys, &run_keys});
        read_policy(reader, *table, "defaults.", defaults);
        notify_given = table->contains("notify");
        for (auto&& [key_name, value] : *table) {
            std::string key(key_name.str());
            std::string full = "defaults." + key;
            if (key == "database") config.database = reader.path(value, full);
            else if (key == "host") {
                config.host = reader.string(value, full);
                if (!valid_name(config.host)) reader.fail(value, full, "a host name is letters, digits and - _ . @ :");
            } else if (key == "secrets") config.secrets = reader.path(value, full);
            else if (key == "path") {
                config.path.clear();
                for (const auto& dir : reader.strings(value, full, true)) {
                    if (dir.empty() || dir.front() != '/') reader.fail(value, full, "'" + dir + "' is not an absolute path");
                    config.path.push_back(dir);
                }
            } else if (key == "parallel") config.parallel = static_cast<int>(reader.integer(value, full, 1, 64));
            else if (key == "retention") config.retention = reader.duration(value, full);
            else if (key == "lock_wait") config.lock_wait = reader.duration(value, full);
            else if (key == "give_up") config.give_up = reader.duration(value, full);
            else if (key == "history_lines") config.history_lines = static_cast<int>(reader.integer(value, full, 0, 50));
        }
    }

    if (const toml::node* node = root.get("notifier")) {
        const toml::table* table = node->as_table();
        if (!table) reader.fail(*node, "notifier", "must be tables ([notifier.NAME])");
        for (auto&& [name, value] : *table)
            config.notifiers.emplace(std::string(name.str()), read_notifier(reader, std::string(name.str()), value));
    }
    if (!notify_given) {
        // Without a notify list every notifier gets every service: alerting is never off by omission.
        for (const auto& [name, notifier] : config.notifiers) defaults.notify.push_back(name);
    }

    const toml::node* services = root.get("service");
    if (!services) throw ConfigError(path + ": no [[service]]: nothing to check");
    const toml::array* list = services->as_array();
    if (!list || !list->is_array_of_tables()) reader.fail(*services, "service", "must be [[service]] tables");
    for (std::size_t i = 0; i < list->size(); ++i) {
        const toml::node& element = *list->get(i);
        const toml::table& table = *element.as_table();
        std::string prefix = "service[" + std::to_string(i + 1) + "].";
        reader.only_keys(table, prefix, {&service_keys, &policy_keys});
        ServiceConfig service;
        service.policy = defaults;
        const toml::node* name = table.get("name");
        if (!name) reader.fail(element, prefix + "name", "missing");
        service.name = reader.string(*name, prefix + "name");
        if (!valid_name(service.name)) reader.fail(*name, prefix + "name", "a name is letters, digits and - _ . @ :");
        if (config.service(service.name)) reader.fail(*name, prefix + "name", "'" + service.name + "' is used twice");
        prefix = "service." + service.name + ".";
        const toml::node* command = table.get("command");
        if (!command) reader.fail(element, prefix + "command", "missing (a list: program and arguments)");
        service.command = reader.strings(*command, prefix + "command", false);
        if (service.command.front().empty()) reader.fail(*command, prefix + "command", "the program name is empty");
        service.object = service.name;
        if (const toml::node* object = table.get("object")) service.object = reader.string(*object, prefix + "object");
        read_policy(reader, table, prefix, service.policy);
        const toml::node* notify = table.get("notify");
        if (!notify && root.get("defaults")) notify = root.get("defaults")->as_table()->get("notify");
        for (const auto& target : service.policy.notify)
            if (!config.notifiers.count(target))
                reader.fail(notify ? *notify : element, table.get("notify") ? prefix + "notify" : "defaults.notify",
                            "no [notifier." + target + "]");
        config.services.push_back(std::move(service));
    }

    if (config.host.empty()) {
        char name[256] = {};
        if (gethostname(name, sizeof name - 1) != 0 || !*name) std::snprintf(name, sizeof name, "localhost");
        config.host = name;
        auto dot = config.host.find('.');
        if (dot != std::string::npos && dot > 0) config.host.resize(dot);
    }
    return config;
}

Config load_config(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(path + ": cannot read the configuration: " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str().size() > (1u << 20)) throw ConfigError(path + ": larger than 1 MiB; is it the right file?");
    return parse_config(text.str(), path);
}

}  // namespace virtcheck::alert
