// The runtime's error paths: every failure becomes one line on stdout and exit code 3
// (or 2 when the service is unreachable); the timeout and crash guards work in a real process.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "core/errors.hpp"
#include "core/runtime.hpp"

namespace virtcheck {
namespace {

const Metric value{"value", Unit::Seconds, "value"};
const MetricTable value_metrics{&value};

struct Outcome {
    int code;
    std::string out;
};

Outcome run_in_process(std::vector<const char*> args, const Runtime::Body& body) {
    Runtime plugin{"TEST", "a test check", value_metrics};
    std::string out;
    plugin.capture_output(out);
    args.insert(args.begin(), "check_test");
    int code = plugin.run(static_cast<int>(args.size()), args.data(), body);
    return {code, out};
}

Result ok_body(virtcheck::Run&) { return {State::Ok, "fine"}; }

TEST(Runtime, OkRunRendersTheResult) {
    auto r = run_in_process({}, ok_body);
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, "TEST OK - fine\n");
}

TEST(Runtime, UnreachableServiceIsCritical) {
    auto r = run_in_process({}, [](virtcheck::Run&) -> Result {
        throw CollectError(CollectError::Kind::Unreachable, "hypervisor not running: nobody home");
    });
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "TEST CRITICAL - hypervisor not running: nobody home\n");
}

TEST(Runtime, DeniedAndFailedAreUnknown) {
    for (auto kind : {CollectError::Kind::Denied, CollectError::Kind::Failed}) {
        auto r = run_in_process({}, [kind](virtcheck::Run&) -> Result { throw CollectError(kind, "no"); });
        EXPECT_EQ(r.code, 3);
        EXPECT_EQ(r.out, "TEST UNKNOWN - no\n");
    }
}

TEST(Runtime, AnyExceptionBecomesOneUnknownLine) {
    auto r = run_in_process({}, [](virtcheck::Run&) -> Result { throw std::runtime_error("boom\nsecond line"); });
    EXPECT_EQ(r.code, 3);
    EXPECT_EQ(r.out, "TEST UNKNOWN - internal error: boom\\nsecond line\n");
    auto odd = run_in_process({}, [](virtcheck::Run&) -> Result { throw 42; });
    EXPECT_EQ(odd.code, 3);
    EXPECT_EQ(odd.out.rfind("TEST UNKNOWN - internal error", 0), 0u);
}

TEST(Runtime, UsageErrorIsUnknown) {
    auto r = run_in_process({}, [](virtcheck::Run&) -> Result { throw UsageError("give either --uri or -H, not both"); });
    EXPECT_EQ(r.code, 3);
    EXPECT_EQ(r.out, "TEST UNKNOWN - give either --uri or -H, not both\n");
}

TEST(Runtime, BadThresholdIsUnknownAndTheBodyDoesNotRun) {
    bool ran = false;
    auto r = run_in_process({"-w", "1-10"}, [&](virtcheck::Run&) { ran = true; return Result{}; });
    EXPECT_EQ(r.code, 3);
    EXPECT_FALSE(ran);
    EXPECT_EQ(r.out.rfind("TEST UNKNOWN - invalid threshold -w/--warning: invalid range '1-10'", 0), 0u) << r.out;
}

TEST(Runtime, ThresholdsReachTheBodyInTheMetricUnit) {
    auto r = run_in_process({"-w", "500ms", "-c", "2"}, [](virtcheck::Run& run) {
        EXPECT_EQ(run.thresholds(value).evaluate(0.4), State::Ok);
        EXPECT_EQ(run.thresholds(value).evaluate(0.6), State::Warning);
        EXPECT_EQ(run.thresholds(value).evaluate(2.1), State::Critical);
        return Result{State::Ok, "ok"};
    });
    EXPECT_EQ(r.code, 0);
}

TEST(Runtime, OptionBatteryExitsThreeOnStdout) {
    auto help = run_in_process({"--help"}, ok_body);
    EXPECT_EQ(help.code, 3);
    EXPECT_NE(help.out.find("Usage: check_test"), std::string::npos);
    EXPECT_NE(help.out.find(" -w, --warning=RANGE\n"), std::string::npos) << help.out;
    auto version = run_in_process({"-V"}, ok_body);
    EXPECT_EQ(version.code, 3);
    EXPECT_EQ(version.out, "check_test (virtcheck) 0.1.0\n");
    auto unknown = run_in_process({"--frobnicate"}, ok_body);
    EXPECT_EQ(unknown.code, 3);
    EXPECT_EQ(unknown.out.rfind("TEST UNKNOWN - invalid command line:", 0), 0u) << unknown.out;
    auto missing_value = run_in_process({"-w"}, ok_body);
    EXPECT_EQ(missing_value.code, 3);
    auto bad_timeout = run_in_process({"-t", "soon"}, ok_body);
    EXPECT_EQ(bad_timeout.code, 3);
}

