// Which libvirt client a check runs (lib/collect/libvirt/backend.cpp): check_hypervisor as a
// process against a stand-in daemon that replays a real libvirtd's replies. Native where it
// can, libvirt.so for what the native client leaves to it (once, never back), and
// --libvirt-client forcing one; -v names the client that answered.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "collect/libvirt/native/protocol.hpp"
#include "collect/libvirt/native/frame.hpp"
#include "guidelines.hpp"
#include "process.hpp"
#include "replay_daemon.hpp"

namespace virtcheck::testing {
namespace {

using namespace libvirt::native;

std::string rpc_fixture(const std::string& name) { return std::string(VIRTCHECK_FIXTURES) + "/libvirt-rpc/" + name + ".rpc"; }
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

Completed hypervisor(std::vector<std::string> args) {
    args.insert(args.begin(), check_path("check_hypervisor"));
    Completed run = run_program(args);
    for (const auto& problem : guideline_violations(run)) ADD_FAILURE() << problem << "\n" << run.out;
    return run;
}

int calls_of(const ReplayDaemon& daemon, Procedure procedure) {
    int n = 0;
    for (const auto& call : daemon.calls()) n += header_of(call).procedure == static_cast<int>(procedure);
    return n;
}

// A daemon that asks for SASL, which only libvirt.so speaks.
ReplayDaemon::Hook asking_for_sasl() {
    return [](const Bytes& call, const Bytes& reply) {
        if (header_of(call).procedure != static_cast<int>(Procedure::AuthList)) return std::vector<Bytes>{reply};
        XdrWriter types;
        types.u32(1);
        types.i32(static_cast<int>(AuthType::Sasl));
        return std::vector<Bytes>{encode_message(header_of(reply), types.take())};
    };
}

TEST(ClientChoice, LocalSocketIsReadNatively) {
    ReplayDaemon daemon({rpc_fixture("hypervisor")});
    auto run = hypervisor({"--uri", daemon.uri(), "-v"});
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_TRUE(run.out.starts_with("HYPERVISOR OK - QEMU ")) << run.out;
    EXPECT_TRUE(contains(run.out, "\n[OK] libvirt client: native\n")) << run.out;
    EXPECT_EQ(calls_of(daemon, Procedure::AuthList), 1) << "one connection";
}

TEST(ClientChoice, LibraryForcedOnALocalSocket) {
    ReplayDaemon daemon({rpc_fixture("hypervisor")});
    auto run = hypervisor({"--uri", daemon.uri(), "--libvirt-client", "library", "-v"});
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_TRUE(contains(run.out, "\n[OK] libvirt client: libvirt.so (--libvirt-client library)\n")) << run.out;
}

TEST(ClientChoice, SaslFallsBackToLibvirtOnce) {
    ReplayDaemon daemon({rpc_fixture("hypervisor")}, asking_for_sasl());
    auto run = hypervisor({"--uri", daemon.uri()});
    // libvirt.so takes over and fails on its own terms (no SASL exchange was recorded): its
    // error is the run's, and nobody tries a third time.
    EXPECT_EQ(run.exit_code, 3) << run.out;
    EXPECT_TRUE(run.out.starts_with("HYPERVISOR UNKNOWN - libvirt at " + daemon.uri())) << run.out;
    EXPECT_FALSE(contains(run.out, "native")) << run.out;
    EXPECT_EQ(calls_of(daemon, Procedure::AuthList), 2) << "the native client, then libvirt.so, then nobody";
    EXPECT_EQ(calls_of(daemon, Procedure::ConnectOpen), 0);
}

TEST(ClientChoice, SaslWithNativeForcedIsUnknownSayingSo) {
    ReplayDaemon daemon({rpc_fixture("hypervisor")}, asking_for_sasl());
    auto run = hypervisor({"--uri", daemon.uri(), "--libvirt-client", "native"});
    EXPECT_EQ(run.exit_code, 3) << run.out;
    EXPECT_EQ(run.out, "HYPERVISOR UNKNOWN - the native libvirt client does not handle SASL authentication, which this "
                       "daemon asks for, and --libvirt-client native rules out libvirt.so\n");
    EXPECT_EQ(calls_of(daemon, Procedure::AuthList), 1);
}

TEST(ClientChoice, TestDriverWithNativeForcedIsUnknownSayingSo) {
    auto run = hypervisor({"--uri", "test:///default", "--libvirt-client", "native"});
    EXPECT_EQ(run.exit_code, 3) << run.out;
    EXPECT_EQ(run.out, "HYPERVISOR UNKNOWN - the native libvirt client does not handle the test driver "
                       "(test:///default), and --libvirt-client native rules out libvirt.so\n");
}

TEST(ClientChoice, UnknownClientIsAUsageError) {
    auto run = hypervisor({"--uri", "test:///default", "--libvirt-client", "python"});
    EXPECT_EQ(run.exit_code, 3) << run.out;
    EXPECT_TRUE(contains(run.out, "--libvirt-client")) << run.out;
}

TEST(ClientChoice, LibvirtClientWithSnmpOptionsIsRefused) {
    auto run = hypervisor({"-H", "127.0.0.1", "-C", "public", "--libvirt-client", "native"});
    EXPECT_EQ(run.exit_code, 3) << run.out;
    EXPECT_TRUE(contains(run.out, "libvirt")) << run.out;
    EXPECT_TRUE(contains(run.out, "SNMP")) << run.out;
}

}  // namespace
}  // namespace virtcheck::testing
