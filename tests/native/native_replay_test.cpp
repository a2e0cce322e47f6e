// The native client against replies a real libvirtd gave to libvirt's own client
// (tests/fixtures/libvirt-rpc/, see capture.sh there): it must ask the same questions,
// encoded byte for byte as libvirt encodes them, and give the same answers that
// virtcheck-libvirt.so gave (NAME.expected), stages and errors included.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "collect/libvirt/native/connection.hpp"
#include "collect/libvirt/native/frame.hpp"
#include "collect/libvirt/native/native.hpp"
#include "collect/libvirt/native/open.hpp"
#include "collect/libvirt/native/remote_codec.hpp"
#include "libvirt_dump.hpp"
#include "core/errors.hpp"
#include "replay_daemon.hpp"

namespace virtcheck::testing {
namespace {

using namespace libvirt::native;

std::string rpc_fixture(const std::string& name) { return std::string(VIRTCHECK_FIXTURES) + "/libvirt-rpc/" + name + ".rpc"; }

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

struct RecordingProgress final : Progress {
    std::string lines;
    void stage(std::string_view what) override { lines += "stage " + std::string(what) + "\n"; }
};

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) text.replace(at, from.size(), to);
    return text;
}

// What libvirt_probe prints for `operations` through the native client, the URI as "URI".
std::string native_answers(const std::string& uri, const std::vector<std::string>& operations, bool read_write) {
    RecordingProgress progress;
    try {
        auto connection = open_connection(uri, read_write ? Access::ReadWrite : Access::ReadOnly, progress);
        for (const auto& operation : operations) {
            progress.lines += "# " + operation + "\n";
            std::string answer = run_operation(*connection, operation);
            progress.lines += answer;
        }
    } catch (const CollectError& e) {
        progress.lines += "error " + std::to_string(static_cast<int>(e.kind)) + " " + e.what() + "\n";
    }
    return replace_all(progress.lines, uri, "URI");
}

std::vector<std::string> operations_in(const std::string& expected) {
    std::vector<std::string> operations;
    std::istringstream lines(expected);
    for (std::string line; std::getline(lines, line);)
        if (line.starts_with("# ")) operations.push_back(line.substr(2));
    return operations;
}

struct Recorded {
    const char* name;
    bool read_write;
};

class NativeReplay : public ::testing::TestWithParam<Recorded> {};

TEST_P(NativeReplay, SameCallsAndAnswersAsLibvirt) {
    std::string expected = read_text(std::string(VIRTCHECK_FIXTURES) + "/libvirt-rpc/" + GetParam().name + ".expected");
    ASSERT_FALSE(expected.empty());
    ReplayDaemon daemon({rpc_fixture(GetParam().name)});
    EXPECT_EQ(native_answers(daemon.uri(), operations_in(expected), GetParam().read_write), expected);
    auto calls = daemon.calls();
    auto matched = daemon.matched_calls();
    ASSERT_EQ(calls.size(), matched.size());
    for (std::size_t i = 0; i < calls.size(); ++i) {
        MessageHeader h = header_of(calls[i]);
        ASSERT_FALSE(matched[i].empty()) << "libvirt never made call " << i << ", procedure " << h.procedure;
        EXPECT_EQ(payload_of(calls[i]), payload_of(matched[i])) << "arguments of procedure " << h.procedure;
        EXPECT_EQ(h.serial, i) << "serials count from 0, one per call";
    }
}

INSTANTIATE_TEST_SUITE_P(Captured, NativeReplay,
                         ::testing::Values(Recorded{"hypervisor", false}, Recorded{"host-counters", false},
                                           Recorded{"vm-stats", false}, Recorded{"pools", false},
                                           Recorded{"pools-refresh", true}, Recorded{"pools-refresh-read-only", false},
                                           Recorded{"networks", false}, Recorded{"snapshots", false}),
                         [](const auto& info) {
                             std::string name = info.param.name;
                             for (char& c : name) c = c == '-' ? '_' : c;
                             return name;
                         });

