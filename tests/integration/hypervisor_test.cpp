// check_hypervisor as a monitoring system runs it: a real process against libvirt's test
// driver, dead and silent sockets, and (in the RealLibvirtd/LibvirtdDown suites, started by
// CTest around the real daemon) a real libvirtd with a running QEMU VM.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "guidelines.hpp"
#include "process.hpp"
#include "silent_socket.hpp"

namespace virtcheck::testing {
namespace {

Completed hypervisor(std::vector<std::string> args, const std::map<std::string, std::string>& env = {}) {
    args.insert(args.begin(), check_path("check_hypervisor"));
    Completed run = run_program(args, env);
    for (const auto& problem : guideline_violations(run)) ADD_FAILURE() << problem << "\n" << run.out;
    return run;
}

std::string fixture_uri(const std::string& node) {
    return "test://" + std::string(VIRTCHECK_FIXTURES) + "/nodes/" + node;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(TestDriver, ReportsTheHostFacts) {
    auto run = hypervisor({"--uri", fixture_uri("small-host.xml")});
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_TRUE(contains(run.out, "HYPERVISOR OK - TEST 0.0.2 via libvirt ")) << run.out;
    EXPECT_TRUE(contains(run.out, ": 4 CPUs, 8.0 GiB memory, 2 VMs running, answered in ")) << run.out;
    EXPECT_TRUE(contains(run.out, "s;;;0 'vms_running'=2;;;0 'cpus'=4;;;0 'memory'=8589934592B;;;0\n")) << run.out;
}

TEST(TestDriver, DefaultUriComesFromTheEnvironment) {
    auto run = hypervisor({}, {{"LIBVIRT_DEFAULT_URI", "test:///default"}});
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_TRUE(contains(run.out, "'vms_running'=1;;;0")) << run.out;
}

TEST(TestDriver, ResponseTimeThresholdsWithUnits) {
    auto warning = hypervisor({"--uri", "test:///default", "-w", "1ns", "-c", "1h"});
    EXPECT_EQ(warning.exit_code, 1) << warning.out;
    // 1 ns at six decimals is 0 (perfdata has no exponents).
    EXPECT_TRUE(contains(warning.out, "s;0;3600;0 ")) << warning.out;
    auto critical = hypervisor({"--uri", "test:///default", "-c", "@0:1h"});
    EXPECT_EQ(critical.exit_code, 2) << critical.out;
    EXPECT_TRUE(contains(critical.out, "HYPERVISOR CRITICAL - response time ")) << critical.out;
}

TEST(TestDriver, MissingNodeFileIsUnknownAndSaysWhy) {
    auto run = hypervisor({"--uri", fixture_uri("no-such-node.xml")});
    EXPECT_EQ(run.exit_code, 3) << run.out;
    EXPECT_TRUE(contains(run.out, "failed while connecting: XML error")) << run.out;
}

TEST(TestDriver, UsageMistakesAreUnknown) {
    auto both = hypervisor({"--uri", "test:///default", "-H", "kvm1"});
    EXPECT_EQ(both.exit_code, 3);
    EXPECT_TRUE(contains(both.out, "give either --uri or -H, not both")) << both.out;
    auto bad_version = hypervisor({"--uri", "test:///default", "--min-version", "seven"});
    EXPECT_EQ(bad_version.exit_code, 3);
    EXPECT_TRUE(contains(bad_version.out, "--min-version: 'seven' is not a version")) << bad_version.out;
    auto bad_host = hypervisor({"-H", "kvm1/system?socket=/tmp/x"});
    EXPECT_EQ(bad_host.exit_code, 3);
}

// What a backend cannot serve is refused in one place, in one wording, naming who can.
TEST(TestDriver, WhatTheBackendCannotGiveIsRefused) {
    auto uptime = hypervisor({"--uri", "test:///default", "--uptime", "10m:"});
    EXPECT_EQ(uptime.exit_code, 3);
    EXPECT_TRUE(contains(uptime.out, "HYPERVISOR UNKNOWN - uptime thresholds need SNMP or vSphere, not libvirt (no host uptime), "
                                     "choose SNMP with -C COMMUNITY, -U USER, -P 3 or --snmp"))
        << uptime.out;
    auto family = hypervisor({"--uri", "test:///default", "-4"});
    EXPECT_EQ(family.exit_code, 3);
    EXPECT_TRUE(contains(family.out, "--use-ipv4 needs SNMP, not libvirt (no choice of address family)")) << family.out;
    auto both = hypervisor({"--uri", "test:///default", "-C", "public", "-H", "127.0.0.1"});
    EXPECT_EQ(both.exit_code, 3);
    EXPECT_TRUE(contains(both.out, "give the options of one backend: libvirt (--uri URI) or SNMP")) << both.out;
    auto typo = hypervisor({"--uri", "test:///default", "--min-verison", "9"});
    EXPECT_TRUE(contains(typo.out, "(did you mean --min-version?)")) << typo.out;
}

// -t SECONDS:STATE and --extra-opts, as monitoring-plugins' checks have them.
TEST(TestDriver, TimeoutStateAndExtraOpts) {
    auto state = hypervisor({"--uri", "test:///default", "-t", "5:CRITICAL"});
    EXPECT_EQ(state.exit_code, 0) << state.out;
    auto bad = hypervisor({"--uri", "test:///default", "-t", "5:SOON"});
    EXPECT_EQ(bad.exit_code, 3);
    EXPECT_TRUE(contains(bad.out, "'SOON' is not a state")) << bad.out;
    auto ini = std::filesystem::temp_directory_path() / ("virtcheck-extra-" + std::to_string(getpid()) + ".ini");
    std::ofstream(ini) << "[check_hypervisor]\nuri=test:///default\nwarning=1ns\n";
    auto extra = hypervisor({"--extra-opts=@" + ini.string()});
    EXPECT_EQ(extra.exit_code, 1) << "the file's -w 1ns: " << extra.out;
    auto overridden = hypervisor({"--extra-opts=@" + ini.string(), "-c", "1ns"});
    EXPECT_EQ(overridden.exit_code, 2) << overridden.out;
    std::filesystem::remove(ini);
}

// An --extra-opts file that never gives its bytes (a FIFO nobody writes, a hung network
// mount) is read under the watchdog too, with the -t of the command line. Should the check
// not give up, the test ends its wait after 4 s (it opens and closes the FIFO: end of file)
// and fails rather than hang.
TEST(TestDriver, ExtraOptsFileThatBlocksTimesOut) {
    auto fifo = std::filesystem::temp_directory_path() / ("virtcheck-extra-fifo-" + std::to_string(getpid()));
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    std::atomic<bool> done{false};
    std::thread unblocker([&] {
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(4);
        while (!done) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            if (std::chrono::steady_clock::now() < give_up) continue;
            int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);  // fails while no one reads
            if (fd >= 0) ::close(fd);
        }
    });
    auto run = hypervisor({"--uri", "test:///default", "-t", "1", "--extra-opts=@" + fifo.string()});
    auto critical = hypervisor({"--extra-opts=@" + fifo.string(), "--timeout=1:CRITICAL"});
    done = true;
    unblocker.join();
    std::filesystem::remove(fifo);
    EXPECT_EQ(run.exit_code, 3) << run.out;
    EXPECT_EQ(run.out, "HYPERVISOR UNKNOWN - timed out after 1 s while reading the --extra-opts files\n");
    EXPECT_GE(run.seconds, 0.9);
    EXPECT_LT(run.seconds, 2.5);
    EXPECT_EQ(critical.exit_code, 2) << critical.out;
    EXPECT_EQ(critical.out, "HYPERVISOR CRITICAL - timed out after 1 s while reading the --extra-opts files\n");
}

TEST(TestDriver, AccelerationAndVersionRules) {
    auto run = hypervisor({"--uri", "test:///default", "--require-kvm", "--min-libvirt-version", "99"});
    EXPECT_EQ(run.exit_code, 2) << run.out;
    EXPECT_TRUE(contains(run.out, "HYPERVISOR CRITICAL - no hardware acceleration: VMs would run under software "
                                  "emulation (i686 domain types: test) - libvirt ")) << run.out;
    EXPECT_TRUE(contains(run.out, "is older than 99 (--min-libvirt-version)")) << run.out;
    auto ok = hypervisor({"--uri", "test:///default", "--min-libvirt-version", "1.0", "-v"});
    EXPECT_EQ(ok.exit_code, 0) << ok.out;
    EXPECT_TRUE(std::regex_search(ok.out, std::regex("\n\\[OK\\] libvirt [0-9]"))) << ok.out;
    // -v names the client that answered, and why libvirt.so for the test driver.
    EXPECT_TRUE(contains(ok.out, "\n[OK] libvirt client: libvirt.so, as the native client does not handle the test "
                                 "driver (test:///default)\n")) << ok.out;
}

// --auth-file holds credentials: it must be a file of the user running the check that nobody
// else can read, in libvirt mode (auth.conf) as in SNMP mode, with one message.
class AuthFile : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("virtcheck-auth-" + std::to_string(getpid()));
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        file_ = (dir_ / "auth.conf").string();
        std::ofstream(file_) << "[credentials-virt]\nauthname=monitor\npassword=s3cret\n";
        ::chmod(file_.c_str(), 0600);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    // Both modes refuse the same way: libvirt's (test driver) and SNMP's (refused before any request).
    void expect_refused(const std::string& file, const std::string& why) {
        for (const auto& mode : std::vector<std::vector<std::string>>{{"--uri", "test:///default"},
                                                                      {"-H", "127.0.0.1", "-p", "9", "--snmp"}}) {
            std::vector<std::string> args = mode;
            args.insert(args.end(), {"--auth-file", file});
            auto run = hypervisor(args);
            EXPECT_EQ(run.exit_code, 3) << mode[0] << ": " << run.out;
            EXPECT_TRUE(contains(run.out, "HYPERVISOR UNKNOWN - --auth-file " + file + " " + why)) << mode[0] << ": " << run.out;
            EXPECT_FALSE(contains(run.out, "s3cret")) << run.out;
        }
    }
    std::filesystem::path dir_;
    std::string file_;
};

