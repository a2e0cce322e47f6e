#include "collect/vsphere/module/inventory.hpp"

#include <array>
#include <cctype>
#include <cstddef>
#include <map>
#include <memory_resource>
#include <set>
#include <span>

#include "collect/vsphere/module/values.hpp"

namespace virtcheck::vsphere {
namespace {

std::string text_of(const ObjectContent& o, std::string_view path) {
    const xml::Node* node = o.property(path);
    return node ? std::string(node->text) : std::string();
}

std::optional<std::int64_t> integer_at(const ObjectContent& o, std::string_view path) {
    return integer_of(o.property(path));
}

// Array values come as <val xsi:type="ArrayOfX"><X>..</X>...</val>: the children.
std::span<const xml::Node> items(const xml::Node* array) {
    return array ? array->children : std::span<const xml::Node>();
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

const xml::Node& deref(const xml::Node& node) { return node; }
const xml::Node& deref(const xml::Node* node) { return *node; }

}  // namespace

std::vector<std::string> host_properties() {
    return {"name",
            "parent",
            "runtime.connectionState",
            "runtime.inMaintenanceMode",
            "runtime.powerState",
            "runtime.bootTime",
            "overallStatus",
            "triggeredAlarmState",
            "summary.quickStats.overallCpuUsage",
            "summary.quickStats.overallMemoryUsage",
            "summary.quickStats.uptime",
            "hardware.cpuInfo",
            "hardware.memorySize",
            "config.product",
            "config.lockdownMode",
            "config.service"};
}

std::vector<std::string> vm_properties(const VmDetails& details) {
    std::vector<std::string> paths;
    if (details.identity) paths = {"name", "config.instanceUuid", "config.uuid"};
    paths.insert(paths.end(), {"config.template", "runtime.powerState"});
    if (details.runtime)
        paths.insert(paths.end(), {"runtime.connectionState", "runtime.consolidationNeeded", "runtime.question",
                                   "guest.toolsRunningStatus", "guest.toolsVersionStatus2",
                                   "summary.config.guestFullName"});
    if (details.hardware)
        paths.insert(paths.end(), {"runtime.host", "summary.config.numCpu", "summary.config.memorySizeMB"});
    if (details.quick_stats)
        paths.insert(paths.end(), {"summary.quickStats.overallCpuUsage", "summary.quickStats.guestMemoryUsage",
                                   "summary.quickStats.hostMemoryUsage", "summary.quickStats.balloonedMemory",
                                   "summary.quickStats.swappedMemory", "summary.quickStats.compressedMemory",
                                   "summary.quickStats.uptimeSeconds"});
    if (details.snapshots) paths.insert(paths.end(), {"snapshot.rootSnapshotList", "layoutEx.file", "layoutEx.disk"});
    if (details.security) {
        paths.insert(paths.end(), {"config.extraConfig", "config.hardware.device", "config.firmware", "config.bootOptions"});
        if (!details.runtime) paths.push_back("runtime.connectionState");  // why a VM's config is missing
    }
    return paths;
}

std::vector<std::string> datastore_properties() {
    return {"name",           "summary.capacity",        "summary.freeSpace", "summary.uncommitted",
            "summary.accessible", "summary.maintenanceMode", "summary.type",      "summary.url",
            "host"};
}

std::vector<Host> hosts_of(const std::vector<ObjectContent>& objects) {
    std::map<std::string, std::string> cluster_names;  // "type:value" -> name, clusters only
    for (const auto& o : objects)
        if (o.obj.type == "ClusterComputeResource") cluster_names[o.obj.type + ":" + o.obj.value] = text_of(o, "name");
    std::vector<Host> hosts;
    hosts.reserve(objects.size());
    for (const auto& o : objects) {
        if (o.obj.type != "HostSystem") continue;
        Host h;
        h.ref = o.obj;
        h.name = text_of(o, "name");
        if (const xml::Node* parent = o.property("parent")) {
            auto cluster = cluster_names.find(std::string(parent->ref_type) + ":" + std::string(parent->text));
            if (cluster != cluster_names.end()) h.cluster = cluster->second;
        }
        h.connection_state = text_of(o, "runtime.connectionState");
        h.in_maintenance = boolean_of(o.property("runtime.inMaintenanceMode"));
        h.power_state = text_of(o, "runtime.powerState");
        h.boot_time = datetime_of(o.property("runtime.bootTime"));
        h.overall_status = text_of(o, "overallStatus");
        for (const xml::Node& state : items(o.property("triggeredAlarmState"))) {
            TriggeredAlarm alarm;
            if (const xml::Node* ref = state.child("alarm")) alarm.alarm = soap::ref_of(*ref);
            alarm.status = state.child_text("overallStatus");
            alarm.time = datetime_of(state.child("time"));
            alarm.acknowledged = boolean_of(state.child("acknowledged"));
            h.alarms.push_back(std::move(alarm));
        }
        h.cpu_usage_mhz = integer_at(o, "summary.quickStats.overallCpuUsage");
        h.memory_usage_mb = integer_at(o, "summary.quickStats.overallMemoryUsage");
        h.uptime_seconds = integer_at(o, "summary.quickStats.uptime");
        if (const xml::Node* cpu = o.property("hardware.cpuInfo")) {
            h.cpu_packages = integer_of(cpu->child("numCpuPackages"));
            h.cpu_cores = integer_of(cpu->child("numCpuCores"));
            h.cpu_threads = integer_of(cpu->child("numCpuThreads"));
            h.cpu_hz = integer_of(cpu->child("hz"));
        }
        h.memory_bytes = integer_at(o, "hardware.memorySize");
        if (const xml::Node* product = o.property("config.product")) {
            h.product_version = product->child_text("version");
            h.product_build = product->child_text("build");
        }
        h.lockdown_mode = text_of(o, "config.lockdownMode");
        if (const xml::Node* info = o.property("config.service"))
            for (const xml::Node* service : info->all("service")) {
                std::string key(service->child_text("key"));
                if (key == "TSM" || key == "TSM-SSH")
                    h.services.push_back(
                        {key, boolean_of(service->child("running")), std::string(service->child_text("policy"))});
            }
        hosts.push_back(std::move(h));
    }
    return hosts;
}

namespace {

// The trees of one list: a VirtualMachineSnapshotTree each.
template <class Trees>
std::vector<Snapshot> snapshots_in(const Trees& trees) {
    std::vector<Snapshot> snapshots;
    for (const auto& each : trees) {
        const xml::Node& tree = deref(each);
        Snapshot s;
        s.name = tree.child_text("name");
        s.id = integer_of(tree.child("id"));
        s.create_time = datetime_of(tree.child("createTime"));
        s.state = tree.child_text("state");
        // childSnapshotList repeats, one element per child.
        s.children = snapshots_in(tree.all("childSnapshotList"));
        snapshots.push_back(std::move(s));
    }
    return snapshots;
}

}  // namespace

std::vector<Snapshot> snapshots_of(const xml::Node& list) { return snapshots_in(list.children); }

namespace {

// What the snapshots take on disk: their own files (memory, data) and the delta disks,
// every disk chain link after the first.
std::optional<std::int64_t> snapshot_bytes(const ObjectContent& o) {
    const xml::Node* files = o.property("layoutEx.file");
    if (!files) return std::nullopt;
    // A VM has a few files: their nodes fit on the stack, with no allocation (more spill over).
    std::array<std::byte, 4096> scratch;
    std::pmr::monotonic_buffer_resource memory(scratch.data(), scratch.size());
    std::pmr::map<std::string_view, std::int64_t> size_by_key(&memory);
    std::pmr::set<std::string_view> counted(&memory);
    std::int64_t total = 0;
    for (const xml::Node& file : files->children) {
        auto size = integer_of(file.child("size"));
        std::string_view key = file.child_text("key");
        if (!size || *size < 0) continue;
        size_by_key[key] = *size;
        std::string_view type = file.child_text("type");
        if ((type == "snapshotData" || type == "snapshotMemory") && counted.insert(key).second) total += *size;
    }
    if (const xml::Node* disks = o.property("layoutEx.disk"))
        for (const xml::Node& disk : disks->children) {
            auto chain = disk.all("chain");
            for (std::size_t link = 1; link < chain.size(); ++link)
                for (const xml::Node* key : chain[link]->all("fileKey"))
                    if (auto size = size_by_key.find(key->text); size != size_by_key.end() && counted.insert(key->text).second)
                        total += size->second;
        }
    return total;
}

// VMX keys are case-insensitive: "RemoteDisplay.vnc.enabled" and "remotedisplay.vnc.Enabled"
// are one setting.
std::string lowercase(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

void read_device(const xml::Node& device, Vm& v) {
    const std::string type(device.xsi_type);
    const xml::Node* info = device.child("deviceInfo");
    const std::string label(info ? info->child_text("label") : std::string_view());
    const xml::Node* backing = device.child("backing");
    const std::string backing_type(backing ? backing->xsi_type : std::string_view());
    auto backing_text = [&](std::string_view name) {
        return std::string(backing ? backing->child_text(name) : std::string_view());
    };
    if (type == "VirtualPCIPassthrough") {
        std::string id = backing_type == "VirtualPCIPassthroughVmiopBackingInfo" ? backing_text("vgpu") : backing_text("id");
        v.passthrough_devices.push_back({type, backing_type, id, label});
    } else if (type == "VirtualSCSIPassthrough") {
        v.passthrough_devices.push_back({type, backing_type, backing_text("deviceName"), label});
    } else if (type == "VirtualUSB") {
        // A device of this host or of another ESXi host; a client's device (RemoteClient
        // backing) comes from the console user's machine, not from a host.
        if (backing_type == "VirtualUSBUSBBackingInfo" || backing_type == "VirtualUSBRemoteHostBackingInfo")
            v.passthrough_devices.push_back({type, backing_type, backing_text("deviceName"), label});
    } else if (type == "VirtualTPM") {
        v.vtpm = true;
    } else if (type == "VirtualDisk") {
        v.disks.push_back({label, backing_text("fileName"), backing_text("sharing"), backing_text("diskMode")});
    } else if (type == "VirtualSerialPort" && backing_type == "VirtualSerialPortURIBackingInfo") {
        v.serial_ports.push_back({label, backing_text("serviceURI"), backing_text("direction")});
    }
}

void read_security(const ObjectContent& o, Vm& v) {
    for (const xml::Node& option : items(o.property("config.extraConfig"))) {
        const std::string key(option.child_text("key")), lower = lowercase(key);
        if (lower == "remotedisplay.vnc.password")
            v.extra_config.emplace_back(key, option.child_text("value").empty() ? "" : "set");
        else if (starts_with(lower, "remotedisplay.vnc.") || starts_with(lower, "isolation.tools."))
            v.extra_config.emplace_back(key, option.child_text("value"));
    }
    if (const xml::Node* devices = o.property("config.hardware.device")) {
        v.devices_read = true;
        v.vtpm = false;
        for (const xml::Node& device : devices->children) read_device(device, v);
    }
    v.firmware = text_of(o, "config.firmware");
    if (const xml::Node* boot = o.property("config.bootOptions")) v.secure_boot = boolean_of(boot->child("efiSecureBootEnabled"));
}

}  // namespace

std::vector<Vm> vms_of(const std::vector<ObjectContent>& objects) {
    std::vector<Vm> vms;
    vms.reserve(objects.size());
    for (const auto& o : objects) {
        if (o.obj.type != "VirtualMachine") continue;
        Vm v;
        v.ref = o.obj;
        v.name = text_of(o, "name");
        v.instance_uuid = text_of(o, "config.instanceUuid");
        v.bios_uuid = text_of(o, "config.uuid");
        v.is_template = boolean_of(o.property("config.template"));
        v.power_state = text_of(o, "runtime.powerState");
        v.connection_state = text_of(o, "runtime.connectionState");
        if (const xml::Node* host = o.property("runtime.host")) v.host = soap::ref_of(*host);
        v.consolidation_needed = boolean_of(o.property("runtime.consolidationNeeded"));
        if (const xml::Node* question = o.property("runtime.question"))
            v.question = VmQuestion{std::string(question->child_text("id")), std::string(question->child_text("text"))};
        v.tools_running_status = text_of(o, "guest.toolsRunningStatus");
        v.tools_version_status = text_of(o, "guest.toolsVersionStatus2");
        v.guest_os = text_of(o, "summary.config.guestFullName");
        v.num_cpu = integer_at(o, "summary.config.numCpu");
        v.memory_mb = integer_at(o, "summary.config.memorySizeMB");
        v.cpu_usage_mhz = integer_at(o, "summary.quickStats.overallCpuUsage");
        v.guest_memory_usage_mb = integer_at(o, "summary.quickStats.guestMemoryUsage");
        v.host_memory_usage_mb = integer_at(o, "summary.quickStats.hostMemoryUsage");
        v.ballooned_mb = integer_at(o, "summary.quickStats.balloonedMemory");
        v.swapped_mb = integer_at(o, "summary.quickStats.swappedMemory");
        v.compressed_kb = integer_at(o, "summary.quickStats.compressedMemory");
        v.uptime_seconds = integer_at(o, "summary.quickStats.uptimeSeconds");
        if (const xml::Node* list = o.property("snapshot.rootSnapshotList")) v.snapshots = snapshots_of(*list);
        v.snapshot_bytes = snapshot_bytes(o);
        read_security(o, v);
        vms.push_back(std::move(v));
    }
    return vms;
}

std::vector<Datastore> datastores_of(const std::vector<ObjectContent>& objects) {
    std::vector<Datastore> datastores;
    datastores.reserve(objects.size());
    for (const auto& o : objects) {
        if (o.obj.type != "Datastore") continue;
        Datastore d;
        d.ref = o.obj;
        d.name = text_of(o, "name");
        d.capacity_bytes = integer_at(o, "summary.capacity");
        d.free_bytes = integer_at(o, "summary.freeSpace");
        d.uncommitted_bytes = integer_at(o, "summary.uncommitted");
        d.accessible = boolean_of(o.property("summary.accessible"));
        d.maintenance_mode = text_of(o, "summary.maintenanceMode");
        d.type = text_of(o, "summary.type");
        d.url = text_of(o, "summary.url");
        for (const xml::Node& mount : items(o.property("host")))
            if (const xml::Node* key = mount.child("key")) d.hosts.push_back(soap::ref_of(*key));
        datastores.push_back(std::move(d));
    }
    return datastores;
}

}  // namespace virtcheck::vsphere
