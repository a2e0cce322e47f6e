// check_container: the cgroup file parsers, discovery and reading on a fixture tree, and the
// evaluation of made-up counters.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "perfdata_text.hpp"
#include "collect/cgroup/cgroup.hpp"
#include "collect/cgroup/parse.hpp"
#include "command_line.hpp"
#include "core/errors.hpp"
#include "evaluate/containers.hpp"

namespace virtcheck {
namespace {

using namespace cgroup;
using model::ContainerStats;
namespace fs = std::filesystem;

const fs::path fixtures = fs::path(VIRTCHECK_FIXTURES) / "cgroup";
constexpr std::uint64_t MiB = 1 << 20;

TEST(CgroupFiles, KeyedLimitsCpuMaxAndPressure) {
    auto stat = parse_keyed("usage_usec 5000\nnr_periods 10\n\nnr_throttled 2\n");
    ASSERT_TRUE(stat);
    EXPECT_EQ(stat->at("usage_usec"), 5000u);
    EXPECT_EQ(stat->at("nr_throttled"), 2u);
    EXPECT_FALSE(parse_keyed("usage_usec lots\n")) << "not a number";
    EXPECT_FALSE(parse_keyed("usage_usec -1\n"));
    EXPECT_FALSE(parse_keyed("usage_usec 1 2\n")) << "extra field";

    EXPECT_TRUE(parse_limit("max\n")->unlimited);
    EXPECT_EQ(parse_limit("536870912\n")->value, 536870912u);
    EXPECT_FALSE(parse_limit("unlimited"));
    EXPECT_FALSE(parse_limit(""));

    EXPECT_DOUBLE_EQ(parse_cpu_max("150000 100000\n")->cpus, 1.5);
    EXPECT_TRUE(parse_cpu_max("max 100000\n")->unlimited);
    EXPECT_FALSE(parse_cpu_max("50000 0")) << "a zero period";
    EXPECT_FALSE(parse_cpu_max("50000"));

    EXPECT_DOUBLE_EQ(*parse_pressure_avg10("some avg10=1.50 avg60=0.00 avg300=0.00 total=100\n"
                                           "full avg10=9.00 avg60=0.00 avg300=0.00 total=0\n"),
                     1.5);
    EXPECT_FALSE(parse_pressure_avg10("some avg10=250.00 avg60=0\n")) << "over 100 %";
    EXPECT_FALSE(parse_pressure_avg10("full avg10=1.00\n"));
}

TEST(CgroupFiles, MountsUnifiedHybridAndV1Only) {
    auto unified = find_v2_mount("29 23 0:26 / /sys/fs/cgroup rw,nosuid shared:4 - cgroup2 cgroup2 rw,nsdelegate\n");
    ASSERT_TRUE(unified);
    EXPECT_EQ(unified->path, "/sys/fs/cgroup");
    EXPECT_FALSE(unified->hybrid);
    auto hybrid = find_v2_mount("32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
                                "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n");
    ASSERT_TRUE(hybrid);
    EXPECT_EQ(hybrid->path, "/sys/fs/cgroup/unified");
    EXPECT_TRUE(hybrid->hybrid);
    EXPECT_FALSE(find_v2_mount("32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"));
    EXPECT_EQ(unescape_unit("qemu\\x2d1\\x2dwin10"), "qemu-1-win10");
    EXPECT_EQ(unescape_unit("bad\\xzz"), "bad\\xzz");
}

TEST(CgroupTree, DiscoversEveryRuntimeAndSkipsStoppedAndInnerGroups) {
    Tree tree = find_tree((fixtures / "tree").string());
    auto found = discover(tree, {"system.slice/ssh.service"}, {fixtures / "docker", fixtures / "podman"});
    std::map<std::string, std::string> runtime_of;
    for (const auto& c : found) runtime_of[c.name] = c.runtime;
    EXPECT_EQ(runtime_of, (std::map<std::string, std::string>{{"web", "docker"},
                                                             {"dead00000000", "docker"},
                                                             {"cache", "podman"},
                                                             {"db", "lxc"},
                                                             {"broken", "lxc"},
                                                             {"qemu-1-win10", "machine"},
                                                             {"system.slice/ssh.service", "cgroup"}}));
    std::size_t running = 0;
    for (const auto& c : found) running += read_container(tree, c).has_value();
    EXPECT_EQ(running, found.size() - 1) << "the unpopulated docker group is a stopped container";
    EXPECT_THROW(discover(tree, {"no/such/group"}, {}), CollectError);
    EXPECT_THROW(discover(tree, {"../etc"}, {}), UsageError);
    auto unnamed = discover(tree, {}, {"/nonexistent", "/nonexistent"});
    EXPECT_TRUE(std::any_of(unnamed.begin(), unnamed.end(), [](const auto& c) { return c.name == "b7c100000000"; }))
        << "without the runtimes' files, the 12-character id";
    EXPECT_THROW(find_tree((fixtures / "docker").string()), CollectError) << "not a v2 tree";
}

TEST(CgroupTree, ReadsLimitsAndNamesUnreadableFiles) {
    Tree tree = find_tree((fixtures / "tree").string());
    auto web = read_container(tree, {"web", "3f2a", "docker", "system.slice/docker-3f2a" + std::string(56, '0') +
                                                                   "0001.scope"});
    ASSERT_TRUE(web);
    EXPECT_DOUBLE_EQ(*web->cpu_limit, 2);
    EXPECT_EQ(web->memory_max, 512 * MiB);
    EXPECT_EQ(web->inactive_file, 100 * MiB);
    EXPECT_EQ(web->pids_max, 100u);
    EXPECT_TRUE(web->unreadable.empty());
    auto broken = read_container(tree, {"broken", "broken", "lxc", "lxc.payload.broken"});
    ASSERT_TRUE(broken);
    EXPECT_EQ(broken->unreadable, (std::vector<std::string>{"cpu.stat", "memory.max"}));
    EXPECT_FALSE(read_container(tree, {"gone", "gone", "lxc", "lxc.payload.gone"})) << "vanished meanwhile";
}

TEST(CgroupTree, GroupVanishingBetweenListingAndReading) {
    fs::path root = fs::temp_directory_path() / ("virtcheck-cgroup-" + std::to_string(getpid()));
    fs::create_directories(root / "lxc.payload.short");
    std::ofstream(root / "cgroup.controllers") << "cpu memory pids\n";
    std::ofstream(root / "lxc.payload.short" / "cgroup.events") << "populated 1\n";
    Tree tree = find_tree(root.string());
    auto found = discover(tree, {}, {"/nonexistent", "/nonexistent"});
    ASSERT_EQ(found.size(), 1u);
    fs::remove_all(root / "lxc.payload.short");
    EXPECT_FALSE(read_container(tree, found[0]));
    fs::remove_all(root);
}

ContainerStats container(std::string name, std::optional<double> cpu_limit, std::uint64_t usage_usec) {
    ContainerStats c;
    c.container = {name, "id-" + name, "docker", "system.slice/" + name};
    c.cpu_limit = cpu_limit;
    c.cpu_usage_usec = usage_usec;
    c.nr_periods = 1000;
    c.nr_throttled = 0;
    c.oom_kills = 0;
    c.memory_current = 300 * MiB;
    c.inactive_file = 100 * MiB;
    c.file = 150 * MiB;
    c.memory_max = 400 * MiB;
    c.pids_current = 10;
    c.pids_max = 100;
    return c;
}

TEST(Containers, CpuOfQuotaOrHostMemoryWithoutCacheAndOomKills) {
    CommandLine s({}, "container");
    model::HostSize host{8, 16384 * MiB};
    auto before = container("web", 2, 0), after = container("web", 2, 3'000'000);  // 1.5 CPU-s/s of 2 CPUs
    auto free_before = container("batch", std::nullopt, 0), free_after = container("batch", std::nullopt, 4'000'000);
    after.nr_periods = 1100, after.nr_throttled = 50;   // 50 of 100 periods throttled
    free_after.oom_kills = 1;                           // one new OOM kill
    free_after.memory_max.reset();                      // unlimited: share of host memory
    Rates rates(containers_sample({before, free_before}, 100), containers_sample({after, free_after}, 102));
    auto rules = thresholds_of(container::metrics, {"-w", "70", "-c", "90"});  // and the default -c oom_kills=0
    auto result = evaluate_containers(model::Containers{{after, free_after}, host, false}, rates, s.selection, rules, "");
    EXPECT_EQ(result.overall(), State::Critical);
    EXPECT_EQ(result.text, "1 of 2 containers CRITICAL: batch CPU 25.0% of 8 host CPUs, memory 1.2% of 16.0 GiB host "
                           "memory (cache 150.0 MiB), 10 pids (oom_kills 1)");
    EXPECT_EQ(result.partials[1].overall(), State::Warning);  // web: 75 % of its 2 CPUs
    EXPECT_EQ(result.partials[1].text, "web CPU 75.0% of 2 CPUs, memory 50.0% of 400.0 MiB limit (cache 150.0 MiB), "
                                       "10 pids (cpu 75.0%)");
    EXPECT_NE(perf_of(result).find("'web_cpu'=75%;70;90;0;100 'web_throttled'=50%;;;0;100 'web_memory'=50%;;;0;100 "
                                   "'web_memory_used'=209715200B;;;0;419430400 'web_cache'=157286400B;;;0 "
                                   "'web_oom_kills'=0;;0;0 'web_pids'=10;;;0;100 'web_pids_used'=10%;;;0;100"),
              std::string::npos)
        << perf_of(result);
}

TEST(Containers, ThresholdOnMissingFigureIsUnknown) {
    CommandLine s({}, "container");
    auto hybrid = container("lxc1", std::nullopt, 0);
    hybrid.memory_current.reset();  // the memory controller lives on cgroup v1
    auto rules = thresholds_of(container::metrics, {"-w", "memory=80"});
    Rates first(Sample{}, containers_sample({hybrid}, 1));
    auto result = evaluate_containers(model::Containers{{hybrid}, model::HostSize{4, 1024 * MiB}, true}, first, s.selection, rules, "first sample stored");
    EXPECT_EQ(result.overall(), State::Unknown);
    EXPECT_EQ(result.text, "1 of 1 containers UNKNOWN: lxc1 10 pids - not available: memory - first sample stored - "
                           "hybrid cgroup layout: memory, limits and throttling are on cgroup v1 and not read, CPU "
                           "is a share of all host CPUs");
    auto plain = evaluate_containers(model::Containers{{hybrid}, model::HostSize{4, 1024 * MiB}, true}, first, s.selection, ThresholdSet{}, "");
    EXPECT_EQ(plain.overall(), State::Ok) << "no threshold, no alarm: just U in perfdata";
}

TEST(Containers, NewContainersAndUnlimitedPidsAreNotUnknown) {
    CommandLine s({}, "container");
    auto old = container("old", 1, 0), old_later = container("old", 1, 1'000'000);
    auto fresh = container("fresh", 1, 500'000);  // started since the previous run
    fresh.pids_max.reset();
    fresh.pids_unlimited = true;
    Rates rates(containers_sample({old}, 10), containers_sample({old_later, fresh}, 12));
    auto rules = thresholds_of(container::metrics, {"-w", "90", "-w", "pids_used=80"});
    auto result = evaluate_containers(model::Containers{{old_later, fresh}, model::HostSize{4, 1024 * MiB}, false}, rates, s.selection, rules, "");
    EXPECT_EQ(result.overall(), State::Ok) << result.text;
    EXPECT_EQ(result.partials[0].text, "fresh memory 50.0% of 400.0 MiB limit (cache 150.0 MiB), 10 pids - new or "
                                       "restarted, rates from the next run");
    EXPECT_EQ(result.partials[1].text, "old CPU 50.0% of 1 CPU, memory 50.0% of 400.0 MiB limit (cache 150.0 MiB), "
                                       "10 pids");
}

}  // namespace
}  // namespace virtcheck