TEST_F(AuthFile, PrivateFileIsUsed) {
    auto run = hypervisor({"--uri", "test:///default", "--auth-file", file_});
    EXPECT_EQ(run.exit_code, 0) << run.out;
}

TEST_F(AuthFile, ReadableByOthersIsRefused) {
    ::chmod(file_.c_str(), 0644);
    expect_refused(file_, "can be read by other users: chmod 600 it");
    ::chmod(file_.c_str(), 0640);
    expect_refused(file_, "can be read by other users: chmod 600 it");
    ::chmod(file_.c_str(), 0602);
    expect_refused(file_, "can be changed by other users: chmod 600 it");
}

TEST_F(AuthFile, DirectoryIsRefused) {
    expect_refused(dir_.string(), "is not a regular file");
}

TEST_F(AuthFile, SymlinkIsJudgedByItsTarget) {
    std::string link = (dir_ / "link.conf").string();
    std::filesystem::create_symlink(file_, link);
    EXPECT_EQ(hypervisor({"--uri", "test:///default", "--auth-file", link}).exit_code, 0);
    ::chmod(file_.c_str(), 0644);
    expect_refused(link, "can be read by other users: chmod 600 it");
}

TEST_F(AuthFile, FileOfAnotherUserIsRefused) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to give a file to another user";
    ASSERT_EQ(::chown(file_.c_str(), 65534, 65534), 0);
    expect_refused(file_, "belongs to another user (uid 65534): it must be the check's own (uid 0)");
}

