// VM selection, check_vm_state's rules and check_vm_cpu's rates, on made-up domain stats.
#include <gtest/gtest.h>
#include <libvirt/libvirt.h>

#include <cstring>

#include "command_line.hpp"
#include "collect/libvirt/module/domain_stats.hpp"
#include "core/errors.hpp"
#include "core/render.hpp"
#include "evaluate/vm_cpu.hpp"
#include "evaluate/vm_state.hpp"

namespace virtcheck {
namespace {

using model::VmState;
using model::Vm;

model::Vm vm(std::string name, model::VmState state, int reason = 0, int id = 1) {
    model::Vm d;
    d.name = std::move(name);
    d.uuid = "uuid-" + d.name;
    d.state = state;
    d.reason = reason;
    d.id = state == model::VmState::Shutoff ? -1 : id;
    return d;
}

auto no_autostart = [](const model::Vm&) { return std::optional<bool>(false); };

TEST(Selection, NamesPatternsAndUuids) {
    CommandLine s({"--include", "^web", "--include", "uuid-db", "--exclude", "2$"});
    EXPECT_TRUE(s.selection.selects("web1", ""));
    EXPECT_FALSE(s.selection.selects("web2", ""));
    EXPECT_TRUE(s.selection.selects("db", "uuid-db"));
    EXPECT_FALSE(s.selection.selects("mail", "uuid-mail"));
    CommandLine named({"--vm", "a b"});
    EXPECT_TRUE(named.selection.selects("a b", ""));
    EXPECT_FALSE(named.selection.selects("a", ""));
}

TEST(Selection, BadPatternOrStateIsAUsageError) {
    CommandLine s;
    EXPECT_THROW(CommandLine({"--include", "("}), UsageError);
    EXPECT_THROW(CommandLine({"--no-match", "maybe"}), UsageError);
}

TEST(VmState, DefaultsForTroubledVms) {
    CommandLine s;
    std::vector<model::Vm> vms = {vm("ok", model::VmState::Running), vm("dead", model::VmState::Crashed),
                                    vm("io", model::VmState::Paused, 5), vm("user", model::VmState::Paused, 1),
                                    vm("off", model::VmState::Shutoff)};
    auto result = evaluate_vm_state(vms, s.selection, {}, {}, no_autostart);
    EXPECT_EQ(result.overall(), State::Critical);
    EXPECT_EQ(summary(result), "2 of 5 VMs CRITICAL: dead crashed, io paused (I/O error) - 1 running, 2 paused, "
                               "1 shutoff, 1 crashed");
    std::string perf;
    for (const auto& p : collect_perfdata(result)) perf += format_perfdata(p) + " ";
    EXPECT_EQ(perf, "'running'=1;;;0 'blocked'=0;;;0 'paused'=2;;;0 'shutdown'=0;;;0 'shutoff'=1;;;0 "
                    "'crashed'=1;;;0 'pmsuspended'=0;;;0 'vms'=5;;;0 ");
    std::vector<model::Vm> only_paused = {vm("user", model::VmState::Paused, 1)};
    EXPECT_EQ(evaluate_vm_state(only_paused, s.selection, {}, {}, no_autostart).overall(), State::Warning);
}

TEST(VmState, ShutOffButAutostartWarns) {
    CommandLine s;
    int asked = 0;
    std::vector<model::Vm> vms = {vm("on", model::VmState::Running), vm("off", model::VmState::Shutoff)};
    auto result = evaluate_vm_state(vms, s.selection, {}, {}, [&](const model::Vm& d) {
        ++asked;
        EXPECT_EQ(d.name, "off");
        return std::optional<bool>(true);
    });
    EXPECT_EQ(asked, 1) << "autostart is asked only for shut-off VMs";
    EXPECT_EQ(result.overall(), State::Warning);
    EXPECT_EQ(summary(result).rfind("1 of 2 VMs WARNING: off shutoff but set to autostart", 0), 0u);
}

TEST(VmState, ExpectRulesOverrideDefaults) {
    CommandLine s;
    auto rules = parse_state_rules({"^db-=running", "^template-=shutoff,crashed"}, {"^=running,paused"});
    std::vector<model::Vm> vms = {vm("db-1", model::VmState::Paused, 1), vm("template-a", model::VmState::Crashed),
                                    vm("template-b", model::VmState::Running), vm("other", model::VmState::Shutoff)};
    auto result = evaluate_vm_state(vms, s.selection, rules, {}, no_autostart);
    ASSERT_EQ(result.partials.size(), 4u);
    auto state_of = [&](const std::string& name) {
        for (const auto& partial : result.partials)
            if (partial.text.starts_with(name + " ")) return partial.state;
        ADD_FAILURE() << "no result for " << name;
        return State::Unknown;
    };
    EXPECT_EQ(result.partials[0].text, "db-1 paused (expected running)") << "sorted by name";
    EXPECT_EQ(state_of("db-1"), State::Critical);
    EXPECT_EQ(state_of("template-a"), State::Ok) << "crashed is allowed for templates";
    EXPECT_EQ(state_of("template-b"), State::Critical);
    EXPECT_EQ(state_of("other"), State::Warning) << "--expect-warn catches the rest";
}

TEST(VmState, RuleSyntax) {
    for (const char* bad : {"norule", "=running", "db=", "db=sleeping", "(=running", "db=running,"})
        EXPECT_THROW(parse_state_rule(bad, State::Critical), UsageError) << bad;
    auto rule = parse_state_rule("a=b=shutoff", State::Warning);  // split at the last '='
    EXPECT_TRUE(std::regex_search("a=b", rule.pattern));
}

TEST(VmState, RunningThresholdsMissingNamesAndEmptySelection) {
    CommandLine named({"--vm", "ghost", "--vm", "ok"});
    std::vector<model::Vm> vms = {vm("ok", model::VmState::Running)};
    auto missing = evaluate_vm_state(vms, named.selection, {}, {}, no_autostart);
    EXPECT_EQ(missing.overall(), State::Critical);
    EXPECT_EQ(summary(missing).rfind("1 of 2 VMs CRITICAL: VM ghost does not exist", 0), 0u) << summary(missing);

    CommandLine s;
    auto need_two = thresholds_of(vm_state::metrics, {"-c", "2:"});
    auto too_few = evaluate_vm_state(vms, s.selection, {}, need_two, no_autostart);
    EXPECT_EQ(too_few.overall(), State::Critical);
    EXPECT_EQ(summary(too_few), "1 VMs running is CRITICAL - 1 VM OK - 1 running");

    CommandLine none({"--include", "^nothing$", "--no-match", "warning"});
    auto empty = evaluate_vm_state(vms, none.selection, {}, {}, no_autostart);
    EXPECT_EQ(empty.overall(), State::Warning);
    EXPECT_EQ(summary(empty), "no VM matches the selection");
}

model::Vm running_vm(std::string name, std::uint64_t cpu_ns, unsigned vcpus, int id = 1) {
    model::Vm d = vm(std::move(name), model::VmState::Running, 1, id);
    d.cpu_time_ns = cpu_ns;
    d.vcpus = vcpus;
    return d;
}

TEST(VmCpu, PercentOfVcpusFromCounterDeltas) {
    CommandLine s;
    auto before = vm_cpu_sample({running_vm("a", 0, 2), running_vm("b", 1'000'000'000, 4)}, 100);
    std::vector<model::Vm> now = {running_vm("a", 1'500'000'000, 2), running_vm("b", 2'000'000'000, 4)};
    Rates rates(before, vm_cpu_sample(now, 101));
    auto rules = thresholds_of(vm_cpu::metrics, {"-w", "50", "-c", "90"});
    auto result = evaluate_vm_cpu(now, rates, s.selection, rules, "");
    EXPECT_EQ(result.overall(), State::Warning);
    EXPECT_EQ(summary(result), "1 of 2 VMs WARNING: a 75.0%");
    std::string perf;
    for (const auto& p : collect_perfdata(result)) perf += format_perfdata(p) + " ";
    EXPECT_EQ(perf, "'vms'=2;;;0 'cpu_max'=75%;;;0;100 'a_cpu'=75%;50;90;0;100 'a_cpu_time_total'=1.5c;;;0 "
                    "'b_cpu'=25%;50;90;0;100 'b_cpu_time_total'=2c;;;0 ");
}

TEST(VmCpu, RestartAndResetRebaselineInsteadOfSpiking) {
    CommandLine s;
    auto before = vm_cpu_sample({running_vm("restarted", 900'000'000'000, 1, 7), running_vm("reset", 5'000, 1)}, 100);
    std::vector<model::Vm> now = {running_vm("restarted", 1'000'000, 1, 8), running_vm("reset", 10, 1)};
    auto result = evaluate_vm_cpu(now, Rates(before, vm_cpu_sample(now, 160)), s.selection, ThresholdSet{}, "");
    EXPECT_EQ(result.overall(), State::Ok);
    for (const auto& partial : result.partials)
        EXPECT_NE(partial.text.find("new or restarted, rates from the next run"), std::string::npos) << partial.text;
    for (const auto& p : collect_perfdata(result))
        if (p.label.ends_with("_cpu")) {
            EXPECT_FALSE(p.value.has_value()) << p.label;
        }
}

TEST(VmCpu, StealAndWaitPerVcpu) {
    CommandLine s;
    auto a0 = running_vm("a", 0, 2);
    a0.vcpu = {{0, 0, 0}, {0, 0, 0}};
    auto a1 = running_vm("a", 200'000'000, 2);
    a1.vcpu = {{100'000'000, 10'000'000, 300'000'000}, {100'000'000, 30'000'000, 100'000'000}};
    Rates rates(vm_cpu_sample({a0}, 10), vm_cpu_sample({a1}, 11));
    auto rules = thresholds_of(vm_cpu::metrics, {"-w", "steal=10", "-c", "steal=30"});
    auto result = evaluate_vm_cpu({a1}, rates, s.selection, rules, "");
    EXPECT_EQ(result.overall(), State::Warning);  // steal = mean(30%, 10%) = 20%
    EXPECT_EQ(result.partials[0].text, "a 10.0% (steal 20.0%)");
    std::string perf;
    for (const auto& p : collect_perfdata(result)) perf += format_perfdata(p) + " ";
    EXPECT_NE(perf.find("'a_steal'=20%;10;30;0;100 'a_wait'=2%;;;0;100"), std::string::npos) << perf;
}

TEST(VmCpu, FirstRunBusyAndUnavailable) {
    CommandLine s;
    std::vector<model::Vm> now = {running_vm("a", 5, 1)};
    auto first = evaluate_vm_cpu(now, Rates(Sample{}, vm_cpu_sample(now, 5)), s.selection, ThresholdSet{},
                                 "first sample stored, rates from the next run");
    EXPECT_EQ(first.overall(), State::Ok);
    EXPECT_EQ(summary(first), "1 VM OK - first sample stored, rates from the next run");

    auto busy = running_vm("busy", 0, 1);
    busy.busy = true;
    busy.cpu_time_ns.reset();
    auto blind = running_vm("blind", 0, 1);
    blind.cpu_time_ns.reset();
    std::vector<model::Vm> odd = {busy, blind};
    auto result = evaluate_vm_cpu(odd, Rates(Sample{1, {}}, Sample{2, {}}), s.selection, ThresholdSet{}, "");
    EXPECT_EQ(result.overall(), State::Unknown);
    ASSERT_EQ(result.partials.size(), 2u);  // sorted by name: blind, busy
    EXPECT_EQ(result.partials[0].text, "blind: CPU time not available from this driver");
    EXPECT_EQ(result.partials[1].text, "busy busy (a job holds the VM), no statistics");
}

TEST(StatsRecord, TypedParametersBecomeFields) {
    std::vector<virTypedParameter> params(6);
    auto set = [&](int i, const char* field, unsigned long long value) {
        std::strncpy(params[i].field, field, VIR_TYPED_PARAM_FIELD_LENGTH - 1);
        params[i].type = VIR_TYPED_PARAM_ULLONG;
        params[i].value.ul = value;
    };
    set(0, "state.state", 3);
    set(1, "state.reason", 5);
    set(2, "cpu.time", 123456789);
    set(3, "vcpu.current", 2);
    set(4, "vcpu.1.delay", 42);
    set(5, "vcpu.99999999999999999999.time", 1);  // hostile index: ignored
    model::Vm stats;
    libvirt::read_stats_record(params.data(), static_cast<int>(params.size()), stats);
    EXPECT_EQ(stats.state, model::VmState::Paused);
    EXPECT_EQ(stats.reason, 5);
    EXPECT_EQ(stats.cpu_time_ns, 123456789u);
    EXPECT_EQ(stats.vcpus, 2u);
    ASSERT_EQ(stats.vcpu.size(), 2u);
    EXPECT_EQ(stats.vcpu[1].delay_ns, 42u);
    EXPECT_FALSE(stats.vcpu[0].time_ns.has_value());
}

TEST(NamedThresholds, MainAndNamedMetrics) {
    auto thresholds = thresholds_of(vm_cpu::metrics, {"-w", "80", "-w", "steal=10%", "-c", "steal=20"});
    EXPECT_EQ(thresholds[vm_cpu::cpu].evaluate(85), State::Warning);
    EXPECT_EQ(thresholds[vm_cpu::steal].evaluate(15), State::Warning);
    EXPECT_EQ(thresholds[vm_cpu::steal].evaluate(25), State::Critical);

    EXPECT_THROW(thresholds_of(vm_cpu::metrics, {"-w", "nosuch=1"}), ThresholdError);
}

}  // namespace
}  // namespace virtcheck
