// Perfdata formatting, state order, the result tree and both renderers.
#include <gtest/gtest.h>

#include <limits>
#include <map>

#include <nlohmann/json.hpp>
#include <regex>

#include "core/perfdata.hpp"
#include "core/render.hpp"
#include "core/text.hpp"

namespace virtcheck {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
        lines.push_back(text.substr(start, end - start));
    return lines;
}

TEST(States, OrderIsCriticalUnknownWarningOk) {
    EXPECT_EQ(worst(State::Critical, State::Unknown), State::Critical);
    EXPECT_EQ(worst(State::Unknown, State::Critical), State::Critical);
    EXPECT_EQ(worst(State::Unknown, State::Warning), State::Unknown);
    EXPECT_EQ(worst(State::Warning, State::Ok), State::Warning);
    EXPECT_EQ(worst(State::Ok, State::Ok), State::Ok);
    EXPECT_EQ(exit_code(State::Unknown), 3);
    EXPECT_EQ(exit_code(State::Critical), 2);
}

TEST(States, TreeTakesTheWorstFromAnyDepth) {
    Result root{State::Ok, "root"};
    root.add({State::Warning, "a"}).add({State::Critical, "deep"});
    root.add({State::Unknown, "b"});
    EXPECT_EQ(root.overall(), State::Critical);
}

TEST(Perfdata, FullItem) {
    Perfdata item{"time", 0.25, Unit::Seconds, parse_range("1"), parse_range("2:"), 0, 10};
    EXPECT_EQ(format_perfdata(item), "'time'=0.25s;1;2:;0;10");
}

TEST(Perfdata, TrailingEmptyFieldsAreLeftOut) {
    EXPECT_EQ(format_perfdata({"vms", 3}), "'vms'=3");
    EXPECT_EQ(format_perfdata({"vms", 3, Unit::Count, {}, {}, 0}), "'vms'=3;;;0");
    EXPECT_EQ(format_perfdata({"used", 80, Unit::Percent, {}, parse_range("90")}), "'used'=80%;;90");
}

TEST(Perfdata, UnknownValueIsU) {
    EXPECT_EQ(format_perfdata({"x", std::nullopt, Unit::Bytes}), "'x'=U");
    EXPECT_EQ(format_perfdata({"x", std::numeric_limits<double>::quiet_NaN()}), "'x'=U");
}

TEST(Perfdata, LargeAndSmallValuesHaveNoExponent) {
    EXPECT_EQ(format_perfdata({"m", 1e20, Unit::Bytes}), "'m'=100000000000000000000B");
    EXPECT_EQ(format_perfdata({"t", 1.6e-6, Unit::Seconds}), "'t'=0.000002s");
    EXPECT_EQ(format_perfdata({"b", 1023.6, Unit::Bytes}), "'b'=1024B") << "bytes are whole";
    EXPECT_EQ(format_perfdata({"p", 66.666666667, Unit::Percent}), "'p'=66.667%");
}

TEST(Perfdata, LabelsFromOutsideAreFolded) {
    EXPECT_EQ(perfdata_label("Web 01|x='1'", "cpu"), "web_01_x__1__cpu");
    EXPECT_EQ(format_perfdata({"it's=bad", 1}), "'it_s_bad'=1");
}

TEST(Perfdata, UnknownValuesAreLeftOutNeverU) {
    Result root;
    root.perfdata = {{"known", 1}, {"unknown", std::nullopt}, {"nan", std::numeric_limits<double>::quiet_NaN()}};
    auto all = collect_perfdata(root);
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].label, "known");
    EXPECT_EQ(render_text(root, {"X"}), "X OK | 'known'=1\n");
}

TEST(Perfdata, CountersCarryTheUnitC) {
    Perfdata bytes{"rx_bytes_total", 123456789, Unit::Bytes};
    bytes.counter = true;
    EXPECT_EQ(format_perfdata(bytes), "'rx_bytes_total'=123456789c");
    Perfdata seconds{"cpu_time_total", 12.3456789, Unit::Seconds};
    seconds.counter = true;
    EXPECT_EQ(format_perfdata(seconds), "'cpu_time_total'=12.345679c") << "CPU seconds to the microsecond";
}

