// The SNMP modes as separate processes: against a real snmpd (tests/peers/snmpd.sh: v2c
// community "public", v3 user "vcuser" SHA/AES) and against snmpsim serving the recordings
// in tests/fixtures/snmp (tests/peers/snmpsim.sh), whose every number is known.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "guidelines.hpp"
#include "process.hpp"

namespace virtcheck::testing {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

double number_in(const std::string& text, const std::string& label) {
    std::smatch m;
    if (!std::regex_search(text, m, std::regex("'" + label + "'=([0-9.]+)"))) return -1;
    return std::stod(m[1]);
}

Completed check(const std::string& name, std::vector<std::string> args,
                const std::map<std::string, std::string>& env = {}) {
    args.insert(args.begin(), check_path(name));
    Completed run = run_program(args, env);
    for (const auto& problem : guideline_violations(run)) ADD_FAILURE() << problem << "\n" << run.out;
    return run;
}

const std::vector<std::string> snmpd_v2 = {"-H", "127.0.0.1", "-p", "16161", "-C", "public"};
const std::vector<std::string> esxi = {"-H", "127.0.0.1", "-p", "16162", "-C", "esxi"};

std::vector<std::string> with(std::vector<std::string> base, const std::vector<std::string>& more) {
    base.insert(base.end(), more.begin(), more.end());
    return base;
}

TEST(SnmpChecks, SnmpdV2cAndV3AuthPriv) {
    auto v2 = check("check_hypervisor", snmpd_v2);
    EXPECT_EQ(v2.exit_code, 0) << v2.out;
    EXPECT_TRUE(contains(v2.out, " on vc-test-agent at 127.0.0.1:16161 answered in ")) << v2.out;
    EXPECT_GT(number_in(v2.out, "uptime"), 0) << v2.out;
    // The v3 secrets come from the environment: nothing secret on the command line.
    auto v3 = check("check_hypervisor", {"-H", "127.0.0.1", "-p", "16161", "-U", "vcuser", "-a", "SHA", "-x", "AES"},
                    {{"VIRTCHECK_SNMP_AUTH_PASSWORD", "vc-auth-secret"}, {"VIRTCHECK_SNMP_PRIV_PASSWORD", "vc-priv-secret"}});
    EXPECT_EQ(v3.exit_code, 0) << v3.out;
    EXPECT_TRUE(contains(v3.out, "on vc-test-agent at 127.0.0.1:16161")) << v3.out;
}

// -4/-6: a name is looked up in the family asked for; net-snmp alone would use IPv4 only.
TEST(SnmpChecks, SnmpdAddressFamilies) {
    auto by_name = check("check_hypervisor", {"-H", "localhost", "-4", "-p", "16161", "-C", "public"});
    EXPECT_EQ(by_name.exit_code, 0) << by_name.out;
    EXPECT_TRUE(contains(by_name.out, " at localhost:16161 answered in ")) << by_name.out;
    auto wrong_family = check("check_hypervisor", {"-H", "127.0.0.1", "-6", "-p", "16161", "-C", "public"});
    EXPECT_EQ(wrong_family.exit_code, 3) << wrong_family.out;
    EXPECT_TRUE(contains(wrong_family.out, "cannot resolve 127.0.0.1 as IPv6")) << wrong_family.out;
}

TEST(SnmpChecks, SnmpdWrongPasswordIsUnknownWithTheReasonAndNoSecret) {
    auto run = check("check_hypervisor", {"-H", "127.0.0.1", "-p", "16161", "-U", "vcuser", "-A", "wrong-password",
                                          "-X", "vc-priv-secret", "-vvv"});
    EXPECT_EQ(run.exit_code, 3) << run.out;
    EXPECT_TRUE(contains(run.out, "HYPERVISOR UNKNOWN - the SNMP agent at 127.0.0.1:16161 refused us: Authentication "
                                  "failure")) << run.out;
    EXPECT_FALSE(contains(run.out + run.err, "wrong-password")) << "a secret was printed";
    EXPECT_FALSE(contains(run.out + run.err, "vc-priv-secret")) << "a secret was printed";
    auto user = check("check_hypervisor", {"-H", "127.0.0.1", "-p", "16161", "-U", "nobody-here", "-A", "whatever123"});
    EXPECT_EQ(user.exit_code, 3) << user.out;
    EXPECT_TRUE(contains(user.out, "refused us: Unknown user name")) << user.out;
}

TEST(SnmpChecks, SnmpdAuthFileMustBePrivate) {
    auto file = std::filesystem::temp_directory_path() / ("virtcheck-auth-" + std::to_string(getpid()));
    std::ofstream(file) << "community = public\n";
    ::chmod(file.c_str(), 0600);
    auto ok = check("check_hypervisor", {"-H", "127.0.0.1", "-p", "16161", "--snmp", "--auth-file", file.string()});
    ::chmod(file.c_str(), 0644);
    auto open = check("check_hypervisor", {"-H", "127.0.0.1", "-p", "16161", "--snmp", "--auth-file", file.string()});
    std::filesystem::remove(file);
    EXPECT_EQ(ok.exit_code, 0) << ok.out;
    EXPECT_EQ(open.exit_code, 3) << open.out;
    EXPECT_TRUE(contains(open.out, "can be read by other users: chmod 600 it")) << open.out;
}

// snmpd runs on this host: its figures are /proc/meminfo's, and in use is MemTotal - MemAvailable
// (memSysAvail), as check_host_memory counts it over libvirt too.
TEST(SnmpChecks, SnmpdHostMemoryMatchesProcMeminfo) {
    auto run = check("check_host_memory", snmpd_v2);
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_TRUE(contains(run.out, "total - MemAvailable (memSysAvail)")) << "memSysAvail was not used\n" << run.out;
    std::ifstream meminfo("/proc/meminfo");
    double total_kib = 0, available_kib = 0;
    for (std::string key; meminfo >> key;) {
        double value = 0;
        meminfo >> value;
        meminfo.ignore(64, '\n');
        if (key == "MemTotal:") total_kib = value;
        if (key == "MemAvailable:") available_kib = value;
    }
    EXPECT_NEAR(number_in(run.out, "used_percent") / 100 * total_kib * 1024, number_in(run.out, "used"), 1e6);
    EXPECT_NEAR(number_in(run.out, "free") + number_in(run.out, "used"), total_kib * 1024, 1e6) << run.out;
    // snmpd caches its figures for a few seconds; the host's memory moves meanwhile.
    EXPECT_NEAR(number_in(run.out, "free"), available_kib * 1024, total_kib * 1024 * 0.02) << run.out;
}

TEST(SnmpChecks, SnmpdNobodyListening) {
    auto run = check("check_hypervisor", {"-H", "127.0.0.1", "-p", "16169", "-C", "public", "-e", "1", "-t", "1"});
    EXPECT_EQ(run.exit_code, 2) << run.out;
    EXPECT_TRUE(contains(run.out, "HYPERVISOR CRITICAL - no answer from the SNMP agent at 127.0.0.1:16169")) << run.out;
    EXPECT_LT(run.seconds, 1.5) << "retries must fit in -t";
}

TEST(SnmpChecks, SimEsxiHypervisorAndVersion) {
    auto run = check("check_hypervisor", with(esxi, {"--min-version", "8.0", "-w", "uptime=20d:"}));
    EXPECT_EQ(run.exit_code, 1) << run.out;
    EXPECT_TRUE(contains(run.out, "HYPERVISOR WARNING - uptime 14d 6h - version 7.0.3 is older than 8.0 (--min-version) - "
                                  "VMware ESXi 7.0.3 build 21930508 on esx-lab-01 at 127.0.0.1:16162 answered in "))
        << run.out;
    EXPECT_EQ(number_in(run.out, "uptime"), 1234567) << run.out;
    auto shorthand = check("check_hypervisor", with(esxi, {"--uptime", "20d:"}));
    EXPECT_EQ(shorthand.exit_code, 1) << shorthand.out;
    EXPECT_TRUE(contains(shorthand.out, "'uptime'=1234567s;1728000:;;0")) << shorthand.out;
}

TEST(SnmpChecks, SimEsxiVmStates) {
    auto run = check("check_vm_state", with(esxi, {"-v"}));
    EXPECT_EQ(run.exit_code, 1) << run.out;
    EXPECT_TRUE(contains(run.out, "VM_STATE WARNING - 2 of 30 VMs WARNING: vm29 paused, vm30 paused - 20 running, "
                                  "2 paused, 8 shutoff | 'running'=20;;;0 'blocked'=0;;;0 'paused'=2;;;0 "
                                  "'shutdown'=0;;;0 'shutoff'=8;;;0 'crashed'=0;;;0 'pmsuspended'=0;;;0 'vms'=30;;;0"))
        << run.out;
    // Two VMs are called web; told apart by UUID, both are reported, with their guest's state.
    EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 61) << run.out;
    for (const char* uuid : {"000000000001", "000000000002"})
        EXPECT_TRUE(contains(run.out, "[OK] web running\n  \\_ [OK] uuid 564d0000-0000-0000-0000-" + std::string(uuid) +
                                          ", guest debian11_64Guest, tools running\n"))
            << run.out;
    EXPECT_TRUE(contains(run.out, "[WARNING] vm29 paused\n  \\_ [OK] uuid 564d0000-0000-0000-0000-000000000029, "
                                  "guest debian11_64Guest, tools notRunning\n"))
        << run.out;
    auto expect = check("check_vm_state", with(esxi, {"--include", "^vm2[1-5]$", "--expect", ".=running"}));
    EXPECT_EQ(expect.exit_code, 2) << expect.out;
    EXPECT_TRUE(contains(expect.out, "5 of 5 VMs CRITICAL: vm21 shutoff")) << expect.out;
}

