// check_vm_security in vSphere mode: what the VMs' configuration and the hosts' service lists
// say, in the model's terms (model/security.hpp). Every value is untrusted text from the server.
#include <algorithm>
#include <cctype>
#include <charconv>

#include "collect/vsphere/mapping.hpp"

namespace virtcheck::vsphere {
namespace {

std::string lowercase(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// A VMX boolean: "TRUE", "true", "1" (VMX values are case-insensitive).
bool vmx_true(const std::string& value) {
    std::string v = lowercase(value);
    return v == "true" || v == "1" || v == "yes";
}

std::optional<int> port_of(const std::string& text) {
    int port = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (error != std::errc() || end != text.data() + text.size() || port < 0 || port > 65535) return std::nullopt;
    return port;
}

// RemoteDisplay.vnc.*: the VM's own VNC server on the ESXi host, which has no TLS.
std::optional<model::Console> vnc_console(const Vm& vm) {
    std::string enabled, ip, port, password;
    for (const auto& [key, value] : vm.extra_config) {
        std::string k = lowercase(key);
        if (k == "remotedisplay.vnc.enabled") enabled = value;
        else if (k == "remotedisplay.vnc.ip") ip = value;
        else if (k == "remotedisplay.vnc.port") port = value;
        else if (k == "remotedisplay.vnc.password") password = value;
    }
    if (!vmx_true(enabled)) return std::nullopt;
    model::Console console;
    console.type = "vnc";
    // No ip: the host's every address.
    console.listen.push_back({model::Endpoint::Kind::Address, ip});
    console.port = port_of(port);
    console.password = password.empty() ? model::Password::None : model::Password::Set;
    console.tls = false;
    return console;
}

std::vector<model::HostDevice> host_devices(const Vm& vm) {
    std::vector<model::HostDevice> devices;
    for (const auto& device : vm.passthrough_devices) {
        std::string type = device.type == "VirtualUSB"             ? "usb"
                           : device.type == "VirtualSCSIPassthrough" ? "scsi"
                           : device.backing == "VirtualPCIPassthroughVmiopBackingInfo"    ? "vgpu"
                           : device.backing == "VirtualPCIPassthroughDynamicBackingInfo" ? "pci (dynamic DirectPath I/O)"
                                                                                          : "pci";
        devices.push_back({type, device.id.empty() ? device.label : device.id});
    }
    return devices;
}

// A serial port the host serves on the network: "telnet://:7001", "tcp://127.0.0.1:7002",
// "telnets://0.0.0.0:7003". Only direction server listens; a client connects out.
std::vector<model::CharDevice> network_serial_ports(const Vm& vm) {
    std::vector<model::CharDevice> out;
    for (const auto& port : vm.serial_ports) {
        if (port.direction != "server") continue;
        model::CharDevice device;
        device.device = "serial";
        std::string scheme, rest = port.uri;
        if (auto colon = rest.find("://"); colon != std::string::npos) {
            scheme = lowercase(rest.substr(0, colon));
            rest.erase(0, colon + 3);
        }
        device.type = "tcp";
        device.protocol = scheme;
        device.tls = scheme == "telnets" || scheme == "ssl" || scheme == "tcp+ssl";
        auto split = rest.rfind(':');
        device.address = split == std::string::npos ? rest : rest.substr(0, split);
        device.service = split == std::string::npos ? std::string() : rest.substr(split + 1);
        if (device.address.size() > 1 && device.address.front() == '[' && device.address.back() == ']')
            device.address = device.address.substr(1, device.address.size() - 2);
        out.push_back(std::move(device));
    }
    return out;
}

std::vector<model::DiskImage> disk_images(const Vm& vm) {
    std::vector<model::DiskImage> out;
    for (const auto& disk : vm.disks) {
        if (disk.file.empty()) continue;  // a raw LUN or a backing the API did not name
        model::DiskImage image;
        image.target = disk.label;
        image.kind = "file";
        image.path = disk.file;
        image.shareable = disk.sharing == "sharingMultiWriter";
        // Non-persistent modes write to a redo log that is thrown away: the file itself is not written.
        image.readonly = disk.mode.find("nonpersistent") != std::string::npos;
        out.push_back(std::move(image));
    }
    return out;
}

model::Firmware firmware_of(const Vm& vm) {
    model::Firmware firmware;
    if (!vm.firmware.empty()) firmware.uefi = vm.firmware == "efi";
    // Secure boot exists only on EFI; an EFI VM whose boot options do not set it has it off.
    if (firmware.uefi) firmware.secure_boot = *firmware.uefi && vm.secure_boot.value_or(false);
    firmware.tpm = vm.vtpm;
    return firmware;
}

model::VmSecurity vm_security(const Vm& vm) {
    model::VmSecurity m;
    m.name = vm.name;
    m.uuid = uuid_of(vm);
    m.state = power_state(vm.power_state);
    m.live = vm.power_state == "poweredOn";
    m.virt_type = "vmware";
    if (!vm.devices_read) {
        m.unreadable = "its configuration could not be read (connection state " +
                       (vm.connection_state.empty() ? std::string("not given") : vm.connection_state) + ")";
        return m;
    }
    if (auto console = vnc_console(vm)) m.consoles.push_back(std::move(*console));
    m.char_devices = network_serial_ports(vm);
    m.host_devices = host_devices(vm);
    m.disks = disk_images(vm);
    m.firmware = firmware_of(vm);
    std::vector<std::pair<std::string, std::string>> isolation;
    for (const auto& [key, value] : vm.extra_config)
        if (lowercase(key).rfind("isolation.tools.", 0) == 0) isolation.emplace_back(key, value);
    m.tools_isolation = std::move(isolation);
    return m;
}

model::HostSecurity host_security(const Host& host) {
    model::HostSecurity m;
    m.name = host.name;
    if (host.services.empty() && host.lockdown_mode.empty()) {
        m.unreadable = "its services and lockdown mode could not be read (connection state " +
                       (host.connection_state.empty() ? std::string("not given") : host.connection_state) + ")";
        return m;
    }
    for (const auto& shell : {std::pair{model::HostService::Kind::Ssh, "TSM-SSH"}, {model::HostService::Kind::Shell, "TSM"}}) {
        auto found = std::find_if(host.services.begin(), host.services.end(),
                                  [&](const HostService& s) { return s.key == shell.second; });
        m.services.push_back({shell.first, shell.second, found == host.services.end() ? std::nullopt : found->running});
    }
    if (host.lockdown_mode == "lockdownDisabled") m.lockdown = false;
    else if (host.lockdown_mode == "lockdownNormal" || host.lockdown_mode == "lockdownStrict") m.lockdown = true;
    return m;
}

}  // namespace

model::Security security_as_model(const std::vector<Host>& hosts, const std::vector<Vm>& vms) {
    model::Security security;
    security.host.cpu_features_from = "the vSphere API lists no CPU features of hosts and guests";
    for (const auto& host : hosts) security.hosts.push_back(host_security(host));
    for (const auto& vm : vms)
        if (!vm.is_template.value_or(false)) security.vms.push_back(vm_security(vm));
    auto& blind = security.blind;
    blind.labels = "the vSphere API shows no confinement of a VM's process";
    blind.process_user = "the vSphere API shows no user a VM's process runs as";
    blind.image_modes = "the images are on the ESXi hosts' datastores (no file modes in the API)";
    blind.cpu_features = security.host.cpu_features_from;
    return security;
}

}  // namespace virtcheck::vsphere