// Two objects whose names fold to one label: the suffix comes from each one's identity, so the
// series keep their labels whichever comes first.
TEST(Perfdata, FoldedNamesGetSuffixesFromTheirIdentity) {
    auto labels = [](bool swapped) {
        Perfdata a{"web_01_cpu", 1}, b{"web_01_cpu", 2};
        a.identity = "web.01-uuid", b.identity = "web 01-uuid";
        Result root;
        root.perfdata = swapped ? std::vector<Perfdata>{b, a} : std::vector<Perfdata>{a, b};
        std::map<double, std::string> by_value;
        for (const auto& p : collect_perfdata(root)) by_value[*p.value] = p.label;
        return by_value;
    };
    auto first = labels(false), second = labels(true);
    EXPECT_EQ(first, second);
    EXPECT_NE(first[1], first[2]);
    EXPECT_EQ(first[1].rfind("web_01_cpu_", 0), 0u) << first[1];
}

TEST(Perfdata, RepeatedLabelsAreMadeUnique) {
    Result root;
    root.perfdata = {{"a", 1}, {"a", 2}, {"A", 3}};
    auto all = collect_perfdata(root);
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].label, "a");
    EXPECT_EQ(all[1].label, "a_2");
    EXPECT_EQ(all[2].label, "a_3");
}

TEST(Escaping, HostileNamesCannotForgeOutput) {
    const std::string vm = "x|y=1\nCRITICAL - fake\r\x01";
    EXPECT_EQ(escape_text(vm), "x\u00a6y=1\\nCRITICAL - fake\\r\\x01");
    EXPECT_EQ(escape_text("bad \xff\xfe utf8 \xc3\xa9"), "bad \\xFF\\xFE utf8 \xc3\xa9");

    Result root{State::Ok, "1 VM"};
    root.add({State::Warning, "VM " + vm + " paused"});
    root.perfdata = {{"vms", 1}};
    std::string out = render_text(root, {"VM_STATE"});
    auto lines = lines_of(out);
    ASSERT_EQ(lines.size(), 2u) << out;
    EXPECT_EQ(lines[0].find('|'), lines[0].rfind('|'));  // the one '|' is the perfdata separator
    EXPECT_EQ(lines[0].substr(lines[0].find('|')), "| 'vms'=1");
    EXPECT_EQ(lines[1].rfind("[WARNING] VM x", 0), 0u) << lines[1];
    for (const auto& line : lines) EXPECT_NE(line.rfind("CRITICAL", 0), 0u) << line;
}

TEST(Escaping, UnicodeLineBreaksBidiControlsAndC1AreEscaped) {
    // Tools that split on Unicode line breaks, and terminals that honour bidi overrides, must
    // not see a name from outside as a line of its own or reordered text.
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"\xc2\x80", "\\u0080"}, {"\xc2\x85", "\\u0085"}, {"\xc2\x9f", "\\u009F"},
        {"\xe2\x80\xa8", "\\u2028"}, {"\xe2\x80\xa9", "\\u2029"}, {"\xe2\x80\xaa", "\\u202A"},
        {"\xe2\x80\xab", "\\u202B"}, {"\xe2\x80\xac", "\\u202C"}, {"\xe2\x80\xad", "\\u202D"},
        {"\xe2\x80\xae", "\\u202E"}, {"\xe2\x81\xa6", "\\u2066"}, {"\xe2\x81\xa7", "\\u2067"},
        {"\xe2\x81\xa8", "\\u2068"}, {"\xe2\x81\xa9", "\\u2069"}};
    for (const auto& [raw, escaped] : cases)
        EXPECT_EQ(escape_text("x" + raw + "CRITICAL - fake"), "x" + escaped + "CRITICAL - fake") << escaped;
    EXPECT_EQ(escape_text("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80")
        << "other characters stay as they are";

    const std::string vm = "x\xe2\x80\xa8" "CRITICAL - fake \xe2\x80\xae" "evil\xc2\x85";
    Result root{State::Ok, "1 VM"};
    root.add({State::Warning, "VM " + vm + " paused"}).perfdata.push_back({perfdata_label(vm, "cpu"), 1});
    for (const std::string& out : {render_text(root, {"VM_STATE", 1}), render_json(root, {"VM_STATE", 1})}) {
        for (const auto& [raw, escaped] : cases) EXPECT_EQ(out.find(raw), std::string::npos) << escaped << " in " << out;
    }
    auto json = nlohmann::json::parse(render_json(root, {"VM_STATE"}));
    EXPECT_EQ(json["partials"][0]["text"], "VM " + vm + " paused") << "JSON escapes them, its readers get the name";
}

