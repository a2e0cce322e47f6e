#pragma once
// The container collector: containers are cgroups in the kernel's cgroup v2 tree, whatever
// runs them (Docker, Podman, LXC, systemd-nspawn, libvirt). Everything is read from files.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace virtcheck::cgroup {

struct Container {
    std::string name;     // friendly name where a local source gives it, else the id; untrusted
    std::string id;       // "3f2a...", "web", or the group path for --cgroup
    std::string runtime;  // "docker", "podman", "lxc", "machine", "cgroup"
    std::string group;    // path below the v2 root: "system.slice/docker-3f2a....scope"
};

// What one container's files say. A value whose file is missing (controller not enabled)
// stays empty; a file with content that does not parse is named in `unreadable`.
struct ContainerStats {
    Container container;
    std::optional<std::uint64_t> cpu_usage_usec, nr_periods, nr_throttled;
    std::optional<double> cpu_limit;  // CPUs from cpu.max; empty: unlimited or no file
    std::optional<std::uint64_t> memory_current, memory_max, inactive_file, file;  // bytes; max empty: unlimited
    std::optional<std::uint64_t> oom_kills;
    std::optional<std::uint64_t> pids_current, pids_max;  // pids_max empty: unlimited or no file
    bool pids_unlimited = false;                           // pids.max says "max"
    std::optional<double> cpu_pressure, memory_pressure, io_pressure;  // some avg10, %
    std::vector<std::string> unreadable;  // "cpu.stat", ...
};

// The host's share of a container's figures when it has no limit of its own.
struct Host {
    unsigned cpus = 0;
    std::uint64_t memory_bytes = 0;
};

struct Tree {
    std::filesystem::path root;  // the v2 hierarchy: /sys/fs/cgroup, or --root
    bool hybrid = false;         // v1 holds (some) controllers: their files are missing in v2
};

// The v2 tree: `root` when given (--root), else the cgroup2 mount from /proc/self/mountinfo.
// Throws CollectError (UNKNOWN) on a v1-only host or when `root` is not a v2 tree.
Tree find_tree(const std::string& root);

// Where runtimes keep the names of their containers (read only, and only when one of
// theirs is found).
struct NameSources {
    std::filesystem::path docker_dir = "/var/lib/docker";               // containers/ID/config.v2.json
    std::filesystem::path podman_dir = "/var/lib/containers/storage";   // overlay-containers/containers.json
};

// Containers in the tree, plus each group named with --cgroup (a path below the root).
// Does not descend into a container's own groups. Throws CollectError for a --cgroup
// that does not exist.
std::vector<Container> discover(const Tree& tree, const std::vector<std::string>& named_groups,
                                const NameSources& names);

// Reads a container's files; nothing when its group vanished meanwhile (it stopped).
std::optional<ContainerStats> read_container(const Tree& tree, const Container& container);

Host read_host();

}  // namespace virtcheck::cgroup
