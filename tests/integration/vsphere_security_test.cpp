// check_vm_security in vSphere mode against the simulator: VMs reconfigured through the API
// (ReconfigVM_Task with extra config, passthrough devices, firmware), SSH started through the
// host's HostServiceSystem (StartService), lockdown mode set through the control endpoint (the
// simulator has no HostAccessManager), and the two bulk reads a run makes.
#include <gtest/gtest.h>

#include <sstream>

#include "vsphere_sim.hpp"

namespace virtcheck::testing {
namespace {

int lines_containing(const std::string& text, const std::string& part) {
    int n = 0;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) n += contains(line, part);
    return n;
}

// A run with a fresh state directory, or (keep) the one an earlier run left.
Completed security(const Sim& sim, std::vector<std::string> args, const std::string& state_name = "security",
                   bool keep = false) {
    std::string state = keep ? state_root + "/vsphere-tests/" + state_name : state_dir(state_name);
    return vcheck("check_vm_security", sim, std::move(args), state);
}

// The ESX model's VMs, set up once per simulator start; the control answers "ok" only when
// the reconfiguration task succeeded.
void reconfigure_esx_vms() {
    static bool done = false;
    if (done) return;
    done = true;
    // VM0: VNC on every address without a password, copy enabled for VMware Tools, a PCI
    // device and a USB device of the host, EFI with secure boot and a vTPM.
    EXPECT_EQ(control(esx, "/reconfig?vm=ha-host_VM0",
                      R"({"extraConfig":{"RemoteDisplay.vnc.enabled":"TRUE","RemoteDisplay.vnc.port":"5901",)"
                      R"("isolation.tools.copy.disable":"FALSE"},"devices":["pci:0000:3b:00.0","usb:path:1/0/3","tpm"],)"
                      R"("firmware":"efi","secureBoot":true})"),
              "ok\n");
    // VM1: VNC on loopback with a password (this host only), BIOS, no TPM.
    EXPECT_EQ(control(esx, "/reconfig?vm=ha-host_VM1",
                      R"({"extraConfig":{"RemoteDisplay.vnc.enabled":"true","RemoteDisplay.vnc.ip":"127.0.0.1",)"
                      R"("RemoteDisplay.vnc.port":"5902","RemoteDisplay.vnc.password":"vncpw123"}})"),
              "ok\n");
}

TEST(VsphereSecurity, VmFindingsFromTheReconfiguredVms) {
    reconfigure_esx_vms();
    auto run = security(esx, {"-v"});
    EXPECT_EQ(run.exit_code, 2) << run.out;
    EXPECT_TRUE(first_line(run.out).starts_with("VM_SECURITY CRITICAL - ")) << run.out;
    EXPECT_TRUE(contains(first_line(run.out), "not judged: unconfined, qemu-as-root, image-perms, cpu-mitigations"))
        << run.out;
    EXPECT_TRUE(contains(run.out, "[CRITICAL] console-open: vnc listens on every address:5901 without a password")) << run.out;
    EXPECT_TRUE(contains(run.out, "[WARNING] passthrough: pci 0000:3b:00.0, usb path:1/0/3")) << run.out;
    EXPECT_TRUE(contains(run.out, "[WARNING] tools-isolation: isolation.tools.copy.disable = FALSE")) << run.out;
    EXPECT_TRUE(contains(run.out, "vnc listens on 127.0.0.1:5902 (this host only), password set")) << run.out;
    EXPECT_TRUE(contains(run.out, "unconfined not judged: the vSphere API shows no confinement")) << run.out;
    EXPECT_FALSE(contains(run.out, "vncpw123")) << "the VNC password is a secret";
    EXPECT_TRUE(contains(run.out, "[OK] ha-host_VM1 no findings")) << run.out;
}

TEST(VsphereSecurity, RequirementsAndExceptions) {
    reconfigure_esx_vms();
    auto firmware = security(esx, {"-v", "--vm", "ha-host_VM1", "--require", "uefi", "--require", "tpm"});
    EXPECT_EQ(firmware.exit_code, 1) << firmware.out;
    EXPECT_TRUE(contains(firmware.out, "[WARNING] firmware: BIOS, not UEFI, no TPM")) << firmware.out;
    auto secure = security(esx, {"-v", "--vm", "ha-host_VM0", "--require", "secure-boot", "--require", "tpm",
                                 "--allow", "console-open=^ha-host_VM0$", "--allow", "passthrough", "--allow",
                                 "tools-isolation=^ha-host_"});
    EXPECT_EQ(secure.exit_code, 0) << "EFI, secure boot and a vTPM; the rest accepted\n" << secure.out;
    EXPECT_TRUE(contains(secure.out, "console-open accepted (--allow console-open=^ha-host_VM0$)")) << secure.out;
    EXPECT_TRUE(contains(first_line(secure.out), "'accepted'=3;")) << secure.out;
}

TEST(VsphereSecurity, HostShellsAndLockdownWithHost) {
    auto off = security(esx, {"--host", "--vm", "no-such-vm-", "--allow", "lockdown-off=^nothing$"}, "host-1");
    // The simulator's host starts with both shells stopped and lockdown off.
    EXPECT_TRUE(contains(first_line(off.out), "host localhost.localdomain (lockdown-off)")) << off.out;
    EXPECT_EQ(control(esx, "/service?host=localhost.localdomain&id=TSM-SSH&running=1"), "ok\n");
    control(esx, "/host?name=localhost.localdomain&lockdown=lockdownNormal");
    auto ssh = security(esx, {"--host", "-v"}, "host-2");
    EXPECT_TRUE(contains(ssh.out, "[WARNING] host-ssh: SSH (TSM-SSH) runs")) << ssh.out;
    EXPECT_TRUE(contains(ssh.out, "lockdown mode on")) << ssh.out;
    EXPECT_FALSE(contains(ssh.out, "lockdown-off")) << ssh.out;
    EXPECT_TRUE(contains(ssh.out, "the ESXi Shell (TSM) stopped")) << ssh.out;
    auto accepted = security(esx, {"--host", "--allow", "host-ssh=^localhost\\.", "--vm", "ha-host_VM1"}, "host-3");
    EXPECT_EQ(accepted.exit_code, 0) << accepted.out;
    EXPECT_EQ(control(esx, "/service?host=localhost.localdomain&id=TSM-SSH&running=0"), "ok\n");
    control(esx, "/host?name=localhost.localdomain&lockdown=lockdownDisabled");
    // Without --host the host is not looked at.
    EXPECT_FALSE(contains(security(esx, {"-v", "--vm", "ha-host_VM1"}, "host-4").out, "lockdown")) << "no --host";
}

TEST(VsphereSecurity, EveryHostOfVcenterInTwoBulkReads) {
    EXPECT_EQ(control(vpx, "/service?host=DC0_C0_H1&id=TSM&running=1"), "ok\n");
    for (const char* host : {"DC0_H0", "DC0_C0_H0", "DC0_C0_H1", "DC0_C0_H2", "DC0_C1_H0", "DC0_C1_H1", "DC0_C1_H2"})
        control(vpx, std::string("/host?name=") + host + "&lockdown=lockdownStrict");
    security(vpx, {}, "vc-warm");  // a session in the cache: the counted run makes no login requests
    long before = server_calls(vpx, "RetrievePropertiesEx");
    auto run = security(vpx, {"--host", "-v"}, "vc-warm", true);
    EXPECT_EQ(server_calls(vpx, "RetrievePropertiesEx") - before, 2) << "one for the hosts, one for the VMs";
    EXPECT_EQ(run.exit_code, 1) << run.out;
    EXPECT_TRUE(contains(first_line(run.out), "host DC0_C0_H1 (host-shell)")) << run.out;
    EXPECT_TRUE(contains(run.out, "[WARNING] host-shell: the ESXi Shell (TSM) runs")) << run.out;
    EXPECT_EQ(lines_containing(run.out, "[OK] host DC0_"), 6) << run.out;
    EXPECT_EQ(control(vpx, "/service?host=DC0_C0_H1&id=TSM&running=0"), "ok\n");
    for (const char* host : {"DC0_H0", "DC0_C0_H0", "DC0_C0_H1", "DC0_C0_H2", "DC0_C1_H0", "DC0_C1_H1", "DC0_C1_H2"})
        control(vpx, std::string("/host?name=") + host + "&lockdown=lockdownDisabled");
}

TEST(VsphereSecurity, ReadWriteIsRefused) {
    auto run = security(esx, {"--read-write"});
    EXPECT_EQ(run.exit_code, 3) << run.out;
    EXPECT_EQ(first_line(run.out), "VM_SECURITY UNKNOWN - vSphere mode only reads") << run.out;
}

}  // namespace
}  // namespace virtcheck::testing
