// Every check in vSphere mode against govmomi's simulator (ESX and VPX models, see
// vsphere_sim.hpp): each figure printed is compared with what the test set through the
// simulator's control endpoint (or read through vsphere_probe where the simulator fixes
// it: CPU speed, memory sizes), and every output is held to the plugin guidelines.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "guidelines.hpp"
#include "process.hpp"
#include "vsphere_sim.hpp"

namespace virtcheck::testing {
namespace {

// 'label'=VALUE from the perfdata; NaN when missing.
double perf(const std::string& out, const std::string& label) {
    std::smatch m;
    std::string line = first_line(out);
    if (!std::regex_search(line, m, std::regex("'" + label + "'=([-0-9.]+)"))) return std::nan("");
    return std::stod(m[1]);
}

// key=value fields of one line of the probe's output.
std::map<std::string, std::string> fields(const std::string& line) {
    std::map<std::string, std::string> out;
    std::regex field("([a-z_]+)=([^ ]*)");
    for (auto it = std::sregex_iterator(line.begin(), line.end(), field); it != std::sregex_iterator(); ++it)
        out[(*it)[1]] = (*it)[2];
    return out;
}

// The state files a run left: none may be a check's rate state in vSphere mode (the history
// of forecasts and baselines, CHECK-HASH.history and its lock, is another matter).
std::vector<std::string> rate_state_files(const std::string& dir) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        std::string name = entry.path().filename();
        if (name.find(".history") != std::string::npos) continue;
        if (entry.path().extension() == ".state" || entry.path().extension() == ".lock") files.push_back(name);
    }
    return files;
}

const std::vector<std::string> every_check = {"check_hypervisor", "check_vm_state",    "check_vm_cpu",
                                              "check_vm_memory",  "check_vm_disk",     "check_vm_net",
                                              "check_host_cpu",   "check_host_memory", "check_datastore",
                                              "check_vm_snapshot", "check_vm_security"};