TEST_F(AuthFile, MissingFileIsRefused) {
    expect_refused((dir_ / "none").string(), "cannot be read: No such file or directory");
}

TEST(Unreachable, MissingSocketIsCriticalNotRunning) {
    auto run = hypervisor({"--uri", "qemu+unix:///system?socket=/nonexistent/libvirt-sock"});
    EXPECT_EQ(run.exit_code, 2) << run.out;
    EXPECT_EQ(run.out,
              "HYPERVISOR CRITICAL - hypervisor not running: cannot reach libvirt at "
              "qemu+unix:///system?socket=/nonexistent/libvirt-sock (Failed to connect socket to "
              "'/nonexistent/libvirt-sock': No such file or directory)\n");
}

TEST(Unreachable, RefusedConnectionIsCriticalNotRunning) {
    SilentSocket dead(false);
    auto run = hypervisor({"--uri", dead.uri()});
    EXPECT_EQ(run.exit_code, 2) << run.out;
    EXPECT_TRUE(contains(run.out, "hypervisor not running")) << run.out;
    EXPECT_TRUE(contains(run.out, "Connection refused")) << run.out;
}

TEST(Unreachable, SilentDaemonTimesOutWithTheStage) {
    SilentSocket silent(true);
    auto run = hypervisor({"--uri", silent.uri(), "-t", "2"});
    EXPECT_EQ(run.exit_code, 3) << run.out;
    EXPECT_EQ(run.out, "HYPERVISOR UNKNOWN - timed out after 2 s while connecting to " + silent.uri() + "\n");
    EXPECT_GE(run.seconds, 1.9);
    EXPECT_LT(run.seconds, 2.5);
}

