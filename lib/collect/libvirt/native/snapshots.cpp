// The snapshots of every VM, call for call as module/snapshots.cpp.
#include <libvirt/virterror.h>

#include "collect/libvirt/native/collectors.hpp"
#include "collect/libvirt/native/descriptions.hpp"

namespace virtcheck::libvirt::native {
namespace {

bool gone(const LibvirtError& error) { return error.code == VIR_ERR_NO_DOMAIN || error.code == VIR_ERR_NO_DOMAIN_SNAPSHOT; }

}  // namespace

std::vector<model::VmSnapshots> collect_snapshots(Session& session, const std::function<bool(const model::VmSnapshots&)>& wanted) {
    session.progress.stage("listing VMs at " + session.uri);
    std::vector<RemoteDomain> domains;
    try {
        domains = session.remote.connect_list_all_domains(0);
    } catch (const LibvirtError& e) {
        throw session.failure(e, "listing VMs");
    }

    std::vector<model::VmSnapshots> result;
    for (const auto& domain : domains) {
        model::VmSnapshots vm;
        vm.name = domain.name;
        vm.uuid = format_uuid(domain.uuid);
        if (!wanted(vm)) continue;  // unselected VMs cost no further calls
        session.progress.stage("listing snapshots of VM " + vm.name + " at " + session.uri);
        try {
            vm.state = static_cast<model::VmState>(session.remote.domain_get_state(domain, 0).first);
        } catch (const LibvirtError&) {
        }
        std::vector<RemoteSnapshot> snapshots;
        try {
            snapshots = session.remote.domain_list_all_snapshots(domain, 0);
        } catch (const LibvirtError& e) {
            if (gone(e)) continue;  // the VM was undefined since the listing
            throw session.failure(e, "listing snapshots of VM " + vm.name);
        }
        for (const auto& snapshot : snapshots) {
            std::string xml;
            try {
                xml = session.remote.domain_snapshot_get_xml_desc(snapshot, 0);
            } catch (const LibvirtError& e) {
                if (gone(e)) continue;  // deleted since the listing
                throw session.failure(e, "reading a snapshot of VM " + vm.name);
            }
            model::Snapshot parsed = read_snapshot(xml);
            if (parsed.name.empty()) parsed.name = snapshot.name;
            vm.snapshots.push_back(std::move(parsed));
        }
        result.push_back(std::move(vm));
    }
    return result;
}

}  // namespace virtcheck::libvirt::native
