#pragma once
// The container collector: containers are cgroups in the kernel's cgroup v2 tree, whatever
// runs them (Docker, Podman, LXC, systemd-nspawn, libvirt). Everything is read from files.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "model/container.hpp"

namespace virtcheck::cgroup {

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
std::vector<model::Container> discover(const Tree& tree, const std::vector<std::string>& named_groups,
                                const NameSources& names);

// Reads a container's files; nothing when its group vanished meanwhile (it stopped).
std::optional<model::ContainerStats> read_container(const Tree& tree, const model::Container& container);

model::HostSize read_host();

}  // namespace virtcheck::cgroup