// The check could not look (no such host, ssh refused): UNKNOWN saying so, not "not running".
TEST(Unreachable, NameResolutionAndSshFailuresAreUnknown) {
    auto dns = hypervisor({"--uri", "qemu+tcp://nonexistent.invalid/system"});
    EXPECT_EQ(dns.exit_code, 3) << dns.out;
    EXPECT_TRUE(contains(dns.out, "HYPERVISOR UNKNOWN - could not look at libvirt at qemu+tcp://nonexistent.invalid/system: "
                                  "the host name does not resolve")) << dns.out;
    auto ssh_dns = hypervisor({"--uri", "qemu+ssh://nonexistent.invalid/system?no_tty=1"});
    EXPECT_EQ(ssh_dns.exit_code, 3) << ssh_dns.out;
    EXPECT_TRUE(contains(ssh_dns.out, ": the host name does not resolve (")) << ssh_dns.out;
    // Nothing listens on this loopback port: ssh itself is refused.
    auto ssh = hypervisor({"--uri", "qemu+ssh://127.0.0.1:18479/system?no_tty=1"});
    EXPECT_EQ(ssh.exit_code, 3) << ssh.out;
    EXPECT_TRUE(contains(ssh.out, "HYPERVISOR UNKNOWN - could not look at libvirt at qemu+ssh://127.0.0.1:18479/system?no_tty=1: "
                                  "ssh failed (")) << ssh.out;
    EXPECT_FALSE(contains(ssh.out + dns.out + ssh_dns.out, "not running"));
}

std::string loaded_objects(const std::vector<std::string>& args) {
    auto dir = std::filesystem::temp_directory_path() / ("virtcheck-ld-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    std::vector<std::string> argv = {check_path("check_hypervisor")};
    argv.insert(argv.end(), args.begin(), args.end());
    run_program(argv, {{"LD_DEBUG", "files"}, {"LD_DEBUG_OUTPUT", (dir / "ld").string()},
                       {"VIRTCHECK_VSPHERE_PASSWORD", "ld-test"}});
    std::string all;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        std::ifstream in(entry.path());
        all += std::string(std::istreambuf_iterator<char>(in), {});
    }
    std::filesystem::remove_all(dir);
    return all;
}