TEST(Runtime, HelpIsLaidOutAsPluginsDo) {
    auto help = run_in_process({"--help"}, ok_body);
    EXPECT_EQ(help.out.rfind("check_test (virtcheck) 0.1.0\n\na test check\n", 0), 0u) << help.out;
    std::size_t longest = 0, start = 0;
    for (std::size_t end; (end = help.out.find('\n', start)) != std::string::npos; start = end + 1)
        longest = std::max(longest, end - start);
    EXPECT_LE(longest, 80u) << "options wrapped at 80 columns:\n" << help.out;
    EXPECT_NE(help.out.find("\nSee check_test(1) and virtcheck-thresholds(7).\n"), std::string::npos);
    EXPECT_NE(help.out.find(" -t, --timeout=SECONDS[:STATE]\n"), std::string::npos) << help.out;
}

TEST(Runtime, AMistypedOptionGetsASuggestion) {
    auto r = run_in_process({"--critcal", "5"}, ok_body);
    EXPECT_EQ(r.code, 3);
    EXPECT_NE(r.out.find("(did you mean --critical?)"), std::string::npos) << r.out;
    auto far = run_in_process({"--zzzzzzzz"}, ok_body);
    EXPECT_EQ(far.out.find("did you mean"), std::string::npos) << far.out;
}

// A check whose "--port" and "-C" (a backend's options) are held back until the command
// line needs them, or registered at once: the two must read every command line alike.
struct HeldBack {
    explicit HeldBack(bool hold) : plugin{"TEST", "a test check", value_metrics} {
        auto& cli = plugin.options();
        group = cli.add_option_group("the other backend");
        cli.add_warning_shorthand("--soon", value, "a warning shorthand (appends on every parse)");
        if (hold)
            cli.hold_back([this] { return add(); });
        else
            add();
        plugin.capture_output(out);
    }
    bool add() {
        if (added) return false;
        group->add_option("--port", port, "a port")->check(CLI::Range(1, 65535));
        group->add_option("-C,--community", community, "a community");
        added = true;
        return true;
    }
    Outcome run(std::vector<const char*> args) {
        args.insert(args.begin(), "check_test");
        out.clear();
        int code = plugin.run(static_cast<int>(args.size()), args.data(), ok_body);
        return {code, out};
    }
    Runtime plugin;
    CLI::App* group = nullptr;
    bool added = false;
    unsigned port = 161;
    std::string community, out;
};

TEST(Runtime, HeldBackOptionsAreAddedOnlyWhenTheCommandLineNeedsThem) {
    HeldBack own{true};
    EXPECT_EQ(own.run({"-w", "5", "-v"}).code, 0);
    EXPECT_FALSE(own.added) << "no argument needed them";

    HeldBack used{true};
    auto r = used.run({"-w", "5", "--port", "1161", "-C", "public"});
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_TRUE(used.added);
    EXPECT_EQ(used.port, 1161u);
    EXPECT_EQ(used.community, "public");
}

TEST(Runtime, HeldBackOptionsChangeNoMessageAndNoHelp) {
    const std::vector<std::vector<const char*>> lines = {
        {"--help"}, {"-h", "--port", "1"}, {"--port", "0"}, {"--port"}, {"--prot", "5"}, {"--zzz", "-C", "x"},
        {"-C", "x", "-t", "abc"}, {"-t", "abc", "-C", "x"}, {"-C"}, {"-V"}, {"stray"}, {"--port=7", "-w", "@@"},
        {"--soon", "5", "--port", "7"}, {"-C", "", "--port", "7"}, {"", "-C", "x"}, {"--soon", "1", "-w", "2"},
    };
    for (const auto& line : lines) {
        HeldBack held{true}, eager{false};
        auto a = held.run(line), b = eager.run(line);
        EXPECT_EQ(a.code, b.code) << line.front();
        EXPECT_EQ(a.out, b.out) << line.front();
        EXPECT_EQ(held.port, eager.port) << line.front();
        EXPECT_EQ(held.community, eager.community) << line.front();
    }
}

TEST(Runtime, TimeoutTakesAStateAndTheFamiliesExcludeEachOther) {
    for (const char* bad : {"5:SOMETIMES", "0", "5:", ":CRITICAL", "1e3"}) {
        auto r = run_in_process({"-t", bad}, ok_body);
        EXPECT_EQ(r.code, 3) << bad;
        EXPECT_EQ(r.out.rfind("TEST UNKNOWN - invalid command line:", 0), 0u) << r.out;
    }
    EXPECT_EQ(run_in_process({"-t", "5:critical"}, ok_body).code, 0);
    EXPECT_EQ(run_in_process({"-4", "-6"}, ok_body).code, 3);
}

