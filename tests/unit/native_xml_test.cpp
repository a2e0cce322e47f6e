// The native client's XML reader, and its readers of libvirt's descriptions against the
// libxml2 ones of virtcheck-libvirt.so: the same answers for fixtures, for descriptions
// captured from a real libvirtd, and for awkward but well-formed or broken documents.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>

#include "collect/libvirt/module/capabilities.hpp"
#include "collect/libvirt/module/domain_xml.hpp"
#include "collect/libvirt/module/networks.hpp"
#include "collect/libvirt/module/security_xml.hpp"
#include "collect/libvirt/module/snapshots.hpp"
#include "collect/libvirt/native/descriptions.hpp"
#include "collect/libvirt/native/frame.hpp"
#include "collect/libvirt/native/security_descriptions.hpp"
#include "collect/libvirt/native/xml_reader.hpp"
#include "core/errors.hpp"

namespace virtcheck::libvirt::native {
namespace {

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(VIRTCHECK_FIXTURES) + "/" + name);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_FALSE(text.str().empty()) << name;
    return text.str();
}

// The string replies (XML descriptions) of one procedure in a captured conversation.
std::vector<std::string> captured_xml(const std::string& conversation, Procedure procedure) {
    std::ifstream in(std::string(VIRTCHECK_FIXTURES) + "/libvirt-rpc/" + conversation + ".rpc", std::ios::binary);
    Bytes all((std::istreambuf_iterator<char>(in)), {});
    std::vector<std::string> texts;
    for (std::size_t at = 0; at + 28 <= all.size();) {
        std::uint32_t length = XdrReader(all.data() + at, 4).u32();
        MessageHeader h = decode_header(Bytes(all.begin() + at + 4, all.begin() + at + length));
        if (h.type == MessageType::Reply && h.status == MessageStatus::Ok &&
            h.procedure == static_cast<std::int32_t>(procedure)) {
            XdrReader payload(all.data() + at + 28, length - 28);
            texts.push_back(payload.string(4194304));
        }
        at += length;
    }
    EXPECT_FALSE(texts.empty()) << conversation;
    return texts;
}

TEST(XmlReader, ElementsAttributesAndText) {
    auto doc = xml::parse("<?xml version='1.0' encoding='UTF-8'?>\n<!-- c --><a x=\"1\" y='&lt;2&gt;'>"
                          "one<b>two<![CDATA[<three>]]></b>&amp;four&#x41;&#66;<?pi x?></a>\n");
    ASSERT_TRUE(doc);
    EXPECT_EQ(doc->name, "a");
    EXPECT_EQ(doc->attribute("x"), "1");
    EXPECT_EQ(doc->attribute("y"), "<2>");
    EXPECT_EQ(doc->attribute("z"), "");
    EXPECT_EQ(doc->content, "onetwo<three>&fourAB");
    ASSERT_NE(doc->child("b"), nullptr);
    EXPECT_EQ(doc->child("b")->content, "two<three>");
    EXPECT_EQ(doc->child("c"), nullptr);
}

TEST(XmlReader, LineEndsAndAttributeWhiteSpaceAsXmlSays) {
    auto doc = xml::parse("<a v='x\r\ny\tz&#10;'>1\r\n2\r3</a>");
    ASSERT_TRUE(doc);
    EXPECT_EQ(doc->attribute("v"), "x y z\n");
    EXPECT_EQ(doc->content, "1\n2\n3");
}