TEST(TextRenderer, LineOneHasWorstProblemsFirst) {
    Result root{State::Ok, "3 VMs"};
    root.add({State::Ok, "vm1 fine"});
    root.add({State::Warning, "vm2 slow"});
    root.add({State::Critical, "vm3 down"});
    auto lines = lines_of(render_text(root, {"VM_STATE"}));
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0], "VM_STATE CRITICAL - vm3 down - vm2 slow - 3 VMs") << "no ';': Nagios would rewrite it";
    EXPECT_EQ(lines[1], "[WARNING] vm2 slow");
    EXPECT_EQ(lines[2], "[CRITICAL] vm3 down");
    auto verbose = lines_of(render_text(root, {"VM_STATE", 1}));
    EXPECT_EQ(verbose.size(), 4u);
    EXPECT_EQ(verbose[1], "[OK] vm1 fine");
}

TEST(TextRenderer, StaysUnder8KiBCuttingLongOutputFirst) {
    Result root{State::Ok, "many"};
    for (int i = 0; i < 200; ++i) {
        auto& vm = root.add({State::Critical, "vm" + std::to_string(i) + " is very much not well at all"});
        vm.perfdata.push_back({"vm" + std::to_string(i) + "_cpu", i * 1.0, Unit::Percent});
    }
    // Perfdata that fits stays whole; the long output is cut, saying so.
    std::string out = render_text(root, {"VM_CPU", 0, 8192});
    auto lines = lines_of(out);
    EXPECT_LE(out.size(), 8192u);
    EXPECT_NE(lines[0].find("'vm199_cpu'=199%"), std::string::npos);
    EXPECT_EQ(lines[0].find("left out"), std::string::npos) << lines[0];
    EXPECT_NE(out.find("more lines cut"), std::string::npos);
    EXPECT_EQ(lines.back().rfind("... ", 0), 0u);
}

// 300 VMs with 300-character names once made line 1 97-189 KB; Nagios keeps 8 KB.
TEST(TextRenderer, PerfdataOverTheLimitKeepsTheWorstObjectsAndSaysHowManyWereLeftOut) {
    Result root{State::Ok, ""};
    root.perfdata.push_back({"vms", 300, Unit::Count, {}, {}, 0});
    for (int i = 0; i < 300; ++i) {
        std::string name = "vm" + std::to_string(1000 + i) + "-" + std::string(293, 'x');
        State state = i % 30 == 7 ? State::Critical : i % 30 == 11 ? State::Warning : State::Ok;
        auto& vm = root.add({state, name + " cpu " + std::to_string(i) + "%"});
        vm.perfdata.push_back({perfdata_label(name, "cpu"), static_cast<double>(i), Unit::Percent, {}, {}, 0, 100});
        vm.perfdata.push_back({perfdata_label(name, "steal"), 0.5, Unit::Percent, {}, {}, 0, 100});
    }
    root.text = "300 VMs";
    std::string out = render_text(root, {"VM_CPU", 0, 8192});
    EXPECT_LE(out.size(), 8192u);
    std::string line1 = lines_of(out).at(0);
    EXPECT_EQ(line1.rfind("VM_CPU CRITICAL - ", 0), 0u) << "the summary stays: " << line1.substr(0, 200);
    EXPECT_NE(line1.find("'vms'=300;;;0"), std::string::npos) << "the check's own figures stay";
    std::smatch left_out;
    ASSERT_TRUE(std::regex_search(line1, left_out, std::regex("perfdata of ([0-9]+) of 300 objects left out")))
        << line1.substr(0, 400);
    const std::string perf = line1.substr(line1.find(" | ") + 3);
    std::size_t kept_objects = 0;
    for (int i = 0; i < 300; ++i) {
        std::string label = perfdata_label("vm" + std::to_string(1000 + i) + "-" + std::string(293, 'x'), "cpu");
        EXPECT_LE(label.size(), 80u) << "labels are bounded";
        bool kept = perf.find("'" + label + "'=") != std::string::npos;
        kept_objects += kept;
        if (i % 30 == 7 || i % 30 == 11) {
            EXPECT_TRUE(kept) << "the perfdata of a VM in trouble was cut: " << i;
        }
    }
    EXPECT_EQ(kept_objects + std::stoul(left_out[1]), 300u);
    EXPECT_GT(kept_objects, 20u) << "as many objects as fit";
}