TEST(ModuleLoading, LibvirtIsLoadedOnlyByRunsThatUseIt) {
    auto help = loaded_objects({"--help"});
    ASSERT_TRUE(contains(help, "libc.so")) << "LD_DEBUG gave nothing to look at";
    EXPECT_FALSE(contains(help, "libvirt.so")) << "--help loaded libvirt";
    EXPECT_FALSE(contains(help, "libnetsnmp")) << "--help loaded net-snmp";
    auto libvirt_run = loaded_objects({"--uri", "test:///default"});
    EXPECT_TRUE(contains(libvirt_run, "virtcheck-libvirt.so"));
    EXPECT_TRUE(contains(libvirt_run, "libvirt.so"));
    EXPECT_FALSE(contains(libvirt_run, "libnetsnmp")) << "a libvirt run loaded net-snmp";
    // Nothing listens on port 9: the run ends quickly, having loaded only the SNMP backend.
    auto snmp_run = loaded_objects({"-H", "127.0.0.1", "-p", "9", "-C", "public", "-e", "0", "-t", "0.5"});
    EXPECT_TRUE(contains(snmp_run, "virtcheck-snmp.so"));
    EXPECT_TRUE(contains(snmp_run, "libnetsnmp"));
    EXPECT_FALSE(contains(snmp_run, "libvirt.so")) << "an SNMP run loaded libvirt";
    EXPECT_FALSE(contains(snmp_run, "virtcheck-vsphere.so")) << "an SNMP run loaded the vSphere module";
    // vSphere: libcurl (the OpenSSL flavour, libcurl.so.4) and libxml2 come with its module
    // only. libvirt itself links libcurl-gnutls (for its own esx driver), which is not ours.
    EXPECT_FALSE(contains(help, "libcurl")) << "--help loaded libcurl";
    EXPECT_FALSE(contains(libvirt_run, "virtcheck-vsphere.so")) << "a libvirt run loaded the vSphere module";
    EXPECT_FALSE(contains(libvirt_run, "libcurl.so.4")) << "a libvirt run loaded the vSphere module's libcurl";
    EXPECT_FALSE(contains(snmp_run, "libcurl")) << "an SNMP run loaded libcurl";
    // Nothing listens on 18458: the run ends at once, having loaded only the vSphere backend.
    auto vsphere_run = loaded_objects(
        {"--vsphere", "https://127.0.0.1:18458/sdk", "--user", "monitor", "--no-session-cache", "-t", "2"});
    EXPECT_TRUE(contains(vsphere_run, "virtcheck-vsphere.so"));
    EXPECT_TRUE(contains(vsphere_run, "libcurl.so.4"));
    EXPECT_FALSE(contains(vsphere_run, "libvirt.so")) << "a vSphere run loaded libvirt";
    EXPECT_FALSE(contains(vsphere_run, "libnetsnmp")) << "a vSphere run loaded net-snmp";
    EXPECT_FALSE(contains(vsphere_run, "libcurl-gnutls")) << "a vSphere run loaded libvirt's libcurl";
}

// A local socket goes to the native client: libvirt's protocol without libvirt.so and what it
// drags in (glib, gnutls, libxml2), even when the daemon is not there.
TEST(ModuleLoading, NativeRunLoadsNoLibvirt) {
    auto native_run = loaded_objects({"--uri", "qemu+unix:///system?socket=/nonexistent/libvirt-sock"});
    EXPECT_TRUE(contains(native_run, "virtcheck-libvirt-native.so")) << native_run.substr(0, 2000);
    for (const char* library : {"virtcheck-libvirt.so", "libvirt.so", "libglib", "libgnutls", "libxml2"})
        EXPECT_FALSE(contains(native_run, library)) << "a native run loaded " << library;
}

// --- Against the real libvirtd that CTest starts (tests/peers/libvirtd.sh) ---

unsigned number_in(const std::string& text, const std::string& label) {
    std::smatch m;
    if (!std::regex_search(text, m, std::regex("'" + label + "'=([0-9]+)"))) return 0;
    return static_cast<unsigned>(std::stoul(m[1]));
}

TEST(RealLibvirtd, RunningDaemonWithAVm) {
    auto run = hypervisor({"--uri", "qemu:///system", "-w", "5s", "-c", "9s"});
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_TRUE(std::regex_search(run.out, std::regex("^HYPERVISOR OK - QEMU [0-9]+\\.[0-9]+\\.[0-9]+ via libvirt ")))
        << run.out;
    EXPECT_GE(number_in(run.out, "vms_running"), 1u) << run.out;
    EXPECT_EQ(number_in(run.out, "cpus"), std::thread::hardware_concurrency()) << run.out;
    EXPECT_GT(number_in(run.out, "memory"), 0u) << run.out;
}

