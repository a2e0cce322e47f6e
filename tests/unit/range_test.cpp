// The range grammar of the plugin guidelines, row by row, at the edges.
#include <gtest/gtest.h>

#include <cmath>

#include "core/range.hpp"
#include "core/threshold.hpp"

namespace virtcheck {
namespace {

struct Row {
    const char* range;
    double value;
    bool alerts;
};

class GuidelineTable : public ::testing::TestWithParam<Row> {};

TEST_P(GuidelineTable, AlertsExactlyAsTheGuidelinesSay) {
    const Row& row = GetParam();
    EXPECT_EQ(parse_range(row.range).alerts(row.value), row.alerts) << row.range << " at " << row.value;
}

constexpr double eps = 1e-9;

INSTANTIATE_TEST_SUITE_P(Rows, GuidelineTable, ::testing::Values(
    // "10": alert when < 0 or > 10
    Row{"10", -eps, true}, Row{"10", 0, false}, Row{"10", 5, false}, Row{"10", 10, false}, Row{"10", 10 + eps, true},
    // "10:": alert when < 10
    Row{"10:", 10 - eps, true}, Row{"10:", 10, false}, Row{"10:", 1e12, false},
    // "~:10": alert when > 10
    Row{"~:10", -1e12, false}, Row{"~:10", 10, false}, Row{"~:10", 10 + eps, true},
    // "10:20": alert when < 10 or > 20
    Row{"10:20", 10 - eps, true}, Row{"10:20", 10, false}, Row{"10:20", 20, false}, Row{"10:20", 20 + eps, true},
    // "@10:20": alert when 10 <= x <= 20
    Row{"@10:20", 10 - eps, false}, Row{"@10:20", 10, true}, Row{"@10:20", 20, true}, Row{"@10:20", 20 + eps, false},
    // negative ends and an empty start
    Row{"-10:-5", -10, false}, Row{"-10:-5", -4.5, true}, Row{":5", -eps, true}, Row{":5", 5, false},
    Row{"@~:0", -3, true}, Row{"@~:0", eps, false}));

class InvalidRange : public ::testing::TestWithParam<const char*> {};

TEST_P(InvalidRange, IsRejectedWithAReason) {
    try {
        parse_range(GetParam());
        FAIL() << "accepted '" << GetParam() << "'";
    } catch (const ThresholdError& e) {
        EXPECT_NE(std::string(e.what()).find("invalid range"), std::string::npos) << e.what();
    }
}

INSTANTIATE_TEST_SUITE_P(Guidelines, InvalidRange, ::testing::Values(
    "2:1", "", ":", "@", "1-10", "foo", "@:", "~", "10::20", "1e3", "inf", "nan", "+5", " 10", "10 ",
    "5ms", "0x10", "1,5", "--1", "@@1", "~:~"));

TEST(RangeText, PerfdataFormIsCanonicalInTheBaseUnit) {
    EXPECT_EQ(parse_range("10").to_string(), "10");
    EXPECT_EQ(parse_range("10:").to_string(), "10:");
    EXPECT_EQ(parse_range("~:10").to_string(), "~:10");
    EXPECT_EQ(parse_range("@10:20").to_string(), "@10:20");
    EXPECT_EQ(parse_range("500ms", Unit::Seconds).to_string(), "0.5");
    EXPECT_EQ(parse_range("10GiB:", Unit::Bytes).to_string(), "10737418240:");
    EXPECT_EQ(parse_range("1h:7d", Unit::Seconds).to_string(), "3600:604800");
}

TEST(Thresholds, CriticalIsEvaluatedBeforeWarning) {
    auto t = parse_thresholds(std::string("5"), std::string("10"), Unit::Count);
    EXPECT_EQ(t.evaluate(3), State::Ok);
    EXPECT_EQ(t.evaluate(7), State::Warning);
    EXPECT_EQ(t.evaluate(11), State::Critical);
    // A critical range inside the warning range still wins.
    auto overlapping = parse_thresholds(std::string("~:1"), std::string("~:2"), Unit::Count);
    EXPECT_EQ(overlapping.evaluate(3), State::Critical);
}

TEST(Thresholds, AbsentMeansNotEvaluated) {
    auto none = parse_thresholds(std::nullopt, std::nullopt, Unit::Count);
    EXPECT_EQ(none.evaluate(-1e300), State::Ok);
    EXPECT_EQ(none.evaluate(1e300), State::Ok);
    auto only_critical = parse_thresholds(std::nullopt, std::string("@0"), Unit::Count);
    EXPECT_EQ(only_critical.evaluate(0), State::Critical);
    EXPECT_EQ(only_critical.evaluate(1), State::Ok);
}

TEST(Thresholds, ErrorsNameTheOption) {
    try {
        parse_thresholds(std::string("1"), std::string("x"), Unit::Count);
        FAIL();
    } catch (const ThresholdError& e) {
        EXPECT_NE(std::string(e.what()).find("-c/--critical"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace virtcheck
