#pragma once
// A container: a group of processes with limits, whatever runs it (Docker, Podman, LXC,
// systemd-nspawn, libvirt). Figures are those of its cgroup.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace virtcheck::model {

struct Container {
    std::string name{};     // friendly name where a local source gives it, else the id; untrusted
    std::string id{};       // "3f2a...", "web", or the group path for --cgroup
    std::string runtime{};  // "docker", "podman", "lxc", "machine", "cgroup"
    std::string group{};    // path below the v2 root: "system.slice/docker-3f2a....scope"
};

// What one container's files say. A value whose file is missing (controller not enabled)
// stays empty; a file with content that does not parse is named in `unreadable`.
struct ContainerStats {
    Container container{};
    std::optional<std::uint64_t> cpu_usage_usec{}, nr_periods{}, nr_throttled{};
    std::optional<double> cpu_limit{};  // CPUs from cpu.max; empty: unlimited or no file
    std::optional<std::uint64_t> memory_current{}, memory_max{}, inactive_file{}, file{};  // bytes; max empty: unlimited
    std::optional<std::uint64_t> oom_kills{};
    std::optional<std::uint64_t> pids_current{}, pids_max{};  // pids_max empty: unlimited or no file
    bool pids_unlimited = false;                           // pids.max says "max"
    std::optional<double> cpu_pressure{}, memory_pressure{}, io_pressure{};  // some avg10, %
    std::vector<std::string> unreadable{};  // "cpu.stat", ...
};

// What a container without limits of its own may use: the whole host.
struct HostSize {
    unsigned cpus = 0;
    std::uint64_t memory_bytes = 0;
};

// All containers of the host, and what the layout hides.
struct Containers {
    std::vector<ContainerStats> containers{};
    HostSize host{};
    bool hybrid = false;  // cgroup v1 holds some controllers: memory, limits and throttling are not read
};

}  // namespace virtcheck::model
