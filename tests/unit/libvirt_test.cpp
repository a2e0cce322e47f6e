// The libvirt backend's pure parts (capabilities XML, error mapping, URIs) and the
// hypervisor evaluation, without any daemon.
#include <gtest/gtest.h>
#include <libvirt/virterror.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "perfdata_text.hpp"
#include "collect/libvirt/module/capabilities.hpp"
#include "collect/libvirt/module/error_mapping.hpp"
#include "collect/libvirt/backend.hpp"
#include "collect/libvirt/options.hpp"
#include "collect/libvirt/unmanaged.hpp"
#include "command_line.hpp"
#include "evaluate/hypervisor.hpp"

namespace virtcheck {
namespace {

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(VIRTCHECK_FIXTURES) + "/" + name);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_FALSE(text.str().empty()) << name;
    return text.str();
}

TEST(Capabilities, KvmHostIsAccelerated) {
    auto caps = libvirt::parse_capabilities(fixture("capabilities/kvm-x86_64.xml"));
    EXPECT_EQ(caps.host_arch, "x86_64");
    EXPECT_EQ(caps.domain_types, (std::vector<std::string>{"qemu", "kvm"}));
    EXPECT_TRUE(is_accelerated(caps));
}

TEST(Capabilities, KvmForAnotherArchDoesNotCount) {
    auto caps = libvirt::parse_capabilities(fixture("capabilities/emulation-only-x86_64.xml"));
    EXPECT_EQ(caps.domain_types, (std::vector<std::string>{"qemu"}));
    EXPECT_FALSE(is_accelerated(caps));
}

TEST(Capabilities, BrokenXmlIsAFailureNotACrash) {
    for (const std::string& bad : std::vector<std::string>{"", "<capabilities>", "not xml", "<a><b></a>", std::string(2, 0)}) {
        EXPECT_THROW(libvirt::parse_capabilities(bad), CollectError) << bad;
    }
    // Well-formed but empty: nothing offered, so not accelerated.
    auto empty = libvirt::parse_capabilities("<capabilities/>");
    EXPECT_TRUE(empty.domain_types.empty());
    EXPECT_FALSE(is_accelerated(empty));
}

TEST(ErrorMapping, DaemonDownIsUnreachable) {
    using Kind = CollectError::Kind;
    EXPECT_EQ(libvirt::classify_error(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC,
                                      "Failed to connect socket to '/var/run/libvirt/libvirt-sock': "
                                      "No such file or directory"),
              Kind::Unreachable);
    EXPECT_EQ(libvirt::classify_error(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC,
                                      "Failed to connect socket to '/var/run/libvirt/libvirt-sock': Connection refused"),
              Kind::Unreachable);
    EXPECT_EQ(libvirt::classify_error(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC, "End of file while reading data: Input/output error"),
              Kind::Unreachable);
}

// ssh or name resolution failing is not the service seen down: the check could not look.
TEST(ErrorMapping, SshAndNameResolutionFailuresAreNotADaemonDown) {
    using Kind = CollectError::Kind;
    for (const char* message :
         {"Cannot recv data: ssh: Could not resolve hostname kvm9: Name or service not known: Connection reset by peer",
          "Cannot recv data: ssh: connect to host 10.0.0.9 port 22: Connection refused: Connection reset by peer",
          "Cannot recv data: ssh: connect to host 10.0.0.9 port 22: No route to host: Connection reset by peer",
          "Cannot recv data: Host key verification failed.: Connection reset by peer",
          "Unable to resolve address 'kvm9' service '16509': Name or service not known",
          "Unable to resolve address 'kvm9' service '16509': Temporary failure in name resolution"})
        EXPECT_EQ(libvirt::classify_error(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC, message), Kind::Failed) << message;
    // The remote daemon's socket missing behind a working ssh is the daemon down.
    EXPECT_EQ(libvirt::classify_error(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC,
                                      "Cannot recv data: nc: unix connect failed: No such file or directory: "
                                      "Connection reset by peer"),
              Kind::Unreachable);
    EXPECT_EQ(libvirt::classify_error(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC,
                                      "unable to connect to server at 'kvm9:16509': Connection refused"),
              Kind::Unreachable);
}

