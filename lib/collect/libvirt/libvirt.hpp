#pragma once
// What the libvirt collector gives the checks. The implementation lives in the backend
// module virtcheck-libvirt.so (see module.hpp), so only plain data and abstract classes here.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/progress.hpp"

namespace virtcheck::libvirt {

struct HostInfo {
    std::string driver;                                // "QEMU", "Test", "LXC", "ESX", ...
    std::optional<std::uint64_t> hypervisor_version;   // packed, see unpack_libvirt_version()
    std::optional<std::uint64_t> libvirt_version;      // the daemon's for remote connections
    std::string hostname;                              // empty when the driver cannot tell
    std::string cpu_model;
    unsigned cpus = 0;                                 // active host CPU threads
    std::uint64_t memory_bytes = 0;
    unsigned running_vms = 0;
};

// Host capabilities reduced to what decides hardware acceleration.
struct Capabilities {
    std::string host_arch;                  // "x86_64"
    std::vector<std::string> domain_types;  // domain types offered for the host arch: "qemu", "kvm"
};

class Connection {
public:
    virtual ~Connection() = default;
    virtual HostInfo host_info() = 0;
    virtual Capabilities capabilities() = 0;
};

class Backend {
public:
    // Opens a read-only connection. Throws CollectError: Unreachable when nothing answers at
    // `uri` (the service is down), Denied for authentication/permission, Failed otherwise.
    virtual std::unique_ptr<Connection> open(const std::string& uri, Progress& progress) = 0;

protected:
    ~Backend() = default;
};

// The backend, loaded on first use. Throws CollectError when the module cannot be loaded.
Backend& backend();

// The C symbol the module exports; versioned so a stale module is refused, not misused.
inline constexpr const char* backend_symbol = "virtcheck_libvirt_backend_v1";
inline constexpr const char* module_file = "virtcheck-libvirt.so";

}  // namespace virtcheck::libvirt
