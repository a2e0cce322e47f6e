// check_host_cpu and check_host_memory evaluation on made-up node counters.
#include <gtest/gtest.h>

#include "perfdata_text.hpp"
#include "command_line.hpp"
#include "evaluate/host.hpp"

namespace virtcheck {
namespace {

model::Vm vm_with(unsigned vcpus, std::uint64_t memory_kib) {
    model::Vm vm;
    vm.vcpus = vcpus;
    vm.memory.current_kib = memory_kib;
    return vm;
}

TEST(HostCpu, UseFromCounterDeltasAndOvercommit) {
    model::Host host;
    host.cpus = 4;
    model::HostCpu before{model::HostCpuTimes{0, 0, 0, 0}}, after{model::HostCpuTimes{600, 200, 1000, 200}};  // ns over 2 s: user 30 %, system 10 %
    Rates rates(host_cpu_sample(before, 10), host_cpu_sample(after, 12));
    auto rules = thresholds_of(host_cpu::metrics, {"-w", "35", "-c", "90", "-w", "overcommit=2", "-c", "overcommit=4"});
    std::vector<model::Vm> running = {vm_with(8, 0), vm_with(4, 0)};  // 12 vCPUs on 4 threads
    auto result = evaluate_host_cpu(after, rates, Assignment{host, running}, rules, "");
    EXPECT_EQ(result.overall(), State::Warning);
    EXPECT_EQ(result.text, "CPU 40.0% used (user 30.0%, system 10.0%, iowait 10.0%) (overcommit 3) - 12 vCPUs of running "
                           "VMs on 4 CPU threads (3.00 per thread)");
    EXPECT_EQ(perf_of(result), "'used'=40%;35;90;0;100 'user'=30%;;;0;100 'system'=10%;;;0;100 "
                               "'iowait'=10%;;;0;100 'vcpus'=12;;;0 'overcommit'=3;2;4;0 'user_time_total'=0.000001c;;;0 "
                               "'system_time_total'=0c;;;0 'idle_time_total'=0.000001c;;;0 'iowait_time_total'=0c;;;0 ");
}

TEST(HostCpu, FirstRunAndFrozenCounters) {
    model::Host host;
    host.cpus = 2;
    model::HostCpu frozen{model::HostCpuTimes{5, 5, 5, 5}};
    auto first = evaluate_host_cpu(frozen, Rates(Sample{}, host_cpu_sample(frozen, 1)), Assignment{host, {}}, {},
                                   "first sample stored");
    EXPECT_EQ(first.overall(), State::Ok);
    EXPECT_EQ(first.text.rfind("CPU use from the next run - 0 vCPUs", 0), 0u) << first.text;
    auto stuck = evaluate_host_cpu(frozen, Rates(host_cpu_sample(frozen, 1), host_cpu_sample(frozen, 2)),
                                   Assignment{host, {}}, {}, "");
    EXPECT_EQ(stuck.overall(), State::Unknown) << "no CPU time counted is not 0 % used";
    EXPECT_EQ(perf_of(stuck).find("\'used\'="), std::string::npos);
}

TEST(HostMemory, CacheIsNotUsedAndOvercommit) {
    model::Host host;
    constexpr double GiB = 1ull << 30;
    model::HostMemory memory;  // no MemAvailable (libvirt remote): free + buffers + cache count as available
    memory.total = 8 * GiB, memory.free = 2 * GiB, memory.buffers = 1 * GiB, memory.cached = 1 * GiB;
    memory.basis = "free + buffers + cache counted as available";
    auto rules = thresholds_of(host_memory::metrics, {"-w", "40", "-c", "90", "-c", "free=5GiB:"});
    std::vector<model::Vm> running = {vm_with(1, 6u << 20), vm_with(1, 6u << 20)};  // 12 GiB
    auto result = evaluate_host_memory(memory, Assignment{host, running}, rules);
    EXPECT_EQ(result.overall(), State::Critical);  // 4 GiB available < 5 GiB
    EXPECT_EQ(result.text, "memory 50.0% used (4.0 GiB of 8.0 GiB, free + buffers + cache counted as available) "
                           "(free 4.0 GiB) - 12.0 GiB assigned to 2 running VMs (150.0% of host memory)");
    EXPECT_NE(perf_of(result).find("'overcommit'=150%"), std::string::npos) << perf_of(result);
}

// One definition everywhere: in use = total - MemAvailable where the source has it. Shared
// memory sits in the page cache but cannot be dropped, so free + buffers + cache overstates.
TEST(HostMemory, InUseIsTotalMinusMemAvailable) {
    constexpr double GiB = 1ull << 30;
    model::HostMemory memory;
    memory.total = 8 * GiB, memory.available = 3 * GiB, memory.free = 2 * GiB, memory.buffers = 1 * GiB,
    memory.cached = 1.5 * GiB, memory.basis = "total - MemAvailable";
    auto result = evaluate_host_memory(memory, std::nullopt, {});
    EXPECT_EQ(result.text, "memory 62.5% used (5.0 GiB of 8.0 GiB, total - MemAvailable)");
    std::string perf = perf_of(result);
    EXPECT_NE(perf.find("'used'=5368709120B"), std::string::npos) << perf;
    EXPECT_NE(perf.find("'free'=3221225472B"), std::string::npos) << "free is what is available: " << perf;
}

TEST(HostMemory, DriverWithoutNodeMemoryStats) {
    model::Host host;
    host.memory_bytes = 4ull << 30;
    std::vector<model::Vm> running = {vm_with(1, 1u << 20)};
    auto result = evaluate_host_memory(model::HostMemory{}, Assignment{host, running}, {});
    EXPECT_EQ(result.overall(), State::Unknown);
    EXPECT_EQ(result.text, "host memory use not available from this driver - 1.0 GiB assigned to 1 running VMs "
                           "(25.0% of host memory)");
}

}  // namespace
}  // namespace virtcheck
