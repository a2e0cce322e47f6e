#include "alert/app.hpp"

#include <cstdlib>
#include <ostream>

#include <CLI/CLI.hpp>

#include "alert/commands.hpp"
#include "alert/run.hpp"
#include "alert/run_lock.hpp"
#include "alert/secrets.hpp"
#include "alert/sqlite.hpp"
#include "alert/time_text.hpp"
#include "core/clock.hpp"
#include "core/errors.hpp"

namespace virtcheck::alert {
namespace {

constexpr int exit_failed = 1;
constexpr int exit_usage = 2;
constexpr int exit_skipped = 75;

std::string default_config() {
    if (const char* path = std::getenv("VIRTCHECK_ALERT_CONFIG"); path && *path) return path;
    return "/etc/virtcheck/alert.toml";
}

}  // namespace

int alert_main(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
    CLI::App app{"virtcheck-alert: notifications, acknowledgements and a history for checks run from cron",
                 "virtcheck-alert"};
    app.require_subcommand(1);
    app.fallthrough();  // "virtcheck-alert run --config FILE" works as well as before the command
    app.footer("Exit codes: 0 done, 1 failed at run time, 2 bad command line or configuration, 75 another run "
               "holds the lock.\nSee virtcheck-alert(1).");
    std::string config_path = default_config();
    app.add_option("--config", config_path, "Configuration file ($VIRTCHECK_ALERT_CONFIG, else /etc/virtcheck/alert.toml)")
        ->option_text("FILE");
    app.set_version_flag("-V,--version", std::string("virtcheck-alert ") + VIRTCHECK_ALERT_VERSION);

    RunOptions run_options;
    auto* run = app.add_subcommand("run", "Run every due check, record the results, send notifications");
    run->add_option("--service", run_options.services, "Only this service (repeatable); runs it even if not due")
        ->option_text("NAME");
    run->add_flag("--force", run_options.force, "Check every service now, due or not");
    run->add_flag("-v,--verbose", run_options.verbosity, "Print each result and each notification sent");

    std::string output_format = "text";
    auto add_output = [&](CLI::App* command) {
        command->add_option("--output", output_format, "text or json")->check(CLI::IsMember({"text", "json"}));
    };
    auto* status = app.add_subcommand("status", "Every service: its state, since when, acknowledged or muted");
    add_output(status);

    std::string history_service, since_text;
    std::size_t limit = 0;
    bool history_verbose = false;
    auto* history = app.add_subcommand("history", "State changes, notifications, acks and mutes, oldest first");
    history->add_option("--service", history_service, "Only this service")->option_text("NAME");
    history->add_option("--since", since_text, "Only the last DURATION (2d, 12h, 30m)")->option_text("DURATION");
    history->add_option("--limit", limit, "At most the N newest entries")->option_text("N");
    history->add_flag("-v,--verbose", history_verbose, "Also long output and perfdata");
    add_output(history);

    std::string ack_service, comment, expire_text;
    auto* ack = app.add_subcommand("ack", "Acknowledge a problem: no notifications until it recovers or the ack expires");
    ack->add_option("SERVICE", ack_service, "The service")->required();
    ack->add_option("--comment", comment, "Why, for the history")->option_text("TEXT");
    ack->add_option("--expire", expire_text, "Let the acknowledgement end after DURATION (4h, 2d)")->option_text("DURATION");

    std::vector<std::string> mute_services;
    bool all = false;
    std::string start_text, end_text, for_text;
    auto* mute_command = app.add_subcommand("mute", "Planned maintenance: no notifications during a time window");
    mute_command->add_option("SERVICE", mute_services, "Services to mute (or --all)");
    mute_command->add_flag("--all", all, "Mute every service");
    mute_command->add_option("--for", for_text, "Window length from its start (2h, 1d)")->option_text("DURATION");
    mute_command->add_option("--start", start_text, "Window start: YYYY-MM-DD HH:MM (local time) or @EPOCH; default now")
        ->option_text("TIME");
    mute_command->add_option("--end", end_text, "Window end: YYYY-MM-DD HH:MM or @EPOCH")->option_text("TIME");
    mute_command->add_option("--comment", comment, "Why, for the history")->option_text("TEXT");

    auto* unmute_command = app.add_subcommand("unmute", "End the mute windows of services (or --all: the global ones) now");
    unmute_command->add_option("SERVICE", mute_services, "Services to unmute (or --all)");
    unmute_command->add_flag("--all", all, "End the mutes that cover every service");

    std::string older_text;
    auto* prune_command = app.add_subcommand("prune", "Delete history older than an age (default: defaults.retention)");
    prune_command->add_option("--older-than", older_text, "Age, e.g. 90d")->option_text("DURATION");

    auto* check = app.add_subcommand("check-config", "Read the configuration and the secrets; say what is wrong");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // Help and version on stdout with 0; mistakes on stderr with 2.
        return app.exit(e, out, err) == 0 ? 0 : exit_usage;
    }

    Output output{out, err, output_format == "json"};
    try {
        (void)now_seconds();  // a bad VIRTCHECK_NOW is a usage error before anything runs
        if ((*mute_command || *unmute_command) && all == !mute_services.empty())
            throw UsageError("name the services, or give --all");
        if (*mute_command && for_text.empty() == end_text.empty()) throw UsageError("give one of --for and --end");
        Config config = load_config(config_path);
        if (*run) return run_services(config, run_options, out, err);
        if (*status) return show_status(config, output);
        if (*history)
            return show_history(config, history_service, since_text.empty() ? 0 : parse_duration(since_text), limit,
                                history_verbose, output);
        if (*ack)
            return acknowledge(config, ack_service, comment, expire_text.empty() ? 0 : parse_duration(expire_text), output);
        if (*mute_command) {
            double start = start_text.empty() ? now_seconds() : parse_time(start_text);
            double end = end_text.empty() ? start + parse_duration(for_text) : parse_time(end_text);
            return mute(config, mute_services, start, end, comment, output);
        }
        if (*unmute_command) return unmute(config, mute_services, output);
        if (*prune_command) return prune(config, older_text.empty() ? 0 : parse_duration(older_text), output);
        if (*check) return check_config(config, output);
    } catch (const ConfigError& e) {
        err << "virtcheck-alert: " << e.what() << "\n";
        return exit_usage;
    } catch (const UsageError& e) {
        err << "virtcheck-alert: " << e.what() << "\n";
        return exit_usage;
    } catch (const AnotherRun& e) {
        err << "virtcheck-alert: " << e.what() << "\n";
        return exit_skipped;
    } catch (const DatabaseError& e) {
        err << "virtcheck-alert: " << e.what() << "\n";
        return exit_failed;
    } catch (const std::exception& e) {
        err << "virtcheck-alert: " << e.what() << "\n";
        return exit_failed;
    }
    return exit_usage;
}

}  // namespace virtcheck::alert