TEST(ErrorMapping, AuthAndPermissionAreDenied) {
    using Kind = CollectError::Kind;
    EXPECT_EQ(libvirt::classify_error(VIR_ERR_AUTH_FAILED, VIR_FROM_REMOTE, "authentication failed"), Kind::Denied);
    EXPECT_EQ(libvirt::classify_error(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC,
                                      "Failed to connect socket to '/var/run/libvirt/libvirt-sock': Permission denied"),
              Kind::Denied);
    EXPECT_EQ(libvirt::classify_error(VIR_ERR_ACCESS_DENIED, VIR_FROM_ACCESS, "access denied"), Kind::Denied);
}

TEST(ErrorMapping, OtherErrorsAreFailures) {
    using Kind = CollectError::Kind;
    EXPECT_EQ(libvirt::classify_error(VIR_ERR_XML_ERROR, VIR_FROM_TEST, "XML error: failed to parse xml document"),
              Kind::Failed);
    EXPECT_EQ(libvirt::classify_error(VIR_ERR_NO_CONNECT, VIR_FROM_NONE, "no connection driver available for foo:///"),
              Kind::Failed);
}

TEST(UnmanagedQemu, OnlyLocalQemuUrisAreCounted) {
    EXPECT_TRUE(libvirt::local_qemu("qemu:///system"));
    EXPECT_TRUE(libvirt::local_qemu("qemu+unix:///system"));
    EXPECT_TRUE(libvirt::local_qemu("qemu:///session")->session);
    for (const char* other : {"qemu+ssh://kvm1/system", "qemu+unix:///system?socket=/tmp/x", "test:///default",
                              "lxc:///system", "qemu://kvm1/system", "qemu:///embed?root=/tmp/x"})
        EXPECT_FALSE(libvirt::local_qemu(other)) << other;
}

TEST(UnmanagedQemu, QemuProcessesLibvirtStartedFromProc) {
    using namespace std::string_literals;
    const std::string system_vm =
        "/usr/bin/qemu-system-x86_64\0-name\0guest=web,,1,debug-threads=on\0-S\0-object\0"
        "{\"qom-type\":\"secret\",\"id\":\"masterKey0\",\"format\":\"raw\",\"file\":\"/var/lib/libvirt/qemu/"
        "domain-3-web,1/master-key.aes\"}\0-machine\0pc\0"s;
    EXPECT_EQ(libvirt::libvirt_guest(system_vm, false), "web,1");
    EXPECT_FALSE(libvirt::libvirt_guest(system_vm, true)) << "a system VM is not the session's";
    EXPECT_FALSE(libvirt::libvirt_guest("qemu-system-x86_64\0-name\0web\0-hda\0disk.img\0"s, false))
        << "a QEMU started by hand is not libvirt's";
    EXPECT_FALSE(libvirt::libvirt_guest("/bin/bash\0-c\0echo /var/lib/libvirt/qemu/domain-1-x -name guest=x\0"s, false));

    auto proc = std::filesystem::temp_directory_path() / ("virtcheck-proc-" + std::to_string(getpid()));
    std::filesystem::remove_all(proc);
    auto process = [&](const std::string& pid, const std::string& cmdline) {
        std::filesystem::create_directories(proc / pid);
        std::ofstream(proc / pid / "cmdline", std::ios::binary) << cmdline;
    };
    process("4242", system_vm);
    process("4243", "/usr/bin/qemu-system-x86_64\0-name\0guest=db,debug-threads=on\0-chardev\0"
                    "socket,id=charmonitor,path=/var/lib/libvirt/qemu/domain-4-db/monitor.sock\0"s);
    process("4244", "/usr/sbin/libvirtd\0"s);
    process("self", system_vm);  // not a process directory
    EXPECT_EQ(libvirt::unmanaged_guests({false}, proc.string()), (std::vector<std::string>{"db", "web,1"}));
    std::filesystem::remove_all(proc);
}

