// Reading one container's interface files, and finding the v2 tree.
#include <unistd.h>

#include <fstream>

#include "collect/cgroup/cgroup.hpp"
#include "collect/cgroup/parse.hpp"
#include "core/errors.hpp"

namespace virtcheck::cgroup {
namespace {

namespace fs = std::filesystem;

// The file's text; nothing when it does not exist (controller off, or the group is gone).
std::optional<std::string> read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    constexpr std::size_t limit = 64 * 1024;  // interface files are small; a --root tree may lie
    std::string text(limit, '\0');
    in.read(text.data(), static_cast<std::streamsize>(limit));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

// Reads `file` in `group` with `parse`; a parse failure is recorded, a missing file is not.
template <typename Parse>
auto read_parsed(const fs::path& group, const char* file, model::ContainerStats& stats, Parse parse)
    -> decltype(parse(std::string_view{})) {
    auto text = read_file(group / file);
    if (!text) return std::nullopt;
    auto parsed = parse(*text);
    if (!parsed) stats.unreadable.push_back(file);
    return parsed;
}

std::optional<std::uint64_t> field(const std::optional<std::map<std::string, std::uint64_t>>& values, const char* key) {
    if (!values) return std::nullopt;
    auto it = values->find(key);
    return it == values->end() ? std::nullopt : std::optional<std::uint64_t>(it->second);
}

// A limit's value, empty when unlimited.
std::optional<std::uint64_t> limit_value(const std::optional<Limit>& limit) {
    if (!limit || limit->unlimited) return std::nullopt;
    return limit->value;
}

}  // namespace

Tree find_tree(const std::string& root) {
    if (!root.empty()) {
        if (!fs::exists(fs::path(root) / "cgroup.controllers"))
            throw CollectError(CollectError::Kind::Failed,
                               root + " is not a cgroup v2 tree (it has no cgroup.controllers)");
        return Tree{root, false};
    }
    auto mountinfo = read_file("/proc/self/mountinfo");
    if (!mountinfo) throw CollectError(CollectError::Kind::Failed, "cannot read /proc/self/mountinfo");
    auto mount = find_v2_mount(*mountinfo);
    if (!mount)
        throw CollectError(CollectError::Kind::Failed,
                           "cgroup v2 is required: this host mounts only cgroup v1 (no cgroup2 in /proc/self/mountinfo)");
    return Tree{mount->path, mount->hybrid};
}

std::optional<model::ContainerStats> read_container(const Tree& tree, const model::Container& container) {
    fs::path group = tree.root / container.group;
    // cgroup.events exists in every v2 group but the root: without it the group has gone. An
    // unpopulated group (no process in it or below) is a stopped container some runtimes
    // leave behind; a group named with --cgroup is reported anyway.
    auto events = read_file(group / "cgroup.events");
    if (!events && !container.group.empty()) return std::nullopt;
    if (auto populated = field(events ? parse_keyed(*events) : std::nullopt, "populated");
        populated == 0u && container.runtime != "cgroup")
        return std::nullopt;
    model::ContainerStats stats{container};
    auto cpu = read_parsed(group, "cpu.stat", stats, parse_keyed);
    stats.cpu_usage_usec = field(cpu, "usage_usec");
    stats.nr_periods = field(cpu, "nr_periods");
    stats.nr_throttled = field(cpu, "nr_throttled");
    if (auto limit = read_parsed(group, "cpu.max", stats, parse_cpu_max); limit && !limit->unlimited)
        stats.cpu_limit = limit->cpus;

    stats.memory_current = limit_value(read_parsed(group, "memory.current", stats, parse_limit));
    stats.memory_max = limit_value(read_parsed(group, "memory.max", stats, parse_limit));
    auto memory = read_parsed(group, "memory.stat", stats, parse_keyed);
    stats.inactive_file = field(memory, "inactive_file");
    stats.file = field(memory, "file");
    stats.oom_kills = field(read_parsed(group, "memory.events", stats, parse_keyed), "oom_kill");

    stats.pids_current = limit_value(read_parsed(group, "pids.current", stats, parse_limit));
    auto pids_max = read_parsed(group, "pids.max", stats, parse_limit);
    stats.pids_max = limit_value(pids_max);
    stats.pids_unlimited = pids_max && pids_max->unlimited;

    stats.cpu_pressure = read_parsed(group, "cpu.pressure", stats, parse_pressure_avg10);
    stats.memory_pressure = read_parsed(group, "memory.pressure", stats, parse_pressure_avg10);
    stats.io_pressure = read_parsed(group, "io.pressure", stats, parse_pressure_avg10);
    // Gone between the first and the last file: report nothing rather than half a container.
    if (!fs::exists(group / "cgroup.procs")) return std::nullopt;
    return stats;
}

model::HostSize read_host() {
    model::HostSize host;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    host.cpus = cpus > 0 ? static_cast<unsigned>(cpus) : 1;
    long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGE_SIZE);
    if (pages > 0 && page_size > 0) host.memory_bytes = static_cast<std::uint64_t>(pages) * page_size;
    return host;
}

}  // namespace virtcheck::cgroup