TEST(NativeReplayHostile, KeepalivePingsBeforeEveryReplyChangeNothing) {
    std::string expected = read_text(std::string(VIRTCHECK_FIXTURES) + "/libvirt-rpc/vm-stats.expected");
    MessageHeader ping;
    ping.program = keepalive_program;
    ping.procedure = keepalive_ping;
    ping.type = MessageType::Message;
    MessageHeader event;
    event.procedure = 318;  // a lifecycle event nobody registered for
    event.type = MessageType::Message;
    ReplayDaemon daemon({rpc_fixture("vm-stats")}, [&](const Bytes&, const Bytes& reply) {
        return std::vector<Bytes>{encode_message(ping, {}), encode_message(event, Bytes(8, 0)), reply};
    });
    EXPECT_EQ(native_answers(daemon.uri(), operations_in(expected), false), expected);
}

TEST(NativeReplayHostile, ReplyWithAnotherSerialIsAnError) {
    ReplayDaemon daemon({rpc_fixture("hypervisor")}, [](const Bytes& call, const Bytes& reply) {
        if (header_of(call).procedure != static_cast<int>(Procedure::ConnectGetType)) return std::vector<Bytes>{reply};
        return std::vector<Bytes>{with_serial(reply, header_of(call).serial + 40)};
    });
    std::string answers = native_answers(daemon.uri(), {"host"}, false);
    EXPECT_NE(answers.find("error 2 libvirt at URI failed while reading the hypervisor type: no call waiting for reply "
                           "with prog 536903814 vers 1 serial 42"),
              std::string::npos)
        << answers;
}

TEST(NativeReplayHostile, OversizedLengthWordIsRefused) {
    ReplayDaemon daemon({rpc_fixture("hypervisor")}, [](const Bytes& call, const Bytes& reply) {
        if (header_of(call).procedure != static_cast<int>(Procedure::NodeGetInfo)) return std::vector<Bytes>{reply};
        Bytes lying = reply;
        lying[0] = 0x7f;  // 2 GiB announced
        return std::vector<Bytes>{lying};
    });
    std::string answers = native_answers(daemon.uri(), {"host"}, false);
    EXPECT_NE(answers.find("failed while reading the host's CPUs and memory: packet received from server too large"),
              std::string::npos)
        << answers;
}

TEST(NativeReplayHostile, UndecodableReplyIsAnError) {
    ReplayDaemon daemon({rpc_fixture("hypervisor")}, [](const Bytes& call, const Bytes& reply) {
        if (header_of(call).procedure != static_cast<int>(Procedure::ConnectGetType)) return std::vector<Bytes>{reply};
        MessageHeader h = header_of(reply);
        XdrWriter out;
        out.u32(1000);  // a string longer than the message
        return std::vector<Bytes>{encode_message(h, out.take())};
    });
    std::string answers = native_answers(daemon.uri(), {"host"}, false);
    EXPECT_NE(answers.find("error 2 libvirt at URI failed while reading the hypervisor type: Unable to decode message "
                           "payload"),
              std::string::npos)
        << answers;
}

TEST(NativeReplayHostile, SaslIsLeftToLibvirt) {
    ReplayDaemon daemon({rpc_fixture("hypervisor")}, [](const Bytes& call, const Bytes& reply) {
        if (header_of(call).procedure != static_cast<int>(Procedure::AuthList)) return std::vector<Bytes>{reply};
        XdrWriter types;
        types.u32(1);
        types.i32(static_cast<int>(AuthType::Sasl));
        return std::vector<Bytes>{encode_message(header_of(reply), types.take())};
    });
    RecordingProgress progress;
    EXPECT_THROW(open_connection(daemon.uri(), Access::ReadOnly, progress), NotHandledNatively);
}

Bytes auth_types(const Bytes& reply, std::initializer_list<AuthType> types) {
    XdrWriter out;
    out.u32(static_cast<std::uint32_t>(types.size()));
    for (AuthType type : types) out.i32(static_cast<int>(type));
    return encode_message(header_of(reply), out.take());
}

