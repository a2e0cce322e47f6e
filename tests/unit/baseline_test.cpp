// Baselines on synthetic series with known answers: a daily cycle learned per hour of the
// week, the learning period, the floor on the deviation, spikes, the clock going back.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <ctime>
#include <random>

#include "core/baseline.hpp"
#include "core/history.hpp"
#include "core/state_store.hpp"

namespace virtcheck {
namespace {

constexpr double hour = 3600, day = 86400, week = 7 * day;
constexpr double thursday = 1767225600;  // 2026-01-01 00:00 UTC, a Thursday
constexpr double tuesday = thursday + 5 * day;

class BaselineTest : public ::testing::Test {
protected:
    void SetUp() override {
        setenv("TZ", "UTC", 1);
        tzset();
    }
};

// CPU of a business VM: 60 % +- 5 from 08:00 to 18:00, 5 % +- 1 at night.
double business_cpu(double t, std::mt19937& random) {
    std::normal_distribution<double> noise(0, 1);
    int hour_of_day = static_cast<int>(std::fmod(t, day) / hour);
    bool working = hour_of_day >= 8 && hour_of_day < 18;
    return working ? 60 + 5 * noise(random) : 5 + noise(random);
}

TEST_F(BaselineTest, HourOfWeekAndItsName) {
    EXPECT_EQ(hour_of_week(thursday), 4 * 24);
    EXPECT_EQ(slot_name(hour_of_week(thursday)), "Thu 00:00");
    EXPECT_EQ(slot_name(hour_of_week(tuesday + 3 * hour + 59 * 60)), "Tue 03:00");
    EXPECT_EQ(slot_name(0), "Sun 00:00");
}

TEST_F(BaselineTest, DailyCycleFlagsTheNightAndNotTheDay) {
    std::mt19937 random(1);
    Baseline b;
    for (double t = thursday; t < thursday + 3 * week; t += 300) b.learn(t, business_cpu(t, random), 1);
    const Deviations three{3};
    double night = thursday + 3 * week + 5 * day + 3 * hour;  // a Tuesday, 03:00
    Band usual_night = b.band(night, 1);
    EXPECT_FALSE(usual_night.learning);
    EXPECT_EQ(slot_name(usual_night.slot), "Tue 03:00");
    EXPECT_NEAR(usual_night.mean, 5, 1);
    EXPECT_NEAR(usual_night.deviation, 1, 0.5);
    EXPECT_TRUE(usual_night.outside(71, three));   // 71 % at 03:00: unusual
    EXPECT_FALSE(usual_night.outside(6, three));
    Band usual_noon = b.band(night + 9 * hour, 1);  // Tuesday 12:00
    EXPECT_NEAR(usual_noon.mean, 60, 3);
    EXPECT_FALSE(usual_noon.outside(71, three));   // 71 % at noon: within 3 deviations of 60 +- 5
    EXPECT_TRUE(usual_noon.outside(95, three));
}

TEST_F(BaselineTest, LearningPeriodIsTwoVisitsOfTheHour) {
    Baseline b;
    double t = thursday;
    for (; t < thursday + day; t += 300) b.learn(t, 10, 1);
    Band first = b.band(thursday + 10 * hour, 1);
    EXPECT_TRUE(first.learning);
    EXPECT_EQ(first.samples, 12u);
    EXPECT_EQ(first.needed, 24u);
    EXPECT_FALSE(first.outside(1000, {3}));  // no alert while learning
    for (t = thursday + week; t < thursday + week + day; t += 300) b.learn(t, 10, 1);
    Band second = b.band(thursday + week + 10 * hour, 1);
    EXPECT_FALSE(second.learning);
    EXPECT_EQ(second.samples, 24u);
}

TEST_F(BaselineTest, FloorKeepsAFlatSeriesQuiet) {
    Baseline b;
    for (double t = thursday; t < thursday + 2 * week + hour; t += 300) b.learn(t, 10, 1);
    Band band = b.band(thursday + 2 * week + 30 * 60, 1);
    EXPECT_FALSE(band.learning);
    EXPECT_DOUBLE_EQ(band.deviation, 1);
    EXPECT_FALSE(band.outside(12.5, {3}));
    EXPECT_TRUE(band.outside(13.5, {3}));
    EXPECT_TRUE(band.outside(6.5, {3}));
    EXPECT_FALSE(band.outside(6.5, {3, Deviations::Side::Above}));
    EXPECT_FALSE(band.outside(13.5, {3, Deviations::Side::Below}));
}

TEST_F(BaselineTest, SpikeDoesNotWidenTheBand) {
    std::mt19937 random(2);
    Baseline b;
    for (double t = thursday; t < thursday + 3 * week; t += 300) b.learn(t, business_cpu(t, random), 1);
    double night = thursday + 3 * week + 3 * hour;
    Band before = b.band(night, 1);
    b.learn(night, 100, 1);  // one run at 100 %
    Band after = b.band(night + 300, 1);
    EXPECT_LT(after.deviation, before.deviation * 2.5);
    EXPECT_TRUE(after.outside(71, {3}));
}

TEST_F(BaselineTest, SameAnswerAtAnyInterval) {
    std::mt19937 r1(3), r2(3);
    Baseline minute, quarter;
    for (double t = thursday; t < thursday + 3 * week; t += 60) minute.learn(t, business_cpu(t, r1), 1);
    for (double t = thursday; t < thursday + 3 * week; t += 900) quarter.learn(t, business_cpu(t, r2), 1);
    for (double at : {3.0, 12.0}) {
        Band a = minute.band(thursday + 3 * week + at * hour, 1), b = quarter.band(thursday + 3 * week + at * hour, 1);
        EXPECT_NEAR(a.mean, b.mean, 2) << at;
        EXPECT_NEAR(a.deviation, b.deviation, 2) << at;
        EXPECT_FALSE(a.learning);
        EXPECT_FALSE(b.learning);
    }
}

TEST_F(BaselineTest, ClockBackIsNotLearned) {
    Baseline b;
    EXPECT_TRUE(b.learn(thursday + day, 10, 1));
    EXPECT_FALSE(b.learn(thursday, 50, 1));
    EXPECT_FALSE(b.learn(thursday + day, 50, 1));
    EXPECT_DOUBLE_EQ(b.band(thursday + day, 1).mean, 10);
    EXPECT_FALSE(b.learn(thursday + 2 * day, NAN, 1));
}

TEST_F(BaselineTest, GapOfDaysCountsAsOneStep) {
    Baseline b;
    b.learn(thursday, 10, 1);
    b.learn(thursday + 10 * day, 20, 1);  // ten days later: stands for an hour, not ten days
    EXPECT_LE(b.all_slots()[static_cast<std::size_t>(hour_of_week(thursday + 10 * day))].covered, Baseline::max_step);
}

TEST(HistoryFile, RoundTripsSeriesAndBaselines) {
    History history;
    for (int i = 0; i < 50; ++i) history.series("pool/used").add(1767225600 + i * 3600.0, 1e9 + i * 1e6, 1e11);
    for (int i = 0; i < 500; ++i) history.baseline("vm/cpu").learn(1767225600 + i * 300.0, 10 + i % 7, 1);
    std::string owner = "check_vm_cpu 0123456789abcdef";
    auto text = format_history(history, owner);
    std::string why;
    auto back = parse_history(text, owner, why);
    ASSERT_TRUE(back) << text.substr(0, 200);
    EXPECT_EQ(format_history(*back, owner), text);
    const auto& points = back->all_series().at("pool/used").points();
    EXPECT_EQ(points.back().value, 1e9 + 49 * 1e6);
    EXPECT_EQ(back->all_baselines().at("vm/cpu").last_time(), history.all_baselines().at("vm/cpu").last_time());
}

TEST(HistoryFile, ForeignCorruptAndCutShortAreRefused) {
    History history;
    history.series("a").add(1767225600, 1, 10);
    std::string owner = "check_datastore 0123456789abcdef";
    auto text = format_history(history, owner);
    std::string why;
    EXPECT_FALSE(parse_history(text, "check_datastore fedcba9876543210", why));
    EXPECT_EQ(why.rfind("foreign", 0), 0u) << why;
    // Cut short, added to, changed: the checksum of the end line no longer matches.
    std::string changed = text;
    changed[changed.find("series\ta") + 7] = 'b';  // another key
    for (const auto& torn : {text.substr(0, text.size() - 4), text + "x\n", changed, text.substr(0, text.size() / 2)}) {
        EXPECT_FALSE(parse_history(torn, owner, why)) << torn;
        EXPECT_EQ(why.rfind("unreadable", 0), 0u) << why;
    }
    // Well signed, but not a history: each must be refused on its content.
    auto signed_text = [](std::string body) { return body + "end " + content_checksum(body) + "\n"; };
    const std::string head = "virtcheck-history 2\nowner\t" + owner + "\n";
    const std::string bad[] = {
        "",
        signed_text("virtcheck-history 1\nowner\t" + owner + "\n"),                 // another version
        signed_text(head + "series\ta\t10\t2\n1767225600\t1\n"),                    // fewer points than said
        signed_text(head + "series\ta\t10\t1\n1767225600\t1e5\n"),                  // not a plain decimal
        signed_text(head + "series\ta\t10\t999999\n"),                               // beyond the bound
        signed_text(head + "baseline\tb\t1\t300\t1\n168\t1\t1\t1\t1\n"),            // no slot 168
        signed_text(head + "baseline\tb\t1\t300\t1\n3\t1\t1\t-1\t1\n"),             // negative deviation
        signed_text(head + "nonsense\tb\t1\t300\n")};
    for (const auto& text_bad : bad) {
        EXPECT_FALSE(parse_history(text_bad, owner, why)) << text_bad;
        EXPECT_EQ(why, "unreadable");
    }
    // And the same signing of a good body is accepted (the cases above fail on content).
    EXPECT_TRUE(parse_history(signed_text(head + "series\ta\t10\t1\n1767225600\t1\n"), owner, why)) << why;
}

TEST(HistoryFile, ExpiresObjectsNotSeenForWeeks) {
    History history;
    history.series("gone").add(1767225600, 1, 10);
    history.series("here").add(1767225600 + 40 * 86400.0, 1, 10);
    history.baseline("gone").learn(1767225600, 1, 1);
    history.expire(1767225600 + 40 * 86400.0);
    EXPECT_EQ(history.all_series().size(), 1u);
    EXPECT_TRUE(history.find_series("here"));
    EXPECT_TRUE(history.all_baselines().empty());
}

TEST(HistoryFile, AYearAtOneMinuteStaysAFewKiB) {
    // One fill series and one baseline, driven through 525,600 one-minute runs.
    setenv("TZ", "UTC", 1);
    tzset();
    History history;
    std::mt19937 random(4);
    for (double t = 0; t < 365 * day; t += 60) {
        double now = thursday + t;
        history.series("pool/used").add(now, 5e10 + t * 100, 1e12);
        history.baseline("pool/used_percent").learn(now, business_cpu(t, random), 1);
    }
    auto text = format_history(history, "check_datastore 0123456789abcdef");
    EXPECT_LT(text.size(), 8 * 1024u) << text.size();
    RecordProperty("history_bytes", static_cast<int>(text.size()));
}

}  // namespace
}  // namespace virtcheck