TEST(XmlReader, NamespacesGiveLocalNamesWhenBound) {
    auto doc = xml::parse("<domain xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'><qemu:commandline "
                          "qemu:value='v'/><other:thing/></domain>");
    ASSERT_TRUE(doc);
    EXPECT_FALSE(doc->in_namespace);
    ASSERT_EQ(doc->children.size(), 2u);
    EXPECT_EQ(doc->children[0].name, "commandline");
    EXPECT_TRUE(doc->children[0].in_namespace);
    EXPECT_EQ(doc->children[0].attribute("value"), "v");
    EXPECT_EQ(doc->children[1].name, "other:thing");  // unbound: libxml2 keeps the prefix
    EXPECT_TRUE(doc->attribute("xmlns:qemu").empty()) << "namespace declarations are no attributes";
    auto defaulted = xml::parse("<capabilities xmlns='urn:x'><host/></capabilities>");
    ASSERT_TRUE(defaulted);
    EXPECT_TRUE(defaulted->in_namespace);
}

TEST(XmlReader, BrokenDocumentsAreRefused) {
    for (const std::string& bad : std::vector<std::string>{"", "<a>", "<a></b>", "<a><b></a></b>", "not xml", "<a/><b/>", "<a x='1' x='2'/>",
                            "<a x=1/>", "<a>&nbsp;</a>", "<a>&#0;</a>", "<a>]]></a>", "<!DOCTYPE a><a/>",
                            "<a><!-- x -- y --></a>", " <?xml version='1.0'?><a/>", "<a>\x01</a>", "<a>\xff</a>",
                            "<a>\xc0\xaf</a>", "<?xml version='1.0' encoding='ISO-8859-1'?><a/>", "<a x='<'/>",
                            std::string(2, '\0'), "<a", "<a b='1'c='2'/>"})
        EXPECT_FALSE(xml::parse(bad)) << bad;
    std::string deep;
    for (int i = 0; i < 300; ++i) deep += "<a>";
    for (int i = 0; i < 300; ++i) deep += "</a>";
    EXPECT_FALSE(xml::parse(deep)) << "deeper than libxml2's 256 levels";
    std::string fine;
    for (int i = 0; i < 200; ++i) fine += "<a>";
    for (int i = 0; i < 200; ++i) fine += "</a>";
    EXPECT_TRUE(xml::parse(fine));
}

void expect_same_capabilities(const std::string& text) {
    model::Capabilities native = read_capabilities(text), library = parse_capabilities(text);
    EXPECT_EQ(native.host_arch, library.host_arch) << text.substr(0, 200);
    EXPECT_EQ(native.domain_types, library.domain_types) << text.substr(0, 200);
}

TEST(NativeDescriptions, CapabilitiesAsLibxml2ReadsThem) {
    expect_same_capabilities(fixture("capabilities/kvm-x86_64.xml"));
    expect_same_capabilities(fixture("capabilities/emulation-only-x86_64.xml"));
    for (const auto& captured : captured_xml("hypervisor", Procedure::ConnectGetCapabilities)) {
        expect_same_capabilities(captured);
        EXPECT_EQ(read_capabilities(captured).host_arch, "x86_64");
    }
    for (const char* odd : {"<capabilities/>", "<capabilities><host><cpu/><cpu><arch>ppc64</arch></cpu></host>"
                                               "<guest><arch name='ppc64'><domain type='kvm'/><domain type='kvm'/>"
                                               "</arch><arch name='x86_64'><domain type='qemu'/></arch></guest>"
                                               "</capabilities>",
                            "<capabilities xmlns='urn:other'><host><cpu><arch>x86_64</arch></cpu></host></capabilities>",
                            "<other><host><cpu><arch>x</arch></cpu></host></other>",
                            "<capabilities><guest><arch><domain type=''/><domain/><x:domain xmlns:x='u' type='kvm'/>"
                            "</arch></guest></capabilities>"})
        expect_same_capabilities(odd);
    for (const std::string& bad : {std::string(""), std::string("<capabilities>"), std::string(2, 0)}) {
        EXPECT_THROW(read_capabilities(bad), virtcheck::CollectError);
        EXPECT_THROW(parse_capabilities(bad), virtcheck::CollectError);
    }
}

