// The two libvirt clients give the same output: every libvirt check, with every option set the
// integration tests give it (tests/integration/*_test.cpp, checked below), against the real
// libvirtd of tests/peers/libvirtd.sh, run with --libvirt-client library (libvirt.so) and
// with --libvirt-client native: the same exit code, the same text, the same perfdata.
//
// Masked in both outputs alike before they are compared, and nothing else:
// - check_hypervisor's response time: the figure after "answered in" or "response time" and the value of
//   'time' (its unit, thresholds and minimum are compared);
// - in cases that name `moving` labels: those perfdata values (rates per second, CPU use,
//   QEMU's RSS, host memory that other processes move, snapshot ages), which depend on when
//   a run happened, not on the client, and every number in the text. The values must still be
//   numbers on both sides, with the same unit; labels, thresholds, minimum and maximum are
//   compared as they are;
// - the -v line that names the client ("[OK] libvirt client: ..."): it must name the client
//   asked for. A forced client never falls back (tests/native/native_choice_test.cpp), so
//   what the native run prints is the native client's.
// Each client keeps its own state directory, so that rates start alike for both.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "guidelines.hpp"
#include "process.hpp"
#include "silent_socket.hpp"

namespace virtcheck::testing {
namespace {

namespace fs = std::filesystem;

const std::string system_uri = "qemu:///system";
const std::string any_number = "[0-9]+(\\.[0-9]+)?";
// A libvirt auth.conf for --auth-file (private: the check refuses a file others can read).
const std::string auth_file = (std::filesystem::temp_directory_path() / "virtcheck-identical-auth.conf").string();
const std::string response_time_text = "(answered in|response time) [0-9.]+ ?[a-zµ]*s";

struct Case {
    std::string check;
    std::vector<std::string> args;
    std::string moving{};     // regex: perfdata labels whose values depend on time
    std::string text_mask{};  // regex: text that depends on time
    int runs = 1;             // 2: the second run reads the state file the first wrote
    std::map<std::string, std::string> env{};
    std::string before{}, between{}, after{};  // virsh commands around the runs
    std::string user{};                        // run as this user instead of root
};

Case fixed(std::string check, std::vector<std::string> args) { return {std::move(check), std::move(args)}; }

Case hypervisor(std::vector<std::string> args) {
    return {"check_hypervisor", std::move(args), "^time$|_total$", response_time_text};
}

// check_vm_security: findings, ports and image modes do not move.
Case security(std::vector<std::string> args) { return {"check_vm_security", std::move(args)}; }

Case moving(std::string check, std::vector<std::string> args, std::string labels, int runs = 1) {
    return {std::move(check), std::move(args), std::move(labels), any_number, runs};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// One run's output, masked.
struct Reading {
    int exit_code = -1;
    std::string text;       // line 1 without perfdata, and the long output
    std::string perfdata;   // one item per line
    std::string client;     // what "[OK] libvirt client: ..." said; empty when absent
    std::string raw;
};

Reading read_output(const Completed& run, const Case& c) {
    Reading reading{run.exit_code, "", "", "", run.out};
    std::istringstream lines(run.out);
    std::string line;
    bool first = true;
    const std::regex client_line("^\\[OK\\] libvirt client: (.*)$");
    const std::regex moving(c.moving.empty() ? "$^" : c.moving);
    const std::regex text_mask(c.text_mask.empty() ? "$^" : c.text_mask);
    while (std::getline(lines, line)) {
        std::smatch m;
        if (std::regex_match(line, m, client_line)) {
            reading.client = m[1];
            continue;
        }
        std::string perf;
        if (first) {
            auto bar = line.find(" | ");
            if (bar != std::string::npos) perf = line.substr(bar + 3), line.resize(bar);
            first = false;
        }
        reading.text += std::regex_replace(line, text_mask, "#") + "\n";
        const std::regex item("('[^']*'|[^ =]+)=([^ ]*)");
        for (auto it = std::sregex_iterator(perf.begin(), perf.end(), item); it != std::sregex_iterator(); ++it) {
            std::string label = (*it)[1], value = (*it)[2];
            std::string bare = label.front() == '\'' ? label.substr(1, label.size() - 2) : label;
            std::string rest;
            if (auto semi = value.find(';'); semi != std::string::npos) rest = value.substr(semi), value.resize(semi);
            std::smatch number;
            if (std::regex_search(bare, moving) && std::regex_match(value, number, std::regex("(-?[0-9.]+)(.*)")))
                value = "#" + number[2].str();
            reading.perfdata += label + "=" + value + rest + "\n";
        }
    }
    return reading;
}

void virsh(const std::string& args) {
    if (args.empty()) return;
    ASSERT_EQ(std::system(("virsh -q -c qemu:///system " + args + " >/dev/null 2>&1").c_str()), 0) << args;
}

class IdenticalOutput : public ::testing::Test {
protected:
    // The snapshots check_vm_snapshot reads: one taken now, one redefined as taken on
    // 2023-11-14 (1700000000), as ObjectChecks.RealSnapshotsOfTheQemuVm makes them.
    static void SetUpTestSuite() {
        root_ = fs::temp_directory_path() / ("virtcheck-identical-" + std::to_string(getpid()));
        fs::remove_all(root_);
        for (const char* client : {"native", "library"}) fs::create_directories(root_ / client);
        std::ofstream(auth_file) << "[credentials-monitor]\nauthname=monitor\npassword=unused\n\n"
                                    "[auth-libvirt-localhost]\ncredentials=monitor\n";
        fs::permissions(auth_file, fs::perms::owner_read | fs::perms::owner_write);
        std::string old_xml = (root_ / "old-snapshot.xml").string();
        std::string make = "{ echo \"<domainsnapshot><name>old</name><state>shutoff</state>"
                           "<creationTime>1700000000</creationTime><memory snapshot='no'/>\"; "
                           "virsh -q -c qemu:///system dumpxml --inactive vc-test-vm; echo '</domainsnapshot>'; } > '" +
                           old_xml + "'";
        snapshots_made_ = std::system(make.c_str()) == 0 &&
                          std::system("virsh -q -c qemu:///system snapshot-create-as vc-test-vm fresh >/dev/null") == 0 &&
                          std::system(("virsh -q -c qemu:///system snapshot-create vc-test-vm '" + old_xml +
                                       "' --redefine >/dev/null").c_str()) == 0;
    }
    static void TearDownTestSuite() {
        std::system("virsh -q -c qemu:///system snapshot-delete vc-test-vm old --metadata >/dev/null 2>&1");
        std::system("virsh -q -c qemu:///system snapshot-delete vc-test-vm fresh >/dev/null 2>&1");
        fs::remove_all(root_);
        fs::remove(auth_file);
        std::cout << "[ identical ] " << compared_ << " runs compared, native against libvirt.so\n";
    }

    void SetUp() override { ASSERT_TRUE(snapshots_made_) << "could not make the snapshots of vc-test-vm"; }

    Completed run(const Case& c, const std::string& client) {
        std::vector<std::string> argv;
        if (!c.user.empty()) argv = {"/usr/bin/setpriv", "--reuid=" + c.user, "--regid=nogroup", "--clear-groups", "--"};
        argv.push_back(check_path(c.check));
        argv.insert(argv.end(), c.args.begin(), c.args.end());
        argv.insert(argv.end(), {"--libvirt-client", client});
        auto env = c.env;
        env["VIRTCHECK_STATE_DIR"] = (root_ / client).string();
        Completed done = run_program(argv, env);
        // --help and --output json are not the plugin text the guidelines describe.
        bool help = std::find(c.args.begin(), c.args.end(), "--help") != c.args.end();
        bool json = std::find(c.args.begin(), c.args.end(), "json") != c.args.end();
        if (!help && !json)
            for (const auto& problem : guideline_violations(done)) ADD_FAILURE() << problem << "\n" << done.out;
        return done;
    }

    // Runs `c` through both clients (libvirt.so first) and compares what they printed.
    void expect_identical(const Case& c) {
        std::string what = c.check;
        for (const auto& arg : c.args) what += " " + arg;
        SCOPED_TRACE(what);
        virsh(c.before);
        for (int i = 0; i < c.runs; ++i) {
            if (i == 1) virsh(c.between);
            Reading library = read_output(run(c, "library"), c), native = read_output(run(c, "native"), c);
            ++compared_;
            std::string both = "\nlibvirt.so:\n" + library.raw + "native:\n" + native.raw;
            EXPECT_EQ(native.exit_code, library.exit_code) << both;
            EXPECT_EQ(native.text, library.text) << both;
            EXPECT_EQ(native.perfdata, library.perfdata) << both;
            // -v names the client; errors end a run before it could.
            EXPECT_EQ(native.client.empty(), library.client.empty()) << both;
            if (!library.client.empty()) {
                EXPECT_EQ(native.client, "native");
                EXPECT_EQ(library.client, "libvirt.so (--libvirt-client library)");
            }
        }
        virsh(c.after);
    }

    static fs::path root_;
    static bool snapshots_made_;
    static int compared_;
};

fs::path IdenticalOutput::root_;
bool IdenticalOutput::snapshots_made_ = false;
int IdenticalOutput::compared_ = 0;

const std::string vm = "vc-test-vm";

// The option sets of tests/integration, on the real daemon's objects (the test driver's VMs,
// pools and networks become vc-test-vm, vc-test-pool, vc-test-net and their idle twins).
std::vector<Case> cases() {
    const std::string u = "--uri";
    const std::string missing = "qemu+unix:///system?socket=/nonexistent/libvirt-sock";
    const std::string cpu = "(^|_)(cpu|steal|wait|user|system|iowait|used|max)$|_total$";
    const std::string io = "_(read|write|rx|tx|errors|drops|iops|read_ops|write_ops)$|_total$";
    const std::string memory = "^(used|free|buffers|cached|used_percent|available|.*_rss)$|_total$";
    return {
        // check_hypervisor (hypervisor_test.cpp)
        hypervisor({u, system_uri}),
        {"check_hypervisor", {}, "^time$", response_time_text, 1, {{"LIBVIRT_DEFAULT_URI", ""}}},
        {"check_hypervisor", {}, "^time$", response_time_text, 1, {{"LIBVIRT_DEFAULT_URI", system_uri}}},
        hypervisor({u, system_uri, "-w", "1ns", "-c", "1h"}),
        hypervisor({u, system_uri, "-c", "@0:1h"}),
        hypervisor({u, system_uri, "-w", "5s", "-c", "9s"}),
        hypervisor({u, system_uri, "--min-version", "seven"}),
        hypervisor({u, system_uri, "-H", "kvm1"}),
        hypervisor({"-H", "kvm1/system?socket=/tmp/x"}),
        hypervisor({u, system_uri, "--require-kvm", "--min-libvirt-version", "99"}),
        hypervisor({u, system_uri, "--min-libvirt-version", "1.0", "-v"}),
        hypervisor({u, system_uri, "--require-acceleration"}),
        hypervisor({u, system_uri, "--min-version", "999", "--min-libvirt-version", "1"}),
        hypervisor({u, missing}),
        hypervisor({u, missing, "-t", "2"}),
        hypervisor({u, system_uri, "-t", "5:CRITICAL"}),
        hypervisor({u, missing, "-t", "2:CRITICAL"}),
        hypervisor({u, system_uri, "--uptime", "10m:"}),
        hypervisor({u, system_uri, "-4"}),
        hypervisor({u, system_uri, "--min-verison", "9"}),
        hypervisor({u, system_uri, "--help"}),
        hypervisor({u, system_uri, "--auth-file", auth_file}),
        // check_vm_state (vm_test.cpp)
        fixed("check_vm_state", {u, system_uri}),
        fixed("check_vm_state", {u, system_uri, "--expect", "vc-test=running", "--expect-warn",
                                 "^vc-test-(vm|idle)$=paused", "--exclude", "blocked"}),
        fixed("check_vm_state", {u, system_uri, "--vm", vm, "--vm", "gone"}),
        fixed("check_vm_state", {u, system_uri, "--include", "^nothing$"}),
        fixed("check_vm_state", {u, system_uri, "--include", "^vc-test", "-c", "2:"}),
        fixed("check_vm_state", {u, system_uri, "--vm", vm, "-v"}),
        fixed("check_vm_state", {u, system_uri, "--vm", vm, "-c", "1:"}),
        {"check_vm_state", {u, system_uri, "--vm", vm}, "", "", 1, {}, "suspend " + vm, "", "resume " + vm},
        fixed("check_vm_state", {u, missing}),
        // check_vm_cpu (vm_test.cpp): a first sample, then rates from it
        moving("check_vm_cpu", {u, system_uri, "--vm", vm}, cpu, 2),
        moving("check_vm_cpu", {u, system_uri, "--vm", vm, "-v"}, cpu, 2),
        moving("check_vm_cpu", {u, system_uri, "-w", "40", "-c", "90"}, cpu, 2),
        moving("check_vm_cpu", {u, system_uri, "--interval", "0.2", "-t", "20"}, cpu),
        fixed("check_vm_cpu", {u, missing}),
        // check_vm_memory, check_vm_disk, check_vm_net (vm_test.cpp)
        moving("check_vm_memory", {u, system_uri, "-w", "40", "-c", "90"}, memory, 2),
        moving("check_vm_memory", {u, system_uri, "--vm", vm}, memory, 2),
        moving("check_vm_memory", {u, system_uri, "--vm", vm, "--no-guest-stats", "ok"}, memory, 2),
        moving("check_vm_disk", {u, system_uri, "--interval", "0.3"}, io),
        moving("check_vm_disk", {u, system_uri, "--vm", vm, "--interval", "1", "-v"}, io),
        moving("check_vm_disk", {u, system_uri, "--vm", vm, "--interval", "0.5", "-v", "-w", "40", "-c", "90"}, io),
        moving("check_vm_net", {u, system_uri, "--interval", "0.3", "-c", "1GB/s", "-w", "errors=1000/s", "-w",
                                "drops=1000/s"}, io),
        moving("check_vm_net", {u, system_uri, "--interval", "0.1"}, io),
        moving("check_vm_net", {u, system_uri, "--vm", vm, "--interval", "1", "-v"}, io),
        // check_host_cpu, check_host_memory (vm_test.cpp)
        moving("check_host_cpu", {u, system_uri, "--interval", "0.2"}, cpu),
        moving("check_host_cpu", {u, system_uri, "--interval", "1", "-c", "101"}, cpu),
        moving("check_host_memory", {u, system_uri, "-w", "overcommit=30%"}, memory),
        moving("check_host_memory", {u, system_uri, "-c", "free=1MiB:"}, memory),
        // check_datastore (objects_test.cpp); the tmpfs pool's figures are exact
        fixed("check_datastore", {u, system_uri, "-w", "90", "-c", "10GiB:", "-w", "provisioned=200"}),
        fixed("check_datastore", {u, system_uri, "--pool", "vc-test-pool", "-w", "50GiB:"}),
        fixed("check_datastore", {u, system_uri, "--pool", "nosuch"}),
        fixed("check_datastore", {u, system_uri, "-w", "20 parsecs"}),
        fixed("check_datastore", {u, system_uri, "--pool", "vc-test-pool", "-w", "75", "-c", "90"}),
        fixed("check_datastore", {u, system_uri, "--pool", "vc-test-pool", "-w", "75", "-c", "90", "--no-forecast"}),
        fixed("check_datastore", {u, system_uri, "--pool", "vc-test-pool"}),
        fixed("check_datastore", {u, system_uri, "--pool", "vc-test-pool", "--refresh"}),
        fixed("check_datastore", {u, system_uri, "-v"}),
        fixed("check_datastore", {u, system_uri, "--pool", "vc-test-idle"}),
        // check_vnet (objects_test.cpp)
        fixed("check_vnet", {u, system_uri, "-v"}),
        fixed("check_vnet", {u, system_uri, "--network", "vc-test-net", "-w", "80"}),
        fixed("check_vnet", {u, system_uri, "--network", "vc-test-net", "-w", "15", "-v"}),
        fixed("check_vnet", {u, system_uri, "--network", "vc-test-idle-net"}),
        // check_vm_snapshot (objects_test.cpp); ages move with the clock
        moving("check_vm_snapshot", {u, system_uri, "-w", "30d", "-c", "1000d", "-v"}, "_oldest$"),
        moving("check_vm_snapshot", {u, system_uri, "-w", "snapshots=1"}, "_oldest$"),
        moving("check_vm_snapshot", {u, system_uri, "--top", "2"}, "_oldest$"),
        moving("check_vm_snapshot", {u, system_uri, "--include", "^vc-test", "-c", "snapshots=1"}, "_oldest$"),
        moving("check_vm_snapshot", {u, system_uri, "--vm", vm, "-w", "7d", "-c", "snapshots=5"}, "_oldest$"),
        moving("check_vm_snapshot", {u, system_uri, "--vm", vm}, "_oldest$"),
        // check_vm_security (security_test.cpp): its option sets on vc-test-vm
        security({u, system_uri, "--vm", vm, "--read-write", "-v"}),
        security({u, system_uri, "--vm", vm, "-vvv"}),
        security({u, system_uri, "--read-write", "-vvv"}),
        security({u, system_uri, "--read-write", "--output", "json"}),
        security({u, system_uri, "--vm", vm}),
        security({u, system_uri, "--read-write", "-v", "--allow", "shared-disk", "--allow", "console-open=^vc-",
                  "--allow", "chardev-open=0000$", "--allow", "qemu-as-root"}),
        security({u, system_uri, "--read-write", "--allow", "unconfined", "--vm", vm, "-w", "accepted=0"}),
        security({u, system_uri, "--allow", "nosuch-finding"}),
        security({u, system_uri, "--read-write", "--vm", vm, "--require", "secure-boot", "--require", "tpm"}),
        security({u, system_uri, "--read-write", "--vm", vm, "--require", "uefi", "-v"}),
        security({u, system_uri, "--require", "measured-boot"}),
        security({u, system_uri, "--read-write", "--exclude", "^vc-test-vm$"}),
        security({u, system_uri, "--vm", "gone"}),
        security({u, system_uri, "--host"}),
        security({u, missing}),
    };
}

TEST_F(IdenticalOutput, EveryOptionSetOfTheIntegrationTests) {
    for (const auto& c : cases()) expect_identical(c);
}

TEST_F(IdenticalOutput, RefusedAndSilentSockets) {
    SilentSocket dead(false), silent(true);
    expect_identical(hypervisor({"--uri", dead.uri()}));
    expect_identical(hypervisor({"--uri", silent.uri(), "-t", "2"}));
}

TEST_F(IdenticalOutput, AnotherUserIsRefusedTheReadWriteSocket) {
    // As a user without access to the read-write socket: read-only checks work, a pool
    // rescan is refused access, with the same advice from both clients.
    Case read_only = hypervisor({"--uri", system_uri});
    read_only.user = "nobody";
    expect_identical(read_only);
    Case rescan = fixed("check_datastore", {"--uri", system_uri, "--pool", "vc-test-pool", "--refresh"});
    rescan.user = "nobody";
    expect_identical(rescan);
}

TEST_F(IdenticalOutput, RestartedVmRebaselinesAlike) {
    std::string xml = std::string(VIRTCHECK_PEER_STATE) + "/libvirtd/vc-test-vm.xml";
    Case restart = moving("check_vm_cpu", {"--uri", system_uri, "--vm", vm, "-v"}, "(^|_)(cpu|steal|wait|max)$|_total$", 2);
    restart.between = "destroy " + vm + " && virsh -q -c qemu:///system create " + xml;
    expect_identical(restart);
}

// --- Coverage: the option sets above against those the integration tests use --------------

std::string read_file(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Each check and the options the integration tests give it, read from their sources: calls
// check("check_x", {...}), hypervisor({...}) and loaded_objects({...}) (check_hypervisor).
// Option sets that choose SNMP or vSphere are those modes' business.
std::map<std::string, std::set<std::string>> integration_options() {
    std::map<std::string, std::set<std::string>> options;
    const std::regex call("(?:check\\(\\s*\"(check_\\w+)\"|hypervisor\\(|loaded_objects\\()\\s*,?\\s*\\{([^}]*)\\}");
    // security_test.cpp: check({...}) and on_node({...}) are check_vm_security's.
    const std::regex security_call("(?:check|on_node)\\(\\{([^}]*)\\}");
    const std::regex flag("\"(--?[a-zA-Z][a-zA-Z0-9-]*)\"");
    for (const char* file : {"hypervisor_test.cpp", "vm_test.cpp", "objects_test.cpp", "security_test.cpp"}) {
        std::string source = read_file(fs::path(VIRTCHECK_SOURCE_DIR) / "tests/integration" / file);
        for (auto it = std::sregex_iterator(source.begin(), source.end(), call); it != std::sregex_iterator(); ++it) {
            std::string check = (*it)[1].matched ? (*it)[1].str() : "check_hypervisor";
            std::string args = (*it)[2];
            std::set<std::string> flags;
            for (auto f = std::sregex_iterator(args.begin(), args.end(), flag); f != std::sregex_iterator(); ++f)
                flags.insert((*f)[1]);
            if (flags.count("-C") || flags.count("-U") || flags.count("-P") || flags.count("--snmp") ||
                flags.count("--vsphere"))
                continue;
            options[check].insert(flags.begin(), flags.end());
        }
        if (std::string(file) != "security_test.cpp") continue;
        for (auto it = std::sregex_iterator(source.begin(), source.end(), security_call); it != std::sregex_iterator(); ++it) {
            std::string args = (*it)[1];
            for (auto f = std::sregex_iterator(args.begin(), args.end(), flag); f != std::sregex_iterator(); ++f)
                options["check_vm_security"].insert((*f)[1]);
        }
    }
    return options;
}

TEST(IdenticalOutputCoverage, EveryOptionOfTheIntegrationTestsIsCompared) {
    auto wanted = integration_options();
    ASSERT_GE(wanted.size(), 11u) << "the integration test sources were not read";
    std::map<std::string, std::set<std::string>> compared;
    for (const auto& c : cases()) {
        compared[c.check].insert("--libvirt-client");  // every run gives it
        for (const auto& arg : c.args)
            if (arg.starts_with("-")) compared[c.check].insert(arg);
    }
    for (const auto& [check, flags] : wanted)
        for (const auto& flag : flags)
            EXPECT_TRUE(compared[check].count(flag)) << check << " " << flag << " is not compared";
}

TEST(IdenticalOutputCoverage, EveryLibvirtCheckIsCompared) {
    std::set<std::string> compared;
    for (const auto& c : cases()) compared.insert(c.check);
    std::stringstream checks(VIRTCHECK_CHECKS);
    int libvirt_checks = 0;
    for (std::string check; std::getline(checks, check, ',');) {
        Completed help = run_program({check_path(check), "--help"});
        if (!contains(help.out, "--libvirt-client")) continue;  // not a libvirt check
        ++libvirt_checks;
        EXPECT_TRUE(compared.count(check)) << check << " is not compared";
    }
    EXPECT_GE(libvirt_checks, 11);
}

// With the daemon stopped (integration.libvirtd_down): "hypervisor not running" alike.
TEST(LibvirtdDown, BothClientsReportItAlike) {
    for (const char* check : {"check_hypervisor", "check_vm_state", "check_datastore"}) {
        Completed library = run_program({check_path(check), "--uri", system_uri, "--libvirt-client", "library"});
        Completed native = run_program({check_path(check), "--uri", system_uri, "--libvirt-client", "native"});
        EXPECT_EQ(native.exit_code, 2) << native.out;
        EXPECT_EQ(native.exit_code, library.exit_code);
        EXPECT_EQ(native.out, library.out);
        // The peer's VM keeps running without its daemon, and the line says so first.
        EXPECT_TRUE(contains(native.out, " CRITICAL - hypervisor not running: ")) << native.out;
        EXPECT_TRUE(contains(native.out, "cannot reach libvirt at qemu:///system")) << native.out;
    }
}

}  // namespace
}  // namespace virtcheck::testing
