// The libvirt backend's pure parts (capabilities XML, error mapping, URIs) and the
// hypervisor evaluation, without any daemon.
#include <gtest/gtest.h>
#include <libvirt/virterror.h>

#include <fstream>
#include <sstream>

#include "perfdata_text.hpp"
#include "collect/libvirt/module/capabilities.hpp"
#include "collect/libvirt/module/error_mapping.hpp"
#include "collect/libvirt/options.hpp"
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

TEST(RemoteUri, HostnameShortcut) {
    EXPECT_EQ(libvirt::remote_uri("kvm1", "qemu", "ssh"), "qemu+ssh://kvm1/system?no_tty=1");
    EXPECT_EQ(libvirt::remote_uri("root@kvm1", "qemu", "tls"), "qemu+tls://root@kvm1/system");
    EXPECT_EQ(libvirt::remote_uri("kvm1", "xen", "tcp"), "xen+tcp://kvm1/system");
    EXPECT_EQ(libvirt::remote_uri("esx1.example.org", "esx", "ssh"), "esx://esx1.example.org/");
    for (const char* bad : {"", "a/b", "a?socket=/x", "a b", "a\nb"})
        EXPECT_THROW(libvirt::remote_uri(bad, "qemu", "ssh"), UsageError) << bad;
    EXPECT_THROW(libvirt::remote_uri("h", "qemu+ssh", "ssh"), UsageError);
}

libvirt::HypervisorProbe sample_probe() {
    libvirt::HypervisorProbe probe;
    probe.uri = "qemu:///system";
    probe.host.driver = "QEMU";
    probe.host.hypervisor_version = 7002000;
    probe.host.libvirt_version = 9000000;
    probe.host.hostname = "kvm1";
    probe.host.cpus = 8;
    probe.host.memory_bytes = 16ull << 30;
    probe.host.running_vms = 3;
    probe.seconds = 0.004;
    return probe;
}

TEST(HypervisorEvaluation, HealthyHost) {
    auto result = evaluate_hypervisor(sample_probe(), {});
    EXPECT_EQ(result.overall(), State::Ok);
    EXPECT_EQ(summary(result), "QEMU 7.2.0 via libvirt 9.0.0 on kvm1: 8 CPUs, 16.0 GiB memory, 3 VMs running, "
                               "answered in 4.0 ms");
    EXPECT_EQ(perf_of(result), "'time'=0.004s;;;0 'vms_running'=3;;;0 'cpus'=8;;;0 'memory'=17179869184B;;;0 ");
}

TEST(HypervisorEvaluation, ResponseTimeThresholds) {
    HypervisorRules rules;
    rules.response_time = parse_thresholds(std::string("3ms"), std::string("1s"), Unit::Seconds);
    auto result = evaluate_hypervisor(sample_probe(), rules);
    EXPECT_EQ(result.overall(), State::Warning);
    EXPECT_NE(perf_of(result).find("'time'=0.004s;0.003;1;0"), std::string::npos) << perf_of(result);
}

TEST(HypervisorEvaluation, OlderVersionsWarn) {
    HypervisorRules rules;
    rules.min_hypervisor = parse_version("8.0");
    rules.min_libvirt = parse_version("9.0");
    auto result = evaluate_hypervisor(sample_probe(), rules);
    EXPECT_EQ(result.overall(), State::Warning);
    EXPECT_EQ(summary(result).rfind("QEMU 7.2.0 is older than 8.0 (--min-version)", 0), 0u) << summary(result);

    auto unknown_version = sample_probe();
    unknown_version.host.hypervisor_version.reset();
    EXPECT_EQ(evaluate_hypervisor(unknown_version, rules).overall(), State::Unknown);
}

TEST(HypervisorEvaluation, SoftwareEmulationIsCritical) {
    HypervisorRules rules;
    rules.require_acceleration = true;
    auto probe = sample_probe();
    probe.capabilities = libvirt::Capabilities{"x86_64", {"qemu"}};
    auto result = evaluate_hypervisor(probe, rules);
    EXPECT_EQ(result.overall(), State::Critical);
    EXPECT_EQ(summary(result).rfind("no hardware acceleration: VMs would run under software emulation", 0), 0u);
    probe.capabilities = libvirt::Capabilities{"x86_64", {"qemu", "kvm"}};
    EXPECT_EQ(evaluate_hypervisor(probe, rules).overall(), State::Ok);
}

}  // namespace
}  // namespace virtcheck
