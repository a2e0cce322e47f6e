// vSphere mode on made-up data: the mapping of the module's structs into the model (units,
// per-vCPU percentages, states), and the evaluation paths that use figures a backend gives
// ready-made (managed hosts, alarms, VM runtime, CPU ready, memory reclaim, device rates,
// snapshot sizes, datastore maintenance).
#include <gtest/gtest.h>

#include "collect/vsphere/mapping.hpp"
#include "collect/vsphere/options.hpp"
#include "command_line.hpp"
#include "core/errors.hpp"
#include "evaluate/datastore.hpp"
#include "evaluate/host.hpp"
#include "evaluate/hypervisor.hpp"
#include "evaluate/vm_cpu.hpp"
#include "evaluate/vm_resources.hpp"
#include "evaluate/vm_snapshot.hpp"
#include "evaluate/vm_state.hpp"
#include "perfdata_text.hpp"

namespace virtcheck {
namespace {

using namespace virtcheck::vsphere;

constexpr double MiB = 1 << 20, GiB = 1 << 30;

PerfSample sample(const std::string& vm, const std::string& counter, const std::string& instance, std::int64_t value,
                  std::int64_t scale = 1) {
    PerfSample s;
    s.entity = {"VirtualMachine", vm};
    s.counter = counter;
    s.instance = instance;
    s.value = value;
    s.interval_seconds = 20;
    s.scale = scale;
    return s;
}

vsphere::Vm powered_on_vm(const std::string& ref, const std::string& name, int cpus) {
    vsphere::Vm vm;
    vm.ref = {"VirtualMachine", ref};
    vm.name = name;
    vm.instance_uuid = "uuid-" + name;
    vm.power_state = "poweredOn";
    vm.connection_state = "connected";
    vm.num_cpu = cpus;
    vm.memory_mb = 4096;
    vm.host = {"HostSystem", "host-1"};
    return vm;
}

// --- options ---

TEST(VsphereOptions, SdkUrlFromWhatWasGiven) {
    EXPECT_EQ(sdk_url("", "esx1.example.org"), "https://esx1.example.org/sdk");
    EXPECT_EQ(sdk_url("", "fd00::2"), "https://[fd00::2]/sdk");
    EXPECT_EQ(sdk_url("vc.example.org", ""), "https://vc.example.org/sdk");
    EXPECT_EQ(sdk_url("https://vc.example.org", ""), "https://vc.example.org/sdk");
    EXPECT_EQ(sdk_url("https://vc.example.org/", ""), "https://vc.example.org/sdk");
    EXPECT_EQ(sdk_url("https://vc.example.org:8443/sdk", ""), "https://vc.example.org:8443/sdk");
    EXPECT_THROW(sdk_url("", ""), UsageError);
    EXPECT_THROW(sdk_url("https://vc/sdk", "esx1"), UsageError);
    EXPECT_THROW(sdk_url("http://vc/sdk", ""), UsageError);
    EXPECT_THROW(sdk_url("https://user:pw@vc/sdk", ""), UsageError);
    EXPECT_THROW(sdk_url("", "bad/host"), UsageError);
}

TEST(VsphereOptions, CredentialsFileNeverQuotesALine) {
    auto c = parse_credentials("# monitoring\nusername = monitor@vsphere.local\npassword = s3cr#t = x \n", "f");
    EXPECT_EQ(c.username, "monitor@vsphere.local");
    EXPECT_EQ(c.password, "s3cr#t = x");
    try {
        parse_credentials("passwd = hunter2\n", "f");
        FAIL() << "an unknown key is an error";
    } catch (const UsageError& e) {
        EXPECT_EQ(std::string(e.what()), "--auth-file f: line 1 is not username= or password=");
    }
}

// --- mapping ---

TEST(VsphereMapping, CpuReadyAndCostopArePerVcpuPercentOfTheSample) {
    PerfResult perf;
    // 4 vCPUs, 20 s samples: 8,000 ms ready in all = 10 % per vCPU; 800 ms co-stop = 1 %.
    perf.samples = {sample("vm-1", "cpu.usage.average", "", 4250, 100), sample("vm-1", "cpu.ready.summation", "", 8000),
                    sample("vm-1", "cpu.costop.summation", "", 800)};
    auto vms = vms_as_model({powered_on_vm("vm-1", "web1", 4)}, perf, model::StatCpu | model::StatVcpu, true);
    ASSERT_EQ(vms.size(), 1u);
    ASSERT_TRUE(vms[0].cpu_figures);
    EXPECT_DOUBLE_EQ(*vms[0].cpu_figures->usage_percent, 42.5);
    EXPECT_DOUBLE_EQ(*vms[0].cpu_figures->ready_percent, 10);
    EXPECT_DOUBLE_EQ(*vms[0].cpu_figures->costop_percent, 1);
    EXPECT_EQ(vms[0].state, model::VmState::Running);
    EXPECT_EQ(vms[0].uuid, "uuid-web1");
}

TEST(VsphereMapping, DeviceRatesInBaseUnits) {
    PerfResult perf;
    perf.samples = {sample("vm-1", "virtualDisk.read.average", "scsi0:0", 2048),          // KB/s
                    sample("vm-1", "virtualDisk.numberReadAveraged.average", "scsi0:0", 30),
                    sample("vm-1", "virtualDisk.totalReadLatency.average", "scsi0:0", 12),  // ms
                    sample("vm-1", "net.received.average", "4000", 100),
                    sample("vm-1", "net.packetsRx.summation", "4000", 2000),  // per 20 s
                    sample("vm-1", "net.droppedRx.summation", "4000", 40),
                    sample("vm-1", "net.received.average", "", 100)};  // the aggregate: not a NIC
    auto vms = vms_as_model({powered_on_vm("vm-1", "web1", 1)}, perf, model::StatDisk | model::StatInterface, true);
    ASSERT_EQ(vms[0].disks.size(), 1u);
    const auto& disk = vms[0].disks[0];
    EXPECT_EQ(disk.name, "scsi0:0");
    EXPECT_DOUBLE_EQ(*disk.rates->read_bytes, 2048 * 1024);
    EXPECT_DOUBLE_EQ(*disk.rates->read_requests, 30);
    EXPECT_DOUBLE_EQ(*disk.rates->read_latency, 0.012);
    EXPECT_FALSE(disk.rates->write_bytes) << "not sent: unknown, not 0";
    ASSERT_EQ(vms[0].interfaces.size(), 1u);
    const auto& nic = vms[0].interfaces[0];
    EXPECT_EQ(nic.name, "4000");
    EXPECT_DOUBLE_EQ(*nic.rates->rx_bytes, 100 * 1024);
    EXPECT_DOUBLE_EQ(*nic.rates->rx_packets, 100);
    EXPECT_DOUBLE_EQ(*nic.rates->rx_drops, 2);
}

TEST(VsphereMapping, StatesRuntimeMemoryAndTemplates) {
    auto off = powered_on_vm("vm-2", "db1", 2);
    off.power_state = "poweredOff";
    auto suspended = powered_on_vm("vm-3", "old", 1);
    suspended.power_state = "suspended";
    auto tmpl = powered_on_vm("vm-4", "golden", 1);
    tmpl.is_template = true;
    auto web = powered_on_vm("vm-1", "web1", 1);
    web.tools_running_status = "guestToolsNotRunning";
    web.question = VmQuestion{"q1", "Was it moved or copied?"};
    web.guest_memory_usage_mb = 1024;
    web.host_memory_usage_mb = 3072;
    web.ballooned_mb = 512;
    web.compressed_kb = 2048;
    auto vms = vms_as_model({off, suspended, tmpl, web}, {}, model::StatState | model::StatMemory, false);
    ASSERT_EQ(vms.size(), 3u) << "templates are left out";
    EXPECT_EQ(vms[0].state, model::VmState::Shutoff);
    EXPECT_EQ(vms[1].state, model::VmState::Paused);
    EXPECT_EQ(vms[1].state_text, "suspended");
    ASSERT_TRUE(vms[2].runtime);
    EXPECT_EQ(vms[2].runtime->tools_running, false);
    EXPECT_EQ(vms[2].runtime->question, "Was it moved or copied?");
    const auto& memory = *vms[2].memory_figures;
    EXPECT_DOUBLE_EQ(*memory.configured, 4 * GiB);
    EXPECT_DOUBLE_EQ(*memory.active, 1 * GiB);
    EXPECT_DOUBLE_EQ(*memory.ballooned, 512 * MiB);
    EXPECT_DOUBLE_EQ(*memory.compressed, 2 * MiB);
    EXPECT_FALSE(memory.swapped) << "not sent: unknown, not 0";
    EXPECT_EQ(vms_as_model({off, web}, {}, model::StatState, true).size(), 1u) << "running only";
    EXPECT_FALSE(vms_as_model({web}, {}, model::StatCpu, true)[0].runtime) << "read only for VM states";
    EXPECT_FALSE(vms_as_model({web}, {}, model::StatState, true)[0].memory_figures) << "read only for memory";
}

TEST(VsphereMapping, EachCheckReadsOnlyThePropertiesItUses) {
    auto state = vm_details(model::StatState), cpu = vm_details(model::StatCpu | model::StatVcpu),
         memory = vm_details(model::StatMemory), disk = vm_details(model::StatDisk);
    EXPECT_TRUE(state.runtime && !state.hardware && !state.quick_stats);
    EXPECT_TRUE(!cpu.runtime && cpu.hardware && !cpu.quick_stats);
    EXPECT_TRUE(!memory.runtime && memory.hardware && memory.quick_stats);
    EXPECT_TRUE(!disk.runtime && !disk.hardware && !disk.quick_stats);
}

TEST(VsphereMapping, HostsWithWhatTheirPoweredOnVmsWereGiven) {
    vsphere::Host host;
    host.ref = {"HostSystem", "host-1"};
    host.name = "esx1";
    host.connection_state = "connected";
    host.cpu_usage_mhz = 6000;
    host.cpu_cores = 8;
    host.cpu_threads = 16;
    host.cpu_hz = 2'500'000'000;
    host.memory_usage_mb = 32768;
    host.memory_bytes = static_cast<std::int64_t>(64 * GiB);
    auto a = powered_on_vm("vm-1", "a", 4), b = powered_on_vm("vm-2", "b", 8), off = powered_on_vm("vm-3", "c", 16);
    off.power_state = "poweredOff";
    auto elsewhere = powered_on_vm("vm-4", "d", 2);
    elsewhere.host = {"HostSystem", "host-2"};
    auto uses = host_uses({host}, {a, b, off, elsewhere});
    ASSERT_EQ(uses.size(), 1u);
    EXPECT_DOUBLE_EQ(*uses[0].cpu_capacity_mhz, 20000);
    EXPECT_EQ(uses[0].running_vms, 2u);
    EXPECT_DOUBLE_EQ(uses[0].vm_vcpus, 12);
    EXPECT_DOUBLE_EQ(uses[0].vm_memory, 8 * GiB);
    EXPECT_DOUBLE_EQ(*uses[0].memory_used, 32 * GiB);
}

TEST(VsphereMapping, DatastoreProvisioningAndStates) {
    vsphere::Datastore ds;
    ds.name = "san1";
    ds.url = "ds:///vmfs/volumes/1/";
    ds.capacity_bytes = static_cast<std::int64_t>(100 * GiB);
    ds.free_bytes = static_cast<std::int64_t>(10 * GiB);
    ds.uncommitted_bytes = static_cast<std::int64_t>(60 * GiB);
    ds.accessible = true;
    ds.maintenance_mode = "inMaintenance";
    auto gone = ds;
    gone.name = "nfs1";
    gone.accessible = false;
    gone.maintenance_mode = "normal";
    auto odd = ds;
    odd.name = "odd";
    odd.free_bytes = static_cast<std::int64_t>(200 * GiB);
    auto pools = datastores_as_model({ds, gone, odd});
    EXPECT_EQ(pools[0].allocation, static_cast<std::uint64_t>(90 * GiB));
    EXPECT_EQ(*pools[0].volume_capacity, static_cast<std::uint64_t>(150 * GiB));
    EXPECT_EQ(pools[0].maintenance, "inMaintenance");
    EXPECT_EQ(pools[1].state, model::DatastoreState::Inaccessible);
    EXPECT_EQ(pools[1].maintenance, "");
    EXPECT_FALSE(pools[2].problem.empty()) << "more free than capacity is not believed";
}

TEST(VsphereMapping, SnapshotTreeFlattenedWithItsSize) {
    auto vm = powered_on_vm("vm-1", "web1", 1);
    vsphere::Snapshot child{"after", 2, 2000, "poweredOn", {}};
    vm.snapshots = {{"base", 1, 1000, "poweredOff", {child}}};
    vm.snapshot_bytes = 5 << 20;
    auto out = snapshots_as_model({vm});
    ASSERT_EQ(out[0].snapshots.size(), 2u);
    EXPECT_EQ(out[0].snapshots[1].name, "after");
    EXPECT_EQ(*out[0].snapshots[0].created, 1000);
    EXPECT_EQ(*out[0].size_bytes, 5u << 20);
}

TEST(VsphereMapping, HypervisorStatusOfAnEsxiHostAndOfVcenter) {
    About esx{"VMware ESXi", "VMware ESXi 8.0.2 build-22380479", "8.0.2", "22380479", "HostAgent", "8.0", ""};
    vsphere::Host host;
    host.name = "esx1";
    host.connection_state = "connected";
    host.boot_time = 1000;
    host.alarms = {{{"Alarm", "alarm-1"}, "Host memory usage", "yellow", {}, {}}};
    auto status = hypervisor_status(esx, {host}, "https://esx1/sdk", 0.01, 4600);
    EXPECT_EQ(status.product, "VMware ESXi 8.0.2 build-22380479");
    EXPECT_EQ(status.hostname, "esx1");
    EXPECT_EQ(*status.uptime_seconds, 3600) << "from the boot time when quick stats lack it";
    EXPECT_EQ(status.managed_hosts[0].alarms[0].entity, "esx1");
    About vc{"VMware vCenter Server", "VMware vCenter Server 8.0.2", "8.0.2", "1", "VirtualCenter", "8.0", "u"};
    auto center = hypervisor_status(vc, {host, host}, "https://vc/sdk", 0.01, 4600);
    EXPECT_FALSE(center.uptime_seconds) << "vCenter has many hosts, each with its own uptime";
    EXPECT_EQ(center.hostname, "");
}

// --- evaluation paths for ready-made figures ---

model::ManagedHost managed(const std::string& name, const std::string& connection) {
    model::ManagedHost h;
    h.name = name;
    h.connection = connection;
    h.in_maintenance = false;
    h.status = "green";
    h.uptime_seconds = 7200;
    return h;
}

model::HypervisorStatus vcenter(std::vector<model::ManagedHost> hosts) {
    model::HypervisorStatus status;
    status.endpoint = "https://vc/sdk";
    status.seconds = 0.02;
    status.product = "VMware vCenter Server 8.0.2";
    status.version_of = "VMware vCenter Server";
    status.version = "8.0.2";
    status.managed_hosts = std::move(hosts);
    return status;
}

TEST(VsphereHypervisor, NotRespondingHostIsTheHeadline) {
    auto down = managed("esx2", "notResponding");
    down.status = "red";
    down.alarms = {{"Host connection failure", "red", "esx2"}};
    auto result = evaluate_hypervisor(vcenter({managed("esx1", "connected"), down}), {}, {});
    EXPECT_EQ(result.overall(), State::Critical);
    EXPECT_EQ(summary(result),
              "esx2: hypervisor not responding (notResponding), overall status red, alarm 'Host connection failure' "
              "red - VMware vCenter Server 8.0.2 at https://vc/sdk answered in 20.0 ms - 2 hosts: 1 not "
              "responding, 1 red alarm");
    EXPECT_NE((perf_of(result) + "| ").find("'hosts'=2;;;0 'hosts_not_responding'=1;;;0 'hosts_in_maintenance'=0;;;0 "
                                   "'alarms_red'=1;;;0 'alarms_yellow'=0;;;0 'esx1_uptime'=7200s;;;0 | "),
              std::string::npos)
        << perf_of(result);
}

TEST(VsphereHypervisor, MaintenanceAlarmsAndUptimePerHost) {
    auto resting = managed("esx3", "connected");
    resting.in_maintenance = true;
    auto noisy = managed("esx4", "connected");
    noisy.alarms = {{"Host memory usage", "yellow", "esx4"}, {"Backup job", "red", "esx4"}};
    auto fresh = managed("esx5", "connected");
    fresh.uptime_seconds = 60;
    auto status = vcenter({resting, noisy, fresh});
    auto rules = thresholds_of(hypervisor::metrics, {"-w", "uptime=10m:"});
    HypervisorRules ignore_backup;
    ignore_backup.ignore_alarms = alarm_patterns({"^Backup"}, "--ignore-alarm");
    auto result = evaluate_hypervisor(status, rules, ignore_backup);
    EXPECT_EQ(result.overall(), State::Warning);
    EXPECT_EQ(summary(result),
              "esx3 in maintenance mode, up 2h 0m - esx4 up 2h 0m, alarm 'Host memory usage' yellow - esx5 up 1m "
              "0s - VMware vCenter Server 8.0.2 at https://vc/sdk answered in 20.0 ms - 3 hosts: 1 in "
              "maintenance, 1 yellow alarm")
        << "esx4 is WARNING for its alarm, esx5 for its uptime";
    HypervisorRules planned;
    planned.maintenance = State::Ok;
    EXPECT_EQ(evaluate_hypervisor(vcenter({resting}), {}, planned).overall(), State::Ok);
    EXPECT_EQ(evaluate_hypervisor(vcenter({noisy}), {}, {}).overall(), State::Critical) << "red alarm";
    EXPECT_THROW(alarm_patterns({"("}, "--ignore-alarm"), UsageError);
}

TEST(VsphereVmState, RuntimeFindingsAddToThePowerState) {
    auto vm_with = [](const std::string& name, model::VmState state, model::VmRuntime runtime) {
        model::Vm vm;
        vm.name = name;
        vm.uuid = "u-" + name;
        vm.state = state;
        vm.runtime = runtime;
        return vm;
    };
    std::vector<model::Vm> vms = {
        vm_with("lost", model::VmState::Running, {"orphaned", true, "guestToolsRunning", false, ""}),
        vm_with("quiet", model::VmState::Running, {"connected", false, "guestToolsNotRunning", false, ""}),
        vm_with("off", model::VmState::Shutoff, {"connected", false, "guestToolsNotRunning", false, ""}),
        vm_with("stuck", model::VmState::Running, {"connected", true, "guestToolsRunning", true, "Moved or copied?"}),
    };
    CommandLine cl;
    auto result = evaluate_vm_state(vms, cl.selection, {}, {}, [](const model::Vm&) { return std::nullopt; });
    EXPECT_EQ(result.overall(), State::Critical);
    EXPECT_EQ(result.text, "2 of 4 VMs CRITICAL: lost running, orphaned, stuck running, disk consolidation needed, "
                           "waiting for an answer to 'Moved or copied?' - 3 running, 1 shutoff");
    ASSERT_EQ(result.partials.size(), 4u);
    EXPECT_EQ(result.partials[2].text, "quiet running, guest tools not running");
    EXPECT_EQ(result.partials[2].state, State::Warning);
    EXPECT_EQ(result.partials[1].text, "off shutoff") << "tools of a powered-off VM do not run: fine";
    EXPECT_EQ(result.partials[1].state, State::Ok);
}

TEST(VsphereVmCpu, ReadyMadeFiguresNeedNoBaseline) {
    model::Vm vm;
    vm.name = "web1";
    vm.uuid = "u1";
    vm.state = model::VmState::Running;
    vm.vcpus = 4;
    vm.cpu_figures = model::CpuFigures{42.5, 10, 1};
    CommandLine cl({}, "VM");
    auto rules = thresholds_of(vm_cpu::metrics, {"-w", "ready=5", "-c", "ready=20"});
    auto result = evaluate_vm_cpu({vm}, Rates{}, cl.selection, rules, "");
    EXPECT_EQ(result.overall(), State::Warning);
    EXPECT_EQ(result.text, "1 of 1 VMs WARNING: web1 42.5% (ready 10.0%)");
    EXPECT_EQ(perf_of(result), "'vms'=1;;;0 'cpu_max'=42.5%;;;0;100 'web1_cpu'=42.5%;;;0;100 "
                               "'web1_ready'=10%;5;20;0;100 'web1_costop'=1%;;;0;100 ");
}

TEST(VsphereVmMemory, ActiveOfConfiguredAndReclaim) {
    model::Vm vm;
    vm.name = "db1";
    vm.uuid = "u1";
    vm.state = model::VmState::Running;
    vm.memory_figures = model::MemoryFigures{8 * GiB, 2 * GiB, 6 * GiB, 1 * GiB, 512 * MiB, std::nullopt};
    CommandLine cl;
    auto rules = thresholds_of(vm_memory::metrics, {"-c", "swapped=0"});
    auto result = evaluate_vm_memory({vm}, Rates{}, cl.selection, rules, State::Unknown, "");
    EXPECT_EQ(result.overall(), State::Critical);
    EXPECT_EQ(result.text, "1 of 1 VMs CRITICAL: db1 25.0% active (2.0 GiB of 8.0 GiB, 6.0 GiB consumed) (swapped 512.0 MiB)");
    EXPECT_EQ(perf_of(result), "'vms'=1;;;0 'db1_used_percent'=25%;;;0;100 'db1_used'=2147483648B;;;0;8589934592 "
                               "'db1_consumed'=75%;;;0;100 'db1_ballooned'=1073741824B;;;0;8589934592 "
                               "'db1_swapped'=536870912B;;0;0;8589934592 ");
}

TEST(VsphereVmDevices, ReadyMadeDiskAndNicRates) {
    model::Vm vm;
    vm.name = "web1";
    vm.uuid = "u1";
    vm.state = model::VmState::Running;
    model::Disk disk;
    disk.name = "scsi0:0";
    disk.rates = model::DiskRates{1 * MiB, 0, 30, 10, 0.012, 0.004};
    vm.disks = {disk};
    model::Interface nic;
    nic.name = "4000";
    nic.rates = model::InterfaceRates{1000, 3000, 10, 20, 1, 0};
    vm.interfaces = {nic};
    CommandLine cl;
    auto disks = evaluate_vm_disk({vm}, Rates{}, cl.selection, thresholds_of(vm_disk::metrics, {"-w", "latency=5ms"}), "");
    EXPECT_EQ(disks.overall(), State::Warning);
    // Latency weighted by requests: (12 ms x 30 + 4 ms x 10) / 40 = 10 ms.
    EXPECT_EQ(disks.text, "1 of 1 disks WARNING: web1/scsi0:0 read 1.0 MiB/s, write 0 B/s, 40.0 IOPS, latency 10.0 ms "
                          "(latency 10.0 ms)");
    auto nics = evaluate_vm_net({vm}, Rates{}, cl.selection, thresholds_of(vm_net::metrics, {}), "");
    EXPECT_EQ(nics.overall(), State::Warning) << "a drop warns by default";
    EXPECT_EQ(perf_of(nics), "'interfaces'=1;;;0 'web1_4000_traffic'=4000;;;0 'web1_4000_rx'=1000;;;0 "
                             "'web1_4000_tx'=3000;;;0 'web1_4000_rx_packets'=10;;;0 'web1_4000_tx_packets'=20;;;0 "
                             "'web1_4000_drops'=1;;;0 ");
}

TEST(VsphereSnapshots, SizeWhereTheBackendTellsIt) {
    model::VmSnapshots vm;
    vm.name = "web1";
    vm.uuid = "u1";
    vm.snapshots = {{"base", 1000}, {"after", 2000}};
    vm.size_bytes = 3u << 30;
    CommandLine cl;
    auto result = evaluate_vm_snapshots({vm}, 1000 + 86400, cl.selection,
                                        thresholds_of(vm_snapshot::metrics, {"-w", "size=2GiB"}));
    EXPECT_EQ(result.overall(), State::Warning);
    EXPECT_EQ(result.text, "1 of 1 VMs WARNING: web1 2 snapshots, oldest 1d 0h (base), 3.0 GiB - 2 snapshots");
    EXPECT_NE(perf_of(result).find("'web1_size'=3221225472B;2147483648;;0"), std::string::npos) << perf_of(result);
}

TEST(VsphereDatastores, MaintenanceWarnsAndProvisioningIsUsedPlusUncommitted) {
    model::Datastore ds;
    ds.name = "san1";
    ds.uuid = "ds:///1/";
    ds.state = model::DatastoreState::Running;
    ds.capacity = 100ull << 30;
    ds.available = 10ull << 30;
    ds.allocation = 90ull << 30;
    ds.volume_capacity = 150ull << 30;
    ds.maintenance = "inMaintenance";
    CommandLine cl({}, "datastore");
    auto result = evaluate_datastores({ds}, cl.selection, thresholds_of(datastore::metrics, {"-c", "provisioned=200"}));
    EXPECT_EQ(result.overall(), State::Warning);
    EXPECT_EQ(result.text, "1 of 1 datastores WARNING: san1 in maintenance mode, 90.0% used (90.0 GiB of 100.0 GiB, "
                           "10.0 GiB free, 150.0% provisioned)");
}

TEST(VsphereHosts, OneRowPerHostWithOvercommitPerCore) {
    model::HostUse esx1{"esx1", "host-1", "c1", "connected", 6000, 20000, 8, 16, 32 * GiB, 64 * GiB, 2, 12, 8 * GiB};
    model::HostUse esx2{"esx2", "host-2", "c1", "notResponding", {}, {}, 8, 16, {}, {}, 0, 0, 0};
    auto cpu = evaluate_host_cpu(model::HostCpu{.hosts = {esx1, esx2}}, Rates{}, std::nullopt,
                                 thresholds_of(host_cpu::metrics, {"-w", "overcommit=1"}), "");
    EXPECT_EQ(cpu.overall(), State::Unknown);
    EXPECT_EQ(cpu.text, "1 of 2 hosts UNKNOWN: esx2 not responding, no figures");
    ASSERT_EQ(cpu.partials.size(), 2u);
    EXPECT_EQ(cpu.partials[0].state, State::Warning);
    EXPECT_EQ(cpu.partials[0].text,
              "esx1 30.0% used (6.0 GHz of 20.0 GHz) (overcommit 2) - 12 vCPUs of 2 powered-on VMs on 8 cores (1.50 per "
              "core)");
    auto memory = evaluate_host_memory(model::HostMemory{.hosts = {esx1}}, std::nullopt,
                                       thresholds_of(host_memory::metrics, {"-w", "40"}));
    EXPECT_EQ(memory.overall(), State::Warning);
    EXPECT_EQ(memory.text, "1 of 1 hosts WARNING: esx1 50.0% used (32.0 GiB of 64.0 GiB) - 8.0 GiB configured for 2 "
                           "powered-on VMs (12.5% of host memory)");
    EXPECT_NE(perf_of(memory).find("'esx1_overcommit'=12.5%"), std::string::npos) << perf_of(memory);
}

}  // namespace
}  // namespace virtcheck
