// Opens virtcheck-vsphere.so the way a check will, makes the reads asked for and prints
// what came back, one object per line (key=value), then the run's statistics. A test and
// benchmark driver, not a plugin.
//   vsphere_probe URL USER [--ca-file F] [--insecure] [--state-dir D] [--no-cache]
//                 [--datacenter N] [--cluster N] [--esx-host N] [--timeout S]
//                 [--snapshots] [--security] [--perf COUNTER,...] [--per-instance] WHAT...
// WHAT: about hosts vms datastores perf-vms perf-hosts. The password comes from
// $VIRTCHECK_VSPHERE_PASSWORD. Exit 0, or 2 (Unreachable) / 3 (anything else) after an
// "error KIND: message" line.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "collect/vsphere/vsphere.hpp"
#include "core/errors.hpp"

using namespace virtcheck;
using namespace virtcheck::vsphere;

namespace {

struct Quiet : Progress {
    void stage(std::string_view) override {}
};

template <class T>
std::string opt(const std::optional<T>& v) {
    if (!v) return "-";
    std::ostringstream out;
    out << *v;
    return out.str();
}

std::string b(const std::optional<bool>& v) { return v ? (*v ? "true" : "false") : "-"; }

void print_snapshots(const std::vector<Snapshot>& list, const std::string& parent, int& count) {
    for (const auto& s : list) {
        ++count;
        std::cout << "snapshot vm=" << parent << " name=" << s.name << " id=" << opt(s.id)
                  << " created=" << opt(s.create_time) << " children=" << s.children.size() << "\n";
        print_snapshots(s.children, parent, count);
    }
}

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> parts;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, ',');) parts.push_back(part);
    return parts;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: vsphere_probe URL USER [options] WHAT...\n";
        return 3;
    }
    ConnectOptions o;
    o.url = argv[1];
    o.user = argv[2];
    if (const char* p = std::getenv("VIRTCHECK_VSPHERE_PASSWORD")) o.password = p;
    VmDetails details;
    PerfQuery perf;
    std::vector<std::string> what;
    for (int i = 3; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--ca-file") o.ca_file = next();
        else if (a == "--insecure") o.insecure = true;
        else if (a == "--state-dir") o.state_directory = next();
        else if (a == "--no-cache") o.session_cache = false;
        else if (a == "--datacenter") o.datacenter = next();
        else if (a == "--cluster") o.cluster = next();
        else if (a == "--esx-host") o.esx_host = next();
        else if (a == "--timeout") o.time_budget_seconds = std::atof(next().c_str());
        else if (a == "--snapshots") details.snapshots = true;
        else if (a == "--security") details.security = true;
        else if (a == "--perf") perf.counters = split(next());
        else if (a == "--per-instance") perf.per_instance = true;
        else what.push_back(a);
    }
    Quiet quiet;
    std::unique_ptr<Client> client;
    try {
        client = connect(o, quiet);
        for (const auto& w : what) {
            if (w == "about") {
                About a = client->about();
                std::cout << "about name=" << a.name << " version=" << a.version << " build=" << a.build
                          << " api_type=" << a.api_type << " uuid=" << a.instance_uuid << "\n";
            } else if (w == "hosts") {
                for (const auto& h : client->hosts()) {
                    std::cout << "host name=" << h.name << " ref=" << h.ref.value << " cluster=" << h.cluster
                              << " connection=" << h.connection_state << " maintenance=" << b(h.in_maintenance)
                              << " power=" << h.power_state << " status=" << h.overall_status
                              << " cpu_mhz=" << opt(h.cpu_usage_mhz) << " mem_mb=" << opt(h.memory_usage_mb)
                              << " uptime=" << opt(h.uptime_seconds) << " cores=" << opt(h.cpu_cores)
                              << " threads=" << opt(h.cpu_threads) << " hz=" << opt(h.cpu_hz)
                              << " memory=" << opt(h.memory_bytes) << " version=" << h.product_version
                              << " build=" << h.product_build << " lockdown=" << h.lockdown_mode
                              << " boot=" << opt(h.boot_time) << " services=";
                    for (const auto& s : h.services) std::cout << s.key << ":" << b(s.running) << ",";
                    std::cout << " alarms=";
                    for (const auto& a : h.alarms) std::cout << a.name << ":" << a.status << ",";
                    std::cout << "\n";
                }
            } else if (w == "vms") {
                for (const auto& v : client->vms(details)) {
                    std::cout << "vm name=" << v.name << " ref=" << v.ref.value << " host=" << v.host.value
                              << " power=" << v.power_state << " connection=" << v.connection_state
                              << " uuid=" << v.instance_uuid << " template=" << b(v.is_template)
                              << " tools=" << v.tools_running_status << " tools_version=" << v.tools_version_status
                              << " consolidation=" << b(v.consolidation_needed)
                              << " question=" << (v.question ? v.question->text : "-") << " cpus=" << opt(v.num_cpu)
                              << " memory_mb=" << opt(v.memory_mb) << " cpu_mhz=" << opt(v.cpu_usage_mhz)
                              << " guest_mem=" << opt(v.guest_memory_usage_mb)
                              << " host_mem=" << opt(v.host_memory_usage_mb) << " balloon=" << opt(v.ballooned_mb)
                              << " swapped=" << opt(v.swapped_mb) << " compressed=" << opt(v.compressed_kb)
                              << " uptime=" << opt(v.uptime_seconds) << " snapshot_bytes=" << opt(v.snapshot_bytes)
                              << " extra_config=" << v.extra_config.size()
                              << " passthrough=" << v.passthrough_devices.size() << "\n";
                    int count = 0;
                    print_snapshots(v.snapshots, v.name, count);
                }
            } else if (w == "datastores") {
                for (const auto& d : client->datastores()) {
                    std::cout << "datastore name=" << d.name << " capacity=" << opt(d.capacity_bytes)
                              << " free=" << opt(d.free_bytes) << " uncommitted=" << opt(d.uncommitted_bytes)
                              << " accessible=" << b(d.accessible) << " maintenance=" << d.maintenance_mode
                              << " type=" << d.type << " hosts=" << d.hosts.size() << "\n";
                }
            } else if (w == "perf-vms" || w == "perf-hosts") {
                perf.entities.clear();
                if (w == "perf-vms")
                    for (const auto& v : client->vms({})) perf.entities.push_back(v.ref);
                else
                    for (const auto& h : client->hosts()) perf.entities.push_back(h.ref);
                PerfResult r = client->perf(perf);
                for (const auto& s : r.samples)
                    std::cout << "perf entity=" << s.entity.value << " counter=" << s.counter
                              << " instance=" << s.instance << " value=" << opt(s.value)
                              << " interval=" << s.interval_seconds << " unit=" << s.unit << " scale=" << s.scale
                              << "\n";
                for (const auto& u : r.unknown_counters) std::cout << "perf unknown=" << u << "\n";
            } else {
                std::cerr << "vsphere_probe: unknown read " << w << "\n";
                return 3;
            }
        }
    } catch (const CollectError& e) {
        const char* kind = e.kind == CollectError::Kind::Unreachable ? "Unreachable"
                           : e.kind == CollectError::Kind::Denied    ? "Denied"
                                                                     : "Failed";
        std::cout << "error " << kind << ": " << e.what() << "\n";
        if (client) {
            Statistics s = client->statistics();
            std::cout << "stats requests=" << s.http_requests << " logins=" << s.logins << "\n";
        }
        return e.kind == CollectError::Kind::Unreachable ? 2 : 3;
    } catch (const UsageError& e) {
        std::cout << "error Usage: " << e.what() << "\n";
        return 3;
    }
    Statistics s = client->statistics();
    std::cout << "stats requests=" << s.http_requests << " logins=" << s.logins << " logouts=" << s.logouts
              << " reused=" << (s.session_reused ? 1 : 0) << " bytes=" << s.bytes_received << "\n";
    client.reset();  // logs out in no-cache mode: not counted above
    return 0;
}
