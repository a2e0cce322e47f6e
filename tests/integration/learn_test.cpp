// Forecasts and baselines driven through weeks of runs in seconds: VIRTCHECK_NOW sets each
// run's clock, and the test moves the fixture between runs (a test-driver pool whose volume
// it grows, a copy of the cgroup fixture tree whose memory and CPU counters it rewrites).
// Each forecast is checked against the truth the test knows, within the tolerance it states.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "guidelines.hpp"
#include "process.hpp"

namespace virtcheck::testing {
namespace {

namespace fs = std::filesystem;

constexpr double hour = 3600, day = 86400, GiB = 1073741824.0;
constexpr double start = 1767225600;  // 2026-01-01 00:00 UTC, a Thursday

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::optional<double> number_in(const std::string& text, const std::string& label) {
    std::smatch m;
    if (!std::regex_search(text, m, std::regex("'" + label + "'=([0-9.]+)"))) return std::nullopt;
    return std::stod(m[1]);
}

std::string clock(double t) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.0f", t);
    return buffer;
}

class Learning : public ::testing::Test {
protected:
    void SetUp() override {
        work_ = fs::temp_directory_path() / ("virtcheck-learn-" + std::to_string(getpid()));
        fs::remove_all(work_);
        fs::create_directories(work_);
    }
    void TearDown() override { fs::remove_all(work_); }

    // With -v: the line of every object (an OK one is otherwise only in the summary's "fullest").
    Completed check(const std::string& name, std::vector<std::string> args, double now) {
        bool json = std::find(args.begin(), args.end(), "--output") != args.end();
        args.insert(args.begin(), check_path(name));
        args.push_back("-v");
        Completed run = run_program(args, {{"VIRTCHECK_STATE_DIR", (work_ / "state").string()},
                                           {"VIRTCHECK_NOW", clock(now)},
                                           {"TZ", "UTC"}});
        if (!json)
            for (const auto& problem : guideline_violations(run)) ADD_FAILURE() << problem << "\n" << run.out;
        return run;
    }

    // A test-driver host with one pool "data" whose one volume has `allocated` bytes (the
    // driver gives every pool 100 GiB).
    std::string pool_node(double allocated) {
        fs::path file = work_ / "node.xml";
        std::ofstream(file) << "<node><pool type='dir'><name>data</name><uuid>00000000-0000-5eed-0000-0000000000d1"
                               "</uuid><target><path>/data</path></target><volume type='file'><name>v.qcow2</name>"
                               "<capacity unit='GiB'>100</capacity><allocation unit='bytes'>"
                            << static_cast<long long>(allocated) << "</allocation></volume></pool></node>\n";
        return "test://" + file.string();
    }

