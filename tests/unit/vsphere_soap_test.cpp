// The SOAP layer on recorded answers (tests/fixtures/vsphere): faults, paging tokens,
// unknown properties and namespace prefixes, broken documents.
#include <gtest/gtest.h>

#include <fstream>

#include "collect/vsphere/module/inventory.hpp"
#include "collect/vsphere/module/properties.hpp"
#include "collect/vsphere/module/values.hpp"
#include "collect/vsphere/module/xml.hpp"

namespace virtcheck::vsphere {
namespace {

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(VIRTCHECK_FIXTURES) + "/vsphere/" + name);
    EXPECT_TRUE(in) << name;
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

soap::Fault fault_in(const std::string& name) {
    try {
        soap::response_body(fixture(name));
    } catch (const soap::Fault& fault) {
        return fault;
    }
    ADD_FAILURE() << name << " gave no fault";
    return soap::Fault("", "");
}

TEST(VsphereSoap, FaultsAreNamedByTheirType) {
    auto not_authenticated = fault_in("fault-not-authenticated.xml");
    EXPECT_EQ(not_authenticated.type, "NotAuthenticated");
    EXPECT_EQ(not_authenticated.privilege, "System.View");
    auto invalid_login = fault_in("fault-invalid-login.xml");
    EXPECT_EQ(invalid_login.type, "InvalidLogin");
    EXPECT_STREQ(invalid_login.what(), "Cannot complete login due to an incorrect user name or password.");
    auto no_permission = fault_in("fault-no-permission.xml");
    EXPECT_EQ(no_permission.type, "NoPermission");
    EXPECT_EQ(no_permission.privilege, "System.Read");
    EXPECT_EQ(no_permission.object, (MoRef{"Folder", "group-d1"}));
}

TEST(VsphereSoap, PagingTokenAndUnknownPropertiesAndPrefixes) {
    auto page = parse_retrieve_response(fixture("retrieve-hosts-page1.xml"));
    EXPECT_EQ(page.token, "session[52a1]token-2");
    ASSERT_EQ(page.objects.size(), 2u);
    auto hosts = hosts_of(page.objects);
    ASSERT_EQ(hosts.size(), 1u);  // the other object is the cluster, for its name
    EXPECT_EQ(hosts[0].name, "esx-01.example.com");
    EXPECT_EQ(hosts[0].cluster, "Production");
    EXPECT_EQ(hosts[0].connection_state, "notResponding");
    EXPECT_EQ(hosts[0].in_maintenance, false);
    EXPECT_EQ(hosts[0].cpu_usage_mhz, 5400);
    EXPECT_EQ(hosts[0].memory_bytes, 274877906944);
    EXPECT_EQ(hosts[0].boot_time, 1714564800);
    ASSERT_EQ(hosts[0].alarms.size(), 1u);
    EXPECT_EQ(hosts[0].alarms[0].status, "red");
    EXPECT_EQ(hosts[0].alarms[0].alarm, (MoRef{"Alarm", "alarm-7"}));
    EXPECT_FALSE(hosts[0].uptime_seconds) << "absent stays absent, never 0";
    auto last = parse_retrieve_response(fixture("continue-vms-last.xml"));
    EXPECT_TRUE(last.token.empty());
    auto vms = vms_of(last.objects);
    ASSERT_EQ(vms.size(), 2u);
    EXPECT_EQ(vms[0].name, "db-01");
    EXPECT_EQ(vms[0].ballooned_mb, 512);
    EXPECT_FALSE(vms[0].swapped_mb);
    ASSERT_TRUE(vms[0].question);
    EXPECT_EQ(vms[0].question->text, "The CD-ROM is locked.");
    ASSERT_EQ(vms[0].snapshots.size(), 1u);
    EXPECT_EQ(vms[0].snapshots[0].children.size(), 1u);
    EXPECT_FALSE(vms[0].snapshots[0].children[0].create_time) << "year 1601 is refused";
    EXPECT_EQ(vms[1].connection_state, "orphaned");
    EXPECT_FALSE(vms[1].num_cpu) << "a value that is not a number stays absent";
}

TEST(VsphereSoap, MissingSetCarriesTheFault) {
    auto result = parse_retrieve_response(fixture("retrieve-missing-set.xml"));
    ASSERT_EQ(result.objects.size(), 1u);
    ASSERT_EQ(result.objects[0].missing.size(), 1u);
    EXPECT_EQ(result.objects[0].missing[0].fault.type, "NotAuthenticated");
}

TEST(VsphereSoap, BrokenDocumentsAreRefused) {
    EXPECT_THROW(parse_retrieve_response(fixture("truncated.xml")), soap::Malformed);
    EXPECT_THROW(parse_retrieve_response(fixture("billion-laughs.xml")), soap::Malformed);
    EXPECT_THROW(parse_retrieve_response("<html><body>502 Bad Gateway</body></html>"), soap::Malformed);
    EXPECT_THROW(parse_retrieve_response(""), soap::Malformed);
}

TEST(VsphereSoap, XmlTreeFromParserEvents) {
    std::string why;
    auto tree = xml::parse(R"(<?xml version="1.0"?><e:Envelope xmlns:e="urn:e" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">)"
                           R"(<val xsi:type="xsd:int" type="HostSystem">a &lt;b&gt; &amp; <![CDATA[c<d]]></val>)"
                           "\n  <empty/></e:Envelope>",
                           why);
    ASSERT_TRUE(tree) << why;
    const xml::Node& root = tree->root();
    EXPECT_EQ(root.name, "Envelope");
    ASSERT_EQ(root.children.size(), 2u) << "blank text is no child";
    EXPECT_EQ(root.children[0].xsi_type, "int");
    EXPECT_EQ(root.children[0].ref_type, "HostSystem");
    EXPECT_EQ(root.children[0].text, "a <b> & c<d");
    EXPECT_EQ(root.children[1].name, "empty");
    std::string deep;
    for (int i = 0; i <= 201; ++i) deep += "<a>";
    for (int i = 0; i <= 201; ++i) deep += "</a>";
    EXPECT_FALSE(xml::parse(deep, why));
    EXPECT_EQ(why, "the response nests too deeply or uses entity references");
    std::string fine;
    for (int i = 0; i < 200; ++i) fine += "<a>";
    for (int i = 0; i < 200; ++i) fine += "</a>";
    EXPECT_TRUE(xml::parse(fine, why)) << why;
    EXPECT_FALSE(xml::parse("<a>&undeclared;</a>", why));
    EXPECT_FALSE(xml::parse("<a/><b/>", why));
    EXPECT_EQ(why.rfind("the response is not well-formed XML (line 1: ", 0), 0u) << why;
    EXPECT_FALSE(xml::parse("<a><b></a>", why));
}