void expect_same_network(const std::string& text) {
    NetworkDefinition native = read_network_definition(text), library = parse_network_definition(text);
    EXPECT_EQ(native.bridge, library.bridge) << text;
    EXPECT_EQ(native.dhcp_ranges, library.dhcp_ranges) << text;
}

TEST(NativeDescriptions, NetworksAsLibxml2ReadsThem) {
    auto captured = captured_xml("networks", Procedure::NetworkGetXmlDesc);
    for (const auto& text : captured) expect_same_network(text);
    bool found = false;
    for (const auto& text : captured) found |= read_network_definition(text).bridge == "vctestbr0";
    EXPECT_TRUE(found) << "the peer's network vc-test-net has bridge vctestbr0";
    for (const char* odd : {"", "<network/>", "<network><bridge name='br&amp;0'/><ip><dhcp><range start='a' end='b'/>"
                                              "</dhcp><dhcp><range start='c' end='d'/></dhcp></ip><ip><dhcp>"
                                              "<range start='e'/></dhcp></ip></network>",
                            "<anything><bridge/></anything>"})
        expect_same_network(odd);
}

void expect_same_snapshot(const std::string& text) {
    model::Snapshot native = read_snapshot(text), library = parse_snapshot(text);
    EXPECT_EQ(native.name, library.name) << text.substr(0, 200);
    EXPECT_EQ(native.created, library.created) << text.substr(0, 200);
}

TEST(NativeDescriptions, SnapshotsAsLibxml2ReadsThem) {
    auto captured = captured_xml("snapshots", Procedure::DomainSnapshotGetXmlDesc);
    ASSERT_EQ(captured.size(), 2u);
    for (const auto& text : captured) expect_same_snapshot(text);
    for (const char* odd : {"", "<domainsnapshot/>", "<domainsnapshot><name>a<b>c</b></name><creationTime> 12"
                                                     "</creationTime></domainsnapshot>",
                            "<domainsnapshot><creationTime>-5</creationTime></domainsnapshot>",
                            "<snapshot><name>x</name></snapshot>"})
        expect_same_snapshot(odd);
}

TEST(NativeDescriptions, DomainDevicesAsLibxml2ReadsThem) {
    auto captured = captured_xml("per-domain", Procedure::DomainGetXmlDesc);
    for (const auto& text : captured) {
        DomainDevices native = read_domain_devices(text), library = parse_domain_devices(text);
        EXPECT_EQ(native.disks, library.disks);
        EXPECT_EQ(native.interfaces, library.interfaces);
        ASSERT_EQ(native.disks.size(), 2u);  // the peer's two images
        EXPECT_EQ(native.disks[0].target, "vda");
        EXPECT_EQ(native.disks[0].type, "file");
        EXPECT_EQ(native.disks[1].target, "vdb");
        EXPECT_EQ(native.interfaces, std::vector<std::string>{"vctap0"});
    }
}

// check_vm_security's reading, field by field, as one text to compare.
std::string describe(const model::VmSecurity& vm) {
    std::ostringstream out;
    auto opt = [](const auto& v) { return v ? std::to_string(*v) : std::string("-"); };
    out << "type " << vm.virt_type << " live " << vm.live << " unreadable " << vm.unreadable << "\n";
    for (const auto& c : vm.consoles) {
        out << "console " << c.type << " " << opt(c.port) << " " << opt(c.tls_port) << " " << opt(c.websocket) << " "
            << static_cast<int>(c.password);
        for (const auto& e : c.listen) out << " [" << static_cast<int>(e.kind) << " " << e.where << "]";
        out << "\n";
    }
    for (const auto& d : vm.char_devices)
        out << "chardev " << d.device << " " << d.type << " " << d.address << " " << d.service << " " << d.protocol << " "
            << d.tls << "\n";
    for (const auto& l : vm.labels) out << "label " << l.model << " " << l.type << " " << l.label << "\n";
    for (const auto& h : vm.host_devices) out << "hostdev " << h.type << " " << h.address << "\n";
    for (const auto& d : vm.disks)
        out << "disk " << d.target << " " << d.kind << " " << d.path << " " << d.shareable << d.readonly << "\n";
    out << "cpu " << vm.cpu.mode << " " << vm.cpu.model;
    for (const auto& f : vm.cpu.enabled) out << " +" << f;
    for (const auto& f : vm.cpu.disabled) out << " -" << f;
    out << "\nfirmware " << opt(vm.firmware.uefi) << opt(vm.firmware.secure_boot) << opt(vm.firmware.tpm) << "\n";
    return out.str();
}

