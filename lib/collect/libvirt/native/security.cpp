// check_vm_security's reads, call for call as module/security.cpp: one bulk listing with
// states, one XML description per wanted VM (with passwords on a read-write connection), the
// host's security model, and its domain capabilities or, failing those, its capabilities.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "collect/libvirt/common/error_text.hpp"
#include "collect/libvirt/native/collectors.hpp"
#include "collect/libvirt/native/security_descriptions.hpp"

namespace virtcheck::libvirt::native {
namespace {

model::VmState state_of(const std::vector<TypedParam>& params) {
    for (const auto& p : params) {
        if (p.field != "state.state") continue;
        long long value = p.type == VIR_TYPED_PARAM_INT && std::holds_alternative<std::int32_t>(p.value)
                              ? std::get<std::int32_t>(p.value)
                          : p.type == VIR_TYPED_PARAM_UINT && std::holds_alternative<std::uint32_t>(p.value)
                              ? std::get<std::uint32_t>(p.value)
                              : -1;
        if (value >= 0 && value <= 7) return static_cast<model::VmState>(value);
    }
    return model::VmState::NoState;
}

bool daemon_gone(const LibvirtError& e) {
    return classify_error(e.code, e.domain, e.what()) == CollectError::Kind::Unreachable;
}

void read_cpu_features(Session& session, model::HostSecurity& host) {
    session.progress.stage("reading the domain capabilities from " + session.uri);
    std::string why;
    try {
        // virConnectGetDomainCapabilities refuses read-only connections in the client itself.
        session.refuse_if_read_only("virConnectGetDomainCapabilities", VIR_FROM_DOMAIN);
        auto cpu = read_host_model_cpu(
            session.remote.connect_get_domain_capabilities(std::nullopt, std::nullopt, std::nullopt, std::nullopt, 0));
        if (cpu.found) {
            host.cpu_model = cpu.model, host.cpu_features = std::move(cpu.features);
            host.cpu_features_from = "the host-model CPU of the domain capabilities";
            return;
        }
        why = "the domain capabilities offer no host-model CPU";
    } catch (const LibvirtError& e) {
        if (daemon_gone(e)) throw session.failure(e, "reading the domain capabilities");
        why = e.code == VIR_ERR_OPERATION_DENIED ? "domain capabilities need a read-write connection"
              : e.code == VIR_ERR_NO_SUPPORT     ? "this driver has no domain capabilities"
                                                 : "no domain capabilities: " + std::string(e.what());
    }
    session.progress.stage("reading the host capabilities from " + session.uri);
    std::string caps;
    try {
        caps = session.remote.connect_get_capabilities();
    } catch (const LibvirtError& e) {
        throw session.failure(e, "reading the host capabilities");
    }
    auto cpu = read_host_cpu(caps);
    if (!cpu.found) {
        host.cpu_features_from = why + ", and the host capabilities name no CPU";
        return;
    }
    host.cpu_model = cpu.model, host.cpu_features = std::move(cpu.features);
    host.cpu_features_from = "the host CPU of the capabilities (" + why + ")";
}

}  // namespace

model::HostSecurity read_host_security(Session& session) {
    model::HostSecurity host;
    session.progress.stage("reading the host's security model from " + session.uri);
    try {
        host.name = session.remote.connect_get_hostname();
    } catch (const LibvirtError&) {
        // A host without a name to give is still checked.
    }
    try {
        std::string name = session.remote.node_get_security_model();
        // libvirt gives an empty model when the host runs no security driver.
        host.security_model = name.empty() ? "none" : name;
    } catch (const LibvirtError& e) {
        if (e.code != VIR_ERR_NO_SUPPORT) throw session.failure(e, "reading the host's security model");
    }
    read_cpu_features(session, host);
    return host;
}

std::vector<model::VmSecurity> collect_vm_security(Session& session,
                                                   const std::function<bool(const model::VmSecurity&)>& wanted) {
    session.progress.stage("listing VMs at " + session.uri);
    std::vector<DomainStatsRecord> records;
    try {
        records = session.remote.connect_get_all_domain_stats(VIR_DOMAIN_STATS_STATE, 0);
    } catch (const LibvirtError& e) {
        throw session.failure(e, "listing VMs");
    }
    const bool secure = !session.read_only;
    std::vector<model::VmSecurity> result;
    for (const auto& record : records) {
        model::VmSecurity id;
        id.name = record.domain.name;
        id.uuid = format_uuid(record.domain.uuid);
        if (!wanted(id)) continue;  // unselected VMs cost no further calls
        id.state = state_of(record.params);
        session.progress.stage("reading the description of VM " + id.name + " from " + session.uri);
        model::VmSecurity vm;
        try {
            vm = read_vm_security(session.remote.domain_get_xml_desc(record.domain, secure ? VIR_DOMAIN_XML_SECURE : 0),
                                  secure);
        } catch (const LibvirtError& e) {
            if (e.code == VIR_ERR_NO_DOMAIN) continue;  // undefined since the listing
            if (daemon_gone(e)) throw session.failure(e, "reading the description of VM " + id.name);
            vm = model::VmSecurity{};
            vm.unreadable = "its description could not be read: " + std::string(e.what());
        }
        vm.name = std::move(id.name), vm.uuid = std::move(id.uuid), vm.state = id.state;
        result.push_back(std::move(vm));
    }
    return result;
}

}  // namespace virtcheck::libvirt::native
