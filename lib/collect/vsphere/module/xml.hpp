#pragma once
// Response bytes are untrusted: they become this small tree, and nothing else in the module
// touches libxml2. Element names are local names (any namespace prefix, any namespace is
// accepted); unknown elements are simply more children.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace virtcheck::vsphere::xml {

struct Node {
    std::string name;      // local name: "returnval", "propSet"
    std::string xsi_type;  // xsi:type without its prefix: "ArrayOfManagedObjectReference", "int"
    std::string ref_type;  // the plain "type" attribute (managed object references)
    std::string text;      // character data directly inside (for leaves)
    std::vector<Node> children;

    const Node* child(std::string_view local_name) const;  // the first of that name
    std::vector<const Node*> all(std::string_view local_name) const;
    std::string child_text(std::string_view local_name) const;  // "" when absent
};

inline constexpr std::size_t max_depth = 200;

// Parses a whole document: no network, no DTD (a document with one is refused: no entity
// expansion, no XXE), at most max_depth levels. Nothing when it is not well-formed XML;
// `why` then says what was wrong.
std::optional<Node> parse(std::string_view bytes, std::string& why);

// Text for an element's content or an attribute value.
std::string escape(std::string_view text);

}  // namespace virtcheck::vsphere::xml