std::string describe(const HostCpuFeatures& cpu) {
    std::string text = std::to_string(cpu.found) + " " + cpu.model;
    for (const auto& f : cpu.features) text += " " + f;
    return text;
}

TEST(NativeDescriptions, VmSecurityAsLibxml2ReadsIt) {
    // Every domain of the security fixture (a VM per finding and exception form), and the
    // real daemon's VM as captured.
    std::string node = fixture("nodes/security.xml");
    std::vector<std::string> domains;
    const std::regex domain("<domain[ >][\\s\\S]*?</domain>");
    for (auto it = std::sregex_iterator(node.begin(), node.end(), domain); it != std::sregex_iterator(); ++it)
        domains.push_back(it->str());
    ASSERT_GE(domains.size(), 10u);
    for (const auto& text : captured_xml("per-domain", Procedure::DomainGetXmlDesc)) domains.push_back(text);
    int with_console = 0;
    for (const auto& text : domains) {
        for (bool secure : {false, true}) {
            auto native = read_vm_security(text, secure), library = parse_vm_security(text, secure);
            EXPECT_EQ(describe(native), describe(library)) << text;
            with_console += !native.consoles.empty();
        }
    }
    EXPECT_GT(with_console, 0) << "no console was read: the comparison could not tell";
    for (const char* odd : {"", "<domain/>", "<domainsnapshot/>", "<domain><devices><graphics type='vnc' port='99999' "
                            "passwd=''/><disk type='file'><source file='/a'/><shareable/></disk></devices></domain>",
                            "<domain><devices><hostdev mode='subsystem' type='pci'><source><address domain='0x0' "
                            "bus='0x3' slot='zz' function='1'/></source></hostdev></devices></domain>"})
        for (bool secure : {false, true})
            EXPECT_EQ(describe(read_vm_security(odd, secure)), describe(parse_vm_security(odd, secure))) << odd;
}

TEST(NativeDescriptions, HostCpuFeaturesAsLibxml2ReadsThem) {
    for (const auto& text : captured_xml("domain-capabilities", Procedure::ConnectGetDomainCapabilities))
        EXPECT_EQ(describe(read_host_model_cpu(text)), describe(parse_host_model_cpu(text)));
    std::vector<std::string> capabilities = captured_xml("hypervisor", Procedure::ConnectGetCapabilities);
    capabilities.push_back(fixture("capabilities/kvm-x86_64.xml"));
    bool found = false;
    for (const auto& text : capabilities) {
        EXPECT_EQ(describe(read_host_cpu(text)), describe(parse_host_cpu(text)));
        found = found || read_host_cpu(text).found;
    }
    EXPECT_TRUE(found) << "no host CPU was read: the comparison could not tell";
    for (const char* odd : {"", "<capabilities/>", "<domainCapabilities><cpu><mode name='host-model' supported='yes'>"
                            "<model>EPYC</model><feature policy='disable' name='x'/><feature name='y'/></mode></cpu>"
                            "</domainCapabilities>"}) {
        EXPECT_EQ(describe(read_host_model_cpu(odd)), describe(parse_host_model_cpu(odd))) << odd;
        EXPECT_EQ(describe(read_host_cpu(odd)), describe(parse_host_cpu(odd))) << odd;
    }
}

}  // namespace
}  // namespace virtcheck::libvirt::native
