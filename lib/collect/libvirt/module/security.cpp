#include "collect/libvirt/module/security.hpp"

#include <libvirt/virterror.h>

#include <cstring>
#include <memory>

#include "collect/libvirt/module/error_mapping.hpp"
#include "collect/libvirt/module/handles.hpp"
#include "collect/libvirt/module/security_xml.hpp"

namespace virtcheck::libvirt {
namespace {

int last_error_code() {
    const virError* error = virGetLastError();
    return error ? error->code : VIR_ERR_OK;
}

std::string last_error_message() {
    const virError* error = virGetLastError();
    return error && error->message ? error->message : "unknown libvirt error";
}

struct StatsRecordsFree {
    void operator()(virDomainStatsRecordPtr* records) const { virDomainStatsRecordListFree(records); }
};

model::VmState state_of(virTypedParameterPtr params, int count) {
    for (int i = 0; i < count; ++i) {
        if (std::strncmp(params[i].field, "state.state", VIR_TYPED_PARAM_FIELD_LENGTH) != 0) continue;
        long long value = params[i].type == VIR_TYPED_PARAM_INT    ? params[i].value.i
                          : params[i].type == VIR_TYPED_PARAM_UINT ? params[i].value.ui
                                                                   : -1;
        if (value >= 0 && value <= 7) return static_cast<model::VmState>(value);
    }
    return model::VmState::NoState;
}

bool daemon_gone() {
    const virError* error = virGetLastError();
    return error && classify_error(error->code, error->domain, last_error_message()) == CollectError::Kind::Unreachable;
}

// The host-model CPU of the domain capabilities (read-write connections only: libvirt refuses
// them read-only since they may run an emulator binary); else the host CPU itself.
void read_cpu_features(virConnectPtr connection, const std::string& uri, model::HostSecurity& host, Progress& progress) {
    progress.stage("reading the domain capabilities from " + uri);
    std::string why;
    if (LibvirtString caps{virConnectGetDomainCapabilities(connection, nullptr, nullptr, nullptr, nullptr, 0)}) {
        auto cpu = parse_host_model_cpu(caps.get());
        if (cpu.found) {
            host.cpu_model = cpu.model, host.cpu_features = std::move(cpu.features);
            host.cpu_features_from = "the host-model CPU of the domain capabilities";
            return;
        }
        why = "the domain capabilities offer no host-model CPU";
    } else {
        if (daemon_gone()) throw last_error(uri, "reading the domain capabilities");
        int code = last_error_code();
        why = code == VIR_ERR_OPERATION_DENIED ? "domain capabilities need a read-write connection"
              : code == VIR_ERR_NO_SUPPORT     ? "this driver has no domain capabilities"
                                               : "no domain capabilities: " + last_error_message();
    }
    progress.stage("reading the host capabilities from " + uri);
    LibvirtString caps{virConnectGetCapabilities(connection)};
    if (!caps) throw last_error(uri, "reading the host capabilities");
    auto cpu = parse_host_cpu(caps.get());
    if (!cpu.found) {
        host.cpu_features_from = why + ", and the host capabilities name no CPU";
        return;
    }
    host.cpu_model = cpu.model, host.cpu_features = std::move(cpu.features);
    host.cpu_features_from = "the host CPU of the capabilities (" + why + ")";
}

}  // namespace

model::HostSecurity read_host_security(virConnectPtr connection, const std::string& uri, Progress& progress) {
    model::HostSecurity host;
    progress.stage("reading the host's security model from " + uri);
    if (LibvirtString hostname{virConnectGetHostname(connection)}) host.name = hostname.get();
    virSecurityModel model{};
    if (virNodeGetSecurityModel(connection, &model) == 0) {
        std::string name(model.model, strnlen(model.model, sizeof model.model));
        // libvirt gives an empty model when the host runs no security driver.
        host.security_model = name.empty() ? "none" : name;
    } else if (last_error_code() != VIR_ERR_NO_SUPPORT) {
        throw last_error(uri, "reading the host's security model");
    }
    read_cpu_features(connection, uri, host, progress);
    return host;
}

std::vector<model::VmSecurity> collect_vm_security(virConnectPtr connection, const std::string& uri, bool secure,
                                                   const std::function<bool(const model::VmSecurity&)>& wanted,
                                                   Progress& progress) {
    // The bulk listing with the state group: every VM and its state in one call.
    progress.stage("listing VMs at " + uri);
    virDomainStatsRecordPtr* raw = nullptr;
    int count = virConnectGetAllDomainStats(connection, VIR_DOMAIN_STATS_STATE, &raw, 0);
    if (count < 0) throw last_error(uri, "listing VMs");
    std::unique_ptr<virDomainStatsRecordPtr, StatsRecordsFree> records(raw);

    std::vector<model::VmSecurity> result;
    for (int i = 0; i < count; ++i) {
        virDomainPtr domain = raw[i]->dom;
        model::VmSecurity id;
        if (const char* name = virDomainGetName(domain)) id.name = name;
        char uuid[VIR_UUID_STRING_BUFLEN] = {};
        if (virDomainGetUUIDString(domain, uuid) == 0) id.uuid = uuid;
        if (!wanted(id)) continue;  // unselected VMs cost no further calls
        id.state = state_of(raw[i]->params, raw[i]->nparams);
        progress.stage("reading the description of VM " + id.name + " from " + uri);
        LibvirtString xml{virDomainGetXMLDesc(domain, secure ? VIR_DOMAIN_XML_SECURE : 0)};
        model::VmSecurity vm;
        if (xml) {
            vm = parse_vm_security(xml.get(), secure);
        } else {
            if (last_error_code() == VIR_ERR_NO_DOMAIN) continue;  // undefined since the listing
            if (daemon_gone()) throw last_error(uri, "reading the description of VM " + id.name);
            vm.unreadable = "its description could not be read: " + last_error_message();
        }
        vm.name = std::move(id.name), vm.uuid = std::move(id.uuid), vm.state = id.state;
        result.push_back(std::move(vm));
    }
    return result;
}

}  // namespace virtcheck::libvirt
