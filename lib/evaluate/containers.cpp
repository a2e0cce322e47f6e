#include "evaluate/containers.hpp"

#include <algorithm>
#include <cmath>

#include "evaluate/measurements.hpp"
#include "evaluate/objects.hpp"

namespace virtcheck {
namespace {

using model::ContainerStats;

std::string key(const ContainerStats& c, const char* metric) { return c.container.group + "/" + metric; }

std::optional<double> as_double(const std::optional<std::uint64_t>& value) {
    if (!value) return std::nullopt;
    return static_cast<double>(*value);
}

struct Figures {
    std::optional<double> cpu, throttled, memory, memory_used, oom_kills, pids_used;
    double cpus = 0, memory_limit = 0;
    bool cpu_limited = false, memory_limited = false;
};

bool unreadable(const ContainerStats& c, const char* file) {
    return std::find(c.unreadable.begin(), c.unreadable.end(), file) != c.unreadable.end();
}

Figures figures_of(const ContainerStats& c, const Rates& rates, const model::HostSize& host) {
    Figures f;
    // A limit that could not be read is not "unlimited": the share stays unknown.
    bool cpu_limit_known = !unreadable(c, "cpu.max"), memory_limit_known = !unreadable(c, "memory.max");
    f.cpu_limited = c.cpu_limit.has_value();
    f.cpus = c.cpu_limit.value_or(host.cpus);
    if (auto usec = rates.per_second(key(c, "cpu_usec")); usec && f.cpus > 0 && cpu_limit_known) f.cpu = *usec / 1e6 / f.cpus * 100;
    auto periods = rates.per_second(key(c, "periods")), throttled = rates.per_second(key(c, "throttled"));
    if (periods && throttled) f.throttled = *periods > 0 ? *throttled / *periods * 100 : 0;
    if (c.memory_current) {
        // Inactive file cache is given back under pressure, as docker stats counts it.
        double current = static_cast<double>(*c.memory_current);
        f.memory_used = std::max(0.0, current - static_cast<double>(c.inactive_file.value_or(0)));
        f.memory_limited = c.memory_max.has_value();
        f.memory_limit = c.memory_max ? static_cast<double>(*c.memory_max) : static_cast<double>(host.memory_bytes);
        if (f.memory_limit > 0 && memory_limit_known) f.memory = *f.memory_used / f.memory_limit * 100;
    }
    if (auto ooms = rates.per_second(key(c, "oom_kills"))) f.oom_kills = std::round(*ooms * rates.seconds());
    if (c.pids_current && c.pids_max && *c.pids_max > 0)
        f.pids_used = static_cast<double>(*c.pids_current) / static_cast<double>(*c.pids_max) * 100;
    return f;
}

// "CPU 12.0% of 2 CPUs, memory 45.0% of 4.0 GiB limit (cache 300.0 MiB), 12 pids"
std::string describe(const ContainerStats& c, const Figures& f) {
    std::vector<std::string> parts;
    char cpus[32];
    std::snprintf(cpus, sizeof cpus, "%g", f.cpus);
    std::string noun = std::string(f.cpu_limited ? "" : " host") + (f.cpus == 1 ? " CPU" : " CPUs");
    if (f.cpu) parts.push_back("CPU " + human_value(*f.cpu, Unit::Percent) + " of " + cpus + noun);
    if (f.memory)
        parts.push_back("memory " + human_value(*f.memory, Unit::Percent) + " of " +
                        human_value(f.memory_limit, Unit::Bytes) + (f.memory_limited ? " limit" : " host memory") +
                        (c.file ? " (cache " + human_value(static_cast<double>(*c.file), Unit::Bytes) + ")" : ""));
    if (c.pids_current) parts.push_back(std::to_string(*c.pids_current) + " pids");
    std::string text;
    for (const auto& part : parts) text += (text.empty() ? "" : ", ") + part;
    return text;
}

Row evaluate_container(const ContainerStats& c, const Rates& rates, const model::HostSize& host,
                       const ThresholdSet& thresholds) {
    Figures f = figures_of(c, rates, host);
    const std::string& name = c.container.name;
    Line line{name};
    if (std::string description = describe(c, f); !description.empty()) line.figures.push_back(description);

    // A threshold on a figure the tree cannot give must not read as OK. Rates are missing
    // for a new container too: that is not a fault, they come with the next run.
    std::vector<std::string> missing;
    const std::tuple<const char*, bool, const Metric*> asked[] = {
        {"CPU", c.cpu_usage_usec && (f.cpu || !unreadable(c, "cpu.max")), &container::cpu},
        {"throttling", c.nr_periods.has_value(), &container::throttled},
        {"memory", f.memory.has_value(), &container::memory},
        {"pids", f.pids_used || c.pids_unlimited, &container::pids_used},
        {"CPU pressure", c.cpu_pressure.has_value(), &container::cpu_pressure},
        {"memory pressure", c.memory_pressure.has_value(), &container::memory_pressure},
        {"I/O pressure", c.io_pressure.has_value(), &container::io_pressure}};
    for (const auto& [what, available, metric] : asked)
        if (thresholds[*metric].given() && !available) missing.push_back(what);
    for (const auto& file : c.unreadable) missing.push_back("unreadable " + file);
    if (!missing.empty()) {
        std::string list;
        for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
        line.notes.push_back("not available: " + list);
    }
    if (rates.has_baseline() && c.cpu_usage_usec && !rates.per_second(key(c, "cpu_usec")))
        line.notes.push_back("new or restarted, rates from the next run");

    Result result = measure_object(
        name, line, thresholds,
        {{container::cpu, f.cpu, 100},
         {container::throttled, f.throttled, 100},
         {container::memory, f.memory, 100},
         {"memory_used", Unit::Bytes, f.memory_used, f.memory ? std::optional(f.memory_limit) : std::nullopt},
         {"cache", Unit::Bytes, as_double(c.file)},
         {container::oom_kills, f.oom_kills},
         {"pids", Unit::Count, as_double(c.pids_current), as_double(c.pids_max)},
         {container::pids_used, f.pids_used, 100},
         {container::cpu_pressure, c.cpu_pressure, 100},
         {container::memory_pressure, c.memory_pressure, 100},
         {container::io_pressure, c.io_pressure, 100},
         Measurement::counter("cpu_time_total", counted(c.cpu_usage_usec, 1e-6), Unit::Seconds),
         Measurement::counter("throttled_periods_total", counted(c.nr_throttled)),
         Measurement::counter("oom_kills_total", counted(c.oom_kills))},
        c.container.id);
    if (!missing.empty()) result.state = worst(result.state, State::Unknown);
    result.add({State::Ok, c.container.runtime + " " + c.container.id + ", group " + c.container.group});
    std::string brief = f.cpu ? name + " " + human_value(*f.cpu, Unit::Percent) : "";
    return {std::move(result), f.cpu, brief};
}

}  // namespace

Sample containers_sample(const std::vector<ContainerStats>& containers, double time) {
    Sample sample{time, {}};
    for (const auto& c : containers) {
        const std::pair<const char*, const std::optional<std::uint64_t>*> counters[] = {
            {"cpu_usec", &c.cpu_usage_usec}, {"periods", &c.nr_periods},
            {"throttled", &c.nr_throttled}, {"oom_kills", &c.oom_kills}};
        for (const auto& [name, value] : counters)
            if (*value) sample.counters[key(c, name)] = static_cast<double>(**value);
    }
    return sample;
}

Result evaluate_containers(const model::Containers& all, const Rates& rates, const Selection& selection,
                           const ThresholdSet& thresholds, const std::string& note) {
    // The per-object evaluator wants .name and .uuid: the container id plays the uuid.
    struct Selectable {
        std::string name, uuid;
        const ContainerStats* stats;
    };
    std::vector<Selectable> containers;
    for (const auto& c : all.containers) containers.push_back({c.container.name, c.container.id, &c});
    PerObject<Selectable> selected(containers, selection, {.top_label = "top"});
    bool memory_missing = false;
    for (const Selectable* s : selected.selected()) {
        selected.add(evaluate_container(*s->stats, rates, all.host, thresholds));
        memory_missing = memory_missing || !s->stats->memory_current;
    }
    std::string details = note;
    if (all.hybrid && memory_missing)
        details += std::string(details.empty() ? "" : " - ") +
                   "hybrid cgroup layout: memory, limits and throttling are on cgroup v1 and not read, CPU is a "
                   "share of all host CPUs";
    return selected.finish(details);
}

}  // namespace virtcheck
