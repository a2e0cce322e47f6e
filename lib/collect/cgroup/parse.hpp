#pragma once
// Parsers for the cgroup v2 interface files. The files are written by the kernel, but a
// --root tree is any directory, so every parser accepts anything and says what it could
// not read instead of guessing.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace virtcheck::cgroup {

// "key value" lines (cpu.stat, memory.stat, memory.events). Nothing when a line does not
// have that shape or a value is not a whole number.
std::optional<std::map<std::string, std::uint64_t>> parse_keyed(std::string_view text);

// A single number or "max" (memory.max, pids.max, memory.current). Unlimited is reported as
// `unlimited`; nothing when the text is neither.
struct Limit {
    bool unlimited = false;
    std::uint64_t value = 0;
};
std::optional<Limit> parse_limit(std::string_view text);

// cpu.max: "QUOTA PERIOD" or "max PERIOD" -> CPUs the group may use (quota / period),
// unlimited for "max". Nothing for anything else (a zero period included).
struct CpuLimit {
    bool unlimited = false;
    double cpus = 0;
};
std::optional<CpuLimit> parse_cpu_max(std::string_view text);

// The "some avg10=" figure of a pressure file (cpu.pressure, memory.pressure, io.pressure):
// the share of the last 10 s in which some task waited, in %.
std::optional<double> parse_pressure_avg10(std::string_view text);

// Where the cgroup v2 hierarchy is mounted, from /proc/self/mountinfo: the unified mount
// ("/sys/fs/cgroup") or, on a hybrid host, the v2 mount beside the v1 ones
// ("/sys/fs/cgroup/unified"). Nothing when there is no cgroup2 mount.
struct V2Mount {
    std::string path;
    bool hybrid = false;  // v1 hierarchies are mounted too; controllers may live there
};
std::optional<V2Mount> find_v2_mount(std::string_view mountinfo);

// systemd's unit-name escaping undone: "qemu\x2d1\x2dweb" -> "qemu-1-web".
std::string unescape_unit(std::string_view name);

}  // namespace virtcheck::cgroup
