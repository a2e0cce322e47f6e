#pragma once
// The runtime every check runs in: parse the command line, guard the check's body (every
// failure becomes one UNKNOWN or CRITICAL line), enforce the timeout even inside a blocking
// library call, render, and return the exit code. Nothing is ever written to stderr.
#include <functional>
#include <string>

#include "core/cli.hpp"
#include "core/progress.hpp"
#include "core/result.hpp"

namespace virtcheck {

class Watchdog;

// What a check's body gets from the runtime: its thresholds, options, and where to report
// progress (the stage a timeout names).
class Run : public Progress {
public:
    Run(const Cli& cli, ThresholdSet thresholds, Watchdog* watchdog)
        : cli_(cli), thresholds_(std::move(thresholds)), watchdog_(watchdog) {}

    void stage(std::string_view what) override;
    const ThresholdSet& thresholds() const { return thresholds_; }
    const Thresholds& thresholds(const Metric& metric) const { return thresholds_[metric]; }
    const Cli& options() const { return cli_; }
    int verbosity() const { return cli_.verbosity; }

private:
    const Cli& cli_;
    ThresholdSet thresholds_;
    Watchdog* watchdog_;
};

class Runtime {
public:
    using Body = std::function<Result(Run&)>;

    // shortname: line-1 name in capitals ("HYPERVISOR"); the program name comes from argv[0].
    Runtime(std::string shortname, std::string description, const MetricTable& metrics);

    Cli& options() { return cli_; }
    const std::string& shortname() const { return shortname_; }

    // Returns the exit code for main() to return.
    int run(int argc, const char* const* argv, const Body& body);

    // Test switch: output goes into `sink` instead of stdout; stderr, signals and the timer
    // are left alone so that a test process is not disturbed.
    void capture_output(std::string& sink) { sink_ = &sink; }

private:
    int emit(const std::string& text, int code);
    std::string suggestion(int argc, const char* const* argv) const;
    Result guarded(const Body& body, Watchdog* watchdog);

    std::string shortname_;
    Cli cli_;
    std::string* sink_ = nullptr;
};

}  // namespace virtcheck
