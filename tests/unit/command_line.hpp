#pragma once
// A check's command line as parsed from arguments, for evaluator tests: its selection and
// the thresholds of a metric table.
#include <string>
#include <vector>

#include "core/cli.hpp"
#include "core/selection.hpp"

namespace virtcheck {

inline const Metric test_metric{"x", Unit::Count, "a test metric"};
inline const MetricTable test_metrics{&test_metric};

struct CommandLine {
    Cli cli;
    Selection selection;
    ThresholdSet thresholds;

    explicit CommandLine(std::vector<std::string> args = {}, const std::string& noun = "VM",
                         const MetricTable& metrics = test_metrics)
        : cli("check_test", "test", metrics), selection(cli, noun) {
        args.insert(args.begin(), "check_test");
        std::vector<const char*> argv;
        for (auto& a : args) argv.push_back(a.c_str());
        cli.parse(static_cast<int>(argv.size()), argv.data());
        selection.prepare();
        thresholds = cli.thresholds();
    }
};

// "-w 80 -c steal=20" read against `metrics`. Throws ThresholdError as a check would report it.
inline ThresholdSet thresholds_of(const MetricTable& metrics, std::vector<std::string> args) {
    return CommandLine(std::move(args), "VM", metrics).thresholds;
}

}  // namespace virtcheck