TEST(Runtime, ExtraOptsComeBeforeTheCommandLine) {
    const std::string file = "/tmp/virtcheck-extra-opts-" + std::to_string(getpid()) + ".ini";
    std::ofstream(file) << "# comment\n[check_test]\nwarning=1\ncritical = 5\n[other]\nwarning=7\n";
    double seen = 0;
    auto body = [&](virtcheck::Run& run) {
        seen = run.thresholds(value).warning ? run.thresholds(value).warning->end : -1;
        return Result{State::Ok, "fine"};
    };
    std::string extra = "--extra-opts=@" + file;
    EXPECT_EQ(run_in_process({extra.c_str()}, body).code, 0);
    EXPECT_EQ(seen, 1) << "[check_test] is the default section";
    std::string other = "--extra-opts=other@" + file;
    run_in_process({other.c_str()}, body);
    EXPECT_EQ(seen, 7);
    auto twice = run_in_process({extra.c_str(), "-w", "3"}, body);
    EXPECT_EQ(twice.code, 3) << "-w given twice: the file's and the command line's";
    std::string missing = "--extra-opts=@/nonexistent/plugins.ini";
    auto none = run_in_process({missing.c_str()}, body);
    EXPECT_EQ(none.out, "TEST UNKNOWN - --extra-opts: cannot read /nonexistent/plugins.ini\n");
    std::remove(file.c_str());
}

TEST(Runtime, VerbosityCountsUpToThree) {
    int seen = -1;
    run_in_process({"-vvvvv"}, [&](virtcheck::Run& run) { seen = run.verbosity(); return Result{}; });
    EXPECT_EQ(seen, 3);
    run_in_process({"-v", "-v"}, [&](virtcheck::Run& run) { seen = run.verbosity(); return Result{}; });
    EXPECT_EQ(seen, 2);
}

TEST(Runtime, JsonOutputOnRequest) {
    auto r = run_in_process({"--output", "json"}, ok_body);
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out.rfind("{", 0), 0u);
    EXPECT_NE(r.out.find("\"state\":\"OK\""), std::string::npos);
}

// Runs the plugin in a child process with its real stdout on a pipe, as a monitoring system would.
Outcome run_in_child(std::vector<const char*> args, const Runtime::Body& body) {
    int pipe_fds[2];
    EXPECT_EQ(pipe(pipe_fds), 0);
    pid_t child = fork();
    if (child == 0) {
        dup2(pipe_fds[1], STDOUT_FILENO);
        close(pipe_fds[0]);
        Runtime plugin{"TEST", "a test check", value_metrics};
        args.insert(args.begin(), "check_test");
        _exit(plugin.run(static_cast<int>(args.size()), args.data(), body));
    }
    close(pipe_fds[1]);
    std::string out;
    char buffer[4096];
    for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof buffer)) > 0;) out.append(buffer, n);
    close(pipe_fds[0]);
    int status = 0;
    waitpid(child, &status, 0);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), out};
}

TEST(Guards, TimeoutInterruptsABlockingCallAndNamesTheStage) {
    auto started = std::chrono::steady_clock::now();
    auto r = run_in_child({"-t", "0.3"}, [](virtcheck::Run& run) {
        run.stage("waiting for a daemon that never answers");
        pause();  // blocks like a library call stuck in read()
        return Result{};
    });
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    EXPECT_EQ(r.code, 3);
    EXPECT_EQ(r.out, "TEST UNKNOWN - timed out after 0.3 s while waiting for a daemon that never answers\n");
    EXPECT_LT(seconds, 2.0);
}

TEST(Guards, TimeoutEndsInTheStateAskedFor) {
    auto r = run_in_child({"-t", "0.2:CRITICAL"}, [](virtcheck::Run& run) {
        run.stage("connecting");
        pause();
        return Result{};
    });
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "TEST CRITICAL - timed out after 0.2 s while connecting\n");
}

TEST(Guards, CrashBecomesUnknownInsteadOf139) {
    auto r = run_in_child({}, [](virtcheck::Run& run) {
        run.stage("reading a broken reply");
        raise(SIGSEGV);
        return Result{};
    });
    EXPECT_EQ(r.code, 3);
    EXPECT_EQ(r.out, "TEST UNKNOWN - internal error: the check crashed while reading a broken reply, please report this\n");
}

TEST(Guards, AbortBecomesUnknownInsteadOf134) {
    auto r = run_in_child({}, [](virtcheck::Run&) -> Result { std::abort(); });
    EXPECT_EQ(r.code, 3);
    EXPECT_EQ(r.out.rfind("TEST UNKNOWN - internal error: the check crashed while starting", 0), 0u) << r.out;
}

TEST(Guards, FinishedRunIsNotInterruptedLater) {
    auto r = run_in_child({"-t", "0.2"}, [](virtcheck::Run&) { return Result{State::Warning, "done"}; });
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "TEST WARNING - done\n");
}

}  // namespace
}  // namespace virtcheck
