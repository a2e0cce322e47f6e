// check_vm_security: reading domain XML into model::VmSecurity, and every finding's rule on
// made-up model data (each finding, each exception form, the counts as perfdata).
#include <gtest/gtest.h>

#include <stdexcept>

#include "collect/libvirt/module/security_xml.hpp"
#include "command_line.hpp"
#include "core/errors.hpp"
#include "evaluate/security_findings.hpp"
#include "evaluate/vm_security.hpp"
#include "perfdata_text.hpp"

namespace virtcheck {
namespace {

using model::Password;

model::VmSecurity vm(std::string name) {
    model::VmSecurity v;
    v.name = std::move(name);
    v.uuid = "uuid-" + v.name;
    v.state = model::VmState::Running;
    v.live = true;
    v.virt_type = "kvm";
    return v;
}

model::Console vnc(std::string address, Password password, std::optional<int> tls_port = std::nullopt) {
    model::Console c{"vnc", {{model::Endpoint::Kind::Address, std::move(address)}}};
    c.port = 5900;
    c.tls_port = tls_port;
    c.password = password;
    return c;
}

model::HostSecurity confined_host() {
    model::HostSecurity host;
    host.name = "hv1";
    host.security_model = "apparmor";
    return host;
}

struct Evaluated {
    Result result;
    // The row of a VM: its text starts with the VM's name.
    const Result& row(const std::string& name) const {
        for (const auto& partial : result.partials)
            if (partial.text.rfind(name + " ", 0) == 0) return partial;
        throw std::runtime_error("no row for " + name);
    }
    // The partials of a VM's row that name `finding`, as "STATE text".
    std::vector<std::string> findings(const std::string& name, const std::string& finding) const {
        std::vector<std::string> found;
        for (const auto& partial : row(name).partials)
            if (partial.text.rfind(finding + ":", 0) == 0 || partial.text.rfind(finding + " accepted", 0) == 0)
                found.push_back(std::string(state_name(partial.state)) + " " + partial.text);
        return found;
    }
};

Evaluated evaluate(std::vector<model::VmSecurity> vms, model::HostSecurity host = confined_host(),
                   SecurityPolicy policy = {}, std::vector<std::string> args = {}) {
    CommandLine line(std::move(args), "VM", vm_security::metrics);
    model::Security security{std::move(host), std::move(vms)};
    return {evaluate_vm_security(security, line.selection, policy, line.thresholds)};
}

// --- reading the XML ---

TEST(SecurityXml, ConsolesTheirAddressesAndPasswords) {
    const char* xml =
        "<domain type='kvm' id='3'><name>web</name><devices>"
        "<graphics type='vnc' port='5901' autoport='yes' listen='0.0.0.0' passwd='s3cret-value'>"
        "<listen type='address' address='0.0.0.0'/></graphics>"
        "<graphics type='spice' port='5902' tlsPort='5903'><listen type='network' address='192.0.2.5' network='lan'/>"
        "<listen type='socket' socket='/run/spice.sock'/></graphics>"
        "<graphics type='vnc' listen='10.0.0.1'/>"
        "<graphics type='vnc'><listen type='none'/></graphics>"
        "<graphics type='vnc'/>"
        "<graphics type='sdl' display=':0'/>"
        "</devices></domain>";
    auto v = libvirt::parse_vm_security(xml, false);
    EXPECT_TRUE(v.live);
    EXPECT_EQ(v.virt_type, "kvm");
    ASSERT_EQ(v.consoles.size(), 5u) << "sdl is a local display";
    EXPECT_EQ(v.consoles[0].type, "vnc");
    EXPECT_EQ(v.consoles[0].port, 5901);
    EXPECT_EQ(v.consoles[0].password, Password::Set);
    ASSERT_EQ(v.consoles[0].listen.size(), 1u);
    EXPECT_EQ(v.consoles[0].listen[0].where, "0.0.0.0");
    EXPECT_EQ(v.consoles[1].tls_port, 5903);
    EXPECT_EQ(v.consoles[1].password, Password::Unknown) << "read-only: libvirt strips passwd";
    ASSERT_EQ(v.consoles[1].listen.size(), 2u);
    EXPECT_EQ(v.consoles[1].listen[0].where, "192.0.2.5") << "the live address of the network";
    EXPECT_EQ(v.consoles[1].listen[1].kind, model::Endpoint::Kind::Socket);
    EXPECT_EQ(v.consoles[2].listen[0].where, "10.0.0.1") << "the legacy listen attribute";
    EXPECT_TRUE(v.consoles[3].listen.empty()) << "listen type none";
    EXPECT_EQ(v.consoles[4].listen[0].kind, model::Endpoint::Kind::HostDefault);

    auto secure = libvirt::parse_vm_security(xml, true);
    EXPECT_EQ(secure.consoles[0].password, Password::Set);
    EXPECT_EQ(secure.consoles[1].password, Password::None) << "read with VIR_DOMAIN_XML_SECURE";
}

TEST(SecurityXml, OnlyBoundSocketsAreListeners) {
    auto v = libvirt::parse_vm_security(
        "<domain type='kvm'><devices>"
        "<serial type='tcp'><source mode='bind' host='0.0.0.0' service='4444'/><protocol type='telnet'/></serial>"
        "<console type='tcp'><source mode='bind' host='0.0.0.0' service='4444'/><protocol type='telnet'/></console>"
        "<channel type='udp'><source mode='bind' host='' service='5555'/><source mode='connect' host='192.0.2.1' service='5556'/></channel>"
        "<serial type='tcp'><source mode='connect' host='192.0.2.2' service='23'/></serial>"
        "<serial type='pty'/>"
        "<redirdev bus='usb' type='tcp'><source mode='bind' host='::' service='4000' tls='yes'/></redirdev>"
        "</devices></domain>",
        false);
    EXPECT_FALSE(v.live) << "no id: the inactive definition";
    ASSERT_EQ(v.char_devices.size(), 3u) << "the console repeating serial 0 counts once; connect mode is no listener";
    EXPECT_EQ(v.char_devices[0].device, "serial");
    EXPECT_EQ(v.char_devices[0].protocol, "telnet");
    EXPECT_EQ(v.char_devices[1].type, "udp");
    EXPECT_EQ(v.char_devices[1].address, "");
    EXPECT_EQ(v.char_devices[2].device, "redirdev");
    EXPECT_TRUE(v.char_devices[2].tls);
}

TEST(SecurityXml, LabelsDevicesDisksCpuAndFirmware) {
    auto v = libvirt::parse_vm_security(
        "<domain type='kvm'>"
        "<os firmware='efi'><type>hvm</type><firmware><feature enabled='yes' name='secure-boot'/></firmware></os>"
        "<cpu mode='custom' match='exact'><model>Skylake-Client-IBRS</model>"
        "<feature policy='require' name='md-clear'/><feature policy='disable' name='ssbd'/></cpu>"
        "<seclabel type='dynamic' model='apparmor' relabel='yes'><label>libvirt-1234</label></seclabel>"
        "<seclabel type='static' model='dac' relabel='yes'><label>+0:+0</label></seclabel>"
        "<devices>"
        "<disk type='file' device='disk'><source file='/img/a.qcow2'/><target dev='vda'/><shareable/></disk>"
        "<disk type='network' device='disk'><source protocol='rbd' name='pool/img'/><target dev='vdb'/><readonly/></disk>"
        "<disk type='file' device='cdrom'><target dev='sda'/></disk>"
        "<hostdev mode='subsystem' type='pci'><source><address domain='0x0000' bus='0x3' slot='0x00' function='0x1'/></source></hostdev>"
        "<hostdev mode='subsystem' type='usb'><source><vendor id='0x46d'/><product id='0xC52B'/></source></hostdev>"
        "<tpm model='tpm-crb'><backend type='emulator'/></tpm>"
        "</devices></domain>",
        false);
    ASSERT_EQ(v.labels.size(), 2u);
    EXPECT_EQ(v.labels[0].model, "apparmor");
    EXPECT_EQ(v.labels[1].label, "+0:+0");
    ASSERT_EQ(v.disks.size(), 2u) << "an empty CD drive has no image";
    EXPECT_TRUE(v.disks[0].shareable);
    EXPECT_EQ(v.disks[1].path, "rbd:pool/img");
    EXPECT_TRUE(v.disks[1].readonly);
    ASSERT_EQ(v.host_devices.size(), 2u);
    EXPECT_EQ(v.host_devices[0].address, "0000:03:00.1");
    EXPECT_EQ(v.host_devices[1].address, "046d:c52b");
    EXPECT_EQ(v.cpu.mode, "custom");
    EXPECT_EQ(v.cpu.model, "Skylake-Client-IBRS");
    EXPECT_EQ(v.cpu.enabled, std::vector<std::string>{"md-clear"});
    EXPECT_EQ(v.cpu.disabled, std::vector<std::string>{"ssbd"});
    EXPECT_EQ(v.firmware.uefi, true);
    EXPECT_EQ(v.firmware.secure_boot, true);
    EXPECT_EQ(v.firmware.tpm, true);

    auto bios = libvirt::parse_vm_security("<domain type='kvm'><os><type>hvm</type></os></domain>", false);
    EXPECT_EQ(bios.firmware.uefi, false);
    EXPECT_EQ(bios.firmware.secure_boot, false);
    EXPECT_EQ(bios.firmware.tpm, false);
    EXPECT_EQ(bios.cpu.mode, "") << "no <cpu>: the hypervisor's default model";
}

TEST(SecurityXml, HostileOrBrokenDocuments) {
    for (const char* bad : {"", "<domain", "<other/>", "not xml at all", "<domain><devices><graphics type='vnc'"})
        EXPECT_FALSE(libvirt::parse_vm_security(bad, false).unreadable.empty()) << bad;
    // Out-of-range and garbage ports are not ports.
    auto v = libvirt::parse_vm_security(
        "<domain type='kvm'><devices><graphics type='vnc' port='99999' tlsPort='-1' websocket='12x'/></devices></domain>",
        false);
    ASSERT_EQ(v.consoles.size(), 1u);
    EXPECT_FALSE(v.consoles[0].port);
    EXPECT_FALSE(v.consoles[0].tls_port);
    EXPECT_FALSE(v.consoles[0].websocket);
    // Many devices are capped, not all kept.
    std::string many = "<domain type='kvm'><devices>";
    for (int i = 0; i < 3000; ++i) many += "<hostdev mode='subsystem' type='pci'/>";
    many += "</devices></domain>";
    EXPECT_EQ(libvirt::parse_vm_security(many, false).host_devices.size(), 1024u);
}

TEST(SecurityXml, HostModelCpuOfTheDomainCapabilities) {
    auto cpu = libvirt::parse_host_model_cpu(
        "<domainCapabilities><cpu>"
        "<mode name='host-passthrough' supported='yes'/>"
        "<mode name='host-model' supported='yes'><model fallback='forbid'>Skylake-Client-IBRS</model>"
        "<feature policy='require' name='md-clear'/><feature policy='require' name='ssbd'/>"
        "<feature policy='disable' name='hle'/></mode>"
        "</cpu></domainCapabilities>");
    EXPECT_TRUE(cpu.found);
    EXPECT_EQ(cpu.model, "Skylake-Client-IBRS");
    EXPECT_EQ(cpu.features, (std::vector<std::string>{"md-clear", "ssbd"}));
    EXPECT_FALSE(libvirt::parse_host_model_cpu(
                     "<domainCapabilities><cpu><mode name='host-model' supported='no'/></cpu></domainCapabilities>")
                     .found);
    auto host = libvirt::parse_host_cpu(
        "<capabilities><host><cpu><arch>x86_64</arch><model>EPYC</model><feature name='ibpb'/>"
        "<feature name='virt-ssbd'/></cpu></host></capabilities>");
    EXPECT_TRUE(host.found);
    EXPECT_EQ(host.features, (std::vector<std::string>{"ibpb", "virt-ssbd"}));
    EXPECT_FALSE(libvirt::parse_host_cpu("<capabilities><host/></capabilities>").found);
}

// --- the rules ---

TEST(SecurityRules, Loopback) {
    for (const char* local : {"127.0.0.1", "127.1.2.3", "::1", "localhost", "::ffff:127.0.0.1", "[::1]"})
        EXPECT_TRUE(is_loopback(local)) << local;
    for (const char* open : {"0.0.0.0", "::", "", "127.0.0.1.example", "127.", "192.0.2.1", "128.0.0.1", "127.0.0.x"})
        EXPECT_FALSE(is_loopback(open)) << open;
}

TEST(SecurityRules, ConsoleOpen) {
    auto none = vm("none"), set = vm("set"), unknown = vm("unknown"), local = vm("local");
    none.consoles.push_back(vnc("0.0.0.0", Password::None));
    set.consoles.push_back(vnc("192.0.2.1", Password::Set));
    unknown.consoles.push_back(vnc("::", Password::Unknown));
    local.consoles.push_back(vnc("127.0.0.1", Password::None));
    auto spice_tls = vm("spice-tls"), spice_plain = vm("spice-plain");
    spice_tls.consoles.push_back(vnc("0.0.0.0", Password::Set, 5901));
    spice_tls.consoles[0].type = "spice";
    spice_plain.consoles.push_back(vnc("0.0.0.0", Password::Set));
    spice_plain.consoles[0].type = "spice";
    auto e = evaluate({none, set, unknown, local, spice_tls, spice_plain});
    EXPECT_EQ(e.result.overall(), State::Critical);
    EXPECT_EQ(e.findings("none", "console-open"),
              std::vector<std::string>{"CRITICAL console-open: vnc listens on 0.0.0.0:5900 without a password"});
    ASSERT_EQ(e.findings("set", "console-open").size(), 1u);
    EXPECT_EQ(e.findings("set", "console-open")[0].rfind("WARNING console-open: vnc listens on 192.0.2.1:5900 with a password", 0), 0u);
    EXPECT_EQ(e.findings("unknown", "console-open"),
              std::vector<std::string>{"UNKNOWN console-open: vnc listens on [::]:5900, password unknown: read-only "
                                       "connection, use --read-write"});
    EXPECT_TRUE(e.findings("local", "console-open").empty());
    EXPECT_EQ(e.row("local").overall(), State::Ok);
    EXPECT_TRUE(e.findings("spice-tls", "console-open").empty());
    EXPECT_EQ(e.findings("spice-plain", "console-open"),
              std::vector<std::string>{"WARNING console-open: spice listens on 0.0.0.0:5900 with a password but "
                                       "without TLS (no tlsPort)"});

    auto off = vm("off");
    off.live = false, off.state = model::VmState::Shutoff;
    off.consoles.push_back(vnc("0.0.0.0", Password::None));
    off.consoles[0].port.reset();
    EXPECT_EQ(evaluate({off}).findings("off", "console-open"),
              std::vector<std::string>{"CRITICAL console-open: vnc would listen on 0.0.0.0 without a password"});
}

TEST(SecurityRules, CharDevOpen) {
    auto open = vm("open"), local = vm("local");
    open.char_devices.push_back({"serial", "tcp", "0.0.0.0", "4444", "telnet", false});
    open.char_devices.push_back({"channel", "udp", "", "5555", "", false});
    local.char_devices.push_back({"serial", "tcp", "127.0.0.1", "4444", "", false});
    auto e = evaluate({open, local});
    EXPECT_EQ(e.findings("open", "chardev-open"),
              std::vector<std::string>{"CRITICAL chardev-open: serial tcp bound to 0.0.0.0:4444 (telnet), channel udp "
                                       "bound to every address:5555"});
    EXPECT_TRUE(e.findings("local", "chardev-open").empty());
}

TEST(SecurityRules, UnconfinedAndQemuAsRoot) {
    auto none = vm("none"), root = vm("root"), user = vm("user"), aa = vm("aa");
    none.labels.push_back({"", "none", ""});
    root.labels.push_back({"dac", "static", "+0:+0"});
    user.labels.push_back({"dac", "dynamic", "+107:+107"});
    aa.labels.push_back({"apparmor", "static", "unconfined"});
    auto e = evaluate({none, root, user, aa});
    EXPECT_EQ(e.findings("none", "unconfined"), std::vector<std::string>{"WARNING unconfined: seclabel type none"});
    EXPECT_EQ(e.findings("root", "qemu-as-root"),
              std::vector<std::string>{"WARNING qemu-as-root: runs as root (DAC label +0:+0)"});
    EXPECT_TRUE(e.findings("root", "unconfined").empty()) << "DAC is no confinement model";
    EXPECT_EQ(e.row("user").overall(), State::Ok);
    EXPECT_EQ(e.findings("aa", "unconfined"),
              std::vector<std::string>{"WARNING unconfined: unconfined apparmor label unconfined"});

    auto named_root = vm("named-root");
    named_root.labels.push_back({"dac", "static", "root:kvm"});
    EXPECT_EQ(evaluate({named_root}).findings("named-root", "qemu-as-root").size(), 1u);

    // A host without a security driver leaves every VM unconfined.
    model::HostSecurity bare = confined_host();
    bare.security_model = "none";
    EXPECT_EQ(evaluate({vm("any")}, bare).findings("any", "unconfined"),
              std::vector<std::string>{"WARNING unconfined: the host runs no security driver (security model none)"});
}

TEST(SecurityRules, Passthrough) {
    auto gpu = vm("gpu");
    gpu.host_devices.push_back({"pci", "0000:03:00.0"});
    gpu.host_devices.push_back({"mdev", "c2177883-f1bb-47f0-914d-32a22e3a8804"});
    auto e = evaluate({gpu, vm("plain")});
    EXPECT_EQ(e.findings("gpu", "passthrough"),
              std::vector<std::string>{"WARNING passthrough: pci 0000:03:00.0, mdev c2177883-f1bb-47f0-914d-32a22e3a8804"});
    EXPECT_EQ(e.result.overall(), State::Warning);
    EXPECT_EQ(e.row("plain").overall(), State::Ok);
}

model::DiskImage disk(std::string path, std::string target, bool shareable = false, bool readonly = false) {
    model::DiskImage d;
    d.kind = "file", d.path = std::move(path), d.target = std::move(target);
    d.shareable = shareable, d.readonly = readonly;
    return d;
}

TEST(SecurityRules, SharedDiskOnlyWhenWrittenWithoutShareable) {
    auto a = vm("a"), b = vm("b"), c = vm("c"), d = vm("d");
    a.disks.push_back(disk("/img/shared.img", "vdb", true));
    b.disks.push_back(disk("/img/shared.img", "vdb"));
    c.disks.push_back(disk("/img/both.img", "vdb", true));
    d.disks.push_back(disk("/img/both.img", "vdc", true));
    a.disks.push_back(disk("/img/install.iso", "sda", false, true));
    d.disks.push_back(disk("/img/install.iso", "sda", false, true));
    auto e = evaluate({a, b, c, d});
    EXPECT_EQ(e.findings("a", "shared-disk"),
              std::vector<std::string>{"CRITICAL shared-disk: /img/shared.img (vdb) also in b, written by b without "
                                       "marking it shareable"});
    EXPECT_EQ(e.findings("b", "shared-disk").size(), 1u);
    EXPECT_TRUE(e.findings("c", "shared-disk").empty()) << "shareable in both";
    EXPECT_TRUE(e.findings("d", "shared-disk").empty()) << "read-only in both";

    // Sharing is judged among the selected VMs: b alone shares nothing.
    CommandLine only_b({"--vm", "b"}, "VM", vm_security::metrics);
    model::Security security{confined_host(), {a, b}};
    auto alone = evaluate_vm_security(security, only_b.selection, {}, only_b.thresholds);
    EXPECT_EQ(alone.overall(), State::Ok);
}

TEST(SecurityRules, ImagePerms) {
    auto w = vm("w");
    w.disks.push_back(disk("/img/w.img", "vda"));
    w.disks[0].mode = 0666;
    w.disks.push_back(disk("/img/ok.img", "vdb"));
    w.disks[1].mode = 0640;
    w.disks.push_back(disk("/img/gone.img", "vdc"));
    w.disks[2].mode_unread = "No such file or directory";
    auto e = evaluate({w});
    EXPECT_EQ(e.findings("w", "image-perms"),
              std::vector<std::string>{"WARNING image-perms: writable by every user: /img/w.img (mode 0666)"});
    bool noted = false;
    for (const auto& p : e.row("w").partials) noted |= p.text == "mode of /img/gone.img not read: No such file or directory";
    EXPECT_TRUE(noted);

    auto remote = vm("remote");
    remote.disks.push_back(disk("/img/r.img", "vda"));
    remote.disks[0].mode_unread = "on another host";
    auto r = evaluate({remote});
    EXPECT_EQ(r.result.overall(), State::Ok);
    bool said = false;
    for (const auto& p : r.result.partials) said |= p.text == "image-perms not judged: the images are on another host";
    EXPECT_TRUE(said);
}

TEST(SecurityRules, CpuMitigations) {
    model::HostSecurity host = confined_host();
    host.cpu_features = std::vector<std::string>{"md-clear", "spec-ctrl", "ssbd", "vmx", "arch-capabilities"};
    host.cpu_model = "Skylake-Client";
    host.cpu_features_from = "the host-model CPU of the domain capabilities";
    auto custom = vm("custom"), passthrough = vm("passthrough"), disabled = vm("disabled"), ibrs = vm("ibrs"),
         emulated = vm("emulated");
    custom.cpu = {"custom", "Skylake-Client", {"md-clear"}, {}};
    passthrough.cpu = {"host-passthrough", "", {}, {}};
    disabled.cpu = {"host-model", "", {}, {"ssbd"}};
    ibrs.cpu = {"custom", "Skylake-Client-IBRS", {"md-clear", "ssbd", "arch-capabilities"}, {}};
    emulated.virt_type = "qemu";
    auto e = evaluate({custom, passthrough, disabled, ibrs, emulated}, host);
    EXPECT_EQ(e.findings("custom", "cpu-mitigations"),
              std::vector<std::string>{"WARNING cpu-mitigations: spec-ctrl, ssbd, arch-capabilities of the host not "
                                       "passed to the guest (custom CPU Skylake-Client)"});
    EXPECT_TRUE(e.findings("passthrough", "cpu-mitigations").empty());
    EXPECT_EQ(e.findings("disabled", "cpu-mitigations"),
              std::vector<std::string>{"WARNING cpu-mitigations: ssbd (disabled) of the host not passed to the guest "
                                       "(host-model CPU)"});
    EXPECT_TRUE(e.findings("ibrs", "cpu-mitigations").empty()) << "-IBRS models include spec-ctrl";
    EXPECT_TRUE(e.findings("emulated", "cpu-mitigations").empty()) << "software emulation";

    // Without the host's features nothing is judged, and the long output says why.
    model::HostSecurity unknown = confined_host();
    unknown.cpu_features_from = "domain capabilities need a read-write connection";
    auto u = evaluate({custom}, unknown);
    EXPECT_EQ(u.result.overall(), State::Ok);
    bool said = false;
    for (const auto& p : u.result.partials)
        said |= p.text == "cpu-mitigations not judged: domain capabilities need a read-write connection";
    EXPECT_TRUE(said);
}

TEST(SecurityRules, FirmwareOnlyWhenRequired) {
    auto bios = vm("bios"), uefi = vm("uefi"), unsaid = vm("unsaid");
    bios.firmware = {false, false, false};
    uefi.firmware = {true, false, true};
    EXPECT_EQ(evaluate({bios, uefi, unsaid}).result.overall(), State::Ok) << "no --require, no finding";

    SecurityPolicy policy;
    parse_requirements({"secure-boot", "tpm"}, policy);
    auto e = evaluate({bios, uefi, unsaid}, confined_host(), policy);
    EXPECT_EQ(e.findings("bios", "firmware"), std::vector<std::string>{"WARNING firmware: BIOS, not UEFI, no TPM"});
    EXPECT_EQ(e.findings("uefi", "firmware"), std::vector<std::string>{"WARNING firmware: no secure boot"});
    EXPECT_EQ(e.findings("unsaid", "firmware"),
              std::vector<std::string>{"UNKNOWN firmware: firmware not known from this backend"});

    SecurityPolicy only_uefi;
    parse_requirements({"uefi"}, only_uefi);
    EXPECT_TRUE(evaluate({uefi}, confined_host(), only_uefi).findings("uefi", "firmware").empty());
    EXPECT_THROW(parse_requirements({"measured-boot"}, policy), UsageError);
}

TEST(SecurityRules, AllowAcceptsAllOrByPattern) {
    auto gpu1 = vm("gpu-1"), gpu2 = vm("gpu-2"), web = vm("web");
    for (auto* v : {&gpu1, &gpu2, &web}) v->host_devices.push_back({"pci", "0000:03:00.0"});
    web.consoles.push_back(vnc("0.0.0.0", Password::None));

    SecurityPolicy by_name;
    by_name.allow.push_back(parse_allow_rule("passthrough=^gpu-"));
    auto e = evaluate({gpu1, gpu2, web}, confined_host(), by_name);
    EXPECT_EQ(e.findings("gpu-1", "passthrough"),
              std::vector<std::string>{"OK passthrough accepted (--allow passthrough=^gpu-): pci 0000:03:00.0"});
    EXPECT_EQ(e.row("gpu-1").text, "gpu-1 1 accepted finding");
    EXPECT_EQ(e.findings("web", "passthrough").size(), 1u);
    EXPECT_EQ(e.findings("web", "passthrough")[0].rfind("WARNING", 0), 0u);
    EXPECT_EQ(perf_of(e.result), "'critical'=1;;;0 'warning'=1;;;0 'unknown'=0;;;0 'accepted'=2;;;0 ");
    EXPECT_EQ(e.result.overall(), State::Critical);

    // By UUID, and for every VM.
    SecurityPolicy by_uuid;
    by_uuid.allow.push_back(parse_allow_rule("console-open=^uuid-web$"));
    by_uuid.allow.push_back(parse_allow_rule("passthrough"));
    auto all = evaluate({gpu1, gpu2, web}, confined_host(), by_uuid);
    EXPECT_EQ(all.result.overall(), State::Ok);
    EXPECT_EQ(perf_of(all.result), "'critical'=0;;;0 'warning'=0;;;0 'unknown'=0;;;0 'accepted'=4;;;0 ");

    // Thresholds on the counts.
    auto limited = evaluate({gpu1, gpu2, web}, confined_host(), by_uuid, {"-w", "accepted=3"});
    EXPECT_EQ(limited.result.overall(), State::Warning);

    EXPECT_THROW(parse_allow_rule("no-such-finding"), UsageError);
    EXPECT_THROW(parse_allow_rule("passthrough="), UsageError);
    EXPECT_THROW(parse_allow_rule("passthrough=(unclosed"), UsageError);
}

TEST(SecurityRules, SummaryCountsAndUnreadableVms) {
    auto broken = vm("broken");
    broken.unreadable = "its description could not be read: internal error";
    auto e = evaluate({broken, vm("fine")});
    EXPECT_EQ(e.result.overall(), State::Unknown);
    EXPECT_EQ(perf_of(e.result), "'critical'=0;;;0 'warning'=0;;;0 'unknown'=1;;;0 'accepted'=0;;;0 ");
    EXPECT_EQ(e.row("fine").text, "fine no findings");
}

TEST(SecurityRules, HostFindingsWithHost) {
    model::HostSecurity esxi;
    esxi.name = "esx1";
    esxi.services = {{model::HostService::Kind::Ssh, "TSM-SSH", true}, {model::HostService::Kind::Shell, "TSM", false}};
    esxi.lockdown = false;
    SecurityPolicy policy;
    policy.host = true;
    auto e = evaluate({vm("vm1")}, esxi, policy);
    EXPECT_EQ(e.result.overall(), State::Warning);
    EXPECT_EQ(e.findings("host esx1", "host-ssh"), std::vector<std::string>{"WARNING host-ssh: SSH (TSM-SSH) runs"});
    EXPECT_EQ(e.findings("host esx1", "lockdown-off"), std::vector<std::string>{"WARNING lockdown-off: lockdown mode is off"});
    EXPECT_TRUE(e.findings("host esx1", "host-shell").empty());
    policy.allow.push_back(parse_allow_rule("host-ssh"));
    policy.allow.push_back(parse_allow_rule("lockdown-off=^esx1$"));
    EXPECT_EQ(evaluate({vm("vm1")}, esxi, policy).result.overall(), State::Ok);
}

TEST(SecurityRules, ToolsIsolation) {
    auto weak = vm("weak"), strict = vm("strict");
    weak.tools_isolation = std::vector<std::pair<std::string, std::string>>{{"isolation.tools.copy.disable", "FALSE"},
                                                                            {"isolation.tools.paste.disable", "true"}};
    strict.tools_isolation = std::vector<std::pair<std::string, std::string>>{};
    auto e = evaluate({weak, strict});
    EXPECT_EQ(e.findings("weak", "tools-isolation"),
              std::vector<std::string>{"WARNING tools-isolation: isolation.tools.copy.disable = FALSE"});
    EXPECT_EQ(e.row("strict").overall(), State::Ok);
}

}  // namespace
}  // namespace virtcheck