    fs::path work_;
};

// 40 GiB used, 1.5 GiB a day more, 30 GiB freed on day 12: the truth is
// (100 GiB - used) / 1.5 GiB a day. Runs every 4 hours for three weeks; tolerance 2 %.
TEST_F(Learning, DatastoreForecastThroughThreeWeeks) {
    auto used = [](double t) { return 40 * GiB + 1.5 * GiB * t / day - (t >= 12 * day ? 30 * GiB : 0); };
    std::vector<std::string> args{"-w", "time_left=30d:", "-c", "time_left=7d:", "--trend", "7d"};
    Completed last;
    bool warned = false;
    for (double t = 0; t <= 21 * day; t += 4 * hour) {
        auto uri = pool_node(used(t));
        auto cli = args;
        cli.insert(cli.begin(), {"--uri", uri});
        last = check("check_datastore", cli, start + t);
        ASSERT_LE(last.exit_code, 1) << t / day << " days: " << last.out;
        if (t == 0) {
            EXPECT_TRUE(contains(last.out, "data 40.0% used")) << last.out;
            EXPECT_TRUE(contains(last.out, "trend from 5 samples (1 so far)")) << last.out;
            EXPECT_FALSE(number_in(last.out, "data_time_left")) << "unknown: left out, not U";
        }
        if (t == 8 * hour) {
            EXPECT_TRUE(contains(last.out, "trend from 5 samples (3 so far)")) << last.out;
        }
        if (t == 16 * hour) {
            EXPECT_TRUE(contains(last.out, "trend after 1d 0h of samples (16h 0m so far)")) << last.out;
        }
        if (t >= 2 * day && t < 12 * day) {
            double truth = (100 * GiB - used(t)) / (1.5 * GiB) * day;
            auto left = number_in(last.out, "data_time_left");
            ASSERT_TRUE(left) << last.out;
            EXPECT_NEAR(*left, truth, 0.02 * truth) << t / day << " days: " << last.out;
            warned = warned || last.exit_code == 1;
        }
        if (t == 14 * day) {
            // Two days after the cleanup, inside the window: the jump is left out of the trend.
            double truth = (100 * GiB - used(t)) / (1.5 * GiB) * day;
            EXPECT_NEAR(*number_in(last.out, "data_time_left"), truth, 0.02 * truth) << last.out;
            EXPECT_TRUE(contains(last.out, "1 jump left out of the trend")) << last.out;
        }
    }
    // Day 21: 41.5 GiB used after the cleanup, 39 days left: OK again; the cleanup is older
    // than the 7-day window now.
    double truth = (100 * GiB - used(21 * day)) / (1.5 * GiB) * day;
    EXPECT_EQ(last.exit_code, 0) << last.out;
    EXPECT_NEAR(*number_in(last.out, "data_time_left"), truth, 0.02 * truth) << last.out;
    EXPECT_FALSE(contains(last.out, "jump")) << last.out;
    EXPECT_TRUE(warned) << "below 30 days left before the cleanup: WARNING";
    // The history stays small: one series.
    std::size_t bytes = 0;
    for (const auto& entry : fs::directory_iterator(work_ / "state"))
        if (entry.path().extension() == ".history") bytes += fs::file_size(entry);
    EXPECT_GT(bytes, 0u);
    EXPECT_LT(bytes, 4096u);
}

TEST_F(Learning, DatastoreJsonCarriesTheFit) {
    for (double t = 0; t <= 3 * day; t += 6 * hour)
        check("check_datastore", {"--uri", pool_node(50 * GiB + 2 * GiB * t / day)}, start + t);
    auto run = check("check_datastore", {"--uri", pool_node(56 * GiB + 0.5 * GiB), "--output", "json",
                                         "--full-at", "95%"}, start + 3 * day + 6 * hour);
    auto json = nlohmann::json::parse(run.out);
    // The pool's partial (with -v, a remark of the backend may come first).
    nlohmann::json learned;
    for (const auto& partial : json["partials"])
        if (partial.contains("learned")) learned = partial["learned"][0];
    ASSERT_TRUE(learned.is_object()) << run.out;
    EXPECT_EQ(learned["kind"], "forecast") << run.out;
    EXPECT_EQ(learned["label"], "data_used");
    EXPECT_EQ(learned["status"], "filling");
    EXPECT_NEAR(learned["slope"].get<double>() * day / GiB, 2, 0.01) << run.out;
    EXPECT_NEAR(learned["full_level"].get<double>() / GiB, 95, 1e-6);
    // (95 - 56.5) GiB at 2 GiB a day.
    EXPECT_NEAR(learned["time_left"].get<double>() / day, 19.25, 0.1) << run.out;
    EXPECT_LE(learned["time_left_low"].get<double>(), learned["time_left"].get<double>());
}

TEST_F(Learning, FlatPoolIsNotFilling) {
    Completed run;
    for (double t = 0; t <= 3 * day; t += 6 * hour)
        run = check("check_datastore", {"--uri", pool_node(30 * GiB), "-c", "time_left=2d:"}, start + t);
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_TRUE(contains(run.out, "not filling")) << run.out;
    EXPECT_FALSE(number_in(run.out, "data_time_left")) << run.out;
}

TEST_F(Learning, ClockBackAndCorruptHistoryAreSaid) {
    for (double t = 0; t <= 2 * day; t += 6 * hour) check("check_datastore", {"--uri", pool_node(30 * GiB)}, start + t);
    auto back = check("check_datastore", {"--uri", pool_node(30 * GiB)}, start + day);
    EXPECT_EQ(back.exit_code, 0) << back.out;
    EXPECT_TRUE(contains(back.out, "the clock went back 1d 0h since the last run")) << back.out;
    fs::path history;
    for (const auto& entry : fs::directory_iterator(work_ / "state"))
        if (entry.path().extension() == ".history") history = entry.path();
    ASSERT_FALSE(history.empty());
    // The history of another target (test:///default), well formed, put in this one's place.
    auto other_dir = work_ / "other";
    run_program({check_path("check_datastore"), "--uri", "test:///default"},
                {{"VIRTCHECK_STATE_DIR", other_dir.string()}, {"VIRTCHECK_NOW", clock(start)}, {"TZ", "UTC"}});
    fs::path other;
    for (const auto& entry : fs::directory_iterator(other_dir))
        if (entry.path().extension() == ".history") other = entry.path();
    ASSERT_FALSE(other.empty());
    fs::copy_file(other, history, fs::copy_options::overwrite_existing);
    auto foreign = check("check_datastore", {"--uri", pool_node(30 * GiB)}, start + 3 * day);
    EXPECT_EQ(foreign.exit_code, 0) << foreign.out;
    EXPECT_TRUE(contains(foreign.out, "was foreign (check_datastore ")) << foreign.out;
    EXPECT_TRUE(contains(foreign.out, ") and has been replaced, learning anew")) << foreign.out;
    std::ofstream(history) << "garbage\x01\n";
    auto corrupt = check("check_datastore", {"--uri", pool_node(30 * GiB)}, start + 4 * day);
    EXPECT_EQ(corrupt.exit_code, 0) << corrupt.out;
    EXPECT_TRUE(contains(corrupt.out, "was unreadable and has been replaced")) << corrupt.out;
    auto after = check("check_datastore", {"--uri", pool_node(30 * GiB)}, start + 4 * day + hour);
    EXPECT_FALSE(contains(after.out, "replaced")) << after.out;
    EXPECT_TRUE(contains(after.out, "trend from 5 samples (2 so far)")) << after.out;
}

TEST_F(Learning, OptionsAndRefusals) {
    auto uri = pool_node(GiB);
    for (const char* bad : {"0", "5m", "100d", "soon"}) {
        auto run = check("check_datastore", {"--uri", uri, "--trend", bad}, start);
        EXPECT_EQ(run.exit_code, 3) << bad << ": " << run.out;
    }
    auto full = check("check_datastore", {"--uri", uri, "--full-at", "120%"}, start);
    EXPECT_EQ(full.exit_code, 3) << full.out;
    auto bad_baseline = check("check_datastore", {"--uri", uri, "-w", "used_percent=baseline:x"}, start);
    EXPECT_EQ(bad_baseline.exit_code, 3) << bad_baseline.out;
    EXPECT_TRUE(contains(bad_baseline.out, "is not baseline:K")) << bad_baseline.out;
    auto twice = check("check_datastore", {"--uri", uri, "-w", "80", "-w", "90"}, start);
    EXPECT_EQ(twice.exit_code, 3) << twice.out;
    // A check that keeps no history cannot learn what is usual.
    auto vnet = check("check_vnet", {"--uri", uri, "-w", "leases=baseline:3"}, start);
    EXPECT_EQ(vnet.exit_code, 3) << vnet.out;
    EXPECT_TRUE(contains(vnet.out, "leases=baseline: this check keeps no history")) << vnet.out;
    auto bad_clock = run_program({check_path("check_datastore"), "--uri", uri},
                                 {{"VIRTCHECK_NOW", "yesterday"}, {"VIRTCHECK_STATE_DIR", (work_ / "state").string()}});
    EXPECT_EQ(bad_clock.exit_code, 3) << bad_clock.out;
    EXPECT_TRUE(contains(bad_clock.out, "VIRTCHECK_NOW='yesterday' is not a number")) << bad_clock.out;
}

class ContainerLearning : public Learning {
protected:
    void SetUp() override {
        Learning::SetUp();
        fs::copy(fs::path(VIRTCHECK_FIXTURES) / "cgroup" / "tree", work_ / "tree", fs::copy_options::recursive);
    }
    void write(const std::string& file, const std::string& text) { std::ofstream(work_ / "tree" / file) << text; }
    Completed container(std::vector<std::string> args, double now) {
        args.insert(args.begin(), {"--root", (work_ / "tree").string(), "--container", "db"});
        return check("check_container", args, now);
    }
};

// db's memory grows 20 MiB a day from 600 MiB towards its 1 GiB limit, runs hourly for two
// weeks: the truth is (1024 - used) / 20 days, 7.2 days at the end. Tolerance 3 %.
TEST_F(ContainerLearning, MemoryForecastOnAMovingCgroupTree) {
    auto used = [](double t) { return (600 + 20 * t / day) * 1048576; };
    Completed run;
    for (double t = 0; t <= 14 * day; t += hour) {
        write("lxc.payload.db/memory.current", std::to_string(static_cast<long long>(used(t))) + "\n");
        run = container({"-w", "time_left=14d:", "-c", "time_left=5d:"}, start + t);
        ASSERT_LE(run.exit_code, 1) << run.out;
    }
    double truth = (1024 * 1048576.0 - used(14 * day)) / (20 * 1048576.0) * day;  // 7.2 days
    auto left = number_in(run.out, "db_time_left");
    ASSERT_TRUE(left) << run.out;
    EXPECT_NEAR(*left, truth, 0.03 * truth) << run.out;
    EXPECT_EQ(run.exit_code, 1) << run.out;
    EXPECT_TRUE(contains(run.out, "memory full in 7d")) << run.out;
    // pids stay at 95 of 100: not filling.
    EXPECT_TRUE(contains(run.out, "pids not filling")) << run.out;
}

// db's CPU: 50 % of its quota from 08:00 to 18:00, 5 % at night, runs hourly. Learning for
// two weeks (two visits of each hour), then 60 % at 03:00 is unusual and 60 % at noon is not.
TEST_F(ContainerLearning, CpuBaselineLearnsTheDay) {
    // db's quota is one CPU (cpu.max 100000 100000): the share of it, written as usage per hour.
    double usage = 5e6;
    auto cpu_share = [](double t) {
        int h = static_cast<int>(std::fmod(t, day) / hour);
        return h >= 8 && h < 18 ? 0.5 : 0.05;
    };
    auto run_at = [&](double t, double share) {
        usage += share * hour * 1e6 * 1;  // one CPU's worth
        write("lxc.payload.db/cpu.stat", "usage_usec " + std::to_string(static_cast<long long>(usage)) + "\n");
        return container({"-w", "cpu=baseline:3", "-c", "cpu=baseline:6"}, start + t);
    };
    Completed run = run_at(0, 0.05);
    EXPECT_EQ(run.exit_code, 0) << run.out;
    for (double t = hour; t < 14 * day + 2 * hour; t += hour) {
        run = run_at(t, cpu_share(t));
        if (t == 2 * hour) {
            EXPECT_TRUE(contains(run.out, "cpu learning (")) << run.out;
        }
        ASSERT_EQ(run.exit_code, 0) << t / day << " days: " << run.out;
    }
    // Day 14 is a Thursday again; 03:00 that night.
    double night = 14 * day + 3 * hour;
    for (double t = 14 * day + 2 * hour; t < night; t += hour) run_at(t, cpu_share(t));
    auto unusual = run_at(night, 0.6);
    EXPECT_GE(unusual.exit_code, 1) << unusual.out;
    EXPECT_TRUE(contains(unusual.out, "(usual at Thu 03:00: ")) << unusual.out;
    double noon = 14 * day + 12 * hour;
    Completed usual;
    for (double t = night + hour; t <= noon; t += hour) usual = run_at(t, t == noon ? 0.55 : cpu_share(t));
    EXPECT_EQ(usual.exit_code, 0) << usual.out;
    EXPECT_FALSE(contains(usual.out, "learning")) << usual.out;
}

}  // namespace
}  // namespace virtcheck
