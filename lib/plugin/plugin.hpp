#pragma once
// What a check main is written with: it declares its metrics, names its target, adds its own
// options, and gives a body that reads from a Source and evaluates. The backend, the
// selection (--vm, --include, ...), rates and every refusal are handled here, once.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "collect/backend.hpp"
#include "core/metric.hpp"
#include "core/rate.hpp"
#include "core/runtime.hpp"
#include "core/selection.hpp"

namespace virtcheck {

// A check's body sees this: thresholds, selection, the chosen backend's source, rates.
class Check {
public:
    Check(Run& run, Backend& backend, unsigned facts, const Selection* selection, const RateOptions* rates,
          std::string name);

    const ThresholdSet& thresholds() const { return run_.thresholds(); }
    const Selection& selection() const;
    // Opened on first use, read-only unless asked for writing (storage rescans).
    Source& source(Access access = Access::ReadOnly);
    // Whether the chosen backend gives these model::Fact bits for the target.
    bool gives(unsigned facts) const { return (facts_ & facts) == facts; }
    // Rates of the counters `collect` returns (state file or --interval), keyed by the source;
    // `note` gets "first sample stored ..." or a state file problem.
    Rates measure_rates(const std::function<Sample()>& collect, std::string& note);
    Run& run() { return run_; }
    int verbosity() const { return run_.verbosity(); }
    void stage(std::string_view what) { run_.stage(what); }
    // Adds what the source has to remark at this -v level to the front of `result`'s long output.
    void add_remarks(Result& result) const;

private:
    Run& run_;
    Backend& backend_;
    unsigned facts_;
    const Selection* selection_;
    const RateOptions* rates_;
    std::string name_;  // "check_vm_cpu": the state file's name
    std::unique_ptr<Source> source_;
};

class Plugin {
public:
    using Body = std::function<Result(Check&)>;

    // shortname: line-1 name in capitals ("VM_CPU").
    Plugin(std::string shortname, std::string description, const MetricTable& metrics);

    // What the check reads; `stats` are the model::Stats groups of a VM check.
    Plugin& target(Target target, unsigned stats = 0);
    // --NOUN NAME, --include/--exclude REGEX, --no-match STATE, --top N.
    Plugin& select(const std::string& noun);
    // --interval SECONDS and the state file; refused when the backend lacks `needs` facts.
    Plugin& rates(unsigned needs = 0);
    // An option of the check that only backends with `facts` can serve.
    CLI::Option* needs(unsigned facts, CLI::Option* option);
    // Two or three command lines (without the program name) for --help.
    Plugin& examples(std::vector<std::string> lines);

    Cli& options() { return runtime_.options(); }
    Runtime& runtime() { return runtime_; }

    int run(int argc, const char* const* argv, const Body& body);

private:
    Result checked(Run& run, const Body& body);

    Runtime runtime_;
    std::unique_ptr<Backends> backends_;
    std::unique_ptr<Selection> selection_;
    std::unique_ptr<RateOptions> rates_;
    unsigned rates_need_ = 0;
    std::vector<std::pair<unsigned, CLI::Option*>> options_needing_;
};

}  // namespace virtcheck
