#include "core/runtime.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <memory>

#include "core/errors.hpp"
#include "core/render.hpp"
#include "core/watchdog.hpp"

namespace virtcheck {
namespace {

std::string program_name(int argc, const char* const* argv) {
    if (argc < 1 || !argv[0]) return "check";
    std::string path = argv[0];
    return path.substr(path.find_last_of('/') + 1);
}

// Libraries (libvirt, libxml2, net-snmp) print to stderr on their own; the guidelines allow
// nothing there, so it goes to /dev/null for the whole run.
void silence_stderr() {
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
    auto unknown_line = [&](std::string_view text) {
        return render(failure(State::Unknown, std::string(text)), render_options, cli_.output);
    };
    try {
        cli_.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        return emit(cli_.help(), exit_code(State::Unknown));
    } catch (const CLI::CallForAllHelp&) {
        return emit(cli_.help("", CLI::AppFormatMode::All), exit_code(State::Unknown));
    } catch (const CLI::CallForVersion& version) {
        return emit(std::string(version.what()) + "\n", exit_code(State::Unknown));
    } catch (const CLI::ParseError& e) {
        return emit(unknown_line(std::string("invalid command line: ") + e.what() + " (see --help)"),
                    exit_code(State::Unknown));
    }
    cli_.verbosity = std::min(cli_.verbosity, 3);
    render_options.verbosity = cli_.verbosity;

    std::unique_ptr<Watchdog> watchdog;
    if (!sink_) watchdog = std::make_unique<Watchdog>(cli_.timeout, unknown_line);
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
