#include "collect/libvirt/module/security_xml.hpp"

#include "collect/libvirt/module/xml.hpp"

namespace virtcheck::libvirt {
namespace {

using namespace xml;
using namespace security_fields;

template <typename Each>
void for_each_child(const xmlNode* node, const char* name, Each each) {
    for (xmlNode* c = node ? node->children : nullptr; c; c = c->next)
        if (named(c, name)) each(c);
}

std::string pci_address(xmlNode* address) {
    if (!address) return "";
    return hex_field(attribute(address, "domain"), 4) + ":" + hex_field(attribute(address, "bus"), 2) + ":" +
           hex_field(attribute(address, "slot"), 2) + "." + hex_field(attribute(address, "function"), 1);
}

// listen elements, else the legacy attributes, else the host's default.
std::vector<model::Endpoint> console_endpoints(xmlNode* graphics) {
    using Kind = model::Endpoint::Kind;
    std::vector<model::Endpoint> endpoints;
    bool any_listen = false;
    for_each_child(graphics, "listen", [&](xmlNode* listen) {
        any_listen = true;
        if (endpoints.size() >= max_items) return;
        std::string type = attribute(listen, "type"), address = attribute(listen, "address");
        if (type == "none") return;
        if (type == "socket") endpoints.push_back({Kind::Socket, attribute(listen, "socket")});
        else if (!address.empty()) endpoints.push_back({Kind::Address, address});  // network: resolved while running
        else if (type == "network") endpoints.push_back({Kind::Network, attribute(listen, "network")});
        else endpoints.push_back({Kind::HostDefault, ""});
    });
    if (any_listen) return endpoints;
    if (std::string socket = attribute(graphics, "socket"); !socket.empty()) return {{Kind::Socket, socket}};
    if (std::string address = attribute(graphics, "listen"); !address.empty()) return {{Kind::Address, address}};
    return {{Kind::HostDefault, ""}};
}

void read_console(xmlNode* graphics, bool passwords_visible, model::VmSecurity& vm) {
    std::string type = attribute(graphics, "type");
    // sdl, desktop, egl-headless, dbus: local displays, no network listener.
    if (type != "vnc" && type != "spice" && type != "rdp") return;
    model::Console console{type, console_endpoints(graphics)};
    console.port = port_of(attribute(graphics, "port"));
    console.tls_port = port_of(attribute(graphics, "tlsPort"));
    console.websocket = port_of(attribute(graphics, "websocket"));
    // Only the password's presence is kept, never its value.
    bool has_password = xmlHasProp(graphics, reinterpret_cast<const xmlChar*>("passwd")) != nullptr;
    console.password = has_password ? model::Password::Set
                       : passwords_visible ? model::Password::None
                                           : model::Password::Unknown;
    vm.consoles.push_back(std::move(console));
}

// TCP and UDP sources in bind mode: sockets the host listens on. Connect-mode sources reach
// out and are not listeners.
void read_char_device(xmlNode* device, model::VmSecurity& vm) {
    std::string type = attribute(device, "type");
    if (type != "tcp" && type != "udp") return;
    std::string protocol = attribute(child(device, "protocol"), "type");
    for_each_child(device, "source", [&](xmlNode* source) {
        if (attribute(source, "mode") != "bind" || vm.char_devices.size() >= max_items) return;
        model::CharDevice bound{reinterpret_cast<const char*>(device->name), type, attribute(source, "host"),
                                attribute(source, "service"), protocol, attribute(source, "tls") == "yes"};
        // libvirt repeats the first serial port as <console>: one listener, listed once.
        bool repeated = std::any_of(vm.char_devices.begin(), vm.char_devices.end(), [&](const model::CharDevice& d) {
            return d.type == bound.type && d.address == bound.address && d.service == bound.service;
        });
        if (!repeated) vm.char_devices.push_back(std::move(bound));
    });
}

model::HostDevice host_device(xmlNode* hostdev) {
    std::string type = attribute(hostdev, "type");
    xmlNode* source = child(hostdev, "source");
    xmlNode* address = child(source, "address");
    if (attribute(hostdev, "mode") == "capabilities") {
        // Containers: a host block or character device, or a network interface.
        std::string path = xml::text(child(source, type == "net" ? "interface" : type == "misc" ? "char" : "block"));
        return {type, path};
    }
    if (type == "pci") return {type, pci_address(address)};
    if (type == "mdev") return {type, attribute(address, "uuid")};
    if (type == "usb") {
        std::string vendor = attribute(child(source, "vendor"), "id"), product = attribute(child(source, "product"), "id");
        if (!vendor.empty() || !product.empty()) return {type, hex_field(vendor, 4) + ":" + hex_field(product, 4)};
        return {type, "bus " + attribute(address, "bus") + " device " + attribute(address, "device")};
    }
    if (type == "scsi") {
        std::string where = attribute(child(source, "adapter"), "name");
        if (where.empty()) where = attribute(source, "protocol") + " " + attribute(child(source, "host"), "name") + " " + attribute(source, "name");
        return {type, where + " " + attribute(address, "bus") + ":" + attribute(address, "target") + ":" + attribute(address, "unit")};
    }
    if (type == "scsi_host") return {type, attribute(source, "protocol") + " " + attribute(source, "wwpn")};
    return {type, ""};
}

model::DiskImage disk_image(xmlNode* disk) {
    model::DiskImage image;
    image.kind = attribute(disk, "type");
    image.target = attribute(child(disk, "target"), "dev");
    xmlNode* source = child(disk, "source");
    if (image.kind == "file") image.path = attribute(source, "file");
    else if (image.kind == "block") image.path = attribute(source, "dev");
    else if (image.kind == "dir") image.path = attribute(source, "dir");
    else if (image.kind == "network") image.path = attribute(source, "protocol") + ":" + attribute(source, "name");
    else if (image.kind == "volume") image.path = attribute(source, "pool") + "/" + attribute(source, "volume");
    else if (image.kind == "vhostuser") image.path = attribute(source, "path");
    image.shareable = child(disk, "shareable") != nullptr;
    image.readonly = child(disk, "readonly") != nullptr;
    return image;
}

model::GuestCpu guest_cpu(xmlNode* cpu) {
    model::GuestCpu guest;
    if (!cpu) return guest;
    guest.model = xml::text(child(cpu, "model"));
    guest.mode = attribute(cpu, "mode");
    if (guest.mode.empty() && (!guest.model.empty() || child(cpu, "feature"))) guest.mode = "custom";
    for_each_child(cpu, "feature", [&](xmlNode* feature) {
        std::string name = attribute(feature, "name"), policy = attribute(feature, "policy");
        if (name.empty() || guest.enabled.size() + guest.disabled.size() >= max_items) return;
        (policy == "disable" || policy == "forbid" ? guest.disabled : guest.enabled).push_back(name);
    });
    return guest;
}

model::Firmware firmware(xmlNode* domain) {
    xmlNode* os = child(domain, "os");
    xmlNode* loader = child(os, "loader");
    bool uefi = attribute(os, "firmware") == "efi" || attribute(loader, "type") == "pflash" ||
                contains_any(xml::text(loader), {"ovmf", "edk2", "aavmf", "qemu_efi"});
    bool secure_boot = attribute(loader, "secure") == "yes";
    for_each_child(child(os, "firmware"), "feature", [&](xmlNode* feature) {
        if (attribute(feature, "name") == "secure-boot") secure_boot = attribute(feature, "enabled") == "yes";
    });
    bool tpm = child(child(domain, "devices"), "tpm") != nullptr;
    return {uefi, uefi && secure_boot, tpm};
}

HostCpuFeatures cpu_features(xmlNode* cpu, bool required_only) {
    HostCpuFeatures found;
    if (!cpu) return found;
    found.found = true;
    found.model = xml::text(child(cpu, "model"));
    for_each_child(cpu, "feature", [&](xmlNode* feature) {
        std::string name = attribute(feature, "name"), policy = attribute(feature, "policy");
        if (name.empty() || found.features.size() >= max_items) return;
        if (required_only && !policy.empty() && policy != "require" && policy != "force") return;
        found.features.push_back(name);
    });
    return found;
}

Document parse_bounded(std::string_view text, const char* name) {
    if (text.size() > max_xml_bytes) return nullptr;
    return parse(text, name);
}

}  // namespace

model::VmSecurity parse_vm_security(std::string_view text, bool passwords_visible) {
    model::VmSecurity vm;
    auto doc = parse_bounded(text, "domain.xml");
    xmlNode* domain = root(doc);
    if (!named(domain, "domain")) {
        vm.unreadable = "its description is not a libvirt domain's XML";
        return vm;
    }
    vm.virt_type = attribute(domain, "type");
    vm.live = !attribute(domain, "id").empty();  // only a running domain's XML has an id
    for_each_child(domain, "seclabel", [&](xmlNode* label) {
        if (vm.labels.size() < max_items)
            vm.labels.push_back({attribute(label, "model"), attribute(label, "type"), xml::text(child(label, "label"))});
    });
    vm.cpu = guest_cpu(child(domain, "cpu"));
    vm.firmware = firmware(domain);

    xmlNode* devices = child(domain, "devices");
    for (xmlNode* device = devices ? devices->children : nullptr; device; device = device->next) {
        if (named(device, "graphics")) {
            if (vm.consoles.size() < max_items) read_console(device, passwords_visible, vm);
        } else if (named(device, "serial") || named(device, "parallel") || named(device, "console") ||
                   named(device, "channel") || named(device, "redirdev") || named(device, "smartcard")) {
            read_char_device(device, vm);
        } else if (named(device, "hostdev")) {
            if (vm.host_devices.size() < max_items) vm.host_devices.push_back(host_device(device));
        } else if (named(device, "interface") && attribute(device, "type") == "hostdev") {
            // An SR-IOV virtual function handed to the guest as its network card.
            if (vm.host_devices.size() < max_items)
                vm.host_devices.push_back({"pci", pci_address(child(child(device, "source"), "address")) + " (network interface)"});
        } else if (named(device, "disk")) {
            auto image = disk_image(device);
            if (!image.path.empty() && vm.disks.size() < max_items) vm.disks.push_back(std::move(image));
        }
    }
    return vm;
}

HostCpuFeatures parse_host_model_cpu(std::string_view text) {
    auto doc = parse_bounded(text, "domaincapabilities.xml");
    xmlNode* caps = root(doc);
    if (!named(caps, "domainCapabilities")) return {};
    xmlNode* host_model = nullptr;
    for_each_child(child(caps, "cpu"), "mode", [&](xmlNode* mode) {
        if (attribute(mode, "name") == "host-model" && attribute(mode, "supported") == "yes") host_model = mode;
    });
    return cpu_features(host_model, true);
}

HostCpuFeatures parse_host_cpu(std::string_view text) {
    auto doc = parse_bounded(text, "capabilities.xml");
    xmlNode* caps = root(doc);
    if (!named(caps, "capabilities")) return {};
    return cpu_features(child(child(caps, "host"), "cpu"), false);
}

}  // namespace virtcheck::libvirt
