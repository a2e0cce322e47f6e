// libFuzzer target: the vSphere module's own XML reader against libxml2's reading of the
// same bytes. What libxml2 reads as well-formed, namespace-well-formed UTF-8, the module must
// read too, into the same tree (names, xsi:type, reference type, text, children). The module
// may refuse more (a DTD anywhere, a declared encoding other than UTF-8) and is lenient in ways
// that do not change what is read (the XML declaration's own syntax, name characters beyond
// ASCII); this target holds it to the first rule only.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "collect/vsphere/module/xml.hpp"
#include "vsphere_xml_oracle.hpp"

using namespace virtcheck::vsphere;

namespace {

bool same(const xml::Node& a, const xml_oracle::Node& b, std::string& where) {
    if (a.name != b.name || a.xsi_type != b.xsi_type || a.ref_type != b.ref_type || a.text != b.text ||
        a.children.size() != b.children.size()) {
        where = "<" + b.name + "> (ours: <" + std::string(a.name) + " xsi:type=" + std::string(a.xsi_type) +
                " type=" + std::string(a.ref_type) + "> text '" + std::string(a.text) + "', " +
                std::to_string(a.children.size()) + " children; libxml2: xsi:type=" + b.xsi_type +
                " type=" + b.ref_type + " text '" + b.text + "', " + std::to_string(b.children.size()) + " children)";
        return false;
    }
    for (std::size_t i = 0; i < a.children.size(); ++i)
        if (!same(a.children[i], b.children[i], where)) return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    std::string why_ours, why_reference, where;
    xml_oracle::Verdict verdict;
    auto ours = xml::parse(bytes, why_ours);
    auto reference = xml_oracle::parse(bytes, why_reference, verdict);
    if (!reference || !verdict.namespaces_well_formed || verdict.transcoded) return 0;
    if (!ours) {
        std::fprintf(stderr, "the module refused what libxml2 reads: %s\n", why_ours.c_str());
        std::abort();
    }
    if (!same(ours->root(), *reference, where)) {
        std::fprintf(stderr, "the module read it otherwise at %s\n", where.c_str());
        std::abort();
    }
    return 0;
}
