// check_datastore evaluation on made-up pools, and "-w 20GiB:" meaning free space.
#include <gtest/gtest.h>

#include "perfdata_text.hpp"
#include "command_line.hpp"
#include "core/errors.hpp"
#include "evaluate/datastore.hpp"

namespace virtcheck {
namespace {

using model::Datastore;
using model::DatastoreState;

constexpr std::uint64_t GiB = 1ull << 30;

model::Datastore pool(std::string name, model::DatastoreState state, std::uint64_t capacity, std::uint64_t allocation) {
    model::Datastore p;
    p.name = std::move(name);
    p.uuid = "uuid-" + p.name;
    p.state = state;
    p.autostart = false;
    p.capacity = capacity;
    p.allocation = allocation;
    p.available = capacity > allocation ? capacity - allocation : 0;
    p.volumes = 0;
    p.volume_capacity = 0;
    return p;
}

ThresholdSet parse_rules(std::vector<std::string> args) { return thresholds_of(datastore::metrics, std::move(args)); }

TEST(Datastore, PercentAndFreeSpaceThresholdsWithPerfdata) {
    CommandLine s({}, "pool");
    auto rules = parse_rules({"-w", "90", "-c", "5GiB:"});  // % used, and free space below 5 GiB
    std::vector<model::Datastore> pools = {pool("images", model::DatastoreState::Running, 100 * GiB, 97 * GiB),
                                   pool("iso", model::DatastoreState::Running, 100 * GiB, 50 * GiB)};
    auto result = evaluate_datastores(pools, s.selection, rules);
    EXPECT_EQ(result.overall(), State::Critical);  // images: 3 GiB free < 5 GiB
    EXPECT_EQ(result.text,
              "1 of 2 pools CRITICAL: images 97.0% used (97.0 GiB of 100.0 GiB, 3.0 GiB free, 0.0% provisioned) "
              "(free 3.0 GiB)");
    EXPECT_EQ(perf_of(result),
              "'images_used_percent'=97%;90;;0;100 'images_used'=104152956928B;;;0;107374182400 "
              "'images_free'=3221225472B;;5368709120:;0;107374182400 'images_capacity'=107374182400B;;;0 "
              "'images_provisioned'=0%;;;0 'images_volumes'=0;;;0 "
              "'iso_used_percent'=50%;90;;0;100 'iso_used'=53687091200B;;;0;107374182400 "
              "'iso_free'=53687091200B;;5368709120:;0;107374182400 'iso_capacity'=107374182400B;;;0 "
              "'iso_provisioned'=0%;;;0 'iso_volumes'=0;;;0 ");
}

TEST(Datastore, ByteRangesGoToFreeOthersStayPercent) {
    auto rules = parse_rules({"-w", "20GiB:", "-c", "95%"});
    ASSERT_TRUE(rules[datastore::free].warning);
    EXPECT_EQ(rules[datastore::free].warning->start, 20.0 * GiB);
    EXPECT_FALSE(rules[datastore::used_percent].warning);
    ASSERT_TRUE(rules[datastore::used_percent].critical);
    EXPECT_EQ(rules[datastore::used_percent].critical->end, 95);
    EXPECT_THROW(parse_rules({"-w", "20GiB:", "-w", "free=10GiB:"}), ThresholdError) << "free given twice";
    EXPECT_THROW(parse_rules({"-w", "20parsecs"}), ThresholdError);
}

TEST(Datastore, OverProvisionedThinPool) {
    CommandLine s({}, "pool");
    auto rules = parse_rules({"-w", "provisioned=150", "-c", "provisioned=200"});
    auto thin = pool("thin", model::DatastoreState::Running, 100 * GiB, 10 * GiB);
    thin.volumes = 4;
    thin.volume_capacity = 160 * GiB;
    auto result = evaluate_datastores({thin}, s.selection, rules);
    EXPECT_EQ(result.overall(), State::Warning);
    EXPECT_NE(result.text.find("160.0% provisioned) (provisioned 160.0%)"), std::string::npos) << result.text;
    EXPECT_NE(perf_of(result).find("'thin_provisioned'=160%;150;200;0 'thin_volumes'=4;;;0"), std::string::npos);
}

TEST(Datastore, InactivePoolsByNameAutostartOrNeither) {
    auto idle = pool("idle", model::DatastoreState::Inactive, 0, 0);
    auto boot = pool("boot", model::DatastoreState::Inactive, 0, 0);
    boot.autostart = true;
    CommandLine all({}, "pool");
    auto result = evaluate_datastores({idle, boot}, all.selection, ThresholdSet{});
    EXPECT_EQ(result.overall(), State::Critical);
    EXPECT_EQ(result.text, "1 of 2 pools CRITICAL: boot inactive (autostart)");
    EXPECT_EQ(perf_of(result).find("\'idle_used_percent\'="), std::string::npos) << "an inactive pool is not 0 % used: its fill is left out";

    CommandLine named({"--pool", "idle"}, "pool");
    auto asked = evaluate_datastores({idle, boot}, named.selection, ThresholdSet{});
    EXPECT_EQ(asked.overall(), State::Critical);
    EXPECT_EQ(asked.text, "1 of 1 pools CRITICAL: idle inactive (not autostarted)");

    CommandLine only_idle({"--include", "^idle$"}, "pool");
    EXPECT_EQ(evaluate_datastores({idle, boot}, only_idle.selection, ThresholdSet{}).overall(), State::Ok);
}

TEST(Datastore, NoCapacityIsUnknownNeverZeroPercent) {
    CommandLine s({}, "pool");
    auto result = evaluate_datastores({pool("rbd", model::DatastoreState::Running, 0, 0)}, s.selection, ThresholdSet{});
    EXPECT_EQ(result.overall(), State::Unknown);
    EXPECT_EQ(result.text, "1 of 1 pools UNKNOWN: rbd reports no capacity (the driver gives no sizes for this pool)");
    EXPECT_EQ(perf_of(result).find("\'rbd_used_percent\'="), std::string::npos);
}

TEST(Datastore, OtherStatesMissingPoolsAndEmptySelection) {
    CommandLine s({"--pool", "gone", "--pool", "bad", "--pool", "slow"}, "pool");
    auto bad = pool("bad", model::DatastoreState::Inaccessible, 0, 0);
    auto slow = pool("slow", model::DatastoreState::Degraded, 10 * GiB, 1 * GiB);
    auto result = evaluate_datastores({bad, slow}, s.selection, ThresholdSet{});
    EXPECT_EQ(result.overall(), State::Critical);
    EXPECT_EQ(result.text, "2 of 3 pools CRITICAL: pool gone does not exist, bad inaccessible");
    EXPECT_EQ(result.partials.back().overall(), State::Warning);
    EXPECT_NE(result.partials.back().text.find("degraded"), std::string::npos);

    CommandLine none({"--include", "nothing", "--no-match", "ok"}, "pool");
    auto empty = evaluate_datastores({bad}, none.selection, ThresholdSet{});
    EXPECT_EQ(empty.overall(), State::Ok);
    EXPECT_EQ(empty.text, "no pool matches the selection");
}

TEST(Datastore, OkSummaryNamesTheFullest) {
    CommandLine s({"--top", "2"}, "pool");
    auto result = evaluate_datastores({pool("a", model::DatastoreState::Running, 100, 10), pool("b", model::DatastoreState::Running, 100, 70),
                                       pool("c", model::DatastoreState::Running, 100, 40)},
                                      s.selection, ThresholdSet{});
    EXPECT_EQ(result.text, "3 pools OK - fullest: b 70.0%, c 40.0%");
}

}  // namespace
}  // namespace virtcheck
