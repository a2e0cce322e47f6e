#pragma once
// The command line every check shares: a CLI::App with the reserved plugin options
// (-h -V -t -w -c -H -v) and --output. Checks add their own options to it.
#include <string>

#include <CLI/CLI.hpp>

#include "core/render.hpp"
#include "core/threshold.hpp"
#include "core/units.hpp"

namespace virtcheck {

// What -w/-c apply to, for --help and for reading units.
struct MainMetric {
    std::string description;  // "response time of connect + queries"
    Unit unit = Unit::Count;
    // When set, a -w/-c range written in bytes ("-w 20GiB:") means this named metric, so a
    // check can take "80" (% used) and "20GiB:" (free space) in the same option.
    std::string byte_metric = "";
};

// A further metric a check can threshold with -w NAME=RANGE / -c NAME=RANGE.
struct NamedMetric {
    std::string name;  // as in perfdata: "steal", "wait"
    std::string description;
    Unit unit = Unit::Count;
};

class Cli : public CLI::App {
public:
    Cli(std::string program, std::string description, MainMetric main_metric);

    // The name in --help and --version: the executable's, known only from argv[0].
    void set_program(std::string name);

    // Declares a metric for -w NAME=RANGE; listed in --help.
    void add_metric(NamedMetric metric);

    // -w/-c read in the main metric's unit. Throws ThresholdError.
    Thresholds thresholds() const;

    // -w NAME=RANGE / -c NAME=RANGE for a declared metric. Throws ThresholdError.
    Thresholds thresholds(std::string_view metric) const;

    // Parses every -w/-c once, so that a mistake is reported before any work. Throws ThresholdError.
    void check_thresholds() const;

    std::string program;
    MainMetric main_metric;
    std::string hostname;     // -H; each backend says what it means
    double timeout = 10;      // -t, seconds
    int verbosity = 0;        // -v, counted, 0-3
    OutputFormat output = OutputFormat::Text;

private:
    // Which metric a -w/-c entry is for ("" = the main one) and its range text.
    std::pair<std::string, std::string> split_entry(const std::string& entry) const;
    std::optional<std::string> pick(const std::vector<std::string>& given, std::string_view metric,
                                    const char* option) const;

    // Each -w/-c as given: "RANGE" for the main metric or "NAME=RANGE".
    std::vector<std::string> warning_;
    std::vector<std::string> critical_;
    std::vector<NamedMetric> metrics_;
    std::string footer_ranges_;
    std::string footer_metrics_;
};

}  // namespace virtcheck