TEST(VsphereChecks, EveryCheckAnswersOnBothModels) {
    for (const Sim* sim : {&esx, &vpx}) {
        std::string state = state_dir("every-" + std::to_string(sim->port));
        for (const auto& check : every_check) {
            auto run = vcheck(check, *sim, {"-v"}, state);
            EXPECT_LE(run.exit_code, 3) << check << "\n" << run.out;
            EXPECT_TRUE(run.out.starts_with(
                [&] {
                    std::string name = check.substr(6);
                    for (auto& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                    return name + " ";
                }()))
                << run.out;
            EXPECT_FALSE(contains(run.out, "internal error")) << check << "\n" << run.out;
        }
        EXPECT_TRUE(rate_state_files(state).empty()) << "vSphere figures need no state file";
    }
}

TEST(VsphereChecks, HypervisorEsxi) {
    control(esx, "/host?name=localhost.localdomain&uptime=4000");
    std::string state = state_dir("hv-esx");
    auto run = vcheck("check_hypervisor", esx, {"-v"}, state);
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_TRUE(first_line(run.out).starts_with("HYPERVISOR OK - VMware ESXi 6.5.0 build-5969303 on localhost.localdomain at " +
                                                esx.url() + " answered in "))
        << run.out;
    EXPECT_TRUE(contains(first_line(run.out), ", up 1h 6m - 1 host")) << run.out;
    EXPECT_EQ(perf(run.out, "uptime"), 4000) << run.out;
    EXPECT_EQ(perf(run.out, "hosts"), 1) << run.out;
    EXPECT_TRUE(contains(run.out, "[OK] localhost.localdomain connected, up 1h 6m")) << run.out;
    auto old = vcheck("check_hypervisor", esx, {"--min-version", "7.0", "-w", "uptime=2h:"}, state);
    EXPECT_EQ(old.exit_code, 1) << old.out;
    EXPECT_TRUE(contains(first_line(old.out), "VMware ESXi 6.5.0 is older than 7.0 (--min-version)")) << old.out;
    EXPECT_TRUE(contains(first_line(old.out), "uptime 1h 6m")) << old.out;
}

TEST(VsphereChecks, HypervisorNotRespondingMaintenanceAndAlarms) {
    control(vpx, "/host?name=DC0_C0_H1&connection=notResponding&status=red&alarm=Host%20connection%20failure:red");
    control(vpx, "/host?name=DC0_C1_H0&maintenance=true&alarm=Host%20memory%20usage:yellow");
    control(vpx, "/host?name=DC0_C1_H2&connection=disconnected");
    std::string state = state_dir("hv-vpx");
    auto down = vcheck("check_hypervisor", vpx, {}, state);
    control(vpx, "/host?name=DC0_C0_H1&connection=connected&status=green&clear_alarms=1");
    control(vpx, "/host?name=DC0_C1_H2&connection=connected");
    EXPECT_EQ(down.exit_code, 2) << down.out;
    EXPECT_TRUE(first_line(down.out).starts_with(
        "HYPERVISOR CRITICAL - DC0_C0_H1: hypervisor not responding (notResponding)"))
        << down.out;
    EXPECT_TRUE(contains(first_line(down.out), "alarm 'Host connection failure' red")) << down.out;
    EXPECT_TRUE(contains(first_line(down.out), "DC0_C1_H2: hypervisor not responding (disconnected)")) << down.out;
    EXPECT_TRUE(contains(first_line(down.out), "VMware vCenter Server 6.5.0 build-5973321 at " + vpx.url())) << down.out;
    EXPECT_TRUE(contains(first_line(down.out), " - 7 hosts: 2 not responding, 1 in maintenance, 1 red alarm, 1 yellow alarm"))
        << down.out;
    EXPECT_EQ(perf(down.out, "hosts"), 7);
    EXPECT_EQ(perf(down.out, "hosts_not_responding"), 2);
    EXPECT_EQ(perf(down.out, "hosts_in_maintenance"), 1);
    EXPECT_EQ(perf(down.out, "alarms_red"), 1);
    EXPECT_EQ(perf(down.out, "alarms_yellow"), 1);

    // Left: DC0_C1_H0 in maintenance with a yellow alarm.
    auto resting = vcheck("check_hypervisor", vpx, {}, state);
    EXPECT_EQ(resting.exit_code, 1) << resting.out;
    EXPECT_TRUE(first_line(resting.out).starts_with(
        "HYPERVISOR WARNING - DC0_C1_H0 in maintenance mode, up "))
        << resting.out;
    auto planned = vcheck("check_hypervisor", vpx, {"--maintenance", "ok", "--ignore-alarm", "^Host memory"}, state);
    EXPECT_EQ(planned.exit_code, 0) << planned.out;
    EXPECT_EQ(perf(planned.out, "alarms_yellow"), 0) << planned.out;
    auto critical = vcheck("check_hypervisor", vpx, {"--maintenance", "critical"}, state);
    EXPECT_EQ(critical.exit_code, 2) << critical.out;
    control(vpx, "/host?name=DC0_C1_H0&maintenance=false&clear_alarms=1");

    // Uptime per host in vCenter: -w uptime=10m: names the host that just rebooted.
    control(vpx, "/host?name=DC0_H0&uptime=90");
    auto rebooted = vcheck("check_hypervisor", vpx, {"-w", "uptime=10m:"}, state);
    control(vpx, "/host?name=DC0_H0&uptime=86400");
    EXPECT_EQ(rebooted.exit_code, 1) << rebooted.out;
    EXPECT_TRUE(first_line(rebooted.out).starts_with("HYPERVISOR WARNING - DC0_H0 up 1m 30s - ")) << rebooted.out;
    EXPECT_EQ(perf(rebooted.out, "dc0_h0_uptime"), 90) << rebooted.out;
    EXPECT_TRUE(contains(first_line(rebooted.out), "'dc0_h0_uptime'=90s;600:;;0")) << rebooted.out;
}

// The probe's view of the VMs: name -> fields (cpus, memory_mb, host, power).
std::map<std::string, std::map<std::string, std::string>> vm_facts(const Sim& sim) {
    std::map<std::string, std::map<std::string, std::string>> out;
    auto run = probe(sim, "", {"--no-cache", "vms"});
    std::istringstream in(run.out);
    for (std::string line; std::getline(in, line);)
        if (line.rfind("vm ", 0) == 0) {
            auto f = fields(line);
            out[f["name"]] = f;
        }
    return out;
}

TEST(VsphereChecks, VmStatePowerConnectionToolsConsolidationQuestion) {
    control(vpx, "/vm?name=DC0_H0_VM0&power=off");
    control(vpx, "/vm?name=DC0_H0_VM1&power=suspend");
    control(vpx, "/vm?name=DC0_C0_RP0_VM0&connection=orphaned");
    control(vpx, "/vm?name=DC0_C0_RP0_VM1&tools=guestToolsNotRunning&consolidation=true");
    control(vpx, "/vm?name=DC0_C1_RP0_VM0&question=Was%20this%20VM%20moved%20or%20copied%3F");
    std::string state = state_dir("vm-state");
    auto run = vcheck("check_vm_state", vpx, {"-v"}, state);
    auto expected = vcheck("check_vm_state", vpx, {"--expect", "^DC0_H0_VM0$=running", "--vm", "DC0_H0_VM0"}, state);
    control(vpx, "/vm?name=DC0_H0_VM0&power=on");
    control(vpx, "/vm?name=DC0_H0_VM1&power=on");
    control(vpx, "/vm?name=DC0_C0_RP0_VM0&connection=connected");
    control(vpx, "/vm?name=DC0_C0_RP0_VM1&tools=guestToolsRunning&consolidation=false");
    control(vpx, "/vm?name=DC0_C1_RP0_VM0&question=");
    EXPECT_EQ(run.exit_code, 2) << run.out;
    EXPECT_TRUE(first_line(run.out).starts_with(
        "VM_STATE CRITICAL - 2 of 6 VMs CRITICAL: DC0_C0_RP0_VM0 running, orphaned, DC0_C1_RP0_VM0 running, waiting "
        "for an answer to 'Was this VM moved or copied?' - 4 running, 1 paused, 1 shutoff"))
        << run.out;
    EXPECT_EQ(perf(run.out, "running"), 4);
    EXPECT_EQ(perf(run.out, "paused"), 1);
    EXPECT_EQ(perf(run.out, "shutoff"), 1);
    EXPECT_TRUE(contains(run.out, "[WARNING] DC0_C0_RP0_VM1 running, guest tools not running, disk consolidation needed"))
        << run.out;
    EXPECT_TRUE(contains(run.out, "[WARNING] DC0_H0_VM1 paused")) << run.out;
    EXPECT_TRUE(contains(run.out, "[OK] DC0_H0_VM0 shutoff")) << run.out;
    EXPECT_EQ(expected.exit_code, 2) << expected.out;
    EXPECT_TRUE(contains(first_line(expected.out), "DC0_H0_VM0 shutoff (expected running)")) << expected.out;

    auto missing = vcheck("check_vm_state", esx, {"--vm", "nope"}, state);
    EXPECT_EQ(missing.exit_code, 2) << missing.out;
    EXPECT_TRUE(contains(first_line(missing.out), "VM nope does not exist")) << missing.out;
}

TEST(VsphereChecks, VmCpuUsageReadyAndCostopFromTheSample) {
    auto facts = vm_facts(esx);
    ASSERT_TRUE(facts.count("ha-host_VM0"));
    int vcpus = std::stoi(facts["ha-host_VM0"]["cpus"]);
    ASSERT_GT(vcpus, 0);
    control(esx, "/perf?entity=ha-host_VM0&counter=cpu.usage.average&instance=&value=4250");
    control(esx, "/perf?entity=ha-host_VM0&counter=cpu.ready.summation&instance=&value=" + std::to_string(2000 * vcpus));
    control(esx, "/perf?entity=ha-host_VM0&counter=cpu.costop.summation&instance=&value=" + std::to_string(100 * vcpus));
    control(esx, "/perf?entity=ha-host_VM1&counter=cpu.usage.average&instance=&value=1000");
    // (The simulator leaves zeros out of its answers: 20 ms, 0.1 %, stands for a quiet VM.)
    control(esx, "/perf?entity=ha-host_VM1&counter=cpu.ready.summation&instance=&value=" + std::to_string(20 * vcpus));
    control(esx, "/perf?entity=ha-host_VM1&counter=cpu.costop.summation&instance=&value=" + std::to_string(20 * vcpus));
    std::string state = state_dir("vm-cpu");
    // 2,000 ms ready per vCPU in a 20 s sample: 10 %; 100 ms co-stop: 0.5 %.
    auto run = vcheck("check_vm_cpu", esx, {"-w", "ready=5", "-c", "ready=20", "-w", "costop=3"}, state);
    control(esx, "/perf/clear");
    EXPECT_EQ(run.exit_code, 1) << run.out;
    EXPECT_TRUE(first_line(run.out).starts_with("VM_CPU WARNING - 1 of 2 VMs WARNING: ha-host_VM0 42.5% (ready 10.0%)"))
        << run.out;
    EXPECT_EQ(perf(run.out, "ha-host_vm0_cpu"), 42.5);
    EXPECT_EQ(perf(run.out, "ha-host_vm0_ready"), 10);
    EXPECT_EQ(perf(run.out, "ha-host_vm0_costop"), 0.5);
    EXPECT_EQ(perf(run.out, "ha-host_vm1_cpu"), 10);
    EXPECT_EQ(perf(run.out, "ha-host_vm1_ready"), 0.1);
    EXPECT_EQ(perf(run.out, "cpu_max"), 42.5);
    EXPECT_TRUE(contains(first_line(run.out), "'ha-host_vm0_ready'=10%;5;20;0;100")) << run.out;
    EXPECT_TRUE(rate_state_files(state).empty()) << "figures per 20 s sample need no state file";
    // The counter ids are cached: a second run makes one VM read and one QueryPerf.
    long queries = server_calls(esx, "QueryPerf"), counters = server_calls(esx, "RetrievePropertiesEx");
    auto again = vcheck("check_vm_cpu", esx, {"-vv"}, state);
    EXPECT_EQ(again.exit_code, 0) << again.out;
    EXPECT_TRUE(contains(again.out, "vSphere session reused from the cache: 2 HTTP requests, 0 logins")) << again.out;
    EXPECT_EQ(server_calls(esx, "QueryPerf") - queries, 1);
    EXPECT_EQ(server_calls(esx, "RetrievePropertiesEx") - counters, 1);
}

TEST(VsphereChecks, VmMemoryActiveConsumedAndReclaim) {
    auto facts = vm_facts(esx);
    double configured_mb = std::stod(facts["ha-host_VM0"]["memory_mb"]);
    ASSERT_GT(configured_mb, 8);
    // Active a quarter, consumed a half, 4 MB ballooned, 2 MB swapped, 1,024 KB compressed.
    int active = static_cast<int>(configured_mb / 4), consumed = static_cast<int>(configured_mb / 2);
    control(esx, "/vm?name=ha-host_VM0&guest_mem=" + std::to_string(active) + "&host_mem=" + std::to_string(consumed) +
                     "&balloon=4&swapped=2&compressed=1024");
    control(esx, "/vm?name=ha-host_VM1&guest_mem=1&host_mem=2");
    std::string state = state_dir("vm-memory");
    auto run = vcheck("check_vm_memory", esx, {"-w", "swapped=0", "-w", "ballooned=100MiB"}, state);
    control(esx, "/vm?name=ha-host_VM0&guest_mem=0&host_mem=0&balloon=0&swapped=0&compressed=0");
    EXPECT_EQ(run.exit_code, 1) << run.out;
    EXPECT_TRUE(contains(first_line(run.out), "ha-host_VM0 25.0% active")) << run.out;
    EXPECT_TRUE(contains(first_line(run.out), "(swapped 2.0 MiB)")) << run.out;
    double mib = 1 << 20;
    EXPECT_DOUBLE_EQ(perf(run.out, "ha-host_vm0_used_percent"), active / configured_mb * 100);
    EXPECT_DOUBLE_EQ(perf(run.out, "ha-host_vm0_used"), active * mib);
    EXPECT_DOUBLE_EQ(perf(run.out, "ha-host_vm0_consumed"), consumed / configured_mb * 100);
    EXPECT_DOUBLE_EQ(perf(run.out, "ha-host_vm0_ballooned"), 4 * mib);
    EXPECT_DOUBLE_EQ(perf(run.out, "ha-host_vm0_swapped"), 2 * mib);
    EXPECT_DOUBLE_EQ(perf(run.out, "ha-host_vm0_compressed"), 1024 * 1024);
    EXPECT_TRUE(rate_state_files(state).empty());
}

TEST(VsphereChecks, VmDiskAndNetRatesFromTheSample) {
    for (const char* set : {"virtualDisk.read.average&instance=scsi0:0&value=512",
                            "virtualDisk.write.average&instance=scsi0:0&value=256",
                            "virtualDisk.numberReadAveraged.average&instance=scsi0:0&value=30",
                            "virtualDisk.numberWriteAveraged.average&instance=scsi0:0&value=10",
                            "virtualDisk.totalReadLatency.average&instance=scsi0:0&value=12",
                            "virtualDisk.totalWriteLatency.average&instance=scsi0:0&value=4",
                            "net.received.average&instance=4000&value=100",
                            "net.transmitted.average&instance=4000&value=50",
                            "net.packetsRx.summation&instance=4000&value=2000",
                            "net.packetsTx.summation&instance=4000&value=1000",
                            "net.droppedRx.summation&instance=4000&value=20",
                            "net.droppedTx.summation&instance=4000&value=1"})
        control(esx, std::string("/perf?entity=ha-host_VM0&counter=") + set);
    std::string state = state_dir("vm-devices");
    auto disk = vcheck("check_vm_disk", esx, {"--vm", "ha-host_VM0", "-w", "latency=5ms", "-c", "latency=50ms"}, state);
    auto net = vcheck("check_vm_net", esx, {"--vm", "ha-host_VM0"}, state);
    control(esx, "/perf/clear");
    // Latency weighted by requests: (12 ms x 30 + 4 ms x 10) / 40 = 10 ms.
    EXPECT_EQ(disk.exit_code, 1) << disk.out;
    EXPECT_TRUE(first_line(disk.out).starts_with(
        "VM_DISK WARNING - 1 of 1 disks WARNING: ha-host_VM0/scsi0:0 read 512.0 KiB/s, write 256.0 KiB/s, 40.0 IOPS, "
        "latency 10.0 ms (latency 10.0 ms)"))
        << disk.out;
    EXPECT_EQ(perf(disk.out, "ha-host_vm0_scsi0_0_read"), 512 * 1024) << disk.out;
    EXPECT_EQ(perf(disk.out, "ha-host_vm0_scsi0_0_write"), 256 * 1024);
    EXPECT_EQ(perf(disk.out, "ha-host_vm0_scsi0_0_iops"), 40);
    EXPECT_DOUBLE_EQ(perf(disk.out, "ha-host_vm0_scsi0_0_latency"), 0.01);
    EXPECT_TRUE(std::isnan(perf(disk.out, "ha-host_vm0_scsi0_0_fill"))) << "no allocation figures over the API";
    // 2,000 packets in a 20 s sample: 100/s; 20 + 1 drops: 1.05/s, which warns by default.
    EXPECT_EQ(net.exit_code, 1) << net.out;
    EXPECT_TRUE(first_line(net.out).starts_with("VM_NET WARNING - 1 of 1 interfaces WARNING: ha-host_VM0/4000 150.0 KiB/s "
                                                "(drops 1.1/s)"))
        << net.out;
    EXPECT_EQ(perf(net.out, "ha-host_vm0_4000_rx"), 100 * 1024);
    EXPECT_EQ(perf(net.out, "ha-host_vm0_4000_tx"), 50 * 1024);
    EXPECT_EQ(perf(net.out, "ha-host_vm0_4000_rx_packets"), 100);
    EXPECT_EQ(perf(net.out, "ha-host_vm0_4000_tx_packets"), 50);
    EXPECT_EQ(perf(net.out, "ha-host_vm0_4000_drops"), 1.05);
    EXPECT_TRUE(rate_state_files(state).empty());
}

TEST(VsphereChecks, SnapshotTreeCountAgeAndSize) {
    control(esx, "/snapshots?vm=ha-host_VM0",
            R"([{"name":"base","created":"2024-01-02T03:04:05Z","size":1073741824,"children":[)"
            R"({"name":"before-upgrade","created":"2024-06-01T00:00:00Z","size":536870912,"children":[]},)"
            R"({"name":"other","created":"2025-01-01T12:00:00+02:00","children":[]}]}])");
    std::string state = state_dir("snapshots");
    auto run = vcheck("check_vm_snapshot", esx, {"-w", "30d", "-c", "size=2GiB", "-v"}, state);
    control(esx, "/snapshots?vm=ha-host_VM0", "[]");
    EXPECT_EQ(run.exit_code, 1) << run.out;
    EXPECT_TRUE(first_line(run.out).starts_with("VM_SNAPSHOT WARNING - 1 of 2 VMs WARNING: ha-host_VM0 3 snapshots, "
                                                "oldest "))
        << run.out;
    EXPECT_TRUE(contains(first_line(run.out), " (base), 1.5 GiB - 3 snapshots")) << run.out;
    double age = perf(run.out, "ha-host_vm0_oldest");
    double expected_age = static_cast<double>(std::time(nullptr)) - 1704164645;  // 2024-01-02T03:04:05Z
    EXPECT_NEAR(age, expected_age, 30) << run.out;
    EXPECT_EQ(perf(run.out, "ha-host_vm0_snapshots"), 3);
    EXPECT_EQ(perf(run.out, "ha-host_vm0_size"), 1610612736);
    EXPECT_TRUE(contains(run.out, "[OK] ha-host_VM1 no snapshots")) << run.out;
}

// The probe's view of the hosts: name -> fields.
std::map<std::string, std::map<std::string, std::string>> host_facts(const Sim& sim) {
    std::map<std::string, std::map<std::string, std::string>> out;
    auto run = probe(sim, "", {"--no-cache", "hosts"});
    std::istringstream in(run.out);
    for (std::string line; std::getline(in, line);)
        if (line.rfind("host ", 0) == 0) {
            auto f = fields(line);
            out[f["name"]] = f;
        }
    return out;
}

TEST(VsphereChecks, HostCpuAndMemoryPerHostWithOvercommit) {
    auto hosts = host_facts(vpx);
    auto vms = vm_facts(vpx);
    ASSERT_EQ(hosts.size(), 7u);
    const auto& h0 = hosts["DC0_H0"];
    double cores = std::stod(h0.at("cores")), mhz = std::stod(h0.at("hz")) / 1e6, memory = std::stod(h0.at("memory"));
    double vcpus = 0, vm_memory = 0;
    unsigned powered_on = 0;
    for (const auto& [name, f] : vms)
        if (f.at("host") == h0.at("ref") && f.at("power") == "poweredOn") {
            ++powered_on;
            vcpus += std::stod(f.at("cpus"));
            vm_memory += std::stod(f.at("memory_mb")) * (1 << 20);
        }
    ASSERT_GT(powered_on, 0u);
    double used_mhz = std::round(cores * mhz * 0.3);
    control(vpx, "/host?name=DC0_H0&cpu_mhz=" + std::to_string(static_cast<long>(used_mhz)) + "&mem_mb=1024");
    std::string state = state_dir("host");
    control(vpx, "/record?on=1");
    auto cpu = vcheck("check_host_cpu", vpx, {"--esx-host", "DC0_H0", "-w", "25", "-c", "overcommit=100"}, state);
    control(vpx, "/record?on=0");
    // Of the VMs, host figures read where each runs, its power, vCPUs and memory: not names or UUIDs.
    auto recorded = nlohmann::json::parse(run_program({"/usr/bin/curl", "-sS", "-f", vpx.control() + "/recorded"}).out);
    std::string vm_request;
    for (const auto& request : recorded) {
        std::string body = request.at("body");
        if (contains(body, "<propSet><type>VirtualMachine</type>")) vm_request = body;
    }
    ASSERT_FALSE(vm_request.empty()) << recorded.dump();
    for (const char* wanted : {"runtime.host", "runtime.powerState", "config.template", "summary.config.numCpu",
                               "summary.config.memorySizeMB"})
        EXPECT_TRUE(contains(vm_request, std::string("<pathSet>") + wanted + "</pathSet>")) << wanted << "\n" << vm_request;
    for (const char* unwanted : {"name", "config.instanceUuid", "config.uuid"})
        EXPECT_FALSE(contains(vm_request, std::string("<pathSet>") + unwanted + "</pathSet>")) << unwanted;
    auto memory_run = vcheck("check_host_memory", vpx, {"--esx-host", "DC0_H0"}, state);
    auto all = vcheck("check_host_cpu", vpx, {"-v"}, state);
    EXPECT_EQ(cpu.exit_code, 1) << cpu.out;
    EXPECT_TRUE(first_line(cpu.out).starts_with("HOST_CPU WARNING - 1 of 1 hosts WARNING: DC0_H0 ")) << cpu.out;
    EXPECT_NEAR(perf(cpu.out, "dc0_h0_used"), used_mhz / (cores * mhz) * 100, 0.001) << cpu.out;
    EXPECT_EQ(perf(cpu.out, "dc0_h0_vcpus"), vcpus);
    EXPECT_NEAR(perf(cpu.out, "dc0_h0_overcommit"), vcpus / cores, 0.001);
    char notes[160];
    std::snprintf(notes, sizeof notes, "%.0f vCPU%s of %u powered-on VM%s on %.0f cores (%.2f per core)", vcpus,
                  vcpus == 1 ? "" : "s", powered_on, powered_on == 1 ? "" : "s", cores, vcpus / cores);
    EXPECT_TRUE(contains(first_line(cpu.out), notes)) << cpu.out << "\nwanted: " << notes;
    EXPECT_EQ(memory_run.exit_code, 0) << memory_run.out;
    EXPECT_DOUBLE_EQ(perf(memory_run.out, "dc0_h0_used"), 1024.0 * (1 << 20)) << memory_run.out;
    EXPECT_NEAR(perf(memory_run.out, "dc0_h0_used_percent"), 1024.0 * (1 << 20) / memory * 100, 0.001);
    EXPECT_NEAR(perf(memory_run.out, "dc0_h0_overcommit"), vm_memory / memory * 100, 0.001);
    EXPECT_EQ(perf(memory_run.out, "dc0_h0_vm_assigned"), vm_memory);
    EXPECT_EQ(perf(all.out, "hosts"), 7) << all.out;
    EXPECT_TRUE(rate_state_files(state).empty()) << "no CPU counters to keep in vSphere mode";
}

TEST(VsphereChecks, DatastoreFilledOverProvisionedInaccessibleInMaintenance) {
    const double tib = 1099511627776.0, gib = 1073741824.0;
    auto before = probe(vpx, "", {"--no-cache", "datastores"});
    double free0 = std::stod(fields(line_with(before.out, "datastore name=LocalDS_0 "))["free"]);
    control(vpx, "/datastore?name=LocalDS_1&free=10737418240&uncommitted=1099511627776");
    control(vpx, "/datastore?name=LocalDS_2&accessible=false");
    control(vpx, "/datastore?name=LocalDS_0&maintenance=inMaintenance&uncommitted=1073741824");
    std::string state = state_dir("datastore");
    auto run = vcheck("check_datastore", vpx, {"-w", "90", "-c", "98", "-w", "provisioned=150", "-v"}, state);
    control(vpx, "/datastore?name=LocalDS_1&free=618475290624&uncommitted=0");
    control(vpx, "/datastore?name=LocalDS_2&accessible=true");
    control(vpx, "/datastore?name=LocalDS_0&maintenance=normal&uncommitted=0");
    EXPECT_EQ(run.exit_code, 2) << run.out;
    EXPECT_TRUE(first_line(run.out).starts_with("DATASTORE CRITICAL - 2 of 3 pools CRITICAL: LocalDS_1 99.0% used"))
        << run.out;
    EXPECT_TRUE(contains(first_line(run.out), "LocalDS_2 inaccessible")) << run.out;
    EXPECT_NEAR(perf(run.out, "localds_1_used_percent"), (tib - 10 * gib) / tib * 100, 1e-3);  // % at 3 decimals
    EXPECT_EQ(perf(run.out, "localds_1_free"), 10 * gib);
    EXPECT_NEAR(perf(run.out, "localds_1_provisioned"), (tib - 10 * gib + tib) / tib * 100, 1e-3);
    // LocalDS_0, in maintenance: WARNING.
    EXPECT_TRUE(contains(run.out, "[WARNING] LocalDS_0 in maintenance mode, ")) << run.out;
    EXPECT_NEAR(perf(run.out, "localds_0_used_percent"), (tib - free0) / tib * 100, 1e-3);
    EXPECT_NEAR(perf(run.out, "localds_0_provisioned"), (tib - free0 + gib) / tib * 100, 1e-3);
}

TEST(VsphereChecks, WrongPasswordIsUnknownAndNeverPrinted) {
    auto run = vcheck("check_hypervisor", esx, {"-vvv"}, state_dir("wrong-password"), "Wr0ng-secret-pw");
    EXPECT_EQ(run.exit_code, 3) << run.out;
    EXPECT_EQ(first_line(run.out), "HYPERVISOR UNKNOWN - vSphere login to " + esx.url() +
                                       " as vcuser refused: Login failure");
}

TEST(VsphereChecks, StaleSessionLogsInOnceMore) {
    std::string state = state_dir("stale-check");
    auto first = vcheck("check_vm_state", vpx, {"-vv"}, state);
    EXPECT_TRUE(contains(first.out, "vSphere session new, logged in: ")) << first.out;
    auto warm = vcheck("check_vm_state", vpx, {"-vv"}, state);
    EXPECT_TRUE(contains(warm.out, "vSphere session reused from the cache: 1 HTTP requests, 0 logins")) << warm.out;
    control(vpx, "/sessions/invalidate");
    long logins = server_calls(vpx, "Login");
    auto stale = vcheck("check_vm_state", vpx, {"-vv"}, state);
    EXPECT_EQ(stale.exit_code, 0) << stale.out;
    EXPECT_TRUE(contains(stale.out, "vSphere session stale, logged in again: ")) << stale.out;
    EXPECT_TRUE(contains(stale.out, ", 1 login")) << stale.out;
    EXPECT_EQ(server_calls(vpx, "Login") - logins, 1);
}

TEST(VsphereChecks, ServersThatNeverAnswerEndWithinTimeout) {
    std::string state = state_dir("hang-check");
    ASSERT_EQ(vcheck("check_datastore", esx, {}, state).exit_code, 0);
    control(esx, "/hang?on=1");
    auto hung = vcheck("check_datastore", esx, {"-t", "2"}, state);
    control(esx, "/hang?on=0");
    EXPECT_EQ(hung.exit_code, 2) << hung.out;
    EXPECT_TRUE(contains(first_line(hung.out), "while reading the datastores")) << hung.out;
    EXPECT_LT(hung.seconds, 2.5);
    // Accepts TCP, never speaks TLS.
    auto silent = run_program({check_path("check_hypervisor"), "--vsphere", "https://127.0.0.1:" + std::to_string(esx.port + 2) + "/sdk", "--user",
                               "vcuser", "-t", "2", "--no-session-cache"},
                              {{"VIRTCHECK_VSPHERE_PASSWORD", password}, {"VIRTCHECK_STATE_DIR", state}});
    EXPECT_EQ(silent.exit_code, 2) << silent.out;
    EXPECT_TRUE(contains(first_line(silent.out), "no answer within the 1.6 s budget")) << silent.out;
    EXPECT_LT(silent.seconds, 2.5);
    EXPECT_TRUE(guideline_violations(silent).empty()) << silent.out;
}

TEST(VsphereChecks, NothingListeningIsCriticalNotReachable) {
    auto run = run_program({check_path("check_vm_state"), "--vsphere", "https://127.0.0.1:18458/sdk", "--user", "vcuser",
                            "--no-session-cache"},
                           {{"VIRTCHECK_VSPHERE_PASSWORD", password}, {"VIRTCHECK_STATE_DIR", state_dir("down")}});
    EXPECT_EQ(run.exit_code, 2) << run.out;
    EXPECT_TRUE(first_line(run.out).starts_with("VM_STATE CRITICAL - vSphere API at https://127.0.0.1:18458/sdk not reachable"))
        << run.out;
    EXPECT_TRUE(guideline_violations(run).empty()) << run.out;
}

TEST(VsphereChecks, TwentyConcurrentRunsShareOneSession) {
    std::string state = state_dir("concurrent-checks");
    std::filesystem::create_directories(state);
    ASSERT_EQ(vcheck("check_vm_state", vpx, {}, state).exit_code, 0);  // the session everyone shares
    long logins = server_calls(vpx, "Login");
    std::string out = state + "/run.";
    std::string script = "for i in $(seq 1 20); do '" + check_path("check_vm_state") + "' --vsphere '" + vpx.url() +
                         "' --user vcuser --ca-file '" + vpx.ca() + "' -vv > '" + out + "'$i 2>&1 & done; wait";
    auto run = run_program({"/bin/sh", "-c", script}, {{"VIRTCHECK_VSPHERE_PASSWORD", password}, {"VIRTCHECK_STATE_DIR", state}});
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    for (int i = 1; i <= 20; ++i) {
        std::ifstream in(out + std::to_string(i));
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        EXPECT_TRUE(text.starts_with("VM_STATE OK - 6 VMs OK")) << "run " << i << ":\n" << text;
        EXPECT_TRUE(contains(text, "vSphere session reused from the cache: 1 HTTP requests, 0 logins")) << text;
    }
    EXPECT_EQ(server_calls(vpx, "Login") - logins, 0);
}

TEST(VsphereChecks, WhatTheApiCannotGiveIsRefusedInOneWording) {
    // Refused before any connection: nothing needs to listen.
    auto refused = [](const std::string& check, std::vector<std::string> args) {
        std::vector<std::string> argv = {check_path(check), "--vsphere", "https://127.0.0.1:18458/sdk", "--user", "u"};
        argv.insert(argv.end(), args.begin(), args.end());
        auto run = run_program(argv, {{"VIRTCHECK_VSPHERE_PASSWORD", "x"}});
        EXPECT_EQ(run.exit_code, 3) << run.out;
        EXPECT_TRUE(guideline_violations(run).empty()) << run.out;
        return first_line(run.out);
    };
    EXPECT_EQ(refused("check_vm_cpu", {"-w", "steal=5"}),
              "VM_CPU UNKNOWN - steal thresholds need libvirt, not vSphere (no per-vCPU counters)");
    EXPECT_EQ(refused("check_vm_cpu", {"--interval", "1"}),
              "VM_CPU UNKNOWN - --interval needs libvirt, not vSphere (no counters between samples)");
    EXPECT_EQ(refused("check_datastore", {"--refresh"}),
              "DATASTORE UNKNOWN - --refresh needs libvirt, not vSphere (no storage rescans)");
    EXPECT_EQ(refused("check_vm_disk", {"-w", "90"}),
              "VM_DISK UNKNOWN - fill thresholds need libvirt, not vSphere (no disk allocations)");
    EXPECT_EQ(refused("check_hypervisor", {"--require-kvm"}),
              "HYPERVISOR UNKNOWN - --require-acceleration needs libvirt, not vSphere (no host capabilities)");
    // And the other way round: vSphere-only metrics and options in libvirt mode.
    auto libvirt = run_program({check_path("check_vm_cpu"), "--uri", "test:///default", "-w", "ready=5"});
    EXPECT_EQ(first_line(libvirt.out),
              "VM_CPU UNKNOWN - ready thresholds need vSphere, not libvirt (no CPU ready or co-stop figures), choose "
              "vSphere with --vsphere URL (or -H HOST --vsphere)");
    auto maintenance = run_program({check_path("check_hypervisor"), "--uri", "test:///default", "--maintenance", "ok"});
    EXPECT_TRUE(first_line(maintenance.out).starts_with("HYPERVISOR UNKNOWN - --maintenance needs vSphere, not libvirt"))
        << maintenance.out;
    // libvirt's own VMware drivers: a pointer to the API instead.
    auto esx_uri = run_program({check_path("check_vm_snapshot"), "--uri", "esx://root@esx1.example.org/?no_verify=1"});
    EXPECT_EQ(esx_uri.exit_code, 3) << esx_uri.out;
    EXPECT_TRUE(contains(first_line(esx_uri.out), "use --vsphere https://esx1.example.org/sdk")) << esx_uri.out;
    // vSphere options without --vsphere.
    auto lonely = run_program({check_path("check_vm_state"), "--datacenter", "DC0"});
    EXPECT_EQ(lonely.exit_code, 3) << lonely.out;
    EXPECT_TRUE(contains(first_line(lonely.out), "are vSphere options: add --vsphere URL")) << lonely.out;
}

TEST(VsphereChecks, PasswordOnlyFromAPrivateFileOrTheEnvironment) {
    std::string state = state_dir("auth-file");
    std::filesystem::create_directories(state);
    std::string file = state + "/vsphere.auth";
    std::ofstream(file) << "# for the tests\nusername = vcuser\npassword = " << password << "\n";
    std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    auto base = std::vector<std::string>{check_path("check_hypervisor"), "--vsphere", esx.url(), "--ca-file", esx.ca(),
                                         "--auth-file", file};
    auto run = run_program(base, {{"VIRTCHECK_STATE_DIR", state}});
    EXPECT_EQ(run.exit_code, 0) << run.out;
    std::filesystem::permissions(file, std::filesystem::perms::group_read, std::filesystem::perm_options::add);
    auto open = run_program(base, {{"VIRTCHECK_STATE_DIR", state}});
    EXPECT_EQ(open.exit_code, 3) << open.out;
    EXPECT_EQ(first_line(open.out), "HYPERVISOR UNKNOWN - --auth-file " + file + " can be read by other users: chmod 600 it");
    auto none = run_program({check_path("check_hypervisor"), "--vsphere", esx.url(), "--user", "vcuser"},
                            {{"VIRTCHECK_STATE_DIR", state}, {"VIRTCHECK_VSPHERE_PASSWORD", ""}});
    EXPECT_EQ(none.exit_code, 3) << none.out;
    EXPECT_TRUE(contains(none.out, "vSphere mode needs a password")) << none.out;
}

TEST(VsphereChecks, InsecureIsSaidInVerboseOutput) {
    std::string state = state_dir("insecure");
    auto run = run_program({check_path("check_hypervisor"), "--vsphere", esx.url(), "--user", "vcuser", "--insecure", "-v"},
                           {{"VIRTCHECK_VSPHERE_PASSWORD", password}, {"VIRTCHECK_STATE_DIR", state}});
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_TRUE(contains(run.out, "[OK] the certificate of " + esx.url() + " was not verified (--insecure)")) << run.out;
    auto verified = run_program({check_path("check_hypervisor"), "--vsphere", esx.url(), "--user", "vcuser"},
                                {{"VIRTCHECK_VSPHERE_PASSWORD", password}, {"VIRTCHECK_STATE_DIR", state}});
    EXPECT_EQ(verified.exit_code, 3) << verified.out;
    EXPECT_TRUE(contains(verified.out, "SSL certificate problem")) << verified.out;
}

}  // namespace
}  // namespace virtcheck::testing