TEST(RemoteUri, HostnameShortcut) {
    EXPECT_EQ(libvirt::remote_uri("kvm1", "qemu", "ssh"), "qemu+ssh://kvm1/system?no_tty=1");
    EXPECT_EQ(libvirt::remote_uri("root@kvm1", "qemu", "tls"), "qemu+tls://root@kvm1/system");
    EXPECT_EQ(libvirt::remote_uri("kvm1", "xen", "tcp"), "xen+tcp://kvm1/system");
    EXPECT_EQ(libvirt::remote_uri("esx1.example.org", "esx", "ssh"), "esx://esx1.example.org/");
    for (const char* bad : {"", "a/b", "a?socket=/x", "a b", "a\nb"})
        EXPECT_THROW(libvirt::remote_uri(bad, "qemu", "ssh"), UsageError) << bad;
    EXPECT_THROW(libvirt::remote_uri("h", "qemu+ssh", "ssh"), UsageError);
}

model::Host sample_host() {
    model::Host host;
    host.driver = "QEMU";
    host.hypervisor_version = 7002000;
    host.libvirt_version = 9000000;
    host.hostname = "kvm1";
    host.cpus = 8;
    host.memory_bytes = 16ull << 30;
    host.running_vms = 3;
    return host;
}

model::HypervisorStatus sample_probe() { return libvirt::hypervisor_status("qemu:///system", sample_host(), 0.004); }

TEST(HypervisorEvaluation, HealthyHost) {
    auto result = evaluate_hypervisor(sample_probe(), {}, {});
    EXPECT_EQ(result.overall(), State::Ok);
    EXPECT_EQ(summary(result), "QEMU 7.2.0 via libvirt 9.0.0 on kvm1: 8 CPUs, 16.0 GiB memory, 3 VMs running, "
                               "answered in 4.0 ms");
    EXPECT_EQ(perf_of(result), "'time'=0.004s;;;0 'vms_running'=3;;;0 'cpus'=8;;;0 'memory'=17179869184B;;;0 ");
}

TEST(HypervisorEvaluation, ResponseTimeThresholds) {
    auto thresholds = thresholds_of(hypervisor::metrics, {"-w", "3ms", "-c", "1s"});
    auto result = evaluate_hypervisor(sample_probe(), thresholds, {});
    EXPECT_EQ(result.overall(), State::Warning);
    EXPECT_NE(perf_of(result).find("'time'=0.004s;0.003;1;0"), std::string::npos) << perf_of(result);
}

TEST(HypervisorEvaluation, OlderVersionsWarn) {
    HypervisorRules rules{.min_version = parse_version("8.0"), .min_libvirt = parse_version("9.0")};
    auto result = evaluate_hypervisor(sample_probe(), {}, rules);
    EXPECT_EQ(result.overall(), State::Warning);
    EXPECT_EQ(summary(result).rfind("QEMU 7.2.0 is older than 8.0 (--min-version)", 0), 0u) << summary(result);

    auto host = sample_host();
    host.hypervisor_version.reset();
    auto unknown_version = libvirt::hypervisor_status("qemu:///system", host, 0.004);
    EXPECT_EQ(evaluate_hypervisor(unknown_version, {}, rules).overall(), State::Unknown);
}

TEST(HypervisorEvaluation, SoftwareEmulationIsCritical) {
    HypervisorRules rules{.require_acceleration = true};
    auto probe = sample_probe();
    probe.capabilities = model::Capabilities{"x86_64", {"qemu"}};
    auto result = evaluate_hypervisor(probe, {}, rules);
    EXPECT_EQ(result.overall(), State::Critical);
    EXPECT_EQ(summary(result).rfind("no hardware acceleration: VMs would run under software emulation", 0), 0u);
    probe.capabilities = model::Capabilities{"x86_64", {"qemu", "kvm"}};
    EXPECT_EQ(evaluate_hypervisor(probe, {}, rules).overall(), State::Ok);
}

}  // namespace
}  // namespace virtcheck
