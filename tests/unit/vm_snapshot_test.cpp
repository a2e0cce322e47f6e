// check_vm_snapshot: reading snapshot XML and evaluating counts and ages.
#include <gtest/gtest.h>

#include <limits>

#include "perfdata_text.hpp"
#include "collect/libvirt/module/snapshots.hpp"
#include "command_line.hpp"
#include "core/text.hpp"
#include "evaluate/vm_snapshot.hpp"

namespace virtcheck {
namespace {

using model::Snapshot;
using model::VmSnapshots;

constexpr double day = 86400;
constexpr double now = 1'800'000'000;

model::VmSnapshots vm(std::string name, std::vector<Snapshot> snapshots) {
    model::VmSnapshots v;
    v.name = std::move(name);
    v.uuid = "uuid-" + v.name;
    v.snapshots = std::move(snapshots);
    return v;
}

Snapshot taken(std::string name, double days_ago) {
    return {std::move(name), static_cast<std::int64_t>(now - days_ago * day)};
}

TEST(SnapshotXml, NameAndCreationTime) {
    auto s = libvirt::parse_snapshot(
        "<domainsnapshot><name>pre-upgrade</name><state>running</state><creationTime>1700000000</creationTime>"
        "<domain type='kvm'><name>web1</name></domain></domainsnapshot>");
    EXPECT_EQ(s.name, "pre-upgrade");
    EXPECT_EQ(s.created, 1700000000);
    EXPECT_FALSE(libvirt::parse_snapshot("<domainsnapshot><name>x</name><creationTime>12ab</creationTime>"
                                         "</domainsnapshot>").created);
    EXPECT_FALSE(libvirt::parse_snapshot("<domainsnapshot><name>x</name></domainsnapshot>").created);
    EXPECT_EQ(libvirt::parse_snapshot("<other><name>x</name></other>").name, "");
    EXPECT_EQ(libvirt::parse_snapshot("<domainsnapshot><name>x").name, "") << "broken XML";
}

TEST(VmSnapshot, AgeInTimeUnitsAndCounts) {
    CommandLine s({}, "VM");
    auto rules = thresholds_of(vm_snapshot::metrics, {"-w", "7d", "-c", "30d", "-w", "snapshots=2"});
    auto result = evaluate_vm_snapshots({vm("db", {taken("nightly", 1), taken("pre-upgrade", 41), taken("x", 3)}),
                                         vm("web", {taken("today", 0.5)}), vm("idle", {})},
                                        now, s.selection, rules);
    EXPECT_EQ(result.overall(), State::Critical);
    EXPECT_EQ(result.text, "1 of 3 VMs CRITICAL: db 3 snapshots, oldest 41d 0h (pre-upgrade) - 4 snapshots");
    EXPECT_EQ(perf_of(result), "'db_oldest'=3542400s;604800;2592000;0 'db_snapshots'=3;2;;0 "
                               "'idle_snapshots'=0;2;;0 "
                               "'web_oldest'=43200s;604800;2592000;0 'web_snapshots'=1;2;;0 ");
    EXPECT_EQ(result.partials[1].text, "idle no snapshots");
}

TEST(VmSnapshot, OkSummaryFutureTimesAndUnknownTimes) {
    CommandLine s({}, "VM");
    auto skewed = vm("skewed", {taken("ahead", -2)});
    auto unknown = vm("old-libvirt", {Snapshot{"s1", std::nullopt}});
    auto result = evaluate_vm_snapshots({skewed, unknown, vm("web", {taken("a", 10)})}, now, s.selection, ThresholdSet{});
    EXPECT_EQ(result.overall(), State::Ok);
    EXPECT_EQ(result.text, "3 VMs OK - oldest: web 10d 0h, skewed 0.0 ms - 3 snapshots");
    EXPECT_EQ(result.partials[0].text, "old-libvirt 1 snapshot, creation times unknown");
}

TEST(VmSnapshot, ImpossibleCreationTimesAreUnknownAndNamed) {
    // Times come from the hypervisor: INT64_MIN once gave "-106751991167300d -15h" and 9.2e18 s.
    CommandLine s({}, "VM");
    auto rules = thresholds_of(vm_snapshot::metrics, {"-c", "30d"});
    auto hostile = vm("db", {Snapshot{"evil", std::numeric_limits<std::int64_t>::min()}, taken("nightly", 2)});
    auto far_ahead = vm("web", {Snapshot{"later", std::numeric_limits<std::int64_t>::max()}});
    auto result = evaluate_vm_snapshots({hostile, far_ahead}, now, s.selection, rules);
    EXPECT_EQ(result.overall(), State::Unknown) << result.text;
    ASSERT_EQ(result.partials.size(), 2u);
    EXPECT_EQ(result.partials[0].overall(), State::Unknown);
    EXPECT_NE(result.partials[0].text.find("snapshot evil has an impossible creation time (-9223372036854775808)"),
              std::string::npos) << result.partials[0].text;
    EXPECT_NE(result.partials[0].text.find("oldest 2d 0h (nightly)"), std::string::npos)
        << "the plausible snapshot still counts: " << result.partials[0].text;
    EXPECT_NE(result.partials[1].text.find("snapshot later has an impossible creation time (9223372036854775807)"),
              std::string::npos) << result.partials[1].text;
    std::string perf = perf_of(result);
    EXPECT_NE(perf.find("'db_oldest'=172800s"), std::string::npos) << perf;
    EXPECT_EQ(perf.find("9223372036"), std::string::npos) << perf;
    for (const auto& partial : result.partials) EXPECT_EQ(partial.text.find("d -"), std::string::npos) << partial.text;
}

TEST(HumanSeconds, HugeAndNonFiniteValuesStayReadable) {
    EXPECT_EQ(human_seconds(1e19).front(), '1') << human_seconds(1e19);
    EXPECT_EQ(human_seconds(9.3e18).find('-'), std::string::npos) << human_seconds(9.3e18);
    EXPECT_EQ(human_seconds(std::numeric_limits<double>::infinity()), "unknown");
    EXPECT_EQ(human_seconds(std::numeric_limits<double>::quiet_NaN()), "unknown");
    EXPECT_EQ(human_seconds(90061), "1d 1h");
    // Negative durations (found by fuzz.render: -1.8e308 was cast to long long).
    EXPECT_EQ(human_seconds(-90), "-1m 30s");
    EXPECT_EQ(human_seconds(-std::numeric_limits<double>::max()).substr(0, 3), "-20") << "2.08e303 days";
}

}  // namespace
}  // namespace virtcheck
