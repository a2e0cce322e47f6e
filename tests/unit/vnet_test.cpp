// check_vnet: reading network XML and DHCP ranges, and evaluating made-up networks.
#include <gtest/gtest.h>

#include "perfdata_text.hpp"
#include "collect/libvirt/module/networks.hpp"
#include "command_line.hpp"
#include "evaluate/vnet.hpp"

namespace virtcheck {
namespace {

using model::Network;

model::Network network(std::string name, double addresses, std::optional<unsigned> leases) {
    model::Network n;
    n.name = std::move(name);
    n.uuid = "uuid-" + n.name;
    n.active = true;
    n.autostart = true;
    n.bridge = "br-" + n.name;
    n.bridge_present = true;
    n.dhcp_addresses = addresses;
    n.leases = leases;
    return n;
}

TEST(NetworkXml, BridgeAndRangesOfEveryFamily) {
    auto definition = libvirt::parse_network_definition(R"(<network><name>default</name>
        <bridge name='virbr0' stp='on'/>
        <ip address='192.168.122.1' netmask='255.255.255.0'><dhcp>
          <range start='192.168.122.2' end='192.168.122.254'/>
          <host mac='52:54:00:00:00:01' ip='192.168.122.1'/>
        </dhcp></ip>
        <ip family='ipv6' address='fd00::1' prefix='64'><dhcp><range start='fd00::100' end='fd00::1ff'/></dhcp></ip>
        </network>)");
    EXPECT_EQ(definition.bridge, "virbr0");
    ASSERT_EQ(definition.dhcp_ranges.size(), 2u);
    EXPECT_EQ(libvirt::range_size("192.168.122.2", "192.168.122.254"), 253);
    EXPECT_EQ(libvirt::range_size("fd00::100", "fd00::1ff"), 256);
    EXPECT_EQ(libvirt::range_size("10.0.0.9", "10.0.0.1"), 0) << "reversed";
    EXPECT_EQ(libvirt::range_size("10.0.0.1", "fd00::1"), 0) << "mixed families";
    EXPECT_EQ(libvirt::range_size("bogus", "10.0.0.1"), 0);
    EXPECT_TRUE(libvirt::in_ranges("192.168.122.254", definition.dhcp_ranges));
    EXPECT_TRUE(libvirt::in_ranges("fd00::1aa", definition.dhcp_ranges));
    EXPECT_FALSE(libvirt::in_ranges("192.168.122.1", definition.dhcp_ranges)) << "a static host outside the range";
    EXPECT_FALSE(libvirt::in_ranges("not-an-address", definition.dhcp_ranges));
}

TEST(NetworkXml, HostileOrEmptyXmlGivesNothing) {
    EXPECT_TRUE(libvirt::parse_network_definition("<network><bridge").dhcp_ranges.empty());
    EXPECT_EQ(libvirt::parse_network_definition("").bridge, "");
    auto no_dhcp = libvirt::parse_network_definition("<network><forward mode='bridge'/><bridge name='br0'/></network>");
    EXPECT_EQ(no_dhcp.bridge, "br0");
    EXPECT_TRUE(no_dhcp.dhcp_ranges.empty());
}

TEST(Vnet, DhcpUseThresholdsAndPerfdata) {
    CommandLine s({}, "network");
    auto rules = thresholds_of(vnet::metrics, {"-w", "80", "-c", "95"});
    auto result = evaluate_vnets({network("lab", 10, 9), network("prod", 253, 20)}, s.selection, rules, false);
    EXPECT_EQ(result.overall(), State::Warning);
    EXPECT_EQ(result.text, "1 of 2 networks WARNING: lab 90.0% of DHCP in use (9 of 10 addresses) - 2 active");
    EXPECT_EQ(perf_of(result), "'lab_dhcp_used'=90%;80;95;0;100 'lab_leases'=9;;;0;10 "
                               "'prod_dhcp_used'=7.905%;80;95;0;100 'prod_leases'=20;;;0;253 ");
}

TEST(Vnet, MissingBridgeInactiveAndAutostart) {
    auto gone = network("gone", 0, std::nullopt);
    gone.bridge_present = false;
    auto idle = network("idle", 10, std::nullopt);
    idle.active = false;
    idle.autostart = false;
    auto manual = network("manual", 0, std::nullopt);
    manual.autostart = false;

    CommandLine s({}, "network");
    auto result = evaluate_vnets({gone, idle, manual}, s.selection, {}, false);
    EXPECT_EQ(result.overall(), State::Critical);
    EXPECT_EQ(result.text, "1 of 3 networks CRITICAL: gone bridge br-gone missing on the host - 2 active");

    CommandLine named({"--network", "idle", "--network", "manual"}, "network");
    auto asked = evaluate_vnets({gone, idle, manual}, named.selection, {}, true);
    EXPECT_EQ(asked.text, "1 of 2 networks CRITICAL: idle inactive (not autostarted) - 1 active");
    EXPECT_EQ(asked.partials[1].overall(), State::Warning);
    EXPECT_EQ(asked.partials[1].text, "manual not autostarted");

    auto transient = manual;
    transient.persistent = false;  // cannot autostart, so --require-autostart does not ask it to
    EXPECT_EQ(evaluate_vnets({transient}, s.selection, {}, true).overall(), State::Ok);
}

TEST(Vnet, LeasesUnknownIsUnknownOnlyWhenThresholded) {
    CommandLine s({}, "network");
    auto blind = network("test", 253, std::nullopt);
    auto plain = evaluate_vnets({blind}, s.selection, {}, false);
    EXPECT_EQ(plain.overall(), State::Ok);
    EXPECT_EQ(plain.partials[0].text, "test DHCP leases not available from this driver");
    EXPECT_EQ(perf_of(plain).find("\'test_dhcp_used\'="), std::string::npos);

    auto rules = thresholds_of(vnet::metrics, {"-w", "80"});
    EXPECT_EQ(evaluate_vnets({blind}, s.selection, rules, false).overall(), State::Unknown);
}

}  // namespace
}  // namespace virtcheck
