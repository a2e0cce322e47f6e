#include "collect/libvirt/native/descriptions.hpp"

#include <algorithm>
#include <charconv>
#include <functional>

#include "collect/libvirt/native/xml_reader.hpp"
#include "core/errors.hpp"

namespace virtcheck::libvirt::native {
namespace {

using xml::Element;

// The elements an absolute XPath of plain names (/a/b/c) selects, in document order. Plain
// XPath names select only elements outside any namespace.
void select(const Element& node, const std::vector<std::string_view>& path, std::size_t depth,
            const std::function<void(const Element&)>& found) {
    if (node.in_namespace || node.name != path[depth]) return;
    if (depth + 1 == path.size()) {
        found(node);
        return;
    }
    for (const auto& child : node.children) select(child, path, depth + 1, found);
}

std::string attribute_of(const Element* node, std::string_view name) { return node ? node->attribute(name) : ""; }

}  // namespace

model::Capabilities read_capabilities(std::string_view text) {
    auto doc = xml::parse(text);
    if (!doc) throw CollectError(CollectError::Kind::Failed, "the host capabilities are not valid XML");
    model::Capabilities capabilities;
    bool have_arch = false;
    select(*doc, {"capabilities", "host", "cpu", "arch"}, 0, [&](const Element& arch) {
        if (!have_arch) capabilities.host_arch = arch.content, have_arch = true;
    });
    select(*doc, {"capabilities", "guest", "arch"}, 0, [&](const Element& arch) {
        bool host_arch = capabilities.host_arch.empty() || capabilities.host_arch == arch.attribute("name");
        if (!host_arch) return;
        for (const auto& child : arch.children) {
            if (child.name != "domain") continue;
            std::string type = child.attribute("type");
            auto& types = capabilities.domain_types;
            if (!type.empty() && std::find(types.begin(), types.end(), type) == types.end()) types.push_back(type);
        }
    });
    return capabilities;
}

NetworkDefinition read_network_definition(std::string_view text) {
    NetworkDefinition definition;
    auto network = xml::parse(text);
    if (!network) return definition;
    definition.bridge = attribute_of(network->child("bridge"), "name");
    for (const auto& ip : network->children) {
        if (ip.name != "ip") continue;
        const Element* dhcp = ip.child("dhcp");
        if (!dhcp) continue;
        for (const auto& range : dhcp->children)
            if (range.name == "range") definition.dhcp_ranges.emplace_back(range.attribute("start"), range.attribute("end"));
    }
    return definition;
}

model::Snapshot read_snapshot(std::string_view text) {
    model::Snapshot snapshot;
    auto root = xml::parse(text);
    if (!root || root->name != "domainsnapshot") return snapshot;
    const Element* name = root->child("name");
    snapshot.name = name ? name->content : "";
    const Element* time = root->child("creationTime");
    std::string created = time ? time->content : "";
    std::int64_t seconds = 0;
    auto [end, ec] = std::from_chars(created.data(), created.data() + created.size(), seconds);
    if (ec == std::errc{} && end == created.data() + created.size() && !created.empty()) snapshot.created = seconds;
    return snapshot;
}

DomainDevices read_domain_devices(std::string_view text) {
    DomainDevices devices;
    auto root = xml::parse(text);
    const Element* list = root ? root->child("devices") : nullptr;
    if (!list) return devices;
    for (const auto& device : list->children) {
        std::string dev = attribute_of(device.child("target"), "dev");
        if (dev.empty()) continue;
        if (device.name == "disk") {
            const Element* source = device.child("source");
            std::string path;
            for (const char* attr : {"file", "dev", "name", "volume"})
                if (path.empty()) path = attribute_of(source, attr);
            devices.disks.push_back({dev, path, device.attribute("type")});
        } else if (device.name == "interface") {
            devices.interfaces.push_back(dev);
        }
    }
    return devices;
}

}  // namespace virtcheck::libvirt::native
