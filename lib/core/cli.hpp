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
};

class Cli : public CLI::App {
public:
    Cli(std::string program, std::string description, MainMetric main_metric);

    // The name in --help and --version: the executable's, known only from argv[0].
    void set_program(std::string name);

    // -w/-c read in the main metric's unit. Throws ThresholdError.
    Thresholds thresholds() const;

    std::string program;
    MainMetric main_metric;
    std::string hostname;     // -H; each backend says what it means
    double timeout = 10;      // -t, seconds
    int verbosity = 0;        // -v, counted, 0-3
    OutputFormat output = OutputFormat::Text;

private:
    std::string warning_;
    std::string critical_;
    CLI::Option* warning_option_ = nullptr;
    CLI::Option* critical_option_ = nullptr;
};

}  // namespace virtcheck
