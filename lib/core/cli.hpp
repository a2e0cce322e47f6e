#pragma once
// The command line every check shares: a CLI::App with the reserved plugin options
// (-h -V -t -w -c -H -v) and --output, whose -w/-c are read against the check's metric table.
// Checks and backends add their own options to it.
#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/metric.hpp"
#include "core/render.hpp"

namespace virtcheck {

class Cli : public CLI::App {
public:
    Cli(std::string program, std::string description, const MetricTable& metrics);

    // The name in --help and --version: the executable's, known only from argv[0].
    void set_program(std::string name);

    // An option that stands for -w METRIC=RANGE ("--uptime 10m:").
    void add_warning_shorthand(const std::string& flags, const Metric& metric, const std::string& help);

    // Every -w/-c, parsed against the table, defaults applied. Throws ThresholdError naming the
    // option, the metric and what is wrong (also for a metric the table does not have).
    ThresholdSet thresholds() const;

    const MetricTable& metrics() const { return metrics_; }

    // Options held back until a command line needs them: building a backend's options costs
    // CLI11 ~0.1 ms, which every run paid for the backends it did not choose. `more` adds
    // the next group held back and says whether there was one.
    void hold_back(std::function<bool()> more) { more_ = std::move(more); }

    // Parses `args` (argv, --extra-opts expanded). While options are held back, a parse that
    // fails (an unknown option among them), or asks for help or the version, is made again
    // with the next held-back options added, until one succeeds or none are left: what a run
    // reads, and every error and --help, are those of a parse with all the options it needs.
    // Throws what CLI::App::parse throws.
    void parse_command_line(const std::vector<const char*>& args);

    // The -t of the command line as written (argv, --extra-opts not read yet), so that reading
    // those files keeps to it too. A -t it cannot read is left for parse_command_line to report.
    void read_timeout_early(const std::vector<std::string>& args);

    // Command lines for --help's examples, without the program name.
    void add_examples(std::vector<std::string> examples) { examples_ = std::move(examples); }
    const std::vector<std::string>& examples() const { return examples_; }

    std::string program;
    std::string hostname;     // -H; each backend says what it means
    double timeout = 10;      // -t SECONDS[:STATE]
    State timeout_state = State::Unknown;
    int address_family = 0;   // -4 / -6 for -H lookups; 0: whatever the name resolves to first
    int verbosity = 0;        // -v, counted, 0-3
    OutputFormat output = OutputFormat::Text;

private:
    // Which metric a -w/-c entry is for and its range text.
    std::pair<const Metric*, std::string> split_entry(const std::string& entry) const;
    struct Picked {
        std::optional<std::string> range, baseline;
    };
    Picked pick(const std::vector<std::string>& given, const Metric& metric, const char* option) const;
    void parse_timeout(const std::string& text);

    const MetricTable& metrics_;
    // Each -w/-c as given: "RANGE" for the main metric or "NAME=RANGE".
    std::vector<std::string> warning_;
    std::vector<std::string> critical_;
    std::vector<std::pair<const Metric*, std::string>> shorthand_warnings_;
    std::vector<std::string> examples_;
    std::string extra_opts_;
    std::function<bool()> more_;
};

}  // namespace virtcheck
