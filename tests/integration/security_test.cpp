// check_vm_security as a separate process: a test-driver host with a VM for every finding and
// every exception form (tests/fixtures/nodes/security.xml), and, in the Real* tests, the real
// libvirtd's QEMU VM (security_driver = "none", a VNC console on 127.0.0.1 with a password).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "guidelines.hpp"
#include "process.hpp"

namespace virtcheck::testing {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

double number_in(const std::string& text, const std::string& label) {
    std::smatch m;
    if (!std::regex_search(text, m, std::regex("'" + label + "'=([0-9.]+)"))) return -1;
    return std::stod(m[1]);
}

class SecurityChecks : public ::testing::Test {
protected:
    // The node file with its image paths in a directory of our own, the image modes set.
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("virtcheck-security-" + std::to_string(getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        for (const char* image : {"clean.img", "install.iso", "shared.img", "world-writable.img"}) {
            std::ofstream(dir_ / image) << "image";
            ::chmod((dir_ / image).c_str(), 0644);
        }
        ::chmod((dir_ / "world-writable.img").c_str(), 0666);
        std::ifstream in(std::string(VIRTCHECK_FIXTURES) + "/nodes/security.xml");
        std::stringstream xml;
        xml << in.rdbuf();
        std::string text = std::regex_replace(xml.str(), std::regex("@IMAGES@"), dir_.string());
        std::ofstream(dir_ / "node.xml") << text;
        uri_ = "test://" + (dir_ / "node.xml").string();
    }
    void TearDown() override { fs::remove_all(dir_); }

    Completed check(std::vector<std::string> args) {
        args.insert(args.begin(), check_path("check_vm_security"));
        Completed run = run_program(args);
        for (const auto& problem : guideline_violations(run)) ADD_FAILURE() << problem << "\n" << run.out;
        return run;
    }
    Completed on_node(std::vector<std::string> args) {
        args.insert(args.begin(), {"--uri", uri_});
        return check(std::move(args));
    }

    fs::path dir_;
    std::string uri_;
};

TEST_F(SecurityChecks, EveryFindingOnTheTestDriver) {
    auto run = on_node({"--read-write", "-v"});
    EXPECT_EQ(run.exit_code, 2) << run.out;
    EXPECT_TRUE(contains(run.out, "VM_SECURITY CRITICAL - 6 of 14 VMs CRITICAL: ")) << run.out;
    EXPECT_TRUE(contains(run.out, "| 'critical'=6;;;0 'warning'=6;;;0 'unknown'=0;;;0 'accepted'=0;;;0\n")) << run.out;
    for (const char* line : {
             "[CRITICAL] console-open: vnc listens on 0.0.0.0:5901 without a password\n",
             "[WARNING] console-open: vnc listens on 192.0.2.10:5902 with a password, TLS not visible",
             "[WARNING] console-open: spice listens on [2001:db8::10]:5903 with a password but without TLS (no tlsPort)\n",
             "[OK] spice listens on 192.0.2.11:5904, TLS port 5905, password set\n",
             "[CRITICAL] console-open: vnc would listen on 0.0.0.0 without a password\n",
             "[OK] vnc listens on 127.0.0.1:5900 (this host only), password set\n",
             "[CRITICAL] chardev-open: serial tcp bound to 0.0.0.0:2445 (telnet), channel udp bound to 192.0.2.20:2447\n",
             "[OK] channel tcp bound to 127.0.0.1:4555 (raw), this host only\n",
             "[WARNING] unconfined: seclabel type none\n",
             "[WARNING] qemu-as-root: runs as root (DAC label +0:+0)\n",
             "[WARNING] passthrough: pci 0000:04:10.2 (network interface), pci 0000:03:00.0, usb 046d:c52b, mdev "
             "c2177883-f1bb-47f0-914d-32a22e3a8804, scsi scsi_host0 0:0:1\n",
             "[CRITICAL] shared-disk: " ,
             "/shared.img (vdb) also in shared-b, written by shared-b without marking it shareable\n",
             "[WARNING] image-perms: writable by every user: ",
             "/world-writable.img (mode 0666)\n",
             "[OK] uefi-sb-tpm no findings\n",
             "[OK] clean no findings\n",
         })
        EXPECT_TRUE(contains(run.out, line)) << line << "\n" << run.out;
    EXPECT_FALSE(contains(run.out, "install.iso")) << "shared read-only: no finding\n" << run.out;
    EXPECT_FALSE(contains(run.out, "192.0.2.1:")) << "a connect-mode peer is no listener\n" << run.out;
    EXPECT_FALSE(contains(run.out, "firmware:")) << "firmware only with --require\n" << run.out;
}

TEST_F(SecurityChecks, PasswordsNeverInOutput) {
    for (auto args : std::vector<std::vector<std::string>>{{"--read-write", "-vvv"}, {"-vvv"}}) {
        auto run = on_node(args);
        EXPECT_FALSE(contains(run.out, "fixture-secret")) << run.out;
        EXPECT_FALSE(contains(run.err, "fixture-secret"));
    }
    // JSON is no plugin output for the guidelines: run it as it is.
    auto json = run_program({check_path("check_vm_security"), "--uri", uri_, "--read-write", "--output", "json"});
    EXPECT_EQ(json.exit_code, 2) << json.out;
    EXPECT_TRUE(contains(json.out, "\"check\":\"VM_SECURITY\"")) << json.out;
    EXPECT_FALSE(contains(json.out, "fixture-secret")) << json.out;
}

TEST_F(SecurityChecks, ReadOnlyCannotTellPasswords) {
    auto run = on_node({"-v"});
    EXPECT_EQ(run.exit_code, 2) << "chardev-open and shared-disk are still CRITICAL\n" << run.out;
    EXPECT_TRUE(contains(run.out, "[UNKNOWN] console-open: vnc listens on 0.0.0.0:5901, password unknown: read-only "
                                  "connection, use --read-write\n")) << run.out;
    EXPECT_TRUE(contains(run.out, "[OK] vnc listens on 127.0.0.1:5900 (this host only), password unknown: read-only "
                                  "connection, use --read-write\n")) << run.out;
    EXPECT_EQ(number_in(run.out, "unknown"), 5) << run.out;
    auto one = on_node({"--vm", "vnc-nopass"});
    EXPECT_EQ(one.exit_code, 3) << one.out;
    EXPECT_TRUE(contains(one.out, "VM_SECURITY UNKNOWN - ")) << one.out;
}

TEST_F(SecurityChecks, AllowForms) {
    // Every VM, by name pattern, by UUID.
    auto run = on_node({"--read-write", "-v", "--allow", "shared-disk", "--allow", "console-open=^vnc-(nopass|off)$",
                        "--allow", "chardev-open=5ec0-0000-000000000007$", "--allow", "chardev-open=^odd"});
    EXPECT_EQ(run.exit_code, 1) << run.out;
    EXPECT_EQ(number_in(run.out, "critical"), 0) << run.out;
    EXPECT_EQ(number_in(run.out, "accepted"), 6) << run.out;
    EXPECT_TRUE(contains(run.out, "[OK] shared-disk accepted (--allow shared-disk): ")) << run.out;
    EXPECT_TRUE(contains(run.out, "[OK] console-open accepted (--allow console-open=^vnc-(nopass\u00a6off)$): vnc listens "
                                  "on 0.0.0.0:5901 without a password\n")) << run.out;
    EXPECT_TRUE(contains(run.out, "[OK] chardev-open accepted (--allow chardev-open=5ec0-0000-000000000007$): ")) << run.out;
    EXPECT_TRUE(contains(run.out, "[WARNING] console-open: vnc listens on 192.0.2.10:5902")) << "not allowed\n" << run.out;
    // Thresholds on the counts.
    auto limited = on_node({"--read-write", "--allow", "passthrough", "--vm", "passthrough", "-w", "accepted=0"});
    EXPECT_EQ(limited.exit_code, 1) << limited.out;
    EXPECT_TRUE(contains(limited.out, "'accepted'=1;0;;0")) << limited.out;

    for (auto bad : std::vector<std::string>{"no-such-finding", "passthrough=(", "passthrough="}) {
        auto refused = on_node({"--allow", bad});
        EXPECT_EQ(refused.exit_code, 3) << refused.out;
        EXPECT_TRUE(contains(refused.out, "--allow")) << refused.out;
    }
}

TEST_F(SecurityChecks, RequireFirmware) {
    auto good = on_node({"--read-write", "--vm", "uefi-sb-tpm", "--require", "secure-boot", "--require", "tpm"});
    EXPECT_EQ(good.exit_code, 0) << good.out;
    auto bios = on_node({"--read-write", "--vm", "clean", "--require", "uefi", "--require", "tpm", "-v"});
    EXPECT_EQ(bios.exit_code, 1) << bios.out;
    EXPECT_TRUE(contains(bios.out, "[WARNING] firmware: BIOS, not UEFI, no TPM\n")) << bios.out;
    auto refused = on_node({"--require", "measured-boot"});
    EXPECT_EQ(refused.exit_code, 3) << refused.out;
    EXPECT_TRUE(contains(refused.out, "secure-boot, tpm, uefi")) << refused.out;
}

TEST_F(SecurityChecks, SelectionAndSharingAmongTheSelected) {
    auto alone = on_node({"--read-write", "--vm", "shared-b", "-v"});
    EXPECT_EQ(alone.exit_code, 1) << "shared-a is not checked: no shared-disk, image-perms stays\n" << alone.out;
    EXPECT_TRUE(contains(alone.out, "shared-b (image-perms)")) << alone.out;
    auto excluded = on_node({"--read-write", "--exclude", "^(vnc|spice|chardev|odd|shared|unconfined|as-root|passthrough)"});
    EXPECT_EQ(excluded.exit_code, 0) << excluded.out;
    EXPECT_TRUE(contains(excluded.out, "VM_SECURITY OK - 2 VMs OK")) << excluded.out;
    auto missing = on_node({"--vm", "gone"});
    EXPECT_EQ(missing.exit_code, 2) << missing.out;
}

TEST_F(SecurityChecks, HostileNameIsEscaped) {
    auto run = on_node({"--read-write", "--vm", "odd|name", "-v"});
    EXPECT_EQ(run.exit_code, 2) << run.out;
    EXPECT_TRUE(contains(run.out, "odd\u00a6name (chardev-open)")) << run.out;
    EXPECT_TRUE(contains(run.out, "serial tcp bound to [::]:2446 (raw)")) << run.out;
}

TEST_F(SecurityChecks, HostFindingsNeedABackendThatKnowsThem) {
    auto run = on_node({"--host"});
    EXPECT_EQ(run.exit_code, 3) << run.out;
    EXPECT_TRUE(contains(run.out, "host shells and lockdown mode")) << run.out;
}

// --- The real libvirtd's VM vc-test-vm (tests/peers/libvirtd.sh) ---

TEST_F(SecurityChecks, RealVmUnconfinedWithALoopbackConsole) {
    auto run = check({"--uri", "qemu:///system", "--vm", "vc-test-vm", "--read-write", "-v"});
    EXPECT_EQ(run.exit_code, 1) << run.out;
    EXPECT_TRUE(contains(run.out, "[WARNING] unconfined: the host runs no security driver (security model none)\n"))
        << run.out;
    // user = "root" in the peer's qemu.conf: the DAC label of the running VM says uid 0.
    EXPECT_TRUE(contains(run.out, "[WARNING] qemu-as-root: runs as root (DAC label +0:+0)\n")) << run.out;
    EXPECT_TRUE(std::regex_search(run.out, std::regex(R"(\[OK\] vnc listens on 127\.0\.0\.1:18490 \(this host only\), )"
                                                      R"(password set\n)")))
        << run.out;
    EXPECT_FALSE(contains(run.out, "console-open")) << run.out;
    EXPECT_FALSE(contains(run.out, "vcSecr8t")) << "the peer's VNC password\n" << run.out;
    EXPECT_TRUE(contains(run.out, "CPU mitigations not judged: software emulation")) << run.out;
    EXPECT_TRUE(contains(run.out, "host security model: none\n")) << run.out;
}

TEST_F(SecurityChecks, RealVmReadOnlyCannotTellThePassword) {
    auto run = check({"--uri", "qemu:///system", "--vm", "vc-test-vm", "-vvv"});
    EXPECT_EQ(run.exit_code, 1) << run.out;
    EXPECT_TRUE(contains(run.out, "(this host only), password unknown: read-only connection, use --read-write\n")) << run.out;
    EXPECT_FALSE(contains(run.out, "vcSecr8t")) << run.out;
}

TEST_F(SecurityChecks, RealVmWorldWritableImage) {
    std::string image = std::string(VIRTCHECK_PEER_STATE) + "/libvirtd/vc-test-vm.qcow2";
    struct stat before {};
    ASSERT_EQ(::stat(image.c_str(), &before), 0) << image;
    auto plain = check({"--uri", "qemu:///system", "--vm", "vc-test-vm", "-v"});
    ::chmod(image.c_str(), 0666);
    auto open = check({"--uri", "qemu:///system", "--vm", "vc-test-vm", "-v"});
    ::chmod(image.c_str(), before.st_mode & 07777);
    EXPECT_FALSE(contains(plain.out, "image-perms")) << plain.out;
    EXPECT_TRUE(contains(open.out, "[WARNING] image-perms: writable by every user: " + image + " (mode 0666)\n"))
        << open.out;
}

}  // namespace
}  // namespace virtcheck::testing
