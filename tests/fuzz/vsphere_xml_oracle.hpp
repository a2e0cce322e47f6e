#pragma once
// libxml2's reading of a SOAP answer, the reference the vSphere module's own reader is held to
// (fuzz_vsphere_xml).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collect/vsphere/module/xml.hpp"

namespace virtcheck::vsphere::xml_oracle {

// The same fields as xml::Node, each its own copy.
struct Node {
    std::string name;
    std::string xsi_type;
    std::string ref_type;
    std::string text;
    std::vector<Node> children;
};

struct Verdict {
    bool namespaces_well_formed = false;  // libxml2 found no namespace error
    bool transcoded = false;              // libxml2 read another encoding than UTF-8
};

std::optional<Node> parse(std::string_view bytes, std::string& why, Verdict& verdict);

}  // namespace virtcheck::vsphere::xml_oracle
