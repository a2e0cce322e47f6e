#pragma once
// Pieces of a PropertyFilterSpec, in the element order the vSphere schema requires.
#include <string>
#include <vector>

#include "collect/vsphere/module/soap.hpp"
#include "collect/vsphere/module/xml.hpp"

namespace virtcheck::vsphere::spec {

inline std::string properties(const std::string& type, const std::vector<std::string>& paths) {
    std::string text = "<propSet><type>" + xml::escape(type) + "</type>";
    for (const auto& path : paths) text += "<pathSet>" + xml::escape(path) + "</pathSet>";
    return text + "</propSet>";
}

// A TraversalSpec; `inner` holds nested selectSet elements.
inline std::string traversal(const std::string& name, const std::string& type, const std::string& path,
                             const std::string& inner = "", bool skip = false) {
    std::string text = "<selectSet xsi:type=\"TraversalSpec\">";
    if (!name.empty()) text += "<name>" + name + "</name>";
    text += "<type>" + type + "</type><path>" + path + "</path><skip>" + (skip ? "true" : "false") + "</skip>";
    return text + inner + "</selectSet>";
}

// A reference to a TraversalSpec named elsewhere in the same filter (for recursion).
inline std::string select(const std::string& name) {
    return "<selectSet><name>" + name + "</name></selectSet>";
}

inline std::string object(const MoRef& ref, bool skip, const std::string& select_set = "") {
    return "<objectSet>" + soap::ref_element("obj", ref) + "<skip>" + (skip ? "true" : "false") + "</skip>" +
           select_set + "</objectSet>";
}

// Everything a ContainerView holds; `inner` follows references from each of them.
inline std::string view_objects(const MoRef& view, const std::string& inner = "") {
    return object(view, true, traversal("view", "ContainerView", "view", inner));
}

}  // namespace virtcheck::vsphere::spec
