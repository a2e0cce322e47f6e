#pragma once
// The numbers of libvirt's RPC protocol this client uses, from libvirt's
// src/rpc/virnetprotocol.x, src/rpc/virkeepaliveprotocol.x and src/remote/remote_protocol.x
// (stable wire ABI; the values below are those of libvirt 9.0).
#include <cstdint>

namespace virtcheck::libvirt::native {

inline constexpr std::uint32_t remote_program = 0x20008086;
inline constexpr std::uint32_t remote_version = 1;
inline constexpr std::uint32_t keepalive_program = 0x6b656570;  // "keep"
inline constexpr std::uint32_t keepalive_version = 1;
inline constexpr std::int32_t keepalive_ping = 1;
inline constexpr std::int32_t keepalive_pong = 2;

enum class MessageType : std::uint32_t {
    Call = 0, Reply = 1, Message = 2, Stream = 3, CallWithFds = 4, ReplyWithFds = 5, StreamHole = 6
};
enum class MessageStatus : std::uint32_t { Ok = 0, Error = 1, Continue = 2 };

// Sizes: the length word counts itself; header and payload together at most message_max.
inline constexpr std::uint32_t length_word_size = 4;
inline constexpr std::uint32_t header_size = 24;
inline constexpr std::uint32_t message_max = 33554432;  // VIR_NET_MESSAGE_MAX

// Limits from remote_protocol.x; a reply beyond one is refused as libvirt's own client does.
inline constexpr std::uint32_t string_max = 4194304;               // REMOTE_STRING_MAX
inline constexpr std::uint32_t domain_list_max = 16384;            // REMOTE_DOMAIN_LIST_MAX
inline constexpr std::uint32_t network_list_max = 16384;           // REMOTE_NETWORK_LIST_MAX
inline constexpr std::uint32_t storage_pool_list_max = 16384;      // REMOTE_STORAGE_POOL_LIST_MAX
inline constexpr std::uint32_t storage_vol_list_max = 16384;       // REMOTE_STORAGE_VOL_LIST_MAX
inline constexpr std::uint32_t snapshot_list_max = 16384;          // REMOTE_DOMAIN_SNAPSHOT_LIST_MAX
inline constexpr std::uint32_t node_cpu_stats_max = 16;            // REMOTE_NODE_CPU_STATS_MAX
inline constexpr std::uint32_t node_memory_stats_max = 16;         // REMOTE_NODE_MEMORY_STATS_MAX
inline constexpr std::uint32_t domain_memory_stats_max = 1024;     // REMOTE_DOMAIN_MEMORY_STATS_MAX
inline constexpr std::uint32_t vcpu_info_max = 16384;              // REMOTE_VCPUINFO_MAX
inline constexpr std::uint32_t cpumaps_max = 8388608;              // REMOTE_CPUMAPS_MAX
inline constexpr std::uint32_t disk_errors_max = 256;              // REMOTE_DOMAIN_DISK_ERRORS_MAX
inline constexpr std::uint32_t auth_type_list_max = 20;            // REMOTE_AUTH_TYPE_LIST_MAX
inline constexpr std::uint32_t dhcp_leases_max = 65536;            // REMOTE_NETWORK_DHCP_LEASES_MAX
inline constexpr std::uint32_t all_domain_stats_max = 262144;      // REMOTE_CONNECT_GET_ALL_DOMAIN_STATS_MAX
inline constexpr std::uint32_t security_model_max = 257;           // REMOTE_SECURITY_MODEL_MAX (with its NUL)
inline constexpr std::uint32_t security_doi_max = 257;             // REMOTE_SECURITY_DOI_MAX

enum class AuthType : std::int32_t { None = 0, Sasl = 1, Polkit = 2 };

// remote_procedure: only the calls the checks make.
enum class Procedure : std::int32_t {
    ConnectOpen = 1,
    ConnectClose = 2,
    ConnectGetType = 3,
    ConnectGetVersion = 4,
    NodeGetInfo = 6,
    ConnectGetCapabilities = 7,
    DomainGetXmlDesc = 14,
    DomainGetAutostart = 15,
    DomainGetInfo = 16,
    DomainGetVcpus = 20,
    DomainLookupByUuid = 24,
    NetworkGetXmlDesc = 43,
    NetworkGetAutostart = 44,
    ConnectNumOfDomains = 51,
    ConnectGetHostname = 59,
    DomainBlockStats = 64,
    DomainInterfaceStats = 65,
    AuthList = 66,
    AuthPolkit = 70,
    StoragePoolRefresh = 83,
    StoragePoolGetInfo = 87,
    StoragePoolGetAutostart = 89,
    StorageVolGetInfo = 98,
    NodeGetSecurityModel = 122,
    InterfaceLookupByName = 128,
    NetworkIsActive = 152,
    NetworkIsPersistent = 153,
    StoragePoolIsActive = 154,
    ConnectGetLibVersion = 157,
    DomainMemoryStats = 159,
    DomainSnapshotGetXmlDesc = 186,
    DomainGetBlockInfo = 194,
    DomainGetState = 212,
    NodeGetCpuStats = 227,
    NodeGetMemoryStats = 228,
    DomainGetDiskErrors = 263,
    ConnectListAllDomains = 273,
    DomainListAllSnapshots = 274,
    ConnectListAllStoragePools = 281,
    StoragePoolListAllVolumes = 282,
    ConnectListAllNetworks = 283,
    NetworkGetDhcpLeases = 341,
    ConnectGetDomainCapabilities = 342,
    ConnectGetAllDomainStats = 344,
};

struct MessageHeader {
    std::uint32_t program = remote_program;
    std::uint32_t version = remote_version;
    std::int32_t procedure = 0;
    MessageType type = MessageType::Call;
    std::uint32_t serial = 0;
    MessageStatus status = MessageStatus::Ok;
};

}  // namespace virtcheck::libvirt::native