TEST(VsphereSoap, XsiTypeNeedsThePrefixBoundToTheSchemaInstanceNamespace) {
    // vcsim declares the namespace on every value under another prefix; a prefix bound
    // elsewhere, or one whose binding ended with its element, is not xsi.
    std::string why;
    auto tree = xml::parse(R"(<r xmlns:o="urn:other">)"
                           R"(<v xmlns:X="http://www.w3.org/2001/XMLSchema-instance" X:type="xsd:long">1</v>)"
                           R"(<v X:type="xsd:long">2</v>)"
                           R"(<v o:type="xsd:long">3</v>)"
                           R"(<v xmlns:o="http://www.w3.org/2001/XMLSchema-instance" o:type="xsd:int"><w o:type="xsd:short"/></v>)"
                           R"(<v o:type="xsd:long">5</v></r>)",
                           why);
    ASSERT_TRUE(tree) << why;
    const xml::Node& root = tree->root();
    ASSERT_EQ(root.children.size(), 5u);
    EXPECT_EQ(root.children[0].xsi_type, "long");
    EXPECT_EQ(root.children[1].xsi_type, "") << "X is not bound here";
    EXPECT_EQ(root.children[2].xsi_type, "") << "o is another namespace";
    EXPECT_EQ(root.children[3].xsi_type, "int");
    ASSERT_EQ(root.children[3].children.size(), 1u);
    EXPECT_EQ(root.children[3].children[0].xsi_type, "short") << "bindings reach descendants";
    EXPECT_EQ(root.children[4].xsi_type, "") << "the rebinding ended with its element";
}

TEST(VsphereSoap, TheReaderFollowsXmlWhereSoapAnswersUseIt) {
    std::string why;
    auto tree = xml::parse("\xEF\xBB\xBF<?xml version=\"1.0\"?><!-- c --><r a='x\r\ny'>"
                           "a\r\nb\rc &#65;&#x42;&#x20AC; <?pi data?><!-- c --><![CDATA[]]x]]><e/></r >\n",
                           why);
    ASSERT_TRUE(tree) << why;
    const xml::Node& root = tree->root();
    EXPECT_EQ(root.text, "a\nb\nc AB\xE2\x82\xAC ]]x");
    ASSERT_EQ(root.children.size(), 1u);
    EXPECT_EQ(root.children[0].name, "e");
    for (std::string_view bad : {"<r></s>", "<r><s></r></s>", "<r a=\"1\"b=\"2\"/>", "<r a=1/>", "<r>]]></r>",
                                 "<r>&#0;</r>", "<r>&#xD800;</r>", "<r>\xC0\x80</r>", "<r>\x01</r>", "<r><!-- a -- b --></r>",
                                 "<r type='a' type='b'/>", "<r/>x", "<r", "<r a='<'/>"}) {
        EXPECT_FALSE(xml::parse(bad, why)) << bad;
        EXPECT_EQ(why.rfind("the response is not well-formed XML (", 0), 0u) << bad << ": " << why;
    }
    EXPECT_FALSE(xml::parse("<!DOCTYPE r><r/>", why));
    EXPECT_EQ(why, "the response has a DTD, which SOAP does not allow");
    EXPECT_FALSE(xml::parse("<r>&lol;</r>", why));
    EXPECT_EQ(why, "the response nests too deeply or uses entity references");
    EXPECT_FALSE(xml::parse(" \n", why));
    EXPECT_EQ(why, "the response is an empty XML document");
}

TEST(VsphereSoap, DatetimesAreParsedStrictly) {
    EXPECT_EQ(datetime_of("2024-05-01T12:00:00Z"), 1714564800);
    EXPECT_EQ(datetime_of("2024-05-01T14:00:00.123+02:00"), 1714564800);
    EXPECT_EQ(datetime_of("2024-05-01T12:00:00"), 1714564800);
    EXPECT_FALSE(datetime_of("1601-01-01T00:00:00Z"));
    EXPECT_FALSE(datetime_of("2024-02-30T00:00:00Z"));
    EXPECT_FALSE(datetime_of("2024-05-01 12:00:00Z"));
    EXPECT_FALSE(datetime_of("2024-05-01T12:00:00Zjunk"));
    EXPECT_FALSE(integer_of("12abc"));
    EXPECT_FALSE(integer_of("99999999999999999999999"));
    EXPECT_EQ(integer_of(" 42 "), 42);
}

}  // namespace
}  // namespace virtcheck::vsphere
