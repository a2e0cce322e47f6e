#pragma once
// A small, strict XML reader for the descriptions libvirt returns (capabilities, network,
// snapshot and domain XML), so that a native run need not load libxml2 (and ICU) for them.
// It builds the element tree and follows libxml2 wherever the checks could tell: names are
// local names when their prefix is bound (node->name), an element's text is all of its
// descendant text (xmlNodeGetContent), references and line ends are decoded as XML says.
// Anything not well-formed, not UTF-8, nested deeper than libxml2's 256 levels, or with a
// DOCTYPE (libvirt never sends one; entity definitions are not for untrusted input) is refused.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace virtcheck::libvirt::native::xml {

struct Element {
    std::string name;           // local name, or "prefix:name" when the prefix is not bound
    bool in_namespace = false;  // a bound prefix or a default namespace applies
    std::vector<std::pair<std::string, std::string>> attributes;  // without xmlns declarations
    std::vector<Element> children;
    std::string content;        // all descendant text, in document order

    // The first child element called `name` (any namespace, as libxml2's node->name), or null.
    const Element* child(std::string_view child_name) const;
    // An attribute's value by local name, "" when absent (as xmlGetProp).
    std::string attribute(std::string_view attribute_name) const;
};

// The root element, or nothing when `text` is not a well-formed document.
std::optional<Element> parse(std::string_view text);

}  // namespace virtcheck::libvirt::native::xml
