#include "collect/vsphere/module/scope.hpp"

#include <map>

#include "collect/vsphere/module/specs.hpp"
#include "core/errors.hpp"

namespace virtcheck::vsphere {
namespace {

struct Entity {
    MoRef ref;
    std::string name;
    MoRef parent;
};

bool within(const std::map<std::string, Entity>& all, const Entity& entity, const MoRef& ancestor) {
    if (ancestor.value.empty()) return true;
    const Entity* at = &entity;
    for (int depth = 0; depth < 64; ++depth) {  // a parent loop in a hostile answer ends here
        if (at->parent == ancestor) return true;
        auto up = all.find(at->parent.type + ":" + at->parent.value);
        if (up == all.end()) return false;
        at = &up->second;
    }
    return false;
}

const Entity& pick(const std::map<std::string, Entity>& all, const std::string& kind, const std::string& name,
                   bool (*is_kind)(const std::string&), const MoRef& ancestor, const std::string& where) {
    const Entity* found = nullptr;
    std::string names;
    int count = 0;
    for (const auto& [key, entity] : all) {
        if (!is_kind(entity.ref.type) || !within(all, entity, ancestor)) continue;
        if (++count <= 10) names += (names.empty() ? "" : ", ") + entity.name;
        if (entity.name != name) continue;
        if (found)
            throw CollectError(CollectError::Kind::Failed,
                               "more than one " + kind + " is named " + name + where + ": narrow with --datacenter");
        found = &entity;
    }
    if (!found)
        throw CollectError(CollectError::Kind::Failed, "no " + kind + " named " + name + where +
                                                           (names.empty() ? "" : " (there are: " + names +
                                                                                     (count > 10 ? ", ..." : "") + ")"));
    return *found;
}

}  // namespace

Scope resolve_scope(Connection& connection, const std::string& datacenter, const std::string& cluster,
                    const std::string& esx_host) {
    // Folders -> datacenters -> host folders -> compute resources -> hosts, in one request.
    std::string folders = spec::traversal("folder", "Folder", "childEntity",
                                          spec::select("folder") + spec::select("datacenter") + spec::select("compute"));
    std::string datacenters = spec::traversal("datacenter", "Datacenter", "hostFolder", spec::select("folder"));
    std::string computes = spec::traversal("compute", "ComputeResource", "host");
    std::string filter = spec::properties("Folder", {"name", "parent"}) +
                         spec::properties("Datacenter", {"name", "parent"}) +
                         spec::properties("ComputeResource", {"name", "parent"}) +
                         spec::properties("HostSystem", {"name", "parent"}) +
                         spec::object(connection.content("rootFolder"), false, folders + datacenters + computes);
    auto objects = connection.retrieve(filter, "looking up the datacenter, cluster and host names");

    std::map<std::string, Entity> all;
    for (const auto& o : objects) {
        Entity e{o.obj, {}, {}};
        if (const xml::Node* name = o.property("name")) e.name = name->text;
        if (const xml::Node* parent = o.property("parent")) e.parent = soap::ref_of(*parent);
        all[o.obj.type + ":" + o.obj.value] = e;
    }
    Scope scope;
    MoRef ancestor;
    std::string where;
    if (!datacenter.empty()) {
        ancestor = pick(all, "datacenter", datacenter, [](const std::string& t) { return t == "Datacenter"; }, {}, "")
                       .ref;
        scope.container = ancestor;
        where = " in datacenter " + datacenter;
    }
    if (!cluster.empty()) {
        ancestor = pick(all, "cluster", cluster, [](const std::string& t) { return t == "ClusterComputeResource"; },
                        ancestor, where)
                       .ref;
        scope.container = ancestor;
        where = " in cluster " + cluster;
    }
    if (!esx_host.empty()) {
        const Entity& host =
            pick(all, "ESXi host", esx_host, [](const std::string& t) { return t == "HostSystem"; }, ancestor, where);
        scope.host = host.ref;
        scope.container = host.parent;
    }
    return scope;
}

}  // namespace virtcheck::vsphere
