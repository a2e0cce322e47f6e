#pragma once
// The remote program's data as the checks need it: handles (name + UUID, as the daemon
// identifies objects) and the few fixed records, decoded from their XDR forms.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace virtcheck::libvirt::native {

using Uuid = std::array<std::uint8_t, 16>;

struct RemoteDomain {
    std::string name;
    Uuid uuid{};
    std::int32_t id = -1;  // -1: not running
};

struct RemoteNetwork {
    std::string name;
    Uuid uuid{};
};

struct RemotePool {
    std::string name;
    Uuid uuid{};
};

struct RemoteVolume {
    std::string pool, name, key;
};

struct RemoteSnapshot {
    std::string name;
    RemoteDomain domain;
};

// remote_typed_param: the type number (VIR_TYPED_PARAM_*) and the value of that type.
struct TypedParam {
    std::string field;
    int type = 0;
    std::variant<std::int32_t, std::uint32_t, std::int64_t, std::uint64_t, double, std::string> value;
};

struct DomainStatsRecord {
    RemoteDomain domain;
    std::vector<TypedParam> params;
};

struct NodeInfo {
    std::string model;
    std::uint64_t memory_kib = 0;
    std::int32_t cpus = 0, mhz = 0, nodes = 0, sockets = 0, cores = 0, threads = 0;
};

// virNodeGet{CPU,Memory}Stats: with a zero count asked, only `count` is filled.
struct NodeStats {
    std::vector<std::pair<std::string, std::uint64_t>> fields;
    std::int32_t count = 0;
};

struct DomainInfo {
    std::uint8_t state = 0;
    std::uint64_t max_memory_kib = 0, memory_kib = 0;
    std::uint16_t vcpus = 0;
    std::uint64_t cpu_time_ns = 0;
};

struct MemoryStat {
    std::int32_t tag = 0;
    std::uint64_t value = 0;
};

struct BlockIo {
    std::int64_t read_requests = 0, read_bytes = 0, write_requests = 0, write_bytes = 0, errors = 0;
};

struct BlockInfo {
    std::uint64_t allocation = 0, capacity = 0, physical = 0;
};

struct InterfaceIo {
    std::int64_t rx_bytes = 0, rx_packets = 0, rx_errors = 0, rx_drops = 0;
    std::int64_t tx_bytes = 0, tx_packets = 0, tx_errors = 0, tx_drops = 0;
};

struct VcpuInfo {
    std::uint32_t number = 0;
    std::int32_t state = 0;
    std::uint64_t cpu_time_ns = 0;
    std::int32_t cpu = 0;
};

struct DiskError {
    std::string disk;
    std::int32_t error = 0;
};

struct PoolSizes {
    std::uint8_t state = 0;
    std::uint64_t capacity = 0, allocation = 0, available = 0;
};

struct VolumeSizes {
    std::int8_t type = 0;
    std::uint64_t capacity = 0, allocation = 0;
};

struct DhcpLease {
    std::string interface;
    std::int64_t expiry_time = 0;
    std::int32_t type = 0;
    std::optional<std::string> mac, iaid;
    std::string address;
    std::uint32_t prefix = 0;
    std::optional<std::string> hostname, client_id;
};

// "a1b2c3d4-..." as libvirt's virUUIDFormat writes it.
std::string format_uuid(const Uuid& uuid);

// libvirt's virUUIDParse: 32 hex digits, '-' allowed between them, spaces around. Nothing
// when `text` is no UUID.
std::optional<Uuid> parse_uuid(const std::string& text);

}  // namespace virtcheck::libvirt::native
