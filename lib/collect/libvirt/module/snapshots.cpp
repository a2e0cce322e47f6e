#include "collect/libvirt/module/snapshots.hpp"

#include <libvirt/virterror.h>

#include <charconv>

#include "collect/libvirt/module/error_mapping.hpp"
#include "collect/libvirt/module/handles.hpp"
#include "collect/libvirt/module/xml.hpp"

namespace virtcheck::libvirt {
namespace {

bool gone(int code) { return code == VIR_ERR_NO_DOMAIN || code == VIR_ERR_NO_DOMAIN_SNAPSHOT; }

bool last_error_is_gone() {
    const virError* error = virGetLastError();
    return error && gone(error->code);
}

}  // namespace

model::Snapshot parse_snapshot(std::string_view text) {
    using namespace xml;
    model::Snapshot snapshot;
    auto doc = parse(text, "snapshot.xml");
    xmlNode* root_node = root(doc);
    if (!named(root_node, "domainsnapshot")) return snapshot;
    snapshot.name = xml::text(child(root_node, "name"));
    std::string created = xml::text(child(root_node, "creationTime"));
    std::int64_t seconds = 0;
    auto [end, ec] = std::from_chars(created.data(), created.data() + created.size(), seconds);
    if (ec == std::errc{} && end == created.data() + created.size() && !created.empty()) snapshot.created = seconds;
    return snapshot;
}

std::vector<model::VmSnapshots> collect_snapshots(virConnectPtr connection, const std::string& uri,
                                           const std::function<bool(const model::VmSnapshots&)>& wanted, Progress& progress) {
    progress.stage("listing VMs at " + uri);
    virDomainPtr* list = nullptr;
    int count = virConnectListAllDomains(connection, &list, 0);
    if (count < 0) throw last_error(uri, "listing VMs");
    HandleList<virDomainPtr, virDomainFree> domains(list, count);

    std::vector<model::VmSnapshots> result;
    for (virDomainPtr domain : domains) {
        model::VmSnapshots vm;
        if (const char* name = virDomainGetName(domain)) vm.name = name;
        char uuid[VIR_UUID_STRING_BUFLEN] = {};
        if (virDomainGetUUIDString(domain, uuid) == 0) vm.uuid = uuid;
        if (!wanted(vm)) continue;  // unselected VMs cost no further calls
        progress.stage("listing snapshots of VM " + vm.name + " at " + uri);
        int state = 0, reason = 0;
        if (virDomainGetState(domain, &state, &reason, 0) == 0) vm.state = static_cast<model::VmState>(state);
        virDomainSnapshotPtr* snapshot_list = nullptr;
        int snapshot_count = virDomainListAllSnapshots(domain, &snapshot_list, 0);
        if (snapshot_count < 0) {
            if (last_error_is_gone()) continue;  // the VM was undefined since the listing
            throw last_error(uri, "listing snapshots of VM " + vm.name);
        }
        HandleList<virDomainSnapshotPtr, virDomainSnapshotFree> snapshots(snapshot_list, snapshot_count);
        for (virDomainSnapshotPtr snapshot : snapshots) {
            LibvirtString xml{virDomainSnapshotGetXMLDesc(snapshot, 0)};
            if (!xml) {
                if (last_error_is_gone()) continue;  // deleted since the listing
                throw last_error(uri, "reading a snapshot of VM " + vm.name);
            }
            model::Snapshot parsed = parse_snapshot(xml.get());
            if (parsed.name.empty()) {
                if (const char* name = virDomainSnapshotGetName(snapshot)) parsed.name = name;
            }
            vm.snapshots.push_back(std::move(parsed));
        }
        result.push_back(std::move(vm));
    }
    return result;
}

}  // namespace virtcheck::libvirt
