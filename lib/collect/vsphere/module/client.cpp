// The vSphere backend module: the Client of vsphere.hpp over one Connection.
#include <set>

#include "collect/vsphere/module/connection.hpp"
#include "collect/vsphere/module/inventory.hpp"
#include "collect/vsphere/module/perf.hpp"
#include "collect/vsphere/module/specs.hpp"

namespace virtcheck::vsphere {
namespace {

class SoapClient final : public Client {
public:
    SoapClient(const ConnectOptions& options, Progress& progress) : connection_(options, progress) {}

    About about() override { return connection_.about(); }

    std::vector<Host> hosts() override {
        std::vector<Host> hosts = connection_.retrying([&] {
            // The hosts and, through their parent, their clusters' names: one request.
            std::string filter = spec::properties("HostSystem", host_properties()) +
                                 spec::properties("ClusterComputeResource", {"name"}) +
                                 spec::view_objects(connection_.view("HostSystem"),
                                                    spec::traversal("", "HostSystem", "parent"));
            return hosts_of(connection_.retrieve(filter, "reading the ESXi hosts"));
        });
        const MoRef& only = connection_.scope().host;
        if (!only.value.empty())
            std::erase_if(hosts, [&](const Host& h) { return !(h.ref == only); });
        name_alarms(hosts);
        return hosts;
    }

    std::vector<Vm> vms(const VmDetails& details) override {
        return connection_.retrying([&] {
            std::string filter = spec::properties("VirtualMachine", vm_properties(details)) +
                                 spec::view_objects(connection_.view("VirtualMachine"));
            return vms_of(connection_.retrieve(filter, "reading the virtual machines"));
        });
    }

    std::vector<Datastore> datastores() override {
        return connection_.retrying([&] {
            const Scope& scope = connection_.scope();
            std::string objects;
            // Inside a cluster or for one host: the datastores they mount (their datastore
            // property), else a view of all.
            if (!scope.host.value.empty())
                objects = spec::object(scope.host, true, spec::traversal("", "HostSystem", "datastore"));
            else if (scope.container.type == "ClusterComputeResource" || scope.container.type == "ComputeResource")
                objects = spec::object(scope.container, true, spec::traversal("", "ComputeResource", "datastore"));
            else
                objects = spec::view_objects(connection_.view("Datastore"));
            return datastores_of(connection_.retrieve(spec::properties("Datastore", datastore_properties()) + objects,
                                                      "reading the datastores"));
        });
    }

    PerfResult perf(const PerfQuery& query) override { return query_perf(connection_, query); }

    Statistics statistics() const override { return connection_.statistics(); }

private:
    // The names of the triggered alarms' definitions: one request for all of them.
    void name_alarms(std::vector<Host>& hosts) {
        std::set<std::pair<std::string, std::string>> refs;
        for (const auto& h : hosts)
            for (const auto& a : h.alarms)
                if (!a.alarm.value.empty()) refs.insert({a.alarm.type, a.alarm.value});
        if (refs.empty()) return;
        std::string filter = spec::properties("Alarm", {"info.name"});
        for (const auto& [type, value] : refs) filter += spec::object(MoRef{type, value}, false);
        auto objects = connection_.retrying([&] { return connection_.retrieve(filter, "reading the alarm names"); });
        for (auto& h : hosts)
            for (auto& a : h.alarms)
                for (const auto& o : objects)
                    if (o.obj == a.alarm)
                        if (const xml::Node* name = o.property("info.name")) a.name = name->text;
    }

    Connection connection_;
};

class SoapConnector final : public Connector {
public:
    std::unique_ptr<Client> connect(const ConnectOptions& options, Progress& progress) override {
        return std::make_unique<SoapClient>(options, progress);
    }
};

}  // namespace
}  // namespace virtcheck::vsphere

extern "C" __attribute__((visibility("default"))) virtcheck::vsphere::Connector* virtcheck_vsphere_connector_v1() {
    static virtcheck::vsphere::SoapConnector connector;
    return &connector;
}
