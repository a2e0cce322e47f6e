// Domain procedures: bulk statistics, listing, and the per-domain calls of the fallback.
#include <libvirt/virterror.h>

#include "collect/libvirt/native/protocol.hpp"
#include "collect/libvirt/native/remote_calls.hpp"
#include "collect/libvirt/native/remote_codec.hpp"

namespace virtcheck::libvirt::native {
namespace {

Bytes domain_arguments(const RemoteDomain& domain) {
    return encode([&](XdrWriter& out) { write_domain(out, domain); });
}

// The remote driver refuses a reply listing more items than it asked for.
void check_reply_count(std::size_t got, std::size_t asked, const std::string& what) {
    if (got > asked) throw LibvirtError(VIR_ERR_RPC, VIR_FROM_REMOTE, "returned number of " + what + " exceeds limit");
}

}  // namespace

std::vector<DomainStatsRecord> RemoteCalls::connect_get_all_domain_stats(unsigned stats, unsigned flags) {
    Bytes reply = client_.call(Procedure::ConnectGetAllDomainStats, encode([&](XdrWriter& out) {
                                   out.u32(0);  // doms: none named, all of them
                                   out.u32(stats);
                                   out.u32(flags);
                               }));
    auto records = decode(reply, [](XdrReader& in) {
        std::uint32_t count = in.count(domain_list_max, domain_wire_min + 4);
        std::vector<DomainStatsRecord> all;
        all.reserve(count);
        for (std::uint32_t i = 0; i < count; ++i) {
            DomainStatsRecord record;
            record.domain = read_domain(in);
            record.params = read_typed_params(in, all_domain_stats_max);
            all.push_back(std::move(record));
        }
        return all;
    });
    // virTypedParamsDeserialize copies each name into a VIR_TYPED_PARAM_FIELD_LENGTH buffer.
    for (const auto& record : records)
        for (const auto& param : record.params)
            if (param.field.size() >= 80)
                throw LibvirtError(VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE,
                                   "Parameter " + param.field + " too big for destination");
    return records;
}

std::vector<RemoteDomain> RemoteCalls::connect_list_all_domains(unsigned flags) {
    Bytes reply = client_.call(Procedure::ConnectListAllDomains, encode([&](XdrWriter& out) {
                                   out.i32(1);  // need_results
                                   out.u32(flags);
                               }));
    return decode(reply, [](XdrReader& in) {
        std::uint32_t count = in.count(domain_list_max, domain_wire_min);
        std::vector<RemoteDomain> domains;
        domains.reserve(count);
        for (std::uint32_t i = 0; i < count; ++i) domains.push_back(read_domain(in));
        in.u32();  // ret: the same count
        return domains;
    });
}

RemoteDomain RemoteCalls::domain_lookup_by_uuid(const Uuid& uuid) {
    Bytes reply = client_.call(Procedure::DomainLookupByUuid,
                               encode([&](XdrWriter& out) { out.fixed_opaque(uuid.data(), uuid.size()); }));
    return decode(reply, [](XdrReader& in) { return read_domain(in); });
}

bool RemoteCalls::domain_get_autostart(const RemoteDomain& domain) {
    return decode(client_.call(Procedure::DomainGetAutostart, domain_arguments(domain)),
                  [](XdrReader& in) { return in.i32() != 0; });
}

DomainInfo RemoteCalls::domain_get_info(const RemoteDomain& domain) {
    return decode(client_.call(Procedure::DomainGetInfo, domain_arguments(domain)), [](XdrReader& in) {
        DomainInfo info;
        info.state = static_cast<std::uint8_t>(in.u32());  // unsigned char in a 4-byte unit
        info.max_memory_kib = in.u64();
        info.memory_kib = in.u64();
        info.vcpus = static_cast<std::uint16_t>(in.u32());  // unsigned short in a 4-byte unit
        info.cpu_time_ns = in.u64();
        return info;
    });
}

std::pair<std::int32_t, std::int32_t> RemoteCalls::domain_get_state(const RemoteDomain& domain, unsigned flags) {
    Bytes reply = client_.call(Procedure::DomainGetState, encode([&](XdrWriter& out) {
                                   write_domain(out, domain);
                                   out.u32(flags);
                               }));
    return decode(reply, [](XdrReader& in) {
        std::int32_t state = in.i32();
        return std::pair<std::int32_t, std::int32_t>(state, in.i32());
    });
}

std::vector<MemoryStat> RemoteCalls::domain_memory_stats(const RemoteDomain& domain, std::uint32_t max, unsigned flags) {
    Bytes reply = client_.call(Procedure::DomainMemoryStats, encode([&](XdrWriter& out) {
                                   write_domain(out, domain);
                                   out.u32(max);
                                   out.u32(flags);
                               }));
    auto stats = decode(reply, [](XdrReader& in) {
        std::uint32_t count = in.count(domain_memory_stats_max, 4 + 8);
        std::vector<MemoryStat> all(count);
        for (auto& stat : all) stat.tag = in.i32(), stat.value = in.u64();
        return all;
    });
    check_reply_count(stats.size(), max, "memory stats");
    return stats;
}

std::string RemoteCalls::domain_get_xml_desc(const RemoteDomain& domain, unsigned flags) {
    Bytes reply = client_.call(Procedure::DomainGetXmlDesc, encode([&](XdrWriter& out) {
                                   write_domain(out, domain);
                                   out.u32(flags);
                               }));
    return decode(reply, [](XdrReader& in) { return in.string(string_max); });
}

BlockIo RemoteCalls::domain_block_stats(const RemoteDomain& domain, const std::string& path) {
    Bytes reply = client_.call(Procedure::DomainBlockStats, encode([&](XdrWriter& out) {
                                   write_domain(out, domain);
                                   out.string(path);
                               }));
    return decode(reply, [](XdrReader& in) {
        BlockIo io;
        io.read_requests = in.i64(), io.read_bytes = in.i64();
        io.write_requests = in.i64(), io.write_bytes = in.i64();
        io.errors = in.i64();
        return io;
    });
}

BlockInfo RemoteCalls::domain_get_block_info(const RemoteDomain& domain, const std::string& path, unsigned flags) {
    Bytes reply = client_.call(Procedure::DomainGetBlockInfo, encode([&](XdrWriter& out) {
                                   write_domain(out, domain);
                                   out.string(path);
                                   out.u32(flags);
                               }));
    return decode(reply, [](XdrReader& in) {
        BlockInfo info;
        info.allocation = in.u64(), info.capacity = in.u64(), info.physical = in.u64();
        return info;
    });
}

InterfaceIo RemoteCalls::domain_interface_stats(const RemoteDomain& domain, const std::string& device) {
    Bytes reply = client_.call(Procedure::DomainInterfaceStats, encode([&](XdrWriter& out) {
                                   write_domain(out, domain);
                                   out.string(device);
                               }));
    return decode(reply, [](XdrReader& in) {
        InterfaceIo io;
        io.rx_bytes = in.i64(), io.rx_packets = in.i64(), io.rx_errors = in.i64(), io.rx_drops = in.i64();
        io.tx_bytes = in.i64(), io.tx_packets = in.i64(), io.tx_errors = in.i64(), io.tx_drops = in.i64();
        return io;
    });
}

std::vector<VcpuInfo> RemoteCalls::domain_get_vcpus(const RemoteDomain& domain, std::int32_t max) {
    Bytes reply = client_.call(Procedure::DomainGetVcpus, encode([&](XdrWriter& out) {
                                   write_domain(out, domain);
                                   out.i32(max);
                                   out.i32(0);  // maplen: no CPU maps wanted
                               }));
    auto vcpus = decode(reply, [](XdrReader& in) {
        std::uint32_t count = in.count(vcpu_info_max, 4 + 4 + 8 + 4);
        std::vector<VcpuInfo> all(count);
        for (auto& vcpu : all) vcpu.number = in.u32(), vcpu.state = in.i32(), vcpu.cpu_time_ns = in.u64(), vcpu.cpu = in.i32();
        in.skip_opaque(cpumaps_max);
        return all;
    });
    if (vcpus.size() > static_cast<std::size_t>(std::max(max, 0)))
        throw LibvirtError(VIR_ERR_RPC, VIR_FROM_REMOTE,
                           "host reply too large: ret.info.info_len " + std::to_string(vcpus.size()) + " > maxinfo " +
                               std::to_string(max));
    return vcpus;
}

std::vector<DiskError> RemoteCalls::domain_get_disk_errors(const RemoteDomain& domain, std::uint32_t max, unsigned flags) {
    Bytes reply = client_.call(Procedure::DomainGetDiskErrors, encode([&](XdrWriter& out) {
                                   write_domain(out, domain);
                                   out.u32(max);
                                   out.u32(flags);
                               }));
    auto errors = decode(reply, [](XdrReader& in) {
        std::uint32_t count = in.count(disk_errors_max, 4 + 4);
        std::vector<DiskError> all(count);
        for (auto& error : all) error.disk = in.string(string_max), error.error = in.i32();
        in.i32();  // nerrors
        return all;
    });
    check_reply_count(errors.size(), max, "disk errors");
    return errors;
}

std::vector<RemoteSnapshot> RemoteCalls::domain_list_all_snapshots(const RemoteDomain& domain, unsigned flags) {
    Bytes reply = client_.call(Procedure::DomainListAllSnapshots, encode([&](XdrWriter& out) {
                                   write_domain(out, domain);
                                   out.i32(1);  // need_results
                                   out.u32(flags);
                               }));
    return decode(reply, [](XdrReader& in) {
        std::uint32_t count = in.count(snapshot_list_max, snapshot_wire_min);
        std::vector<RemoteSnapshot> snapshots;
        snapshots.reserve(count);
        for (std::uint32_t i = 0; i < count; ++i) snapshots.push_back(read_snapshot(in));
        in.i32();  // ret
        return snapshots;
    });
}

std::string RemoteCalls::domain_snapshot_get_xml_desc(const RemoteSnapshot& snapshot, unsigned flags) {
    Bytes reply = client_.call(Procedure::DomainSnapshotGetXmlDesc, encode([&](XdrWriter& out) {
                                   write_snapshot(out, snapshot);
                                   out.u32(flags);
                               }));
    return decode(reply, [](XdrReader& in) { return in.string(string_max); });
}

}  // namespace virtcheck::libvirt::native