TEST(NativeReplayAuth, PolkitIsAskedForWhenTheDaemonWantsIt) {
    std::string expected = read_text(std::string(VIRTCHECK_FIXTURES) + "/libvirt-rpc/hypervisor.expected");
    ReplayDaemon daemon({rpc_fixture("hypervisor")}, [](const Bytes& call, const Bytes& reply) {
        int procedure = header_of(call).procedure;
        if (procedure == static_cast<int>(Procedure::AuthList)) return std::vector<Bytes>{auth_types(reply, {AuthType::Polkit})};
        if (procedure != static_cast<int>(Procedure::AuthPolkit)) return std::vector<Bytes>{reply};
        MessageHeader h = header_of(call);
        h.type = MessageType::Reply;
        XdrWriter complete;
        complete.i32(1);
        return std::vector<Bytes>{encode_message(h, complete.take())};
    });
    EXPECT_EQ(native_answers(daemon.uri(), operations_in(expected), false), expected);
    auto calls = daemon.calls();
    ASSERT_GE(calls.size(), 2u);
    EXPECT_EQ(header_of(calls[1]).procedure, static_cast<int>(Procedure::AuthPolkit)) << "AUTH_POLKIT before CONNECT_OPEN";
}

TEST(NativeReplayAuth, PolkitAskedForButNotOfferedIsRefusedAccess) {
    ReplayDaemon daemon({rpc_fixture("hypervisor")});
    std::string answers = native_answers(daemon.uri() + "&auth=polkit", {"host"}, false);
    EXPECT_NE(answers.find("error 1 libvirt at URI refused access: requested authentication type polkit rejected"),
              std::string::npos)
        << answers;
}

TEST(NativeReplayAuth, DaemonRefusingPolkitIsRefusedAccess) {
    ReplayDaemon daemon({rpc_fixture("hypervisor")}, [](const Bytes& call, const Bytes& reply) {
        int procedure = header_of(call).procedure;
        if (procedure == static_cast<int>(Procedure::AuthList)) return std::vector<Bytes>{auth_types(reply, {AuthType::Polkit})};
        if (procedure != static_cast<int>(Procedure::AuthPolkit)) return std::vector<Bytes>{reply};
        return std::vector<Bytes>{error_reply(call, 45 /* VIR_ERR_AUTH_FAILED */, 7, "authentication failed: polkit: "
                                                                                      "access denied")};
    });
    std::string answers = native_answers(daemon.uri(), {"host"}, false);
    EXPECT_NE(answers.find("error 1 libvirt at URI refused access: authentication failed: polkit: access denied"),
              std::string::npos)
        << answers;
}

// Domain capabilities are not in libvirt::Connection yet; the native connection has them.
std::string domain_capabilities(const std::string& uri, Access access) {
    RecordingProgress progress;
    try {
        auto connection = open_connection(uri, access, progress);
        return dynamic_cast<NativeConnection&>(*connection).domain_capabilities_xml("qemu");
    } catch (const CollectError& e) {
        return std::string("error ") + e.what();
    }
}

TEST(NativeReplayDomainCapabilities, ReadWriteReadOnlyAndRefusedByTheDaemon) {
    ReplayDaemon writable({rpc_fixture("domain-capabilities")});
    std::string xml = domain_capabilities(writable.uri(), Access::ReadWrite);
    EXPECT_NE(xml.find("<domainCapabilities>"), std::string::npos) << xml.substr(0, 300);
    EXPECT_NE(xml.find("<domain>qemu</domain>"), std::string::npos) << xml.substr(0, 300);
    auto calls = writable.calls();
    auto matched = writable.matched_calls();
    for (std::size_t i = 0; i < calls.size(); ++i) {
        if (header_of(calls[i]).procedure == static_cast<int>(Procedure::ConnectGetDomainCapabilities)) {
            ASSERT_FALSE(matched[i].empty());
            EXPECT_EQ(payload_of(calls[i]), payload_of(matched[i])) << "the arguments virsh sent";
        }
    }
    // libvirt's client refuses it on a read-only connection without asking.
    ReplayDaemon again({rpc_fixture("domain-capabilities")});
    std::string read_only = domain_capabilities(again.uri(), Access::ReadOnly);
    EXPECT_EQ(read_only, "error libvirt at " + again.uri() +
                             " refused access: operation forbidden: read only access prevents "
                             "virConnectGetDomainCapabilities");
    // A daemon socket that is read-only refuses it itself, in the same words.
    ReplayDaemon refusing({rpc_fixture("domain-capabilities-read-only")});
    EXPECT_EQ(domain_capabilities(refusing.uri(), Access::ReadWrite),
              "error libvirt at " + refusing.uri() +
                  " refused access: operation forbidden: read only access prevents virConnectGetDomainCapabilities");
}