// Leaving objects out must not change the labels of those kept: two VMs whose names fold
// to one label keep the suffixes they have when all perfdata fits.
TEST(TextRenderer, PerfdataLeftOutKeepsTheLabelsOfTheRest) {
    Result root{State::Ok, "many VMs"};
    auto add_vm = [&](State state, const std::string& name, const std::string& uuid) {
        auto& vm = root.add({state, name + " busy"});
        Perfdata cpu{perfdata_label(name, "cpu"), 50.0, Unit::Percent};
        cpu.identity = uuid;
        vm.perfdata.push_back(cpu);
    };
    add_vm(State::Critical, "web 1", "uuid-a");
    for (int i = 0; i < 400; ++i) add_vm(State::Ok, "vm" + std::to_string(i) + std::string(30, 'x'), "u" + std::to_string(i));
    add_vm(State::Ok, "web_1", "uuid-b");  // last: its perfdata is left out
    std::string label;
    for (const auto& item : collect_perfdata(root))
        if (item.identity == "uuid-a") label = item.label;
    ASSERT_NE(label, "web_1_cpu") << "the two VMs share a label: it gets a suffix";
    std::string out = render_text(root, {"VM_CPU", 0, 8192});
    std::string line1 = lines_of(out).at(0);
    ASSERT_NE(line1.find("objects left out"), std::string::npos) << line1.substr(0, 300);
    EXPECT_NE(line1.find("'" + label + "'=50%"), std::string::npos) << label << " in " << line1.substr(0, 600);
    EXPECT_EQ(line1.find("'web_1_cpu'="), std::string::npos) << line1.substr(0, 600);
}

TEST(TextRenderer, OverlongSummaryIsCutOnACharacterBoundary) {
    std::string accents;
    for (int i = 0; i < 5000; ++i) accents += "\u00e9";  // two bytes each
    for (std::size_t limit : {100u, 101u, 102u}) {
        std::string out = render_text(Result{State::Ok, accents}, {"X", 0, limit});
        EXPECT_LE(out.size(), limit);
        EXPECT_EQ(escape_text(out).find("\\x"), std::string::npos) << "split UTF-8 sequence at " << limit;
    }
}

TEST(JsonRenderer, CarriesTheSameTree) {
    Result root{State::Ok, "name with | and \n and \xff"};
    root.add({State::Warning, "slow"}).perfdata.push_back({"time", 1.5, Unit::Seconds, parse_range("1")});
    auto json = nlohmann::json::parse(render_json(root, {"HYPERVISOR"}));
    EXPECT_EQ(json["check"], "HYPERVISOR");
    EXPECT_EQ(json["state"], "WARNING");
    EXPECT_EQ(json["exit_code"], 1);
    EXPECT_EQ(json["partials"][0]["text"], "slow");
    EXPECT_EQ(json["all_perfdata"][0]["label"], "time");
    EXPECT_EQ(json["all_perfdata"][0]["warning"], "1");
    EXPECT_DOUBLE_EQ(json["all_perfdata"][0]["value"].get<double>(), 1.5);
    EXPECT_EQ(json["text"], "name with | and \n and \ufffd");
}

}  // namespace
}  // namespace virtcheck