TEST(RealLibvirtd, NativeRunLoadsNoLibvirt) {
    auto native_run = loaded_objects({"--uri", "qemu:///system", "--require-acceleration", "-w", "5s"});
    EXPECT_TRUE(contains(native_run, "virtcheck-libvirt-native.so")) << native_run.substr(0, 2000);
    for (const char* library : {"virtcheck-libvirt.so", "libvirt.so", "libglib", "libgnutls", "libxml2"})
        EXPECT_FALSE(contains(native_run, library)) << "a native run on qemu:///system loaded " << library;
    auto library_run = loaded_objects({"--uri", "qemu:///system", "--libvirt-client", "library"});
    EXPECT_TRUE(contains(library_run, "libvirt.so")) << "the test could not tell";
}

TEST(RealLibvirtd, DefaultUriIsTheSystemDaemon) {
    auto run = hypervisor({}, {{"LIBVIRT_DEFAULT_URI", ""}});
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_TRUE(contains(run.out, "HYPERVISOR OK - QEMU ")) << run.out;
}

TEST(RealLibvirtd, AccelerationFollowsTheHost) {
    auto run = hypervisor({"--uri", "qemu:///system", "--require-acceleration"});
    struct stat kvm{};
    bool kvm_usable = stat("/dev/kvm", &kvm) == 0 && access("/dev/kvm", R_OK | W_OK) == 0;
    if (kvm_usable) {
        EXPECT_EQ(run.exit_code, 0) << run.out;
    } else {
        EXPECT_EQ(run.exit_code, 2) << run.out;
        EXPECT_TRUE(contains(run.out, "no hardware acceleration: VMs would run under software emulation (x86_64 "
                                      "domain types: qemu)")) << run.out;
    }
}

// A non-root user on the system daemon is told the ways in, not just libvirt's raw message.
TEST(RealLibvirtd, NonRootUserIsToldWhatToDo) {
    auto run = run_program({"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", check_path("check_hypervisor"),
                            "--uri", "qemu:///system"},
                           {{"VIRTCHECK_STATE_DIR", "/nonexistent"}});
    EXPECT_EQ(run.exit_code, 3) << run.out;
    EXPECT_TRUE(contains(run.out, "as a user other than root: put the user into the libvirt group")) << run.out;
}

TEST(RealLibvirtd, VersionRules) {
    auto old = hypervisor({"--uri", "qemu:///system", "--min-version", "999", "--min-libvirt-version", "1"});
    EXPECT_EQ(old.exit_code, 1) << old.out;
    EXPECT_TRUE(std::regex_search(old.out, std::regex("^HYPERVISOR WARNING - QEMU [0-9.]+ is older than 999 "
                                                      "\\(--min-version\\) - QEMU "))) << old.out;
}

// The peer's VM outlives the daemon (stop-daemon leaves its QEMU running): exactly what the
// alert is about.
TEST(LibvirtdDown, StoppedDaemonIsCriticalAndCountsTheVmsLeftRunning) {
    auto run = hypervisor({"--uri", "qemu:///system"});
    EXPECT_EQ(run.exit_code, 2) << run.out;
    EXPECT_TRUE(contains(run.out, "HYPERVISOR CRITICAL - hypervisor not running: libvirtd is not running but 1 VM still "
                                  "runs unmanaged (vc-test-vm): cannot reach libvirt at qemu:///system (Failed to "
                                  "connect socket to '/var/run/libvirt/libvirt-sock-ro': "))
        << run.out;
    EXPECT_LT(run.seconds, 2.0) << "a stopped daemon must be reported at once";
    auto vms = check_path("check_vm_state");
    auto state = run_program({vms, "--uri", "qemu:///system"});
    EXPECT_EQ(state.exit_code, 2) << state.out;
    EXPECT_TRUE(contains(state.out, "1 VM still runs unmanaged (vc-test-vm)")) << state.out;
}

}  // namespace
}  // namespace virtcheck::testing
