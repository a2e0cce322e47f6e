// Line for line module/security_xml.cpp, over the native reader's elements: an absent
// element is a null pointer there as here, and gives "" and empty lists.
#include "collect/libvirt/native/security_descriptions.hpp"

#include "collect/libvirt/native/xml_reader.hpp"

namespace virtcheck::libvirt::native {
namespace {

using namespace security_fields;
using xml::Element;

template <typename Each>
void for_each_child(const Element* node, std::string_view name, Each each) {
    if (!node) return;
    for (const auto& c : node->children)
        if (c.name == name) each(c);
}

const Element* child(const Element* node, std::string_view name) { return node ? node->child(name) : nullptr; }
std::string attribute(const Element* node, std::string_view name) { return node ? node->attribute(name) : ""; }
std::string text(const Element* node) { return node ? node->content : ""; }

bool has_attribute(const Element& node, std::string_view name) {
    return std::any_of(node.attributes.begin(), node.attributes.end(), [&](const auto& a) { return a.first == name; });
}

std::string pci_address(const Element* address) {
    if (!address) return "";
    return hex_field(attribute(address, "domain"), 4) + ":" + hex_field(attribute(address, "bus"), 2) + ":" +
           hex_field(attribute(address, "slot"), 2) + "." + hex_field(attribute(address, "function"), 1);
}

std::vector<model::Endpoint> console_endpoints(const Element& graphics) {
    using Kind = model::Endpoint::Kind;
    std::vector<model::Endpoint> endpoints;
    bool any_listen = false;
    for_each_child(&graphics, "listen", [&](const Element& listen) {
        any_listen = true;
        if (endpoints.size() >= max_items) return;
        std::string type = listen.attribute("type"), address = listen.attribute("address");
        if (type == "none") return;
        if (type == "socket") endpoints.push_back({Kind::Socket, listen.attribute("socket")});
        else if (!address.empty()) endpoints.push_back({Kind::Address, address});
        else if (type == "network") endpoints.push_back({Kind::Network, listen.attribute("network")});
        else endpoints.push_back({Kind::HostDefault, ""});
    });
    if (any_listen) return endpoints;
    if (std::string socket = graphics.attribute("socket"); !socket.empty()) return {{Kind::Socket, socket}};
    if (std::string address = graphics.attribute("listen"); !address.empty()) return {{Kind::Address, address}};
    return {{Kind::HostDefault, ""}};
}

void read_console(const Element& graphics, bool passwords_visible, model::VmSecurity& vm) {
    std::string type = graphics.attribute("type");
    if (type != "vnc" && type != "spice" && type != "rdp") return;
    model::Console console{type, console_endpoints(graphics)};
    console.port = port_of(graphics.attribute("port"));
    console.tls_port = port_of(graphics.attribute("tlsPort"));
    console.websocket = port_of(graphics.attribute("websocket"));
    // Only the password's presence is kept, never its value.
    console.password = has_attribute(graphics, "passwd") ? model::Password::Set
                       : passwords_visible               ? model::Password::None
                                                         : model::Password::Unknown;
    vm.consoles.push_back(std::move(console));
}

void read_char_device(const Element& device, model::VmSecurity& vm) {
    std::string type = device.attribute("type");
    if (type != "tcp" && type != "udp") return;
    std::string protocol = attribute(device.child("protocol"), "type");
    for_each_child(&device, "source", [&](const Element& source) {
        if (source.attribute("mode") != "bind" || vm.char_devices.size() >= max_items) return;
        model::CharDevice bound{device.name, type, source.attribute("host"), source.attribute("service"), protocol,
                                source.attribute("tls") == "yes"};
        bool repeated = std::any_of(vm.char_devices.begin(), vm.char_devices.end(), [&](const model::CharDevice& d) {
            return d.type == bound.type && d.address == bound.address && d.service == bound.service;
        });
        if (!repeated) vm.char_devices.push_back(std::move(bound));
    });
}

model::HostDevice host_device(const Element& hostdev) {
    std::string type = hostdev.attribute("type");
    const Element* source = hostdev.child("source");
    const Element* address = child(source, "address");
    if (hostdev.attribute("mode") == "capabilities") {
        std::string path = text(child(source, type == "net" ? "interface" : type == "misc" ? "char" : "block"));
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
        if (where.empty())
            where = attribute(source, "protocol") + " " + attribute(child(source, "host"), "name") + " " + attribute(source, "name");
        return {type, where + " " + attribute(address, "bus") + ":" + attribute(address, "target") + ":" + attribute(address, "unit")};
    }
    if (type == "scsi_host") return {type, attribute(source, "protocol") + " " + attribute(source, "wwpn")};
    return {type, ""};
}

model::DiskImage disk_image(const Element& disk) {
    model::DiskImage image;
    image.kind = disk.attribute("type");
    image.target = attribute(disk.child("target"), "dev");
    const Element* source = disk.child("source");
    if (image.kind == "file") image.path = attribute(source, "file");
    else if (image.kind == "block") image.path = attribute(source, "dev");
    else if (image.kind == "dir") image.path = attribute(source, "dir");
    else if (image.kind == "network") image.path = attribute(source, "protocol") + ":" + attribute(source, "name");
    else if (image.kind == "volume") image.path = attribute(source, "pool") + "/" + attribute(source, "volume");
    else if (image.kind == "vhostuser") image.path = attribute(source, "path");
    image.shareable = disk.child("shareable") != nullptr;
    image.readonly = disk.child("readonly") != nullptr;
    return image;
}

model::GuestCpu guest_cpu(const Element* cpu) {
    model::GuestCpu guest;
    if (!cpu) return guest;
    guest.model = text(cpu->child("model"));
    guest.mode = cpu->attribute("mode");
    if (guest.mode.empty() && (!guest.model.empty() || cpu->child("feature"))) guest.mode = "custom";
    for_each_child(cpu, "feature", [&](const Element& feature) {
        std::string name = feature.attribute("name"), policy = feature.attribute("policy");
        if (name.empty() || guest.enabled.size() + guest.disabled.size() >= max_items) return;
        (policy == "disable" || policy == "forbid" ? guest.disabled : guest.enabled).push_back(name);
    });
    return guest;
}

model::Firmware firmware(const Element& domain) {
    const Element* os = domain.child("os");
    const Element* loader = child(os, "loader");
    bool uefi = attribute(os, "firmware") == "efi" || attribute(loader, "type") == "pflash" ||
                contains_any(text(loader), {"ovmf", "edk2", "aavmf", "qemu_efi"});
    bool secure_boot = attribute(loader, "secure") == "yes";
    for_each_child(child(os, "firmware"), "feature", [&](const Element& feature) {
        if (feature.attribute("name") == "secure-boot") secure_boot = feature.attribute("enabled") == "yes";
    });
    bool tpm = child(domain.child("devices"), "tpm") != nullptr;
    return {uefi, uefi && secure_boot, tpm};
}

HostCpuFeatures cpu_features(const Element* cpu, bool required_only) {
    HostCpuFeatures found;
    if (!cpu) return found;
    found.found = true;
    found.model = text(cpu->child("model"));
    for_each_child(cpu, "feature", [&](const Element& feature) {
        std::string name = feature.attribute("name"), policy = feature.attribute("policy");
        if (name.empty() || found.features.size() >= max_items) return;
        if (required_only && !policy.empty() && policy != "require" && policy != "force") return;
        found.features.push_back(name);
    });
    return found;
}

std::optional<Element> parse_bounded(std::string_view text) {
    if (text.size() > max_xml_bytes) return std::nullopt;
    return xml::parse(text);
}

}  // namespace

model::VmSecurity read_vm_security(std::string_view xml_text, bool passwords_visible) {
    model::VmSecurity vm;
    auto domain = parse_bounded(xml_text);
    if (!domain || domain->name != "domain") {
        vm.unreadable = "its description is not a libvirt domain's XML";
        return vm;
    }
    vm.virt_type = domain->attribute("type");
    vm.live = !domain->attribute("id").empty();  // only a running domain's XML has an id
    for_each_child(&*domain, "seclabel", [&](const Element& label) {
        if (vm.labels.size() < max_items)
            vm.labels.push_back({label.attribute("model"), label.attribute("type"), text(label.child("label"))});
    });
    vm.cpu = guest_cpu(domain->child("cpu"));
    vm.firmware = firmware(*domain);

    const Element* devices = domain->child("devices");
    if (!devices) return vm;
    for (const auto& device : devices->children) {
        const std::string& name = device.name;
        if (name == "graphics") {
            if (vm.consoles.size() < max_items) read_console(device, passwords_visible, vm);
        } else if (name == "serial" || name == "parallel" || name == "console" || name == "channel" ||
                   name == "redirdev" || name == "smartcard") {
            read_char_device(device, vm);
        } else if (name == "hostdev") {
            if (vm.host_devices.size() < max_items) vm.host_devices.push_back(host_device(device));
        } else if (name == "interface" && device.attribute("type") == "hostdev") {
            if (vm.host_devices.size() < max_items)
                vm.host_devices.push_back({"pci", pci_address(child(device.child("source"), "address")) + " (network interface)"});
        } else if (name == "disk") {
            auto image = disk_image(device);
            if (!image.path.empty() && vm.disks.size() < max_items) vm.disks.push_back(std::move(image));
        }
    }
    return vm;
}

HostCpuFeatures read_host_model_cpu(std::string_view xml_text) {
    auto caps = parse_bounded(xml_text);
    if (!caps || caps->name != "domainCapabilities") return {};
    const Element* host_model = nullptr;
    for_each_child(caps->child("cpu"), "mode", [&](const Element& mode) {
        if (mode.attribute("name") == "host-model" && mode.attribute("supported") == "yes") host_model = &mode;
    });
    return cpu_features(host_model, true);
}

HostCpuFeatures read_host_cpu(std::string_view xml_text) {
    auto caps = parse_bounded(xml_text);
    if (!caps || caps->name != "capabilities") return {};
    return cpu_features(child(caps->child("host"), "cpu"), false);
}

}  // namespace virtcheck::libvirt::native
