// check_vm_state and check_vm_cpu as separate processes: test-driver hosts (every state,
// hostile names, 1,000 VMs) and, in the RealVm suite, the real libvirtd's QEMU VM.
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <regex>

#include "guidelines.hpp"
#include "process.hpp"

namespace virtcheck::testing {
namespace {

namespace fs = std::filesystem;

class VmChecks : public ::testing::Test {
protected:
    void SetUp() override {
        state_dir_ = fs::temp_directory_path() / ("virtcheck-vm-" + std::to_string(getpid()));
        fs::remove_all(state_dir_);
    }
    void TearDown() override { fs::remove_all(state_dir_); }

    Completed check(const std::string& name, std::vector<std::string> args) {
        args.insert(args.begin(), check_path(name));
        Completed run = run_program(args, {{"VIRTCHECK_STATE_DIR", state_dir_.string()}});
        for (const auto& problem : guideline_violations(run)) ADD_FAILURE() << problem << "\n" << run.out;
        return run;
    }
    fs::path state_dir_;
};

std::string node(const std::string& file) { return "test://" + std::string(VIRTCHECK_FIXTURES) + "/nodes/" + file; }
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

double number_in(const std::string& text, const std::string& label) {
    std::smatch m;
    if (!std::regex_search(text, m, std::regex("'" + label + "'=([0-9.]+)"))) return -1;
    return std::stod(m[1]);
}

TEST_F(VmChecks, EveryStateIsCountedAndJudged) {
    auto run = check("check_vm_state", {"--uri", node("every-state.xml")});
    EXPECT_EQ(run.exit_code, 2) << run.out;
    EXPECT_TRUE(contains(run.out, "VM_STATE CRITICAL - 1 of 8 VMs CRITICAL: vm-crashed crashed - 2 running, 1 blocked, "
                                  "1 paused, 1 shutdown, 1 shutoff, 1 crashed, 1 pmsuspended | 'running'=2;;;0 "
                                  "'blocked'=1;;;0 'paused'=1;;;0 'shutdown'=1;;;0 'shutoff'=1;;;0 'crashed'=1;;;0 "
                                  "'pmsuspended'=1;;;0 'vms'=8;;;0\n")) << run.out;
    EXPECT_TRUE(contains(run.out, "\n[WARNING] vm-paused paused\n")) << run.out;
}

TEST_F(VmChecks, ExpectRulesAndSelection) {
    auto run = check("check_vm_state", {"--uri", node("every-state.xml"), "--expect", "crashed=crashed",
                                        "--expect-warn", "^vm-(shutoff|paused)$=running", "--exclude", "blocked"});
    EXPECT_EQ(run.exit_code, 1) << run.out;
    EXPECT_TRUE(contains(run.out, "VM_STATE WARNING - 2 of 7 VMs WARNING: vm-paused paused (expected running), "
                                  "vm-shutoff shutoff (expected running) - "))
        << run.out;
    auto named = check("check_vm_state", {"--uri", node("every-state.xml"), "--vm", "web 01|x=1", "--vm", "gone"});
    EXPECT_EQ(named.exit_code, 2) << named.out;
    EXPECT_TRUE(contains(named.out, "1 of 2 VMs CRITICAL: VM gone does not exist - 1 running")) << named.out;
    auto none = check("check_vm_state", {"--uri", node("every-state.xml"), "--include", "^nothing$"});
    EXPECT_EQ(none.exit_code, 3);
    EXPECT_TRUE(contains(none.out, "VM_STATE UNKNOWN - no VM matches the selection")) << none.out;
    auto need = check("check_vm_state", {"--uri", node("every-state.xml"), "--include", "^vm-run", "-c", "2:"});
    EXPECT_EQ(need.exit_code, 2);
    EXPECT_TRUE(contains(need.out, "VM_STATE CRITICAL - 1 VMs running is CRITICAL - 1 VM OK")) << need.out;
}

TEST_F(VmChecks, HostileNameCannotForgeOutput) {
    auto run = check("check_vm_state", {"--uri", node("every-state.xml"), "--vm", "web 01|x=1", "-v"});
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_TRUE(contains(run.out, "\n[OK] web 01\u00a6x=1 running\n")) << run.out;
}

TEST_F(VmChecks, ThousandVms) {
    fs::create_directories(state_dir_);
    fs::path file = state_dir_ / "thousand.xml";
    {
        std::ofstream out(file);
        out << "<node><cpu><active>64</active></cpu><memory>268435456</memory>\n";
        for (int i = 0; i < 1000; ++i)
            out << "<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>vm" << i
                << "</name><uuid>00000000-0000-0000-0000-" << std::setw(12) << std::setfill('0') << i
                << "</uuid><memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os><test:runstate>"
                << (i % 100 == 0 ? 6 : 1) << "</test:runstate></domain>\n";
        out << "</node>\n";
    }
    auto run = check("check_vm_state", {"--uri", "test://" + file.string()});
    EXPECT_EQ(run.exit_code, 2) << run.out;
    EXPECT_TRUE(contains(run.out, "VM_STATE CRITICAL - 10 of 1000 VMs CRITICAL: vm0 crashed, vm100 crashed, vm200 "
                                  "crashed (+7 more) - 990 running, 10 crashed |")) << run.out.substr(0, 300);
    EXPECT_LE(run.out.size(), 8192u);
    auto cpu = check("check_vm_cpu", {"--uri", "test://" + file.string(), "--interval", "0.2", "-t", "20"});
    EXPECT_EQ(cpu.exit_code, 0) << cpu.out.substr(0, 300);
    EXPECT_EQ(number_in(cpu.out, "vms"), 990);
    // Perfdata for 990 VMs does not fit in 8 KiB: the summary stays, the check's own figures
    // and as many VMs' perfdata as fit, saying how many were left out.
    std::string line1 = cpu.out.substr(0, cpu.out.find('\n'));
    EXPECT_TRUE(line1.starts_with("VM_CPU OK - 990 VMs OK - top: vm")) << line1.substr(0, 200);
    EXPECT_LE(cpu.out.size(), 8192u);
    EXPECT_TRUE(std::regex_search(line1, std::regex("perfdata of [0-9]+ of 990 objects left out"))) << line1.substr(0, 300);
    EXPECT_TRUE(std::regex_search(line1, std::regex("\\| 'vms'=990;;;0 'cpu_max'=[0-9.]+%;;;0;100 'vm[0-9]+_cpu'=[0-9.]+%")))
        << "the check's own figures, then VMs' " << line1.substr(0, 300);
}

TEST_F(VmChecks, CpuFromTheStateFileAcrossRuns) {
    auto first = check("check_vm_cpu", {"--uri", node("small-host.xml")});
    EXPECT_EQ(first.exit_code, 0) << first.out;
    EXPECT_TRUE(contains(first.out, "VM_CPU OK - 2 VMs OK - first sample stored, rates from the next run")) << first.out;
    usleep(300000);
    auto second = check("check_vm_cpu", {"--uri", node("small-host.xml"), "-w", "40", "-c", "90"});
    EXPECT_EQ(second.exit_code, 1) << second.out;  // the test driver's CPU time is the wall clock: 2 vCPUs -> 50%
    EXPECT_NEAR(number_in(second.out, "web1_cpu"), 50, 2) << second.out;
    EXPECT_TRUE(std::regex_search(second.out, std::regex("'web1_cpu'=[0-9.]+%;40;90;0;100"))) << second.out;
}

TEST_F(VmChecks, CorruptStateFileIsReplacedWithANote) {
    check("check_vm_cpu", {"--uri", node("small-host.xml")});
    for (const auto& entry : fs::directory_iterator(state_dir_))
        if (entry.path().extension() == ".state") std::ofstream(entry.path()) << "garbage\n";
    auto run = check("check_vm_cpu", {"--uri", node("small-host.xml")});
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_TRUE(contains(run.out, "was unreadable and has been replaced (not a virtcheck state file), rates from the "
                                  "next run")) << run.out;
    auto after = check("check_vm_cpu", {"--uri", node("small-host.xml")});
    EXPECT_TRUE(std::regex_search(after.out, std::regex("'web1_cpu'=[0-9.]+%"))) << "a rate, not U: " << after.out;
}

// A state file cut short inside a counter once gave a false 100 % CPU (CRITICAL with -c 95).
TEST_F(VmChecks, TornStateFileIsReplacedNotTrusted) {
    check("check_vm_cpu", {"--uri", node("small-host.xml")});
    usleep(300000);
    int torn = 0;
    for (const auto& entry : fs::directory_iterator(state_dir_)) {
        if (entry.path().extension() != ".state") continue;
        std::ifstream in(entry.path());
        std::string text(std::istreambuf_iterator<char>(in), {});
        auto cpu = text.rfind("/cpu\t");
        ASSERT_NE(cpu, std::string::npos) << text;
        std::ofstream(entry.path(), std::ios::trunc) << text.substr(0, cpu + 8);  // 3 digits of the counter
        ++torn;
    }
    ASSERT_EQ(torn, 1);
    auto run = check("check_vm_cpu", {"--uri", node("small-host.xml"), "-c", "95"});
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_TRUE(contains(run.out, "has been replaced")) << run.out;
    EXPECT_FALSE(contains(run.out, "=100%")) << run.out;
}

TEST_F(VmChecks, StateDirectoryOthersCanWriteIsRefused) {
    fs::create_directories(state_dir_);
    ::chmod(state_dir_.c_str(), 01777);
    auto run = check("check_vm_cpu", {"--uri", node("small-host.xml")});
    EXPECT_EQ(run.exit_code, 3) << run.out;
    EXPECT_TRUE(contains(run.out, "others can write to it")) << run.out;
    auto tmp = run_program({check_path("check_vm_cpu"), "--uri", node("small-host.xml")}, {{"VIRTCHECK_STATE_DIR", "/tmp"}});
    EXPECT_EQ(tmp.exit_code, 3) << tmp.out;
}

// A daemon started without HOME once wrote to /tmp/virtcheck-UID, which any local user can create first.
TEST_F(VmChecks, NoStateDirectoryIsUnknownNeverTmp) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to run the check as another user";
    const fs::path predictable = "/tmp/virtcheck-65534";
    ASSERT_FALSE(fs::exists(predictable)) << predictable << " exists already; remove it";
    auto run = run_program({"/usr/bin/env", "-u", "HOME", "-u", "XDG_STATE_HOME", "-u", "VIRTCHECK_STATE_DIR", "-u",
                            "STATE_DIRECTORY", "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                            check_path("check_vm_cpu"), "--uri", node("small-host.xml")});
    bool wrote_tmp = fs::exists(predictable);
    fs::remove_all(predictable);
    EXPECT_FALSE(wrote_tmp) << "state went to a predictable path under /tmp";
    EXPECT_EQ(run.exit_code, 3) << run.out;
    EXPECT_TRUE(contains(run.out, "VM_CPU UNKNOWN - no usable state directory")) << run.out;
    EXPECT_TRUE(contains(run.out, "VIRTCHECK_STATE_DIR")) << "say how to give one: " << run.out;
    EXPECT_TRUE(run.err.empty()) << run.err;
}

// A run that waits for another's lock on the state file says so when it times out.
TEST_F(VmChecks, WaitOnTheStateLockNamesTheStage) {
    check("check_vm_cpu", {"--uri", node("small-host.xml")});
    int held = -1;
    for (const auto& entry : fs::directory_iterator(state_dir_))
        if (entry.path().extension() == ".lock") held = ::open(entry.path().c_str(), O_RDWR | O_CLOEXEC);
    ASSERT_GE(held, 0);
    ASSERT_EQ(flock(held, LOCK_EX), 0);
    auto run = check("check_vm_cpu", {"--uri", node("small-host.xml"), "-t", "1"});
    ::close(held);
    EXPECT_EQ(run.exit_code, 3) << run.out;
    EXPECT_TRUE(contains(run.out, "VM_CPU UNKNOWN - timed out after 1 s while waiting for the lock on the state file "))
        << run.out;
}

// 300 VMs with 300-character names once made line 1 97-189 KB; Nagios keeps 8 KB.
TEST_F(VmChecks, LongNamesAndManyVmsStayUnder8KiB) {
    fs::create_directories(state_dir_);
    fs::path file = state_dir_ / "long-names.xml";
    auto name_of = [](int i) { return "vm" + std::to_string(100 + i) + "-" + std::string(295, 'n'); };
    {
        std::ofstream out(file);
        out << "<node><cpu><active>64</active></cpu><memory>268435456</memory>\n";
        for (int i = 0; i < 300; ++i)  // every 50th VM has 1 vCPU: 100 % CPU on the test driver
            out << "<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>" << name_of(i)
                << "</name><uuid>00000000-0000-0000-0000-" << std::setw(12) << std::setfill('0') << i
                << "</uuid><memory>65536</memory><vcpu>" << (i % 50 == 3 ? 1 : 4)
                << "</vcpu><os><type>hvm</type></os><test:runstate>1</test:runstate></domain>\n";
        out << "</node>\n";
    }
    auto run = check("check_vm_cpu", {"--uri", "test://" + file.string(), "--interval", "0.3", "-c", "90", "-t", "20"});
    EXPECT_EQ(run.exit_code, 2) << run.out.substr(0, 300);
    EXPECT_LE(run.out.size(), 8192u);
    std::string line1 = run.out.substr(0, run.out.find('\n'));
    EXPECT_TRUE(line1.starts_with("VM_CPU CRITICAL - 6 of 300 VMs CRITICAL: ")) << line1.substr(0, 300);
    EXPECT_TRUE(std::regex_search(line1, std::regex("perfdata of [0-9]+ of 300 objects left out"))) << line1.substr(0, 600);
    std::smatch label;
    for (int i = 3; i < 300; i += 50) {
        std::string prefix = "vm" + std::to_string(100 + i) + "-nnn";
        auto at = line1.find("'" + prefix);
        ASSERT_NE(at, std::string::npos) << "the perfdata of a CRITICAL VM was cut: " << prefix;
        EXPECT_LT(line1.find('\'', at + 1) - at, 80u) << "labels are bounded";
    }
}

// U+2028 in a name once made "CRITICAL - fake" a line of its own in tools that split on it.
TEST_F(VmChecks, UnicodeLineBreaksInNamesAreEscaped) {
    fs::create_directories(state_dir_);
    fs::path file = state_dir_ / "unicode.xml";
    std::ofstream(file) << "<node><cpu><active>4</active></cpu><memory>8388608</memory>"
                           "<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>"
                           "<name>x&#x2028;CRITICAL - fake&#x202e;&#x85;</name><uuid>00000000-0000-0000-0000-00000000000a"
                           "</uuid><memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os>"
                           "<test:runstate>3</test:runstate></domain></node>\n";
    for (const char* format : {"text", "json"}) {
        std::vector<std::string> args = {"--uri", "test://" + file.string(), "-v"};
        if (std::string(format) == "json") args.insert(args.end(), {"--output", "json"});
        args.insert(args.begin(), check_path("check_vm_state"));
        auto run = run_program(args);
        EXPECT_EQ(run.exit_code, 1) << run.out;
        for (const char* raw : {"\xe2\x80\xa8", "\xe2\x80\xae", "\xc2\x85"})
            EXPECT_FALSE(contains(run.out, raw)) << format << ": " << run.out;
        EXPECT_TRUE(contains(run.out, "\\u2028")) << format << ": " << run.out;
    }
}

TEST_F(VmChecks, SymlinkedStateFileIsRefused) {
    check("check_vm_cpu", {"--uri", node("small-host.xml")});
    fs::path victim = state_dir_ / "victim";
    std::ofstream(victim) << "keep me\n";
    for (const auto& entry : fs::directory_iterator(state_dir_))
        if (entry.path().extension() == ".state") {
            fs::remove(entry.path());
            fs::create_symlink(victim, entry.path());
        }
    auto run = check("check_vm_cpu", {"--uri", node("small-host.xml")});
    EXPECT_EQ(run.exit_code, 3) << run.out;
    EXPECT_TRUE(contains(run.out, "is a symlink, refusing to follow it")) << run.out;
    std::ifstream in(victim);
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "keep me");
}

TEST_F(VmChecks, NotRunningIsCriticalHereToo) {
    for (const char* name : {"check_vm_state", "check_vm_cpu"}) {
        auto run = check(name, {"--uri", "qemu+unix:///system?socket=/nonexistent/sock"});
        EXPECT_EQ(run.exit_code, 2) << run.out;
        EXPECT_TRUE(contains(run.out, " CRITICAL - hypervisor not running: cannot reach libvirt")) << run.out;
    }
}

TEST_F(VmChecks, MemoryDiskAndNetOnTheTestDriver) {
    auto memory = check("check_vm_memory", {"--uri", "test:///default", "-w", "40", "-c", "90"});
    EXPECT_EQ(memory.exit_code, 1) << memory.out;  // the test driver's guest: 1 GiB of 2 GiB in use
    EXPECT_TRUE(contains(memory.out, "VM_MEMORY WARNING - 1 of 1 VMs WARNING: test 50.0% (1.0 GiB of 2.0 GiB) - "
                                     "first sample stored, rates from the next run |")) << memory.out;
    auto disk = check("check_vm_disk", {"--uri", "test:///default", "--interval", "0.3"});
    EXPECT_EQ(disk.exit_code, 2) << disk.out;  // the test driver reports an I/O error on vda
    EXPECT_TRUE(contains(disk.out, "VM_DISK CRITICAL - 1 of 1 disks CRITICAL: test/vda: I/O error (unspecified)"))
        << disk.out;
    EXPECT_GT(number_in(disk.out, "test_vda_read"), 0) << disk.out;
    // The test driver also grows its error and drop counters by about one a second.
    auto net = check("check_vm_net", {"--uri", "test:///default", "--interval", "0.3", "-c", "1GB/s", "-w",
                                      "errors=1000/s", "-w", "drops=1000/s"});
    EXPECT_EQ(net.exit_code, 0) << net.out;
    EXPECT_GT(number_in(net.out, "test_testnet0_rx"), 0) << net.out;
    auto no_devices = check("check_vm_net", {"--uri", node("small-host.xml"), "--interval", "0.1"});
    EXPECT_EQ(no_devices.exit_code, 3) << no_devices.out;
    EXPECT_TRUE(contains(no_devices.out, "VM_NET UNKNOWN - no interface matches the selection")) << no_devices.out;
}

TEST_F(VmChecks, HostChecksOnTheTestDriver) {
    // The test driver's host CPU counters never move, and it has no node memory stats:
    // both are said, not reported as 0 % used; the over-commit figures are real.
    auto cpu = check("check_host_cpu", {"--uri", node("small-host.xml"), "--interval", "0.2"});
    EXPECT_EQ(cpu.exit_code, 3) << cpu.out;
    EXPECT_TRUE(contains(cpu.out, "4 vCPUs of running VMs on 4 CPU threads (1.00 per thread)")) << cpu.out;
    EXPECT_FALSE(contains(cpu.out, "'used'=")) << "first run: no CPU use yet, left out: " << cpu.out;
    auto memory = check("check_host_memory", {"--uri", node("small-host.xml"), "-w", "overcommit=30%"});
    EXPECT_EQ(memory.exit_code, 3) << memory.out;
    EXPECT_TRUE(contains(memory.out, "host memory use not available from this driver - 3.0 GiB assigned to 2 running "
                                     "VMs (37.5% of host memory)")) << memory.out;
    EXPECT_TRUE(contains(memory.out, "'overcommit'=37.5%;30;;0")) << memory.out;
}

// --- The real libvirtd's VM vc-test-vm (tests/peers/libvirtd.sh) ---

void virsh(const std::string& args) {
    ASSERT_EQ(std::system(("virsh -q -c qemu:///system " + args + " >/dev/null 2>&1").c_str()), 0) << args;
}

TEST_F(VmChecks, RealVmCpuIsBetweenZeroAndOneHundred) {
    auto first = check("check_vm_cpu", {"--uri", "qemu:///system", "--vm", "vc-test-vm"});
    EXPECT_EQ(first.exit_code, 0) << first.out;
    usleep(1500000);
    auto second = check("check_vm_cpu", {"--uri", "qemu:///system", "--vm", "vc-test-vm", "-v"});
    EXPECT_EQ(second.exit_code, 0) << second.out;
    double cpu = number_in(second.out, "vc-test-vm_cpu");
    EXPECT_GT(cpu, 0) << second.out;
    EXPECT_LE(cpu, 100) << second.out;
    // QEMU gives per-vCPU delay (steal) through bulk stats.
    EXPECT_TRUE(contains(second.out, "'vc-test-vm_steal'=")) << second.out;
}

TEST_F(VmChecks, RealVmRestartRebaselines) {
    check("check_vm_cpu", {"--uri", "qemu:///system", "--vm", "vc-test-vm"});
    std::string xml = std::string(VIRTCHECK_PEER_STATE) + "/libvirtd/vc-test-vm.xml";
    virsh("destroy vc-test-vm");
    virsh("create " + xml);
    auto run = check("check_vm_cpu", {"--uri", "qemu:///system", "--vm", "vc-test-vm", "-v"});
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_TRUE(contains(run.out, "vc-test-vm new or restarted, rates from the next run")) << run.out;
}

TEST_F(VmChecks, RealVmDiskIsTheQcow2) {
    auto run = check("check_vm_disk", {"--uri", "qemu:///system", "--vm", "vc-test-vm", "--interval", "1", "-v"});
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_TRUE(contains(run.out, "[OK] vc-test-vm/vda ")) << run.out;
    EXPECT_TRUE(contains(run.out, " of 64.0 MiB")) << run.out;  // the qcow2's virtual size
    // QEMU's allocation is the highest offset written: 0 for an image the BIOS only reads.
    double fill = number_in(run.out, "vc-test-vm_vda_fill");
    EXPECT_GE(fill, 0) << run.out;
    EXPECT_LT(fill, 10) << "a fresh qcow2 is nearly empty\n" << run.out;
    EXPECT_GT(number_in(run.out, "vc-test-vm_vda_physical"), 0) << "the qcow2 file has a size\n" << run.out;
    EXPECT_GE(number_in(run.out, "vc-test-vm_vda_read"), 0) << run.out;
}

// QEMU's bulk allocation is the highest offset it wrote since it started: 0 for a disk half
// written before. The fill must be what the image holds (qemu-img map, virsh domblkinfo).
TEST_F(VmChecks, RealVmHalfWrittenDiskReadsHalfFull) {
    std::string image = std::string(VIRTCHECK_PEER_STATE) + "/libvirtd/vc-test-vm-half.qcow2";
    // Bytes of the disk that hold data, as qemu-img maps them.
    std::string map = run_program({"/usr/bin/qemu-img", "map", "-U", "--output=json", image}).out;
    double mapped = 0;
    std::regex extent("\"length\": *([0-9]+), *\"depth\": *[0-9]+, *(\"present\": *[a-z]+, *)?\"zero\": *false, *\"data\": *true");
    for (auto it = std::sregex_iterator(map.begin(), map.end(), extent); it != std::sregex_iterator(); ++it)
        mapped += std::stod((*it)[1]);
    ASSERT_NEAR(mapped, 32.0 * 1024 * 1024, 1024 * 1024) << map;
    auto info = run_program({"/usr/bin/virsh", "-q", "-c", "qemu:///system", "domblkinfo", "vc-test-vm", "vdb"}).out;
    std::smatch allocation;
    ASSERT_TRUE(std::regex_search(info, allocation, std::regex("Allocation: *([0-9]+)"))) << info;
    double domblkinfo_percent = std::stod(allocation[1]) / (64.0 * 1024 * 1024) * 100;

    auto run = check("check_vm_disk", {"--uri", "qemu:///system", "--vm", "vc-test-vm", "--interval", "0.5", "-v",
                                       "-w", "40", "-c", "90"});
    EXPECT_EQ(run.exit_code, 1) << "vdb is half full: -w 40 must fire\n" << run.out;
    double fill = number_in(run.out, "vc-test-vm_vdb_fill");
    EXPECT_NEAR(fill, mapped / (64.0 * 1024 * 1024) * 100, 5) << run.out;
    EXPECT_NEAR(fill, domblkinfo_percent, 2) << info << run.out;
    EXPECT_LT(number_in(run.out, "vc-test-vm_vda_fill"), 10) << "the fresh disk stays nearly empty\n" << run.out;
}

TEST_F(VmChecks, RealVmTapCounters) {
    auto run = check("check_vm_net", {"--uri", "qemu:///system", "--vm", "vc-test-vm", "--interval", "1", "-v"});
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_TRUE(contains(run.out, "[OK] vc-test-vm/vctap0 ")) << run.out;
    EXPECT_GE(number_in(run.out, "vc-test-vm_vctap0_tx"), 0) << run.out;
    EXPECT_EQ(number_in(run.out, "interfaces"), 1) << run.out;
}

TEST_F(VmChecks, RealVmWithoutGuestStatsSaysSo) {
    // The VM idles in its BIOS: no balloon driver, so no guest statistics; the host's RSS is known.
    auto run = check("check_vm_memory", {"--uri", "qemu:///system", "--vm", "vc-test-vm"});
    EXPECT_EQ(run.exit_code, 3) << run.out;
    EXPECT_TRUE(contains(run.out, "vc-test-vm: no guest memory statistics (needs a balloon driver and a stats "
                                  "period)")) << run.out;
    EXPECT_FALSE(contains(run.out, "'vc-test-vm_used_percent'=")) << run.out;
    auto relaxed = check("check_vm_memory", {"--uri", "qemu:///system", "--vm", "vc-test-vm", "--no-guest-stats", "ok"});
    EXPECT_EQ(relaxed.exit_code, 0) << relaxed.out;
    EXPECT_GT(number_in(relaxed.out, "vc-test-vm_rss"), 0) << relaxed.out;
}

TEST_F(VmChecks, RealVmHostCpuAndMemory) {
    auto cpu = check("check_host_cpu", {"--uri", "qemu:///system", "--interval", "1", "-c", "101"});
    EXPECT_EQ(cpu.exit_code, 0) << cpu.out;
    double used = number_in(cpu.out, "used");
    EXPECT_GE(used, 0) << cpu.out;
    EXPECT_LE(used, 100) << cpu.out;
    EXPECT_GE(number_in(cpu.out, "vcpus"), 1) << cpu.out;
    auto memory = check("check_host_memory", {"--uri", "qemu:///system", "-c", "free=1MiB:"});
    EXPECT_EQ(memory.exit_code, 0) << memory.out;
    EXPECT_GT(number_in(memory.out, "used"), 0) << memory.out;
    EXPECT_GE(number_in(memory.out, "vm_assigned"), 128.0 * 1024 * 1024) << "vc-test-vm has 128 MiB\n" << memory.out;
}

// One definition of host memory in use: MemTotal - MemAvailable (what cannot be had without
// swapping), here through libvirt for a local URI; check_hypervisor's figure agrees.
TEST_F(VmChecks, RealVmHostMemoryIsMemTotalMinusMemAvailable) {
    auto meminfo = [] {
        std::ifstream in("/proc/meminfo");
        std::map<std::string, double> kib;
        for (std::string key; in >> key;) {
            double value = 0;
            in >> value;
            in.ignore(64, '\n');
            kib[key] = value * 1024;
        }
        return kib;
    };
    auto before = meminfo();
    auto memory = check("check_host_memory", {"--uri", "qemu:///system"});
    auto after = meminfo();
    EXPECT_EQ(memory.exit_code, 0) << memory.out;
    EXPECT_TRUE(contains(memory.out, "MemAvailable")) << "the basis is said\n" << memory.out;
    double used = number_in(memory.out, "used");
    double lowest = std::min(before["MemTotal:"] - before["MemAvailable:"], after["MemTotal:"] - after["MemAvailable:"]);
    double highest = std::max(before["MemTotal:"] - before["MemAvailable:"], after["MemTotal:"] - after["MemAvailable:"]);
    EXPECT_GE(used, lowest - 8 * 1024 * 1024) << memory.out;
    EXPECT_LE(used, highest + 8 * 1024 * 1024) << memory.out;
    EXPECT_NEAR(number_in(memory.out, "free"), after["MemAvailable:"], 64 * 1024 * 1024) << "free is what is available\n"
                                                                                         << memory.out;
    auto hypervisor = check("check_hypervisor", {"--uri", "qemu:///system"});
    EXPECT_EQ(number_in(hypervisor.out, "memory"), before["MemTotal:"])
        << "check_hypervisor's memory is the same total as check_host_memory's\n" << hypervisor.out;
}

TEST_F(VmChecks, RealVmPausedWarns) {
    virsh("suspend vc-test-vm");
    auto run = check("check_vm_state", {"--uri", "qemu:///system", "--vm", "vc-test-vm"});
    virsh("resume vc-test-vm");
    EXPECT_EQ(run.exit_code, 1) << run.out;
    EXPECT_TRUE(contains(run.out, "VM_STATE WARNING - 1 of 1 VMs WARNING: vc-test-vm paused - 1 paused")) << run.out;
    auto resumed = check("check_vm_state", {"--uri", "qemu:///system", "--vm", "vc-test-vm", "-c", "1:"});
    EXPECT_EQ(resumed.exit_code, 0) << resumed.out;
}

}  // namespace
}  // namespace virtcheck::testing