TEST(SnmpChecks, SimEsxiDatastores) {
    // --no-forecast: one run's figures, without what the trend waits for (learn_test.cpp).
    auto run = check("check_datastore", with(esxi, {"-w", "85", "-v", "--no-forecast"}));
    EXPECT_EQ(run.exit_code, 3) << run.out;
    EXPECT_TRUE(contains(run.out, "2 of 4 pools UNKNOWN: /vmfs/volumes/big-vmfs: size -1610612736 and used 10000 units "
                                  "are not plausible (Integer32 overflow")) << run.out;
    EXPECT_TRUE(contains(run.out, "\n[WARNING] /vmfs/volumes/datastore1 90.0% used (837.0 GiB of 930.0 GiB, 93.0 GiB "
                                  "free)\n")) << run.out;
    EXPECT_TRUE(contains(run.out, "\n[OK] /vmfs/volumes/nfs-iso 20.0% used (20.0 GiB of 100.0 GiB, 80.0 GiB free)\n"))
        << run.out;
    EXPECT_TRUE(contains(run.out, "\n[UNKNOWN] /vmfs/volumes/half-row: missing hrStorageUsed (.6)\n")) << run.out;
    EXPECT_EQ(number_in(run.out, "_vmfs_volumes_datastore1_capacity"), 952320.0 * 1048576) << run.out;
    EXPECT_FALSE(contains(run.out, "CD-ROM")) << run.out;
    auto free = check("check_datastore", with(esxi, {"--pool", "/vmfs/volumes/nfs-iso", "-c", "90GiB:"}));
    EXPECT_EQ(free.exit_code, 2) << free.out;
}

