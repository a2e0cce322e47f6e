// check_vm_memory, check_vm_disk and check_vm_net evaluation on made-up stats, and the
// collector's reading of balloon/block/net records and domain XML.
#include <gtest/gtest.h>
#include <libvirt/libvirt.h>

#include <cstring>

#include "perfdata_text.hpp"
#include "collect/libvirt/module/domain_stats.hpp"
#include "collect/libvirt/module/domain_xml.hpp"
#include "command_line.hpp"
#include "evaluate/vm_resources.hpp"

namespace virtcheck {
namespace {

using model::VmState;
using model::Vm;

model::Vm running(std::string name, int id = 1) {
    model::Vm d;
    d.name = std::move(name);
    d.uuid = "uuid-" + d.name;
    d.state = model::VmState::Running;
    d.id = id;
    return d;
}

TEST(VmMemory, GuestUseFromUsableOrUnused) {
    CommandLine s;
    auto linux_guest = running("new");
    linux_guest.memory.available_kib = 4u << 20;  // 4 GiB
    linux_guest.memory.usable_kib = 1u << 20;      // 1 GiB usable -> 75 % used
    linux_guest.memory.unused_kib = 512u << 10;
    linux_guest.memory.current_kib = 4u << 20;
    linux_guest.memory.rss_kib = 2u << 20;
    auto old_guest = running("old");
    old_guest.memory.available_kib = 1u << 20;
    old_guest.memory.unused_kib = 768u << 10;      // 25 % used
    auto rules = thresholds_of(vm_memory::metrics, {"-w", "70", "-c", "90"});
    std::vector<model::Vm> vms = {linux_guest, old_guest};
    auto result = evaluate_vm_memory(vms, Rates(), s.selection, rules, State::Unknown, "");
    EXPECT_EQ(result.overall(), State::Warning);
    EXPECT_EQ(summary(result), "1 of 2 VMs WARNING: new 75.0% (3.0 GiB of 4.0 GiB)");
    EXPECT_NE(perf_of(result).find("'new_used_percent'=75%;70;90;0;100 'new_used'=3221225472B;;;0 'new_rss'=50%"),
              std::string::npos) << perf_of(result);
    EXPECT_NE(perf_of(result).find("'old_used_percent'=25%"), std::string::npos);
}

TEST(VmMemory, NoGuestStatisticsIsSaidNotZero) {
    CommandLine s;
    auto bare = running("bare");
    bare.memory.current_kib = 131072;
    bare.memory.rss_kib = 65536;
    std::vector<model::Vm> vms = {bare};
    auto result = evaluate_vm_memory(vms, Rates(), s.selection, ThresholdSet{}, State::Unknown, "");
    EXPECT_EQ(result.overall(), State::Unknown);
    EXPECT_EQ(result.partials[0].text, "bare: no guest memory statistics (needs a balloon driver and a stats period)");
    EXPECT_EQ(perf_of(result).find("\'bare_used_percent\'="), std::string::npos) << perf_of(result);
    EXPECT_EQ(evaluate_vm_memory(vms, Rates(), s.selection, ThresholdSet{}, State::Ok, "").overall(), State::Ok);
}

TEST(VmMemory, SwapRates) {
    CommandLine s;
    auto before = running("a");
    before.memory.swap_in_kib = 0;
    before.memory.available_kib = 100, before.memory.unused_kib = 50;
    auto after = before;
    after.memory.swap_in_kib = 1000;  // 1000 KiB in 10 s
    Rates rates(vm_memory_sample({before}, 0 + 100), vm_memory_sample({after}, 110));
    auto rules = thresholds_of(vm_memory::metrics, {"-w", "swap_in=50KiB/s"});
    std::vector<model::Vm> vms = {after};
    auto result = evaluate_vm_memory(vms, rates, s.selection, rules, State::Unknown, "");
    EXPECT_EQ(result.overall(), State::Warning);
    EXPECT_EQ(result.partials[0].text, "a 50.0% (50.0 KiB of 100.0 KiB) (swap_in 100.0 KiB/s)");
}

model::Vm with_disk(std::uint64_t read_bytes, std::uint64_t requests, std::uint64_t ns, std::uint64_t errors) {
    auto vm = running("db");
    model::Disk disk;
    disk.name = "vda";
    disk.read_bytes = read_bytes, disk.write_bytes = 0;
    disk.read_requests = requests, disk.write_requests = 0;
    disk.read_ns = ns, disk.write_ns = 0;
    disk.errors = errors;
    disk.allocation = 9ull << 30, disk.capacity = 10ull << 30, disk.physical = 9ull << 30;
    vm.disks.push_back(disk);
    return vm;
}

TEST(VmDisk, FillThroughputLatencyAndNewErrors) {
    CommandLine s;
    auto before = with_disk(0, 0, 0, 0);
    auto after = with_disk(10 << 20, 200, 400'000'000, 2);  // 10 MiB, 200 requests, 0.4 s busy, 2 new errors
    Rates rates(vm_disk_sample({before}, 100), vm_disk_sample({after}, 110));
    auto rules = thresholds_of(vm_disk::metrics, {"-w", "80", "-c", "95"});
    std::vector<model::Vm> vms = {after};
    auto result = evaluate_vm_disk(vms, rates, s.selection, rules, "");
    EXPECT_EQ(result.overall(), State::Warning);
    EXPECT_EQ(summary(result), "1 of 1 disks WARNING: db/vda 90.0% of 10.0 GiB (errors 2)");
    std::string perf = perf_of(result);
    EXPECT_NE(perf.find("'db_vda_fill'=90%;80;95;0 'db_vda_read'=1048576;;;0 'db_vda_write'=0;;;0 "
                        "'db_vda_iops'=20;;;0 'db_vda_latency'=0.002s;;;0 'db_vda_errors'=2;;;0"),
              std::string::npos) << perf;
}

TEST(VmDisk, HypervisorDiskErrorsAreCritical) {
    CommandLine s;
    auto vm = with_disk(0, 0, 0, 0);
    vm.disk_errors = {"vda: no space left on the device"};
    std::vector<model::Vm> vms = {vm};
    auto result = evaluate_vm_disk(vms, Rates(), s.selection, ThresholdSet{}, "first sample stored, rates from the next run");
    EXPECT_EQ(result.overall(), State::Critical);
    EXPECT_EQ(summary(result).rfind("1 of 1 disks CRITICAL: db/vda: no space left on the device", 0), 0u)
        << summary(result);
    EXPECT_EQ(perf_of(result).find("\'db_vda_read\'="), std::string::npos) << "no rate yet: left out, not 0";
}

TEST(VmNet, TrafficAndAnyNewErrorWarns) {
    CommandLine s;
    auto nic = [](std::uint64_t rx, std::uint64_t drops) {
        auto vm = running("web");
        model::Interface n;
        n.name = "vnet0";
        n.rx_bytes = rx, n.tx_bytes = rx / 2, n.rx_packets = rx / 1000, n.tx_packets = 0;
        n.rx_errors = 0, n.tx_errors = 0, n.rx_drops = drops, n.tx_drops = 0;
        vm.interfaces.push_back(n);
        return vm;
    };
    Rates clean(vm_net_sample({nic(0, 0)}, 10), vm_net_sample({nic(2'000'000, 0)}, 12));
    std::vector<model::Vm> now = {nic(2'000'000, 0)};
    auto ok = evaluate_vm_net(now, clean, s.selection, ThresholdSet{}, "");
    EXPECT_EQ(ok.overall(), State::Ok);
    EXPECT_EQ(summary(ok), "1 interface OK - top: web/vnet0 1.4 MiB/s");
    Rates dropping(vm_net_sample({nic(0, 0)}, 10), vm_net_sample({nic(2'000'000, 4)}, 12));
    std::vector<model::Vm> later = {nic(2'000'000, 4)};
    auto warn = evaluate_vm_net(later, dropping, s.selection, ThresholdSet{}, "");
    EXPECT_EQ(warn.overall(), State::Warning);
    EXPECT_EQ(warn.partials[0].text, "web/vnet0 1.4 MiB/s (drops 2.0/s)");
    auto tolerant = thresholds_of(vm_net::metrics, {"-w", "drops=5"});
    EXPECT_EQ(evaluate_vm_net(later, dropping, s.selection, tolerant, "").overall(), State::Ok);
}

TEST(StatsRecord, BalloonBlockAndNetFields) {
    std::vector<virTypedParameter> params(7);
    char block_name[] = "vda", net_name[] = "vnet3";
    auto number = [&](int i, const char* field, unsigned long long value) {
        std::strncpy(params[i].field, field, VIR_TYPED_PARAM_FIELD_LENGTH - 1);
        params[i].type = VIR_TYPED_PARAM_ULLONG;
        params[i].value.ul = value;
    };
    auto text = [&](int i, const char* field, char* value) {
        std::strncpy(params[i].field, field, VIR_TYPED_PARAM_FIELD_LENGTH - 1);
        params[i].type = VIR_TYPED_PARAM_STRING;
        params[i].value.s = value;
    };
    number(0, "balloon.available", 1000);
    number(1, "balloon.usable", 400);
    text(2, "block.0.name", block_name);
    number(3, "block.0.capacity", 67108864);
    number(4, "block.0.rd.times", 77);
    text(5, "net.0.name", net_name);
    number(6, "net.0.rx.drop", 3);
    model::Vm stats;
    libvirt::read_stats_record(params.data(), static_cast<int>(params.size()), stats);
    EXPECT_EQ(stats.memory.available_kib, 1000u);
    EXPECT_EQ(stats.memory.usable_kib, 400u);
    ASSERT_EQ(stats.disks.size(), 1u);
    EXPECT_EQ(stats.disks[0].name, "vda");
    EXPECT_EQ(stats.disks[0].capacity, 67108864u);
    EXPECT_EQ(stats.disks[0].read_ns, 77u);
    ASSERT_EQ(stats.interfaces.size(), 1u);
    EXPECT_EQ(stats.interfaces[0].name, "vnet3");
    EXPECT_EQ(stats.interfaces[0].rx_drops, 3u);
    EXPECT_EQ(stats.reported_groups, unsigned(model::StatMemory | model::StatDisk | model::StatInterface));
}

TEST(DomainXml, DiskAndInterfaceTargets) {
    auto devices = libvirt::parse_domain_devices(R"(<domain><devices>
        <disk type='file'><source file='/var/lib/a.qcow2'/><target dev='vda' bus='virtio'/></disk>
        <disk type='network'><source protocol='rbd' name='pool/img'/><target dev='vdb'/></disk>
        <disk type='file' device='cdrom'><target dev='hdc'/></disk>
        <interface type='network'><target dev='vnet0'/></interface>
        <interface type='user'/>
      </devices></domain>)");
    ASSERT_EQ(devices.disks.size(), 3u);
    EXPECT_EQ(devices.disks[0].target, "vda");
    EXPECT_EQ(devices.disks[0].source, "/var/lib/a.qcow2");
    EXPECT_EQ(devices.disks[0].type, "file") << "how a disk is backed decides its allocation";
    EXPECT_EQ(devices.disks[1].source, "pool/img");
    EXPECT_EQ(devices.disks[1].type, "network");
    EXPECT_EQ(devices.disks[2].source, "");
    EXPECT_EQ(devices.interfaces, std::vector<std::string>{"vnet0"});
    EXPECT_TRUE(libvirt::parse_domain_devices("<domain><devices>").disks.empty());
    EXPECT_TRUE(libvirt::parse_domain_devices("").interfaces.empty());
}

}  // namespace
}  // namespace virtcheck
