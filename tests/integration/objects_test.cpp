// check_datastore, check_vnet and check_vm_snapshot as separate processes: a test-driver
// host (a nearly full pool, a thin over-provisioned pool, a network whose bridge is gone,
// snapshots of known age) and, in the Real* tests, the real libvirtd that
// tests/peers/libvirtd.sh sets up (tmpfs pool, inactive pool, networks, QEMU VM).
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <regex>

#include "guidelines.hpp"
#include "process.hpp"

namespace virtcheck::testing {
namespace {

const std::string fixture = "test://" + std::string(VIRTCHECK_FIXTURES) + "/nodes/storage-network.xml";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A state directory of this process's own: check_datastore keeps a history for its
// forecasts, which must not go to the user's real one.
const std::string& state_dir() {
    static const struct Dir {
        std::string path = (std::filesystem::temp_directory_path() /
                            ("virtcheck-objects-" + std::to_string(getpid()))).string();
        ~Dir() { std::filesystem::remove_all(path); }
    } dir;
    return dir.path;
}

Completed check(const std::string& name, std::vector<std::string> args) {
    args.insert(args.begin(), check_path(name));
    Completed run = run_program(args, {{"VIRTCHECK_STATE_DIR", state_dir()}});
    for (const auto& problem : guideline_violations(run)) ADD_FAILURE() << problem << "\n" << run.out;
    return run;
}

double number_in(const std::string& text, const std::string& label) {
    std::smatch m;
    if (!std::regex_search(text, m, std::regex("'" + label + "'=([0-9.]+)"))) return -1;
    return std::stod(m[1]);
}

TEST(ObjectChecks, NearlyFullAndOverProvisionedPools) {
    auto run = check("check_datastore", {"--uri", fixture, "-w", "90", "-c", "10GiB:", "-w", "provisioned=200"});
    EXPECT_EQ(run.exit_code, 2) << run.out;
    // Each line ends in what its forecast still waits for (the history is new).
    EXPECT_TRUE(contains(run.out, "DATASTORE CRITICAL - 1 of 3 pools CRITICAL: images 95.0% used (95.0 GiB of "
                                  "100.0 GiB, 5.0 GiB free, 100.0% provisioned) (free 5.0 GiB), trend from 5 samples ("))
        << run.out;
    EXPECT_TRUE(contains(run.out, "'images_free'=5368709120B;;10737418240:;0;107374182400")) << run.out;
    EXPECT_TRUE(contains(run.out, "\n[WARNING] thin 10.0% used (10.0 GiB of 100.0 GiB, 90.0 GiB free, 300.0% "
                                  "provisioned) (provisioned 300.0%), trend from 5 samples (")) << run.out;
    EXPECT_FALSE(contains(run.out, "time_left")) << "no time_left while the trend is unknown";
    EXPECT_EQ(number_in(run.out, "thin_provisioned"), 300) << run.out;
}

TEST(ObjectChecks, PoolSelectionAndMissingPool) {
    auto spare = check("check_datastore", {"--uri", fixture, "--pool", "spare", "-w", "50GiB:"});
    EXPECT_EQ(spare.exit_code, 0) << spare.out;
    EXPECT_TRUE(contains(spare.out, "DATASTORE OK - 1 pool OK - fullest: spare 0.0% | ")) << spare.out;
    auto missing = check("check_datastore", {"--uri", fixture, "--pool", "nosuch"});
    EXPECT_EQ(missing.exit_code, 2) << missing.out;
    EXPECT_TRUE(contains(missing.out, "DATASTORE CRITICAL - 1 of 1 pools CRITICAL: pool nosuch does not exist")) << missing.out;
    auto bad = check("check_datastore", {"--uri", fixture, "-w", "20 parsecs"});
    EXPECT_EQ(bad.exit_code, 3) << bad.out;
    EXPECT_TRUE(contains(bad.out, "or a size (20GiB:) for free")) << bad.out;
}

TEST(ObjectChecks, NetworkWithoutBridgeIsCritical) {
    auto run = check("check_vnet", {"--uri", fixture, "-v"});
    EXPECT_EQ(run.exit_code, 2) << run.out;
    EXPECT_TRUE(contains(run.out, "VNET CRITICAL - 1 of 2 networks CRITICAL: orphan bridge br-gone missing on the "
                                  "host - 2 active\n")) << run.out;
    EXPECT_FALSE(contains(run.out, "'lan_dhcp_used'=")) << "no leases known: left out, not U";
    EXPECT_TRUE(contains(run.out, "\\_ [OK] active, bridge br-lan (present), no autostart, 100 DHCP addresses\n"))
        << run.out;
    // The test driver has no lease API: with DHCP thresholds that is UNKNOWN, not OK.
    auto leases = check("check_vnet", {"--uri", fixture, "--network", "lan", "-w", "80"});
    EXPECT_EQ(leases.exit_code, 3) << leases.out;
    EXPECT_TRUE(contains(leases.out, "lan DHCP leases not available from this driver")) << leases.out;
}

TEST(ObjectChecks, SnapshotAgesAndCounts) {
    auto run = check("check_vm_snapshot", {"--uri", fixture, "-w", "30d", "-c", "1000d", "-v"});
    EXPECT_EQ(run.exit_code, 2) << run.out;
    // pre-upgrade was taken at 1700000000 (2023-11-14).
    double expected = static_cast<double>(std::time(nullptr)) - 1700000000;
    double age = number_in(run.out, "web1_oldest");
    EXPECT_NEAR(age, expected, 5) << run.out;
    EXPECT_TRUE(contains(run.out, "1 of 2 VMs CRITICAL: web1 2 snapshots, oldest ")) << run.out;
    EXPECT_TRUE(contains(run.out, " (pre-upgrade) - 2 snapshots | ")) << run.out;
    EXPECT_TRUE(contains(run.out, "'db1_snapshots'=0;;;0")) << run.out;
    EXPECT_FALSE(contains(run.out, "'db1_oldest'=")) << "no snapshot, no age: left out, not U";
    EXPECT_TRUE(contains(run.out, "\n[OK] db1 no snapshots\n")) << run.out;
    auto count = check("check_vm_snapshot", {"--uri", fixture, "-w", "snapshots=1"});
    EXPECT_EQ(count.exit_code, 1) << count.out;
}

TEST(ObjectChecks, ThreeHundredVmsWithSnapshots) {
    // VM i has two snapshots, the older taken i days before 2026-01-01 (1767225600).
    auto file = std::filesystem::temp_directory_path() / ("virtcheck-snapshots-" + std::to_string(getpid()) + ".xml");
    {
        std::ofstream out(file);
        out << "<node>\n";
        for (int i = 0; i < 300; ++i) {
            out << "<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>vm" << i
                << "</name><memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os>";
            for (int s = 0; s < 2; ++s)
                out << "<test:domainsnapshot><name>s" << s << "</name><state>running</state><creationTime>"
                    << 1767225600 - (s == 0 ? i : 0) * 86400 << "</creationTime><memory snapshot='no'/><active>0"
                    << "</active>" << (s == 1 ? "<parent><name>s0</name></parent>" : "") << "</test:domainsnapshot>";
            out << "</domain>\n";
        }
        out << "</node>\n";
    }
    auto run = check("check_vm_snapshot", {"--uri", "test://" + file.string(), "--top", "2"});
    auto count = check("check_vm_snapshot", {"--uri", "test://" + file.string(), "--include", "^vm29[0-9]$",
                                             "-c", "snapshots=1"});
    std::filesystem::remove(file);
    EXPECT_EQ(run.exit_code, 0) << run.out.substr(0, 300);
    EXPECT_TRUE(run.out.starts_with("VM_SNAPSHOT OK - 300 VMs OK - oldest: vm299 ")) << run.out.substr(0, 300);
    // 600 perfdata items pass 8 KiB: the objects' perfdata is kept, in the tree's order, as
    // far as it fits, and the summary says how many were left out.
    EXPECT_TRUE(std::regex_search(run.out, std::regex(" - 600 snapshots \\(perfdata of [0-9]+ of 300 objects left out "
                                                      "to stay under 8 KiB, see --top\\) \\| ")))
        << run.out.substr(0, 300);
    EXPECT_EQ(number_in(run.out, "vm1_oldest") - number_in(run.out, "vm0_oldest"), 86400.0);
    EXPECT_LE(run.out.size(), 8192u);
    EXPECT_EQ(count.exit_code, 2) << count.out.substr(0, 300);
    EXPECT_TRUE(count.out.starts_with("VM_SNAPSHOT CRITICAL - 10 of 10 VMs CRITICAL: ")) << count.out.substr(0, 300);
}

// The real daemon. libvirtd.sh made: vc-test-pool, a tmpfs of 100 MiB holding an 80 MiB
// file; vc-test-idle, defined and inactive; vc-test-net with a DHCP range of 10 addresses and
// 2 current leases; vc-test-idle-net, defined and inactive.
TEST(ObjectChecks, RealTmpfsPoolIsExact) {
    // --no-forecast: the figures of one run, without what the trend waits for (learn_test.cpp).
    auto run = check("check_datastore",
                     {"--uri", "qemu:///system", "--pool", "vc-test-pool", "-w", "75", "-c", "90", "--no-forecast"});
    EXPECT_EQ(run.exit_code, 1) << run.out;
    EXPECT_TRUE(contains(run.out, "DATASTORE WARNING - 1 of 1 pools WARNING: vc-test-pool 80.0% used (80.0 MiB of "
                                  "100.0 MiB, 20.0 MiB free, 80.0% provisioned) | ")) << run.out;
    EXPECT_TRUE(contains(run.out, "'vc-test-pool_used'=83886080B;;;0;104857600 'vc-test-pool_free'=20971520B;;;0;"
                                  "104857600 'vc-test-pool_capacity'=104857600B;;;0")) << run.out;
    EXPECT_EQ(number_in(run.out, "vc-test-pool_volumes"), 1) << run.out;
}

TEST(ObjectChecks, RealRefreshSeesGrowthOutsideLibvirt) {
    std::string file = std::string(VIRTCHECK_PEER_STATE) + "/libvirtd/pool/more.img";
    ASSERT_EQ(std::system(("fallocate -l 10M '" + file + "'").c_str()), 0);
    auto stale = check("check_datastore", {"--uri", "qemu:///system", "--pool", "vc-test-pool"});
    auto fresh = check("check_datastore", {"--uri", "qemu:///system", "--pool", "vc-test-pool", "--refresh"});
    std::remove(file.c_str());
    check("check_datastore", {"--uri", "qemu:///system", "--pool", "vc-test-pool", "--refresh"});
    EXPECT_EQ(number_in(stale.out, "vc-test-pool_used_percent"), 80) << "libvirt keeps the last refresh\n" << stale.out;
    EXPECT_EQ(fresh.exit_code, 0) << fresh.out;
    EXPECT_EQ(number_in(fresh.out, "vc-test-pool_used_percent"), 90) << fresh.out;
}

TEST(ObjectChecks, RealInactivePoolByNameOrNot) {
    auto all = check("check_datastore", {"--uri", "qemu:///system", "-v"});
    EXPECT_EQ(all.exit_code, 0) << all.out;
    EXPECT_TRUE(contains(all.out, "\n[OK] vc-test-idle inactive (not autostarted)\n")) << all.out;
    auto named = check("check_datastore", {"--uri", "qemu:///system", "--pool", "vc-test-idle"});
    EXPECT_EQ(named.exit_code, 2) << named.out;
    EXPECT_TRUE(contains(named.out, "DATASTORE CRITICAL - 1 of 1 pools CRITICAL: vc-test-idle inactive (not "
                                    "autostarted)")) << named.out;
    EXPECT_FALSE(contains(named.out, "'vc-test-idle_used_percent'=")) << named.out;
}

TEST(ObjectChecks, RealNetworkLeasesAndBridge) {
    auto run = check("check_vnet", {"--uri", "qemu:///system", "--network", "vc-test-net", "-w", "15", "-v"});
    EXPECT_EQ(run.exit_code, 1) << run.out;
    EXPECT_TRUE(contains(run.out, "VNET WARNING - 1 of 1 networks WARNING: vc-test-net 20.0% of DHCP in use (2 of 10 "
                                  "addresses) - 1 active | 'vc-test-net_dhcp_used'=20%;15;;0;100 "
                                  "'vc-test-net_leases'=2;;;0;10")) << run.out;
    EXPECT_TRUE(contains(run.out, "active, transient, bridge vctestbr0 (present), no autostart, 10 DHCP addresses")) << run.out;
    auto idle = check("check_vnet", {"--uri", "qemu:///system", "--network", "vc-test-idle-net"});
    EXPECT_EQ(idle.exit_code, 2) << idle.out;
    EXPECT_TRUE(contains(idle.out, "vc-test-idle-net inactive (not autostarted)")) << idle.out;
}

void virsh(const std::string& args) {
    ASSERT_EQ(std::system(("virsh -q -c qemu:///system " + args + " >/dev/null 2>&1").c_str()), 0) << args;
}

TEST(ObjectChecks, RealSnapshotsOfTheQemuVm) {
    // One snapshot taken now, one redefined with a creation time of 2023-11-14 (1700000000).
    std::string dir = std::string(VIRTCHECK_PEER_STATE) + "/libvirtd";
    std::string old_xml = dir + "/old-snapshot.xml";
    ASSERT_EQ(std::system(("{ echo \"<domainsnapshot><name>old</name><state>shutoff</state>"
                           "<creationTime>1700000000</creationTime><memory snapshot='no'/>\"; "
                           "virsh -q -c qemu:///system dumpxml --inactive vc-test-vm; echo '</domainsnapshot>'; } > '" +
                           old_xml + "'").c_str()),
              0);
    virsh("snapshot-create-as vc-test-vm fresh");
    virsh("snapshot-create vc-test-vm '" + old_xml + "' --redefine");
    auto run = check("check_vm_snapshot", {"--uri", "qemu:///system", "--vm", "vc-test-vm", "-w", "7d", "-c", "snapshots=5"});
    virsh("snapshot-delete vc-test-vm old --metadata");
    virsh("snapshot-delete vc-test-vm fresh");
    auto after = check("check_vm_snapshot", {"--uri", "qemu:///system", "--vm", "vc-test-vm"});

    EXPECT_EQ(run.exit_code, 1) << run.out;
    EXPECT_TRUE(contains(run.out, "VM_SNAPSHOT WARNING - 1 of 1 VMs WARNING: vc-test-vm 2 snapshots, oldest ")) << run.out;
    EXPECT_TRUE(contains(run.out, " (old) - 2 snapshots | ")) << run.out;
    EXPECT_NEAR(number_in(run.out, "vc-test-vm_oldest"), static_cast<double>(std::time(nullptr)) - 1700000000, 5) << run.out;
    EXPECT_EQ(number_in(run.out, "vc-test-vm_snapshots"), 2) << run.out;
    EXPECT_EQ(after.exit_code, 0) << after.out;
    EXPECT_TRUE(contains(after.out, "VM_SNAPSHOT OK - 1 VM OK - 0 snapshots | 'vc-test-vm_snapshots'=0;;;0")) << after.out;
}

}  // namespace
}  // namespace virtcheck::testing
