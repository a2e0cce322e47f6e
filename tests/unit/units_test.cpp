#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "core/number.hpp"
#include "core/units.hpp"
#include "core/version.hpp"

namespace virtcheck {
namespace {

struct Conversion {
    const char* text;
    Unit unit;
    double base;
};

class Converts : public ::testing::TestWithParam<Conversion> {};

TEST_P(Converts, IntoTheBaseUnit) {
    EXPECT_DOUBLE_EQ(parse_quantity(GetParam().text, GetParam().unit), GetParam().base) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(Table, Converts, ::testing::Values(
    Conversion{"12", Unit::Count, 12}, Conversion{"-3.5", Unit::Count, -3.5},
    Conversion{"500ms", Unit::Seconds, 0.5}, Conversion{"250us", Unit::Seconds, 0.00025},
    Conversion{"100ns", Unit::Seconds, 1e-7}, Conversion{"2", Unit::Seconds, 2},
    Conversion{"5m", Unit::Seconds, 300}, Conversion{"5min", Unit::Seconds, 300},
    Conversion{"1h", Unit::Seconds, 3600}, Conversion{"7d", Unit::Seconds, 604800},
    Conversion{"2w", Unit::Seconds, 1209600},
    Conversion{"10GiB", Unit::Bytes, 10737418240.0}, Conversion{"1.5KB", Unit::Bytes, 1500},
    Conversion{"1kB", Unit::Bytes, 1000}, Conversion{"3MiB", Unit::Bytes, 3145728},
    Conversion{"2TB", Unit::Bytes, 2e12}, Conversion{"1PiB", Unit::Bytes, 1125899906842624.0},
    Conversion{"80%", Unit::Percent, 80}, Conversion{"80", Unit::Percent, 80},
    Conversion{"10MiB/s", Unit::BytesPerSecond, 10485760}, Conversion{"100/s", Unit::PerSecond, 100}));

class RefusesUnit : public ::testing::TestWithParam<std::pair<const char*, Unit>> {};

TEST_P(RefusesUnit, WithTheAcceptedUnitsInTheMessage) {
    try {
        parse_quantity(GetParam().first, GetParam().second);
        FAIL() << "accepted " << GetParam().first;
    } catch (const ThresholdError& e) {
        EXPECT_NE(std::string(e.what()).find("use"), std::string::npos) << e.what();
    }
}

INSTANTIATE_TEST_SUITE_P(Table, RefusesUnit, ::testing::Values(
    std::pair{"10GiB", Unit::Seconds}, std::pair{"5%", Unit::Count}, std::pair{"5ms", Unit::Bytes},
    std::pair{"5 ms", Unit::Seconds}, std::pair{"10MiB", Unit::BytesPerSecond}, std::pair{"5gib", Unit::Bytes},
    std::pair{"5%%", Unit::Percent}));

TEST(Numbers, AreWrittenWithoutExponentOrLocale) {
    EXPECT_EQ(format_number(0), "0");
    EXPECT_EQ(format_number(-0.0), "0");
    EXPECT_EQ(format_number(1024), "1024");
    EXPECT_EQ(format_number(0.25), "0.25");
    EXPECT_EQ(format_number(1.6e-6), "0.000002") << "at most 6 decimals, rounded (the guidelines)";
    EXPECT_EQ(format_number(1e-7), "0");
    EXPECT_EQ(format_number(2.5, 0), "2") << "fewer decimals on request";
    EXPECT_EQ(format_number(1e20), "100000000000000000000");
    EXPECT_EQ(format_number(-12.5), "-12.5");
    EXPECT_EQ(format_number(0.1 + 0.2), "0.3");
    EXPECT_EQ(format_number(std::numeric_limits<double>::quiet_NaN()), "0");
}

// fixed_text replaces snprintf("%.Nf") in the texts: it must write what printf writes,
// halfway cases (0.25 -> "0.2", printf rounds the exact binary value) and extremes included.
TEST(Numbers, FixedTextWritesWhatPrintfWrites) {
    auto printf_text = [](double value, int decimals) {
        char buf[400];
        std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
        return std::string(buf);
    };
    std::vector<double> values = {0, -0.0, 0.25, 0.35, 0.05, 2.5, 3.5, -2.5, 0.15, 1.45, 99.95, 1023.95, 1e20, -1e-300,
                                  1.7976931348623157e308, 4.9e-324, 0.1 + 0.2, 12345.6789,
                                  std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                                  std::numeric_limits<double>::quiet_NaN(), -std::numeric_limits<double>::quiet_NaN()};
    std::mt19937_64 random(42);
    for (int i = 0; i < 20000; ++i) {
        std::uint64_t bits = random();
        double any;
        std::memcpy(&any, &bits, sizeof any);
        values.push_back(any);
        values.push_back(static_cast<double>(random() % 2000000) / 20);  // many exact halves
        values.push_back(std::ldexp(static_cast<double>(random() % 100000), -static_cast<int>(random() % 30)));
    }
    for (double value : values)
        for (int decimals : {0, 1, 2})
            ASSERT_EQ(fixed_text(value, decimals), printf_text(value, decimals)) << value << " with " << decimals;
}

TEST(Versions, CompareNumericallyWithMissingPartsAsZero) {
    EXPECT_LT(parse_version("7.2"), parse_version("7.10"));
    EXPECT_EQ(parse_version("7.2"), parse_version("7.2.0"));
    EXPECT_GT(parse_version("10"), parse_version("9.9.9"));
    EXPECT_EQ(unpack_libvirt_version(9000000).to_string(), "9.0.0");
    EXPECT_EQ(unpack_libvirt_version(7002022).to_string(), "7.2.22");
    for (const char* bad : {"", "7.", ".7", "7..2", "a.b", "7.2-rc1", "1.2.3.4.5", "-1"})
        EXPECT_THROW(parse_version(bad), std::invalid_argument) << bad;
}

}  // namespace
}  // namespace virtcheck
