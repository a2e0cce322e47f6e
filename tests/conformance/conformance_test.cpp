// Every output of every check against the plugin guidelines, and the option battery
// (--help, --version, unknown option, malformed thresholds) for every check.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <unistd.h>

#include "guidelines.hpp"
#include "process.hpp"

namespace virtcheck::testing {
namespace {

using Args = std::vector<std::string>;

// vSphere mode without a server: nothing listens on 18458 (the vSphere tests' closed port).
#define VSPHERE_DOWN "--vsphere", "https://127.0.0.1:18458/sdk", "--user", "monitor", "--no-session-cache", "-t", "3"
// The password every run gets in its environment: no output may show it.
const std::string vsphere_secret = "conformance-vsphere-secret";

// Runs each check is known for, reaching every state it can give without a daemon.
// A new check must add its cases here (CoversEveryBuiltCheck fails otherwise).
const std::map<std::string, std::vector<Args>> cases = {
    {"check_hypervisor",
     {{"--uri", "test:///default"},
      {"--uri", "test:///default", "-v"},
      {"--uri", "test:///default", "-w", "1ns"},
      {"--uri", "test:///default", "-c", "1ns", "-w", "1h"},
      {"--uri", "test:///default", "--require-kvm", "--min-version", "1", "--min-libvirt-version", "1", "-vvv"},
      {"--uri", "test://" VIRTCHECK_FIXTURES "/nodes/small-host.xml"},
      {"--uri", "test://" VIRTCHECK_FIXTURES "/nodes/no-such-node.xml"},
      {"--uri", "qemu+unix:///system?socket=/nonexistent/libvirt-sock"},
      {"--uri", "no-such-driver:///x"},
      {"--uri", "test:///default", "--auth-file", "/nonexistent/auth.conf"},
      {"-H", "bad/host"},
      {"-H", "127.0.0.1", "-p", "9", "-C", "public", "-e", "0", "-t", "0.5"},
      {"-H", "127.0.0.1:161", "-C", "public"},
      {VSPHERE_DOWN},
      {VSPHERE_DOWN, "-vvv", "--maintenance", "ok", "--ignore-alarm", "^Backup"},
      {"-H", "127.0.0.1", "--vsphere", "--user", "monitor", "--maintenance", "sometimes"},
      {"-H", "127.0.0.1", "--vsphere", "--user", "monitor", "--ignore-alarm", "("},
      {"--vsphere", "http://127.0.0.1/sdk", "--user", "monitor"},
      {"--vsphere"},
      {"--uri", "test:///default", "--maintenance", "ok"},
      {"--datacenter", "DC0"}}},
    {"check_vm_state",
     {{"--uri", "test:///default"},
      {"--uri", "test://" VIRTCHECK_FIXTURES "/nodes/every-state.xml", "-v"},
      {"--uri", "test://" VIRTCHECK_FIXTURES "/nodes/every-state.xml", "--expect-warn", "crashed=crashed,running"},
      {"--uri", "test://" VIRTCHECK_FIXTURES "/nodes/every-state.xml", "--vm", "web 01|x=1"},
      {"--uri", "test:///default", "--include", "^none$"},
      {"--uri", "test:///default", "--expect", "broken"},
      {"--uri", "qemu+unix:///system?socket=/nonexistent/libvirt-sock"},
      {VSPHERE_DOWN, "--expect", "web=running"},
      {"--uri", "esx://esx1.example.org/"},
      {"--vsphere", "vc.example.org", "-H", "esx1"}}},
    {"check_vm_cpu",
     {{"--uri", "test:///default"},
      {"--uri", "test://" VIRTCHECK_FIXTURES "/nodes/every-state.xml", "--interval", "0.2", "-v"},
      {"--uri", "test://" VIRTCHECK_FIXTURES "/nodes/every-state.xml", "--interval", "0.2", "-w", "10"},
      {"--uri", "test:///default", "--interval", "0.2", "-c", "10", "-w", "steal=1"},
      {"--uri", "test:///default", "--interval", "20", "-t", "5"},
      {"--uri", "test:///default", "--vm", "nope"},
      {"--uri", "qemu+unix:///system?socket=/nonexistent/libvirt-sock"},
      {VSPHERE_DOWN, "-w", "ready=5", "-c", "costop=5"},
      {VSPHERE_DOWN, "-w", "steal=1"},
      {VSPHERE_DOWN, "--interval", "1"},
      {"--uri", "test:///default", "-w", "ready=5"},
      {"--uri", "vpx://vc.example.org/DC0/c1/esx1"}}},
    {"check_vm_memory",
     {{"--uri", "test:///default"},
      {"--uri", "test:///default", "-w", "40", "--interval", "0.2", "-v"},
      {"--uri", "test:///default", "-c", "40", "-w", "rss=10", "--interval", "0.2"},
      {"--uri", "test:///default", "--no-guest-stats", "sometimes"},
      {VSPHERE_DOWN, "-w", "swapped=0", "-c", "ballooned=1GiB"},
      {VSPHERE_DOWN, "-w", "rss=10"}}},
    {"check_vm_disk",
     {{"--uri", "test:///default", "--interval", "0.2", "-v"},
      {"--uri", "test://" VIRTCHECK_FIXTURES "/nodes/small-host.xml", "--interval", "0.2", "--no-match", "ok"},
      {"--uri", "test://" VIRTCHECK_FIXTURES "/nodes/small-host.xml", "--interval", "0.2", "--no-match", "warning"},
      {"--uri", "test:///default", "-w", "latency=bad"},
      {VSPHERE_DOWN, "-w", "latency=20ms"},
      {VSPHERE_DOWN, "-w", "90"}}},
    {"check_vm_net",
     {{"--uri", "test:///default", "--interval", "0.2", "-v", "-w", "errors=1000/s", "-w", "drops=1000/s"},
      {"--uri", "test:///default", "--interval", "0.2", "-w", "1B/s"},
      {"--uri", "test:///default", "--interval", "0.2", "-c", "1B/s", "-w", "drops=1/s"},
      {"--uri", "test:///default", "-w", "1ms"},
      {VSPHERE_DOWN, "-w", "1MiB/s"},
      {VSPHERE_DOWN, "-w", "errors=1/s"}}},
    {"check_host_cpu",
     {{"--uri", "test:///default"},
      {"--uri", "test:///default", "--interval", "0.2"},
      {"--uri", "test:///default", "-w", "overcommit=0.1"},
      {"--uri", "test:///default", "-c", "overcommit=0.1"},
      {VSPHERE_DOWN, "-w", "80", "-w", "overcommit=4"},
      {VSPHERE_DOWN, "-w", "iowait=5"},
      {"--uri", "esx://esx1.example.org/"}}},
    {"check_host_memory",
     {{"--uri", "test:///default"},
      {"--uri", "test:///default", "-c", "overcommit=10"},
      {"--uri", "test:///default", "-c", "free=1x"},
      {"--uri", "qemu+unix:///system?socket=/nonexistent/libvirt-sock"},
      {VSPHERE_DOWN, "-w", "90", "-c", "overcommit=150"}}},
    {"check_datastore",
     {{"--uri", "test:///default", "-v"},
      {"--uri", "test://" VIRTCHECK_FIXTURES "/nodes/storage-network.xml", "-w", "90"},
      {"--uri", "test://" VIRTCHECK_FIXTURES "/nodes/storage-network.xml", "-c", "10GiB:", "-w", "provisioned=200"},
      {"--uri", "test:///default", "--pool", "nope|x=1"},
      {"--uri", "test:///default", "-w", "10 parsecs"},
      {VSPHERE_DOWN, "-w", "90", "-w", "provisioned=150"},
      {VSPHERE_DOWN, "--refresh"},
      {"--uri", "esx://esx1.example.org/"}}},
    {"check_vnet",
     {{"--uri", "test://" VIRTCHECK_FIXTURES "/nodes/storage-network.xml", "--network", "lan", "-v"},
      {"--uri", "test://" VIRTCHECK_FIXTURES "/nodes/storage-network.xml", "--network", "lan", "--require-autostart"},
      {"--uri", "test://" VIRTCHECK_FIXTURES "/nodes/storage-network.xml", "-v"},
      {"--uri", "test://" VIRTCHECK_FIXTURES "/nodes/storage-network.xml", "--network", "lan", "-w", "80"}}},
    {"check_vm_snapshot",
     {{"--uri", "test:///default"},
      {"--uri", "test://" VIRTCHECK_FIXTURES "/nodes/storage-network.xml", "-w", "30d", "-v"},
      {"--uri", "test://" VIRTCHECK_FIXTURES "/nodes/storage-network.xml", "-c", "snapshots=1"},
      {"--uri", "test:///default", "-w", "7 fortnights"},
      {VSPHERE_DOWN, "-w", "size=50GiB"},
      {"--uri", "test:///default", "-w", "size=50GiB"},
      {"--uri", "esx://esx1.example.org/"}}},
    {"check_vm_security",
     {{"--uri", "test:///default"},
      {"--uri", "test://" VIRTCHECK_FIXTURES "/nodes/security.xml", "--read-write", "--vm", "uefi-sb-tpm", "-v"},
      {"--uri", "test://" VIRTCHECK_FIXTURES "/nodes/security.xml", "--read-write", "--vm", "passthrough", "--vm", "as-root"},
      {"--uri", "test://" VIRTCHECK_FIXTURES "/nodes/security.xml", "--read-write", "-vvv", "--require", "tpm"},
      {"--uri", "test://" VIRTCHECK_FIXTURES "/nodes/security.xml", "--allow", "passthrough=^pass", "--allow", "shared-disk", "-v"},
      {"--uri", "test://" VIRTCHECK_FIXTURES "/nodes/security.xml", "--vm", "vnc-nopass"},
      {"--uri", "test://" VIRTCHECK_FIXTURES "/nodes/security.xml", "--vm", "odd|name", "-v"},
      {"--uri", "test:///default", "--allow", "no-such-finding"},
      {"--uri", "test:///default", "--require", "measured-boot"},
      {"--uri", "test:///default", "--host"},
      {"--uri", "qemu+unix:///system?socket=/nonexistent/libvirt-sock"}}},
    {"check_container",
     {{"--root", VIRTCHECK_FIXTURES "/cgroup/tree", "--docker-dir", VIRTCHECK_FIXTURES "/cgroup/docker", "--include", "^web$", "-v"},
      {"--root", VIRTCHECK_FIXTURES "/cgroup/tree", "--include", "^db$", "-w", "memory=80"},
      {"--root", VIRTCHECK_FIXTURES "/cgroup/tree", "--include", "^db$", "-c", "pids_used=90"},
      {"--root", VIRTCHECK_FIXTURES "/cgroup/tree", "--interval", "0.1"},
      {"--root", VIRTCHECK_FIXTURES "/cgroup/tree/system.slice"}}},
};

// States the cases must reach: all four unless the test driver cannot give one. The host
// checks read node counters the test driver does not have (or never advances), so their
// OK/WARNING outputs are covered by the real-daemon integration tests instead.
std::set<int> states_reached_by(const std::string& check) {
    if (check == "check_host_cpu") return {0, 2, 3};
    if (check == "check_host_memory") return {2, 3};
    return {0, 1, 2, 3};
}

// Options a normal run needs, so that the battery reaches option parsing on a real target.
const std::map<std::string, Args> base_args = {
    {"check_hypervisor", {"--uri", "test:///default"}},
    {"check_vm_state", {"--uri", "test:///default"}},
    {"check_vm_cpu", {"--uri", "test:///default", "--interval", "0.1"}},
    {"check_vm_memory", {"--uri", "test:///default"}},
    {"check_vm_disk", {"--uri", "test:///default", "--interval", "0.1"}},
    {"check_vm_net", {"--uri", "test:///default", "--interval", "0.1"}},
    {"check_host_cpu", {"--uri", "test:///default"}},
    {"check_host_memory", {"--uri", "test:///default"}},
    {"check_datastore", {"--uri", "test:///default"}},
    {"check_vnet", {"--uri", "test:///default"}},
    {"check_vm_snapshot", {"--uri", "test:///default"}},
    {"check_vm_security", {"--uri", "test:///default"}},
    {"check_container", {"--root", VIRTCHECK_FIXTURES "/cgroup/tree"}},
};

std::vector<std::string> built_checks() {
    std::vector<std::string> names;
    std::stringstream list(VIRTCHECK_CHECKS);
    for (std::string name; std::getline(list, name, ',');)
        if (!name.empty()) names.push_back(name);
    return names;
}

// The state directory of this run's checks, removed when the tests end.
const std::string& state_directory() {
    static const std::string path =
        (std::filesystem::temp_directory_path() / ("virtcheck-conformance-" + std::to_string(getpid()))).string();
    return path;
}

class RemoveStateDirectory : public ::testing::Environment {
public:
    void TearDown() override { std::filesystem::remove_all(state_directory()); }
};
[[maybe_unused]] const auto* const remove_state_directory = ::testing::AddGlobalTestEnvironment(new RemoveStateDirectory);

Completed run_check(const std::string& check, Args args) {
    args.insert(args.begin(), check_path(check));
    return run_program(args, {{"VIRTCHECK_STATE_DIR", state_directory()}, {"VIRTCHECK_VSPHERE_PASSWORD", vsphere_secret}});
}

void expect_conforms(const Completed& run, const std::string& what) {
    for (const auto& problem : guideline_violations(run)) ADD_FAILURE() << what << ": " << problem << "\n" << run.out;
}

TEST(Conformance, CoversEveryBuiltCheck) {
    for (const auto& check : built_checks()) {
        EXPECT_TRUE(cases.count(check)) << check << " has no conformance cases";
        EXPECT_TRUE(base_args.count(check)) << check << " has no base arguments";
    }
}

TEST(Conformance, EveryOutputFollowsTheGuidelines) {
    for (const auto& [check, runs] : cases) {
        std::set<int> codes;
        for (const auto& args : runs) {
            auto run = run_check(check, args);
            std::string what = check;
            for (const auto& a : args) what += " " + a;
            expect_conforms(run, what);
            EXPECT_EQ(run.out.find(vsphere_secret), std::string::npos) << what << " printed the vSphere password";
            codes.insert(run.exit_code);
        }
        EXPECT_EQ(codes, states_reached_by(check)) << check << ": the cases should reach these states";
    }
}

TEST(Conformance, OptionBattery) {
    for (const auto& [check, base] : base_args) {
        auto with = [&](Args extra) {
            Args args = base;
            args.insert(args.end(), extra.begin(), extra.end());
            return run_check(check, args);
        };
        for (const char* flag : {"--help", "-h", "--version", "-V"}) {
            auto run = run_check(check, {flag});
            EXPECT_EQ(run.exit_code, 3) << check << " " << flag;
            EXPECT_FALSE(run.out.empty()) << check << " " << flag;
            EXPECT_TRUE(run.err.empty()) << check << " " << flag << " wrote to stderr";
        }
        EXPECT_TRUE(run_check(check, {"--version"}).out.starts_with(check + " (virtcheck) "));
        // Broken command lines and thresholds: one UNKNOWN line on stdout.
        for (Args bad : std::vector<Args>{{"--no-such-option"}, {"-w", "2:1"}, {"-c", "foo"}, {"-w", ""},
                                          {"-c", "1-10"}, {"-w", "@"}, {"-w", ":"}, {"-t", "0"}, {"-t", "x"},
                                          {"-w"}, {"--output", "xml"}, {"positional"}}) {
            auto run = with(bad);
            std::string what = check + " " + bad[0] + (bad.size() > 1 ? " '" + bad[1] + "'" : "");
            EXPECT_EQ(run.exit_code, 3) << what << "\n" << run.out;
            EXPECT_TRUE(run.out.find(" UNKNOWN - ") != std::string::npos) << what << "\n" << run.out;
            expect_conforms(run, what);
        }
    }
}

TEST(Conformance, ManPageDocumentsEveryOption) {
    for (const auto& check : built_checks()) {
        std::ifstream page(std::string(VIRTCHECK_SOURCE_DIR) + "/man/" + check + ".1.scd");
        ASSERT_TRUE(page) << check << " has no man page";
        std::string text(std::istreambuf_iterator<char>(page), {});
        auto help = run_check(check, {"--help"}).out;
        std::regex long_option("--[a-z][a-z-]+");
        for (auto it = std::sregex_iterator(help.begin(), help.end(), long_option); it != std::sregex_iterator(); ++it)
            EXPECT_NE(text.find(it->str()), std::string::npos) << check << "(1) does not document " << it->str();
    }
}

TEST(Conformance, CheckerItselfCatchesViolations) {
    // The checker must be able to fail: feed it known-bad output.
    EXPECT_FALSE(guideline_violations({0, "X WARNING - a\n", ""}).empty());
    EXPECT_FALSE(guideline_violations({4, "X OK - a\n", ""}).empty());
    EXPECT_FALSE(guideline_violations({0, "X OK - a\n", "noise"}).empty());
    EXPECT_FALSE(guideline_violations({0, "x ok a\n", ""}).empty());
    EXPECT_FALSE(perfdata_violations("'a'=1e5").empty());
    EXPECT_FALSE(perfdata_violations("'a'=1;;;;").empty());
    EXPECT_FALSE(perfdata_violations("'a'=1;2:1x").empty());
    EXPECT_FALSE(perfdata_violations("'a'=1GiB").empty());
    EXPECT_FALSE(perfdata_violations("'a'=1 'a'=2").empty());
    EXPECT_FALSE(perfdata_violations("a=1,5").empty());
    EXPECT_FALSE(guideline_violations({0, "X OK - a\nlong | more\n", ""}).empty());
    EXPECT_TRUE(guideline_violations({0, "X OK - a | 'a'=1s;0.5;~:2;0;10 b=2c\nlong\n", ""}).empty());
    EXPECT_FALSE(perfdata_violations("b=U").empty()) << "Icinga 2's writers reject U";
    EXPECT_FALSE(perfdata_violations("b=0.1234567").empty()) << "more than 6 decimals";
    EXPECT_FALSE(guideline_violations({0, "X OK - a; b\n", ""}).empty()) << "Nagios rewrites ';'";
    EXPECT_FALSE(guideline_violations({0, "X OK - a\n[OK] b; c\n", ""}).empty());
}

}  // namespace
}  // namespace virtcheck::testing
