// check_vm_security in vSphere mode on recorded RetrievePropertiesEx answers
// (tests/fixtures/vsphere/retrieve-{vms,hosts}-security.xml): the module's parsing, the
// mapping into the model and the findings, end to end without a server.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "collect/vsphere/mapping.hpp"
#include "collect/vsphere/module/inventory.hpp"
#include "collect/vsphere/module/properties.hpp"
#include "command_line.hpp"
#include "evaluate/vm_security.hpp"

namespace virtcheck {
namespace {

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(VIRTCHECK_FIXTURES) + "/vsphere/" + name);
    EXPECT_TRUE(in) << name;
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::vector<vsphere::Vm> recorded_vms() {
    return vsphere::vms_of(vsphere::parse_retrieve_response(fixture("retrieve-vms-security.xml")).objects);
}

std::vector<vsphere::Host> recorded_hosts() {
    return vsphere::hosts_of(vsphere::parse_retrieve_response(fixture("retrieve-hosts-security.xml")).objects);
}

const model::VmSecurity& vm_named(const model::Security& security, const std::string& name) {
    for (const auto& vm : security.vms)
        if (vm.name == name) return vm;
    throw std::runtime_error("no VM " + name);
}

// The partials of the row that starts with `subject`, as "STATE text".
std::vector<std::string> row_of(const Result& root, const std::string& subject) {
    for (const auto& row : root.partials)
        if (row.text.rfind(subject + " ", 0) == 0) {
            std::vector<std::string> out;
            for (const auto& partial : row.partials) out.push_back(std::string(state_name(partial.state)) + " " + partial.text);
            return out;
        }
    ADD_FAILURE() << "no row " << subject;
    return {};
}

bool has(const std::vector<std::string>& lines, const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
}

TEST(VsphereSecurityRead, WhatTheModuleKeepsOfTheConfiguration) {
    auto vms = recorded_vms();
    ASSERT_EQ(vms.size(), 4u);
    const auto& gpu = vms[0];
    EXPECT_EQ(gpu.firmware, "efi");
    EXPECT_EQ(gpu.secure_boot, true);
    EXPECT_EQ(gpu.vtpm, true);
    ASSERT_EQ(gpu.passthrough_devices.size(), 3u) << "the USB controller and a client's USB device are no host devices";
    EXPECT_EQ(gpu.passthrough_devices[0].id, "0000:3b:00.0");
    EXPECT_EQ(gpu.passthrough_devices[1].id, "grid_t4-8q");
    EXPECT_EQ(gpu.passthrough_devices[2].id, "path:1/0/3 version:2");
    ASSERT_EQ(gpu.disks.size(), 2u);
    EXPECT_EQ(gpu.disks[1].file, "[shared-ds] scratch/scratch.vmdk");
    ASSERT_EQ(gpu.serial_ports.size(), 1u);
    EXPECT_EQ(gpu.serial_ports[0].uri, "telnet://:7001");
    // Only the keys of interest, and never the password itself.
    EXPECT_EQ(gpu.extra_config.size(), 5u);
    for (const auto& [key, value] : gpu.extra_config) EXPECT_EQ(value.find("s3cr3tpw"), std::string::npos) << key;
    EXPECT_FALSE(vms[1].secure_boot) << "boot options without efiSecureBootEnabled say nothing";
    EXPECT_FALSE(vms[2].vtpm.value_or(true)) << "devices read, no VirtualTPM among them";
    EXPECT_FALSE(vms[3].devices_read) << "an orphaned VM has no configuration";
    EXPECT_FALSE(vms[3].vtpm);
}

TEST(VsphereSecurityRead, RequestAsksForTheSecurityPropertiesOnlyWhenAsked) {
    auto plain = vsphere::vm_properties({});
    EXPECT_EQ(std::count(plain.begin(), plain.end(), "config.hardware.device"), 0);
    auto paths = vsphere::vm_properties({.runtime = false, .hardware = false, .quick_stats = false, .security = true});
    for (const char* path : {"config.extraConfig", "config.hardware.device", "config.firmware", "config.bootOptions",
                             "runtime.connectionState"})
        EXPECT_EQ(std::count(paths.begin(), paths.end(), path), 1) << path;
    auto host_paths = vsphere::host_properties();
    for (const char* path : {"config.lockdownMode", "config.service"})
        EXPECT_EQ(std::count(host_paths.begin(), host_paths.end(), path), 1) << path;
}

TEST(VsphereSecurityMapping, ConsolesDevicesDisksFirmware) {
    auto security = vsphere::security_as_model(recorded_hosts(), recorded_vms());
    const auto& gpu = vm_named(security, "gpu-render-01");
    EXPECT_EQ(gpu.virt_type, "vmware");
    ASSERT_EQ(gpu.consoles.size(), 1u);
    EXPECT_EQ(gpu.consoles[0].port, 5901);
    EXPECT_EQ(gpu.consoles[0].password, model::Password::Set);
    EXPECT_EQ(gpu.consoles[0].tls, false);
    EXPECT_EQ(gpu.consoles[0].listen.at(0).where, "") << "no RemoteDisplay.vnc.ip: every address of the host";
    ASSERT_EQ(gpu.host_devices.size(), 3u);
    EXPECT_EQ(gpu.host_devices[0].type, "pci");
    EXPECT_EQ(gpu.host_devices[1].type, "vgpu");
    EXPECT_EQ(gpu.host_devices[2].type, "usb");
    EXPECT_EQ(gpu.firmware.uefi, true);
    EXPECT_EQ(gpu.firmware.secure_boot, true);
    EXPECT_EQ(gpu.firmware.tpm, true);
    ASSERT_EQ(gpu.char_devices.size(), 1u);
    EXPECT_EQ(gpu.char_devices[0].address, "");
    EXPECT_EQ(gpu.char_devices[0].service, "7001");
    const auto& web = vm_named(security, "web-01 | injected");
    EXPECT_EQ(web.firmware.uefi, false);
    EXPECT_EQ(web.firmware.secure_boot, false);
    EXPECT_EQ(web.firmware.tpm, false);
    EXPECT_EQ(web.consoles.at(0).password, model::Password::None);
    EXPECT_EQ(web.char_devices.size(), 1u) << "the client port connects out: no listener";
    const auto& quorum = vm_named(security, "lab-vnc").disks.at(0);
    EXPECT_TRUE(quorum.shareable) << "multi-writer sharing";
    EXPECT_FALSE(vm_named(security, "orphan-01").unreadable.empty());
    EXPECT_FALSE(security.blind.labels.empty());
    EXPECT_TRUE(security.blind.disk_paths.empty()) << "shared disks are judged from the backing file names";
}

TEST(VsphereSecurityMapping, HostServicesAndLockdown) {
    auto security = vsphere::security_as_model(recorded_hosts(), {});
    ASSERT_EQ(security.hosts.size(), 4u);
    const auto& open = security.hosts[0];
    ASSERT_EQ(open.services.size(), 2u);
    EXPECT_EQ(open.services[0].name, "TSM-SSH");
    EXPECT_EQ(open.services[0].running, true);
    EXPECT_EQ(open.services[1].running, false);
    EXPECT_EQ(open.lockdown, false);
    EXPECT_EQ(security.hosts[1].lockdown, true);
    EXPECT_FALSE(security.hosts[2].unreadable.empty()) << "not responding: no configuration";
    EXPECT_FALSE(security.hosts[3].services[0].running) << "a service the host does not list is not known";
    EXPECT_EQ(security.hosts[3].lockdown, true) << "strict";
}

Result evaluate(const model::Security& security, SecurityPolicy policy, std::vector<std::string> args = {}) {
    CommandLine line(std::move(args), "VM", vm_security::metrics);
    return evaluate_vm_security(security, line.selection, policy, line.thresholds);
}

TEST(VsphereSecurityFindings, EveryVmFindingFromTheRecordedAnswer) {
    auto security = vsphere::security_as_model(recorded_hosts(), recorded_vms());
    SecurityPolicy policy;
    parse_requirements({"secure-boot", "tpm"}, policy);
    Result root = evaluate(security, policy);
    EXPECT_EQ(root.overall(), State::Critical);
    auto gpu = row_of(root, "gpu-render-01");
    EXPECT_TRUE(has(gpu, "WARNING console-open: vnc listens on every address:5901 with a password but without TLS (this "
                         "console has none)"));
    EXPECT_TRUE(has(gpu, "CRITICAL chardev-open: serial tcp bound to every address:7001 (telnet)"));
    EXPECT_TRUE(has(gpu, "WARNING passthrough: pci 0000:3b:00.0, vgpu grid_t4-8q, usb path:1/0/3 version:2"));
    EXPECT_TRUE(has(gpu, "WARNING tools-isolation: isolation.tools.copy.disable = FALSE"));
    auto web = row_of(root, "web-01 | injected");
    EXPECT_TRUE(has(web, "CRITICAL console-open: vnc would listen on 0.0.0.0:5902 without a password"));
    EXPECT_TRUE(has(web, "WARNING passthrough: scsi /vmfs/devices/genscsi/naa.5000e11156304001"));
    EXPECT_TRUE(has(web, "WARNING firmware: BIOS, not UEFI, no TPM"));
    EXPECT_TRUE(has(web, "OK serial tcp bound to 127.0.0.1:7002 (tcp), this host only"));
    bool shared = false;
    for (const auto& line : web) shared |= line.rfind("CRITICAL shared-disk: [shared-ds] scratch/scratch.vmdk", 0) == 0;
    EXPECT_TRUE(shared) << "the same file in gpu-render-01 and web-01, neither multi-writer";
    auto lab = row_of(root, "lab-vnc");
    EXPECT_TRUE(has(lab, "OK vnc listens on 127.0.0.1:5903 (this host only), no password")) << "loopback";
    EXPECT_TRUE(has(lab, "WARNING firmware: no secure boot, no TPM"));
    bool orphan_unknown = false;
    for (const auto& row : root.partials)
        orphan_unknown |= row.text.rfind("orphan-01", 0) == 0 && row.state == State::Unknown &&
                          row.text.find("could not be read (connection state orphaned)") != std::string::npos;
    EXPECT_TRUE(orphan_unknown) << "a VM without its configuration is not judged as clean";
    // What the API cannot show is said, on line 1 and in the notes, never passed over.
    EXPECT_NE(root.text.find("not judged: unconfined, qemu-as-root, image-perms, cpu-mitigations"), std::string::npos)
        << root.text;
    bool noted = false;
    for (const auto& note : root.partials) noted |= note.text == "unconfined not judged: the vSphere API shows no confinement of a VM's process";
    EXPECT_TRUE(noted);
}

TEST(VsphereSecurityFindings, HostRowsWithHostAndTheirExceptions) {
    auto security = vsphere::security_as_model(recorded_hosts(), {});
    SecurityPolicy policy;
    policy.host = true;
    Result root = evaluate(security, policy, {"--no-match", "ok"});
    EXPECT_EQ(root.overall(), State::Unknown) << "a host that does not answer cannot be judged";
    auto esx11 = row_of(root, "host esx-11.example.com");
    EXPECT_TRUE(has(esx11, "WARNING host-ssh: SSH (TSM-SSH) runs"));
    EXPECT_TRUE(has(esx11, "WARNING lockdown-off: lockdown mode is off"));
    EXPECT_TRUE(has(row_of(root, "host esx-12.example.com"), "WARNING host-shell: the ESXi Shell (TSM) runs"));
    EXPECT_TRUE(has(row_of(root, "host esx-14.example.com"), "UNKNOWN host-ssh: SSH (TSM-SSH): state not known"));
    EXPECT_NE(root.text.find("4 hosts with findings"), std::string::npos) << root.text;
    policy.allow = {parse_allow_rule("host-ssh=^esx-1[14]"), parse_allow_rule("host-shell"),
                    parse_allow_rule("lockdown-off=^esx-11\\.")};
    security.hosts.erase(security.hosts.begin() + 2);  // the one not responding
    Result accepted = evaluate(security, policy, {"--no-match", "ok"});
    EXPECT_EQ(accepted.overall(), State::Ok) << accepted.text;
    EXPECT_TRUE(has(row_of(accepted, "host esx-11.example.com"),
                    "OK lockdown-off accepted (--allow lockdown-off=^esx-11\\.): lockdown mode is off"));
    // Without --host the hosts are not judged at all.
    EXPECT_EQ(evaluate(security, SecurityPolicy{}, {"--no-match", "ok"}).overall(), State::Ok);
}

}  // namespace
}  // namespace virtcheck
