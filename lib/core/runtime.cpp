#include "core/runtime.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <memory>

#include "core/errors.hpp"
#include "core/extra_opts.hpp"
#include "core/help.hpp"
#include "core/render.hpp"
#include "core/watchdog.hpp"

namespace virtcheck {
namespace {

std::string program_name(int argc, const char* const* argv) {
    if (argc < 1 || !argv[0]) return "check";
    std::string path = argv[0];
    return path.substr(path.find_last_of('/') + 1);
}

// A sanitizer build's reports must never vanish with the libraries' chatter: unless both
// sanitizers write them to files (log_path= in ASAN_OPTIONS and UBSAN_OPTIONS), stderr stays.
bool sanitizer_needs_stderr() {
#ifdef VIRTCHECK_SANITIZE
    for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS"}) {
        const char* options = std::getenv(name);
        if (!options || !std::strstr(options, "log_path=")) return true;
    }
#endif
    return false;
}

// Libraries (libvirt, libxml2, net-snmp) print to stderr on their own; the guidelines allow
// nothing there, so it goes to /dev/null for the whole run.
void silence_stderr() {
    if (sanitizer_needs_stderr()) return;
    int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null >= 0) {
        ::dup2(null, STDERR_FILENO);
        ::close(null);
    }
}

void write_stdout(const std::string& text) {
    const char* data = text.data();
    std::size_t left = text.size();
    while (left > 0) {
        ssize_t n = ::write(STDOUT_FILENO, data, left);
        if (n <= 0) return;
        data += n, left -= static_cast<std::size_t>(n);
    }
}

Result failure(State state, std::string text) { return Result{state, std::move(text), {}, {}}; }

}  // namespace

// " (did you mean --critical?)" for the first option on the command line the check does not know.
std::string Runtime::suggestion(int argc, const char* const* argv) const {
    for (int i = 1; i < argc; ++i) {
        std::string token = argv[i] ? argv[i] : "";
        if (!token.starts_with("--")) continue;
        std::string name = token.substr(0, token.find('='));
        std::string closest = closest_option(cli_, name);
        if (!closest.empty() && closest != name) return " (did you mean " + closest + "?)";
    }
    return "";
}

void Run::stage(std::string_view what) {
    if (watchdog_) watchdog_->stage(what);
}

Runtime::Runtime(std::string shortname, std::string description, const MetricTable& metrics)
    : shortname_(std::move(shortname)), cli_("check", std::move(description), metrics) {}

int Runtime::emit(const std::string& text, int code) {
    if (sink_)
        *sink_ += text;
    else
        write_stdout(text);
    return code;
}

int Runtime::run(int argc, const char* const* argv, const Body& body) {
    if (!sink_) {
        silence_stderr();
        signal(SIGPIPE, SIG_IGN);
    }
    cli_.set_program(program_name(argc, argv));
    RenderOptions render_options{shortname_};
    auto final_line = [&](State state, std::string_view text) {
        return render(failure(state, std::string(text)), render_options, cli_.output);
    };
    auto unknown_line = [&](std::string_view text) { return final_line(State::Unknown, text); };
    std::vector<std::string> args(argv, argv + argc);
    try {
        // Reading --extra-opts files is the one step before the command line is known that
        // can block (a FIFO, a hung network mount): it has a watchdog of its own, with the -t
        // of the command line as written, else the default.
        std::unique_ptr<Watchdog> reading;
        if (!sink_ && names_extra_opts(args)) {
            cli_.read_timeout_early(args);
            reading = std::make_unique<Watchdog>(cli_.timeout, cli_.timeout_state, final_line,
                                                 "reading the --extra-opts files");
        }
        args = expand_extra_opts(args, cli_.program);
    } catch (const UsageError& e) {
        return emit(unknown_line(e.what()), exit_code(State::Unknown));
    }
    std::vector<const char*> expanded;
    for (const auto& arg : args) expanded.push_back(arg.c_str());
    try {
        cli_.parse_command_line(expanded);
    } catch (const CLI::CallForHelp&) {
        return emit(plugin_help(cli_), exit_code(State::Unknown));
    } catch (const CLI::CallForAllHelp&) {
        return emit(plugin_help(cli_), exit_code(State::Unknown));
    } catch (const CLI::CallForVersion& version) {
        return emit(std::string(version.what()) + "\n", exit_code(State::Unknown));
    } catch (const CLI::ParseError& e) {
        return emit(unknown_line(std::string("invalid command line: ") + e.what() + suggestion(argc, argv) +
                                 " (see --help)"),
                    exit_code(State::Unknown));
    }
    cli_.verbosity = std::min(cli_.verbosity, 3);
    render_options.verbosity = cli_.verbosity;

    std::unique_ptr<Watchdog> watchdog;
    if (!sink_) watchdog = std::make_unique<Watchdog>(cli_.timeout, cli_.timeout_state, final_line);
    Result result = guarded(body, watchdog.get());
    if (watchdog) watchdog->disarm();
    return emit(render(result, render_options, cli_.output), exit_code(result.overall()));
}

Result Runtime::guarded(const Body& body, Watchdog* watchdog) {
    try {
        Run run(cli_, cli_.thresholds(), watchdog);
        return body(run);
    } catch (const ThresholdError& e) {
        return failure(State::Unknown, std::string("invalid threshold ") + e.what());
    } catch (const UsageError& e) {
        return failure(State::Unknown, e.what());
    } catch (const CollectError& e) {
        return failure(e.kind == CollectError::Kind::Unreachable ? State::Critical : State::Unknown, e.what());
    } catch (const std::exception& e) {
        return failure(State::Unknown, std::string("internal error: ") + e.what());
    } catch (...) {
        return failure(State::Unknown, "internal error: unexpected exception");
    }
}

}  // namespace virtcheck