// Bulk statistics without the groups (as old or non-QEMU drivers give them) make the native
// client ask each VM, as virtcheck-libvirt.so does: answered here by virsh's recorded calls.
TEST(NativeReplayFallback, PerDomainCallsFillInWhatBulkStatsLack) {
    ReplayDaemon daemon({rpc_fixture("vm-stats"), rpc_fixture("per-domain")}, [](const Bytes& call, const Bytes& reply) {
        if (header_of(call).procedure != static_cast<int>(Procedure::ConnectGetAllDomainStats))
            return std::vector<Bytes>{reply};
        // Keep only state.*: re-encode the record without the other parameters.
        Bytes recorded = payload_of(reply);
        XdrReader in(recorded);
        XdrWriter out;
        std::uint32_t records = in.count(16384, 28);
        out.u32(records);
        for (std::uint32_t r = 0; r < records; ++r) {
            write_domain(out, read_domain(in));
            auto params = read_typed_params(in, 262144);
            std::vector<TypedParam> kept;
            for (const auto& p : params)
                if (p.field.starts_with("state.")) kept.push_back(p);
            out.u32(static_cast<std::uint32_t>(kept.size()));
            for (const auto& p : kept) {
                out.string(p.field);
                out.i32(p.type);
                out.i32(std::get<std::int32_t>(p.value));
            }
        }
        return std::vector<Bytes>{encode_message(header_of(reply), out.take())};
    });
    RecordingProgress progress;
    auto connection = open_connection(daemon.uri(), Access::ReadOnly, progress);
    auto vms = connection->domain_stats(0x3e, true);  // cpu, balloon, vcpu, interface, block
    ASSERT_EQ(vms.size(), 1u);
    const auto& vm = vms[0];
    EXPECT_NE(progress.lines.find("stage reading VM statistics one by one from "), std::string::npos) << progress.lines;
    EXPECT_EQ(vm.name, "vc-test-vm");
    EXPECT_EQ(vm.reported_groups, 0u);
    EXPECT_FALSE(vm.busy);
    EXPECT_EQ(vm.vcpus, std::optional<unsigned>(1));      // <vcpu>1</vcpu>
    EXPECT_TRUE(vm.cpu_time_ns && *vm.cpu_time_ns > 0);
    EXPECT_EQ(vm.memory.maximum_kib, model::Counter(131072));  // 128 MiB
    EXPECT_TRUE(vm.memory.rss_kib);
    ASSERT_EQ(vm.disks.size(), 2u);  // the peer's two images
    EXPECT_EQ(vm.disks[0].name, "vda");
    EXPECT_NE(vm.disks[0].path.find("vc-test-vm.qcow2"), std::string::npos);
    EXPECT_EQ(vm.disks[0].capacity, model::Counter(67108864));  // the 64M qcow2
    EXPECT_EQ(vm.disks[1].name, "vdb");
    EXPECT_NE(vm.disks[1].path.find("vc-test-vm-half.qcow2"), std::string::npos);
    ASSERT_EQ(vm.interfaces.size(), 1u);
    EXPECT_EQ(vm.interfaces[0].name, "vctap0");
    EXPECT_TRUE(vm.interfaces[0].rx_bytes);
    ASSERT_EQ(vm.vcpu.size(), 1u);
    EXPECT_TRUE(vm.vcpu[0].time_ns);
    EXPECT_TRUE(vm.disk_errors.empty());
    // The per-domain calls carry the VM as the bulk reply named it.
    bool asked_info = false;
    for (const auto& call : daemon.calls()) asked_info |= header_of(call).procedure == static_cast<int>(Procedure::DomainGetInfo);
    EXPECT_TRUE(asked_info);
}

}  // namespace
}  // namespace virtcheck::testing
