// check_host_cpu and check_host_memory evaluation on made-up node counters.
#include <gtest/gtest.h>

#include "perfdata_text.hpp"
#include "evaluate/host.hpp"

namespace virtcheck {
namespace {

libvirt::DomainStats vm_with(unsigned vcpus, std::uint64_t memory_kib) {
    libvirt::DomainStats vm;
    vm.vcpus = vcpus;
    vm.balloon.current_kib = memory_kib;
    return vm;
}

TEST(HostCpu, UseFromCounterDeltasAndOvercommit) {
    libvirt::HostInfo host;
    host.cpus = 4;
    libvirt::NodeCpuStats before{0, 0, 0, 0}, after{600, 200, 1000, 200};  // ns over 2 s: user 30 %, system 10 %
    Rates rates(host_cpu_sample(before, 10), host_cpu_sample(after, 12));
    HostCpuRules rules{parse_thresholds(std::string("35"), std::string("90"), Unit::Percent)};
    rules.overcommit = parse_thresholds(std::string("2"), std::string("4"), Unit::Count);
    std::vector<libvirt::DomainStats> running = {vm_with(8, 0), vm_with(4, 0)};  // 12 vCPUs on 4 threads
    auto result = evaluate_host_cpu(host, rates, running, rules, "");
    EXPECT_EQ(result.overall(), State::Warning);
    EXPECT_EQ(result.text, "CPU 40.0% used (user 30.0%, system 10.0%, iowait 10.0%) (overcommit 3); 12 vCPUs of running "
                           "VMs on 4 CPU threads (3.00 per thread)");
    EXPECT_EQ(perf_of(result), "'used'=40%;35;90;0;100 'user'=30%;;;0;100 'system'=10%;;;0;100 "
                               "'iowait'=10%;;;0;100 'vcpus'=12;;;0 'overcommit'=3;2;4;0 ");
}

TEST(HostCpu, FirstRunAndFrozenCounters) {
    libvirt::HostInfo host;
    host.cpus = 2;
    libvirt::NodeCpuStats frozen{5, 5, 5, 5};
    auto first = evaluate_host_cpu(host, Rates(Sample{}, host_cpu_sample(frozen, 1)), {}, {}, "first sample stored");
    EXPECT_EQ(first.overall(), State::Ok);
    EXPECT_EQ(first.text.rfind("CPU use from the next run; 0 vCPUs", 0), 0u) << first.text;
    auto stuck = evaluate_host_cpu(host, Rates(host_cpu_sample(frozen, 1), host_cpu_sample(frozen, 2)), {}, {}, "");
    EXPECT_EQ(stuck.overall(), State::Unknown) << "no CPU time counted is not 0 % used";
    EXPECT_NE(perf_of(stuck).find("'used'=U"), std::string::npos);
}

TEST(HostMemory, CacheIsNotUsedAndOvercommit) {
    libvirt::HostInfo host;
    libvirt::NodeMemoryStats memory{8u << 20, 2u << 20, 1u << 20, 1u << 20};  // KiB: 8 GiB, 2 free, 1+1 cache
    HostMemoryRules rules{parse_thresholds(std::string("40"), std::string("90"), Unit::Percent)};
    rules.free = parse_thresholds(std::nullopt, std::string("4GiB:"), Unit::Bytes);
    std::vector<libvirt::DomainStats> running = {vm_with(1, 6u << 20), vm_with(1, 6u << 20)};  // 12 GiB
    auto result = evaluate_host_memory(host, memory, running, rules);
    EXPECT_EQ(result.overall(), State::Critical);  // free 2 GiB < 4 GiB
    EXPECT_EQ(result.text, "memory 50.0% used (4.0 GiB of 8.0 GiB, cache and buffers not counted) (free 2.0 GiB); "
                           "12.0 GiB assigned to 2 running VMs (150.0% of host memory)");
    EXPECT_NE(perf_of(result).find("'overcommit'=150%"), std::string::npos) << perf_of(result);
}

TEST(HostMemory, DriverWithoutNodeMemoryStats) {
    libvirt::HostInfo host;
    host.memory_bytes = 4ull << 30;
    std::vector<libvirt::DomainStats> running = {vm_with(1, 1u << 20)};
    auto result = evaluate_host_memory(host, std::nullopt, running, {});
    EXPECT_EQ(result.overall(), State::Unknown);
    EXPECT_EQ(result.text, "host memory use not available from this driver; 1.0 GiB assigned to 1 running VMs "
                           "(25.0% of host memory)");
}

}  // namespace
}  // namespace virtcheck