TEST(SnmpChecks, SimEsxiCpuAndMemory) {
    auto cpu = check("check_host_cpu", with(esxi, {"-w", "busiest=75"}));
    EXPECT_EQ(cpu.exit_code, 1) << cpu.out;
    EXPECT_TRUE(contains(cpu.out, "HOST_CPU WARNING - CPU 35.0% average over 4 CPUs, busiest 80.0% (hrDeviceIndex 4) "
                                  "(busiest 80.0%) | 'used'=35%;;;0;100 'busiest'=80%;75;;0;100 'cpus'=4;;;0")) << cpu.out;
    auto memory = check("check_host_memory", with(esxi, {"--no-forecast"}));
    EXPECT_EQ(memory.exit_code, 0) << memory.out;
    EXPECT_TRUE(contains(memory.out, "HOST_MEMORY OK - memory 62.5% used (20.0 GiB of 32.0 GiB, hrStorageRam, may "
                                     "include cache) | ")) << memory.out;
}

// The hint that net-snmp fills hrProcessorLoad late is for net-snmp agents only.
TEST(SnmpChecks, SimWindowsAgentWithoutLoadsGetsNoNetSnmpHint) {
    auto cpu = check("check_host_cpu", {"-H", "127.0.0.1", "-p", "16162", "-C", "windows"});
    EXPECT_EQ(cpu.exit_code, 3) << cpu.out;
    EXPECT_TRUE(contains(cpu.out, "HOST_CPU UNKNOWN - the SNMP agent has no hrProcessorLoad (1.3.6.1.2.1.25.3.3.1.2)"))
        << cpu.out;
    EXPECT_FALSE(contains(cpu.out, "net-snmp")) << cpu.out;
}

TEST(SnmpChecks, SimBrokenAgent) {
    const std::vector<std::string> broken = {"-H", "127.0.0.1", "-p", "16162", "-C", "broken"};
    auto storage = check("check_datastore", broken);
    EXPECT_EQ(storage.exit_code, 3) << storage.out;
    EXPECT_TRUE(contains(storage.out, "3 of 3 pools UNKNOWN: /: sizes are not numbers, /srv: missing "
                                      "hrStorageAllocationUnits (.4), hrStorageSize (.5), hrStorageUsed (.6), /var: "))
        << storage.out;
    auto cpu = check("check_host_cpu", broken);
    EXPECT_EQ(cpu.exit_code, 3) << cpu.out;
    EXPECT_TRUE(contains(cpu.out, "hrProcessorLoad of CPU 1 is '250', not a percentage")) << cpu.out;
    auto vms = check("check_vm_state", broken);
    EXPECT_EQ(vms.exit_code, 3) << vms.out;
    EXPECT_TRUE(contains(vms.out, ", not an ESXi host?")) << vms.out;
}

}  // namespace
}  // namespace virtcheck::testing
