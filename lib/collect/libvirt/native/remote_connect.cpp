// Connection-level procedures: authentication, open, and what the daemon says of its host.
#include <libvirt/virterror.h>

#include <algorithm>
#include <cstring>

#include "collect/libvirt/native/protocol.hpp"
#include "collect/libvirt/native/remote_calls.hpp"
#include "collect/libvirt/native/remote_codec.hpp"

namespace virtcheck::libvirt::native {
namespace {

std::string read_string_reply(const Bytes& payload) {
    return decode(payload, [](XdrReader& in) { return in.string(string_max); });
}

std::uint64_t read_u64_reply(const Bytes& payload) {
    return decode(payload, [](XdrReader& in) { return in.u64(); });
}

// Both node stats calls answer a list of (field, value) and the count the driver has.
NodeStats read_node_stats(const Bytes& payload, std::uint32_t max, std::int32_t asked, const char* call) {
    NodeStats stats = decode(payload, [&](XdrReader& in) {
        NodeStats s;
        std::uint32_t count = in.count(max, 4 + 8);
        for (std::uint32_t i = 0; i < count; ++i) {
            std::string field = in.string(string_max);
            s.fields.emplace_back(std::move(field), in.u64());
        }
        s.count = in.i32();
        return s;
    });
    if (stats.fields.size() > static_cast<std::size_t>(std::max(asked, 0)))
        throw LibvirtError(VIR_ERR_RPC, VIR_FROM_REMOTE, std::string(call) + ": returned number of stats exceeds limit");
    for (const auto& [field, value] : stats.fields)
        if (field.size() >= 80)  // VIR_NODE_{CPU,MEMORY}_STATS_FIELD_LENGTH
            throw LibvirtError(VIR_ERR_INTERNAL_ERROR, VIR_FROM_REMOTE, "Stats " + field + " too big for destination");
    return stats;
}

}  // namespace

std::vector<std::int32_t> RemoteCalls::auth_list() {
    return decode(client_.call(Procedure::AuthList, {}), [](XdrReader& in) {
        std::uint32_t count = in.count(auth_type_list_max, 4);
        std::vector<std::int32_t> types;
        for (std::uint32_t i = 0; i < count; ++i) types.push_back(in.i32());
        return types;
    });
}

void RemoteCalls::auth_polkit() {
    decode(client_.call(Procedure::AuthPolkit, {}), [](XdrReader& in) { return in.i32(); });  // complete
}

void RemoteCalls::connect_open(const std::optional<std::string>& name, unsigned flags) {
    client_.call(Procedure::ConnectOpen, encode([&](XdrWriter& out) {
                     out.optional_string(name);
                     out.u32(flags);
                 }));
}

void RemoteCalls::connect_close() { client_.call(Procedure::ConnectClose, {}); }

std::string RemoteCalls::connect_get_type() { return read_string_reply(client_.call(Procedure::ConnectGetType, {})); }

std::uint64_t RemoteCalls::connect_get_version() {
    return read_u64_reply(client_.call(Procedure::ConnectGetVersion, {}));
}

std::uint64_t RemoteCalls::connect_get_lib_version() {
    return read_u64_reply(client_.call(Procedure::ConnectGetLibVersion, {}));
}

std::string RemoteCalls::connect_get_hostname() {
    return read_string_reply(client_.call(Procedure::ConnectGetHostname, {}));
}

std::string RemoteCalls::connect_get_capabilities() {
    return read_string_reply(client_.call(Procedure::ConnectGetCapabilities, {}));
}

std::string RemoteCalls::connect_get_domain_capabilities(const std::optional<std::string>& emulator,
                                                         const std::optional<std::string>& arch,
                                                         const std::optional<std::string>& machine,
                                                         const std::optional<std::string>& virt_type, unsigned flags) {
    return read_string_reply(client_.call(Procedure::ConnectGetDomainCapabilities, encode([&](XdrWriter& out) {
                                              out.optional_string(emulator);
                                              out.optional_string(arch);
                                              out.optional_string(machine);
                                              out.optional_string(virt_type);
                                              out.u32(flags);
                                          })));
}

std::int32_t RemoteCalls::connect_num_of_domains() {
    return decode(client_.call(Procedure::ConnectNumOfDomains, {}), [](XdrReader& in) { return in.i32(); });
}

NodeInfo RemoteCalls::node_get_info() {
    return decode(client_.call(Procedure::NodeGetInfo, {}), [](XdrReader& in) {
        NodeInfo info;
        // char model[32]: a fixed array of XDR chars, each in a 4-byte unit.
        char model[32];
        for (char& c : model) c = static_cast<char>(in.i32());
        info.model.assign(model, strnlen(model, sizeof model));
        info.memory_kib = in.u64();
        info.cpus = in.i32();
        info.mhz = in.i32();
        info.nodes = in.i32();
        info.sockets = in.i32();
        info.cores = in.i32();
        info.threads = in.i32();
        return info;
    });
}

std::string RemoteCalls::node_get_security_model() {
    auto [model, doi] = decode(client_.call(Procedure::NodeGetSecurityModel, {}), [](XdrReader& in) {
        // char model<257>, char doi<257>: arrays of XDR chars, each in a 4-byte unit, with
        // the daemon's NUL at the end; the C client reads them up to the first NUL.
        auto chars = [&](std::uint32_t max) {
            std::uint32_t n = in.count(max, 4);
            std::string text;
            for (std::uint32_t i = 0; i < n; ++i) text += static_cast<char>(in.i32());
            return text.substr(0, text.find('\0'));
        };
        std::string model = chars(security_model_max);
        return std::pair{model, chars(security_doi_max)};
    });
    // remoteNodeGetSecurityModel copies into virSecurityModel's 257-byte buffers.
    if (model.size() >= security_model_max)
        throw LibvirtError(VIR_ERR_RPC, VIR_FROM_REMOTE, "security model exceeds maximum: 256");
    if (doi.size() >= security_doi_max) throw LibvirtError(VIR_ERR_RPC, VIR_FROM_REMOTE, "security doi exceeds maximum: 256");
    return model;
}

NodeStats RemoteCalls::node_get_cpu_stats(std::int32_t cpu, std::int32_t count, unsigned flags) {
    Bytes reply = client_.call(Procedure::NodeGetCpuStats, encode([&](XdrWriter& out) {
                                   out.i32(cpu);
                                   out.i32(count);
                                   out.u32(flags);
                               }));
    return read_node_stats(reply, node_cpu_stats_max, count, "remoteNodeGetCPUStats");
}

NodeStats RemoteCalls::node_get_memory_stats(std::int32_t count, std::int32_t cell, unsigned flags) {
    Bytes reply = client_.call(Procedure::NodeGetMemoryStats, encode([&](XdrWriter& out) {
                                   out.i32(count);
                                   out.i32(cell);
                                   out.u32(flags);
                               }));
    return read_node_stats(reply, node_memory_stats_max, count, "remoteNodeGetMemoryStats");
}

}  // namespace virtcheck::libvirt::native
