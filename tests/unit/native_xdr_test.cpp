// The native libvirt client's XDR codec and message framing, on made-up bytes and on
// messages captured from a real libvirtd (tests/fixtures/libvirt-rpc/).
#include <gtest/gtest.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <fstream>
#include <iterator>

#include "collect/libvirt/native/frame.hpp"
#include "collect/libvirt/native/libvirt_error.hpp"
#include "collect/libvirt/native/remote_codec.hpp"
#include "collect/libvirt/native/remote_error.hpp"

namespace virtcheck::libvirt::native {
namespace {

Bytes bytes(std::initializer_list<int> values) {
    Bytes out;
    for (int v : values) out.push_back(static_cast<std::uint8_t>(v));
    return out;
}

// Runs `f` on a reader of `data` (a reader must not outlive its bytes).
template <typename F>
auto read(const Bytes& data, F f) {
    XdrReader in(data);
    return f(in);
}

// The messages of a captured conversation, each with its length word.
std::vector<Bytes> conversation(const std::string& name) {
    std::ifstream in(std::string(VIRTCHECK_FIXTURES) + "/libvirt-rpc/" + name + ".rpc", std::ios::binary);
    Bytes all((std::istreambuf_iterator<char>(in)), {});
    EXPECT_FALSE(all.empty()) << name;
    std::vector<Bytes> messages;
    for (std::size_t at = 0; at + 4 <= all.size();) {
        std::uint32_t length = XdrReader(all.data() + at, 4).u32();
        messages.emplace_back(all.begin() + at, all.begin() + at + length);
        at += length;
    }
    return messages;
}

// The payload of the first message of `type` for `procedure` in a conversation.
Bytes payload(const std::vector<Bytes>& messages, Procedure procedure, MessageType type) {
    for (const auto& m : messages) {
        MessageHeader h = decode_header(Bytes(m.begin() + 4, m.end()));
        if (h.procedure == static_cast<std::int32_t>(procedure) && h.type == type) return Bytes(m.begin() + 28, m.end());
    }
    ADD_FAILURE() << "no message for procedure " << static_cast<int>(procedure);
    return {};
}

TEST(Xdr, WritesBigEndianUnitsAndPadsStrings) {
    XdrWriter out;
    out.u32(0x01020304);
    out.i32(-2);
    out.u64(0x0102030405060708ULL);
    out.string("abcde");
    out.optional_string(std::nullopt);
    out.optional_string(std::string(""));
    EXPECT_EQ(out.bytes(), bytes({1, 2, 3, 4, 0xff, 0xff, 0xff, 0xfe, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 5, 'a', 'b', 'c',
                                  'd', 'e', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0}));
}

TEST(Xdr, ReadsWhatItWrites) {
    XdrWriter out;
    out.u32(7);
    out.i64(-5);
    out.string("qemu:///system");
    out.optional_string(std::string("x"));
    std::uint8_t uuid[16] = {1, 2, 3};
    out.fixed_opaque(uuid, 16);
    XdrReader in(out.bytes());
    EXPECT_EQ(in.u32(), 7u);
    EXPECT_EQ(in.i64(), -5);
    EXPECT_EQ(in.string(100), "qemu:///system");
    EXPECT_EQ(in.optional_string(100), std::optional<std::string>("x"));
    std::uint8_t back[16];
    in.fixed_opaque(back, 16);
    EXPECT_EQ(back[2], 3);
    EXPECT_EQ(in.remaining(), 0u);
}

TEST(Xdr, DoublesAreBigEndianIeee) {
    Bytes one_and_a_half = bytes({0x3f, 0xf8, 0, 0, 0, 0, 0, 0});
    EXPECT_EQ(XdrReader(one_and_a_half).f64(), 1.5);
}

TEST(Xdr, TruncatedDataIsAnError) {
    EXPECT_THROW(read(bytes({0, 0, 1}), [](XdrReader& in) { return in.u32(); }), XdrError);
    EXPECT_THROW(read(bytes({0, 0, 0, 1, 0, 0, 0}), [](XdrReader& in) { return in.u64(); }), XdrError);
    // A string whose length word promises more than the message holds.
    EXPECT_THROW(read(bytes({0, 0, 0, 9, 'a', 'b', 'c', 0}), [](XdrReader& in) { return in.string(100); }), XdrError);
    // The padding of a string is part of it.
    EXPECT_THROW(read(bytes({0, 0, 0, 1, 'a'}), [](XdrReader& in) { return in.string(100); }), XdrError);
}

TEST(Xdr, LengthsAreCheckedBeforeTheyAreTrusted) {
    // Beyond the protocol's limit, however much follows.
    Bytes huge = bytes({0x7f, 0xff, 0xff, 0xff});
    EXPECT_THROW(read(huge, [](XdrReader& in) { return in.string(4194304); }), XdrError);
    EXPECT_THROW(read(bytes({0, 0, 0, 5, 'a', 'b', 'c', 'd', 'e', 0, 0, 0}), [](XdrReader& in) { return in.string(4); }), XdrError);
    // An array count the remaining bytes cannot hold is refused before anything is sized.
    EXPECT_THROW(read(bytes({0, 0, 0x40, 0, 0, 0, 0, 0}), [](XdrReader& in) { return in.count(16384, 24); }), XdrError);
    EXPECT_THROW(read(bytes({0, 1, 0, 0}), [](XdrReader& in) { return in.count(16384, 0); }), XdrError);
    EXPECT_EQ(read(bytes({0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0}), [](XdrReader& in) { return in.count(16, 4); }), 2u);
}

TEST(Xdr, BooleansAreZeroOrOne) {
    EXPECT_FALSE(read(bytes({0, 0, 0, 0}), [](XdrReader& in) { return in.boolean(); }));
    EXPECT_TRUE(read(bytes({0, 0, 0, 1}), [](XdrReader& in) { return in.boolean(); }));
    EXPECT_THROW(read(bytes({0, 0, 0, 2}), [](XdrReader& in) { return in.boolean(); }), XdrError);
}

TEST(Xdr, StringsEndAtTheirFirstNulAsLibvirtsCodeSeesThem) {
    EXPECT_EQ(read(bytes({0, 0, 0, 4, 'v', 'm', 0, 'x'}), [](XdrReader& in) { return in.string(100); }), "vm");
}

TEST(Frame, LengthWordWithinLibvirtsLimits) {
    auto length = [](std::uint32_t value) {
        std::uint8_t word[4] = {std::uint8_t(value >> 24), std::uint8_t(value >> 16), std::uint8_t(value >> 8),
                                std::uint8_t(value)};
        return decode_length(word);
    };
    EXPECT_EQ(length(28), 24u);
    EXPECT_EQ(length(33554432 + 4), 33554432u);
    EXPECT_THROW(length(27), LibvirtError);
    EXPECT_THROW(length(0), LibvirtError);
    try {
        length(33554432 + 5);
        ADD_FAILURE() << "accepted a message above VIR_NET_MESSAGE_MAX";
    } catch (const LibvirtError& e) {
        EXPECT_STREQ(e.what(), "packet received from server too large");
        EXPECT_EQ(e.code, VIR_ERR_RPC);
    }
    EXPECT_THROW(length(0xffffffff), LibvirtError);
}

TEST(Frame, CallsAreEncodedAsLibvirtEncodesThem) {
    // libvirt's own client opening qemu:///system read-only, serial 1 (CONNECT_OPEN).
    auto captured = conversation("hypervisor");
    XdrWriter args;
    args.optional_string(std::string("qemu:///system"));
    args.u32(VIR_CONNECT_RO);
    MessageHeader header;
    header.procedure = static_cast<std::int32_t>(Procedure::ConnectOpen);
    header.serial = 1;
    EXPECT_EQ(encode_message(header, args.bytes()), captured.at(2));
    MessageHeader auth_list;
    auth_list.procedure = static_cast<std::int32_t>(Procedure::AuthList);
    EXPECT_EQ(encode_message(auth_list, {}), captured.at(0));
}

TEST(Frame, HeadersOfCapturedReplies) {
    auto captured = conversation("hypervisor");
    MessageHeader reply = decode_header(Bytes(captured.at(1).begin() + 4, captured.at(1).end()));
    EXPECT_EQ(reply.program, remote_program);
    EXPECT_EQ(reply.version, 1u);
    EXPECT_EQ(reply.procedure, static_cast<std::int32_t>(Procedure::AuthList));
    EXPECT_EQ(reply.type, MessageType::Reply);
    EXPECT_EQ(reply.serial, 0u);
    EXPECT_EQ(reply.status, MessageStatus::Ok);
    EXPECT_THROW(decode_header(bytes({0, 0, 0, 1})), LibvirtError);
}

TEST(RemoteError, CapturedErrorKeepsCodeDomainAndMessage) {
    auto captured = conversation("per-domain");
    LibvirtError error = decode_remote_error(payload(captured, Procedure::DomainLookupByUuid, MessageType::Reply));
    EXPECT_EQ(error.code, VIR_ERR_NO_DOMAIN);
    EXPECT_EQ(error.domain, VIR_FROM_QEMU);
    EXPECT_STREQ(error.what(), "Domain not found: no domain with matching uuid '00000000-0000-0000-0000-000000000000'");
}

TEST(RemoteError, UnknownProcedureOfAnOlderDaemonIsNoSupport) {
    XdrWriter out;
    out.i32(VIR_ERR_RPC);
    out.i32(VIR_FROM_REMOTE);
    out.optional_string(std::string("unknown procedure: 344"));
    out.i32(VIR_ERR_ERROR);
    for (int i = 0; i < 4; ++i) out.u32(0);
    out.i32(0), out.i32(0), out.u32(0);
    LibvirtError error = decode_remote_error(out.bytes());
    EXPECT_EQ(error.code, VIR_ERR_NO_SUPPORT);
    EXPECT_STREQ(error.what(), "unknown procedure: 344");
}

TEST(RemoteError, UndecodableErrorIsAnRpcError) {
    LibvirtError error = decode_remote_error(bytes({0, 0, 0, 1}));
    EXPECT_EQ(error.code, VIR_ERR_RPC);
    EXPECT_STREQ(error.what(), "Unable to decode message payload");
}

TEST(RemoteCodec, TypedParametersOfEveryType) {
    XdrWriter out;
    auto param = [&](const char* field, int type) {
        out.string(field);
        out.i32(type);
    };
    param("a", VIR_TYPED_PARAM_INT), out.i32(-3);
    param("b", VIR_TYPED_PARAM_UINT), out.u32(3);
    param("c", VIR_TYPED_PARAM_LLONG), out.i64(-4);
    param("d", VIR_TYPED_PARAM_ULLONG), out.u64(1ULL << 40);
    param("e", VIR_TYPED_PARAM_DOUBLE), out.u64(0x3ff8000000000000ULL);
    param("f", VIR_TYPED_PARAM_BOOLEAN), out.i32(1);
    param("g", VIR_TYPED_PARAM_STRING), out.string("vda");
    XdrReader in(out.bytes());
    std::vector<TypedParam> params;
    for (int i = 0; i < 7; ++i) params.push_back(read_typed_param(in));
    EXPECT_EQ(std::get<std::int32_t>(params[0].value), -3);
    EXPECT_EQ(std::get<std::uint32_t>(params[1].value), 3u);
    EXPECT_EQ(std::get<std::int64_t>(params[2].value), -4);
    EXPECT_EQ(std::get<std::uint64_t>(params[3].value), 1ULL << 40);
    EXPECT_EQ(std::get<double>(params[4].value), 1.5);
    EXPECT_EQ(std::get<std::int32_t>(params[5].value), 1);
    EXPECT_EQ(std::get<std::string>(params[6].value), "vda");
    XdrWriter bad;
    bad.string("x");
    bad.i32(8);  // no such type: the union has no default arm
    bad.i32(0);
    XdrReader bad_in(bad.bytes());
    EXPECT_THROW(read_typed_param(bad_in), XdrError);
}

TEST(RemoteCodec, CapturedBulkStatsRecord) {
    auto captured = conversation("vm-stats");
    Bytes reply = payload(captured, Procedure::ConnectGetAllDomainStats, MessageType::Reply);
    XdrReader in(reply);
    ASSERT_EQ(in.count(16384, 28), 1u);
    RemoteDomain domain = read_domain(in);
    EXPECT_EQ(domain.name, "vc-test-vm");
    EXPECT_EQ(format_uuid(domain.uuid), "bb202e30-18ac-4346-a863-9088fb0fbb7f");
    auto params = read_typed_params(in, 262144);
    ASSERT_FALSE(params.empty());
    EXPECT_EQ(params[0].field, "state.state");
    EXPECT_EQ(params[0].type, VIR_TYPED_PARAM_INT);
    EXPECT_EQ(std::get<std::int32_t>(params[0].value), VIR_DOMAIN_RUNNING);
    EXPECT_EQ(in.remaining(), 0u);
}

TEST(Uuid, FormatsAndParsesAsLibvirt) {
    Uuid uuid{0x37, 0xe8, 0x6f, 0x09, 0x07, 0xa9, 0x43, 0x37, 0xa7, 0x85, 0x99, 0x40, 0x5a, 0x75, 0x33, 0x17};
    EXPECT_EQ(format_uuid(uuid), "37e86f09-07a9-4337-a785-99405a753317");
    EXPECT_EQ(parse_uuid("37e86f09-07a9-4337-a785-99405a753317"), uuid);
    EXPECT_EQ(parse_uuid(" 37E86F0907A94337A78599405A753317 "), uuid);
    EXPECT_EQ(parse_uuid("37e86f09-07a9-4337-a785-99405a75331"), std::nullopt);
    EXPECT_EQ(parse_uuid("37e86f09-07a9-4337-a785-99405a7533170"), std::nullopt);
    EXPECT_EQ(parse_uuid("x7e86f09-07a9-4337-a785-99405a753317"), std::nullopt);
    EXPECT_EQ(parse_uuid(""), std::nullopt);
}

}  // namespace
}  // namespace virtcheck::libvirt::native
