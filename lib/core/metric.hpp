#pragma once
// A check's metrics, each declared once: its name (perfdata suffix and -w NAME=RANGE), unit,
// help text and defaults. The check's table generates --help, -w/-c are parsed against it once,
// and evaluators get each metric's thresholds by handle (the Metric object), never by a name
// typed a second time or by position.
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/state.hpp"
#include "core/threshold.hpp"
#include "core/units.hpp"

namespace virtcheck {

struct Metric {
    std::string name;  // lowercase [a-z0-9_]: "cpu", "steal", "used_percent"
    Unit unit = Unit::Count;
    std::string help;  // completes "Warning range for the ..." / "steal: ..."
    // Facts a backend must give for this metric (the Fact bits of model/facts.hpp; 0: any
    // backend). Thresholds on it are refused, in one wording, when the chosen backend lacks one.
    unsigned needs = 0;
    std::optional<std::string> default_critical = std::nullopt;  // when no -w/-c is given for it
    // State of a value above 0 when no threshold is set (new errors: worth a look by default).
    State when_positive = State::Ok;
};

class MetricTable {
public:
    // The first metric is the main one: what a bare -w/-c RANGE is for.
    MetricTable(std::initializer_list<const Metric*> metrics, const Metric* bytes_metric = nullptr);

    const Metric& main() const { return *metrics_.front(); }
    const std::vector<const Metric*>& all() const { return metrics_; }
    // A bare -w/-c range written in bytes ("-w 20GiB:") is for this metric instead of the main
    // one, so that a check can take "80" (% used) and "20GiB:" (free space) in the same option.
    const Metric* bytes_metric() const { return bytes_metric_; }
    const Metric* find(const std::string& name) const;

private:
    std::vector<const Metric*> metrics_;
    const Metric* bytes_metric_;
};

// The thresholds of every metric of a table, parsed once (defaults applied).
class ThresholdSet {
public:
    // A metric that is not in the table (a figure only reported) has none.
    const Thresholds& operator[](const Metric& metric) const;
    // Whether the user gave -w/-c for it (a default does not count).
    bool given_by_user(const Metric& metric) const { return given_.count(&metric) > 0; }

    void set(const Metric& metric, Thresholds thresholds, bool by_user);

private:
    std::map<const Metric*, Thresholds> parsed_;
    std::set<const Metric*> given_;
};

}  // namespace virtcheck
