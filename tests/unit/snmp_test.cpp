// The SNMP collector's readers on made-up varbinds, the options, and the SNMP-mode evaluators.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "collect/snmp/datastores.hpp"
#include "collect/snmp/host_probe.hpp"
#include "collect/snmp/options.hpp"
#include "collect/snmp/tables.hpp"
#include "collect/snmp/vmware_vms.hpp"
#include "core/errors.hpp"
#include "collect/snmp/host_figures.hpp"
#include "command_line.hpp"
#include "evaluate/datastore.hpp"
#include "evaluate/host.hpp"
#include "evaluate/hypervisor.hpp"

namespace virtcheck {
namespace {

using namespace snmp;

Oid oid(const std::string& text) { return *parse_oid(text); }
Value integer(std::int64_t n) { return {Value::Type::Integer, n}; }
Value text(std::string t) {
    Value v{Value::Type::OctetString};
    v.text = std::move(t);
    return v;
}
Value object_id(std::string t) {
    Value v{Value::Type::ObjectId};
    v.text = std::move(t);
    return v;
}

std::vector<VarBind> storage_row(int index, int type, std::string description, std::optional<std::int64_t> units,
                                 std::optional<std::int64_t> size, std::optional<std::int64_t> used) {
    std::string i = std::to_string(index);
    std::vector<VarBind> row = {{oid("1.3.6.1.2.1.25.2.3.1.2." + i), object_id("1.3.6.1.2.1.25.2.1." + std::to_string(type))},
                                {oid("1.3.6.1.2.1.25.2.3.1.3." + i), text(std::move(description))}};
    if (units) row.push_back({oid("1.3.6.1.2.1.25.2.3.1.4." + i), integer(*units)});
    if (size) row.push_back({oid("1.3.6.1.2.1.25.2.3.1.5." + i), integer(*size)});
    if (used) row.push_back({oid("1.3.6.1.2.1.25.2.3.1.6." + i), integer(*used)});
    return row;
}

TEST(SnmpOid, ParseAndPrint) {
    EXPECT_EQ(to_string(oid(".1.3.6.1.2.1.1.3.0")), "1.3.6.1.2.1.1.3.0");
    for (const char* bad : {"", "1", "1..3", "1.3.", "1.3.x", "1.3.99999999999"}) EXPECT_FALSE(parse_oid(bad)) << bad;
    EXPECT_TRUE(within(oid("1.3.6.1.2.1.25.2.3.1.5.7"), hr_storage_entry));
    EXPECT_FALSE(within(oid("1.3.6.1.2.1.25.2.4"), hr_storage_entry));
}

TEST(SnmpTables, StorageSizesOverflowUnitsZeroDuplicatesAndShortRows) {
    std::vector<VarBind> walked;
    auto add = [&](std::vector<VarBind> row) { walked.insert(walked.end(), row.begin(), row.end()); };
    add(storage_row(1, 4, "/vmfs/volumes/ds1", 1048576, 1000, 900));
    add(storage_row(2, 4, "/vmfs/volumes/big", 4096, -1610612736, 10));  // 10 TiB wrapped
    add(storage_row(3, 5, "CD-ROM", 0, 0, 0));
    add(storage_row(4, 10, "/vmfs/volumes/nfs", 4096, 100, 20));
    add(storage_row(5, 10, "/vmfs/volumes/nfs", 4096, 100, 20));  // listed twice
    add(storage_row(6, 4, "/vmfs/volumes/short", 4096, 100, std::nullopt));
    add(storage_row(7, 4, "/home", 4096, 100, 50));
    auto areas = read_storage(walked);
    ASSERT_EQ(areas.size(), 5u);
    EXPECT_EQ(areas[0].size_bytes, 1000ull * 1048576);
    EXPECT_EQ(areas[0].used_bytes, 900ull * 1048576);
    EXPECT_NE(areas[1].problem.find("Integer32 overflow"), std::string::npos) << areas[1].problem;
    EXPECT_FALSE(areas[1].size_bytes);
    EXPECT_EQ(areas[3].problem, "missing hrStorageUsed (.6)");

    auto pools = storage_as_pools(areas, {"fixed", "network"});
    ASSERT_EQ(pools.size(), 4u) << "on ESXi only /vmfs/volumes/ rows count";
    EXPECT_EQ(pools[2].name, "/vmfs/volumes/nfs");
    EXPECT_EQ(pools[2].available, 80u * 4096);
    EXPECT_THROW(storage_as_pools(areas, {"floppy"}), UsageError);
}

TEST(SnmpTables, StorageSizesPast64BitsAreAnImpossibleRowNamed) {
    // Counter64-sized answers: 4-byte units, 2^62 + 1 of them, 2^61 used: 16 EiB and more.
    const std::string e = "1.3.6.1.2.1.25.2.3.1.";
    auto counter64 = [](std::uint64_t n) { return Value{Value::Type::Unsigned, 0, n}; };
    std::vector<VarBind> walked = storage_row(1, 4, "/vmfs/volumes/ds1", 1048576, 1000, 900);
    for (VarBind row : std::vector<VarBind>{{oid(e + "2.2"), object_id(storage_fixed_disk)},
                                            {oid(e + "3.2"), text("/vmfs/volumes/huge")},
                                            {oid(e + "4.2"), counter64(4)},
                                            {oid(e + "5.2"), counter64((1ull << 62) + 1)},
                                            {oid(e + "6.2"), counter64(1ull << 61)}})
        walked.push_back(row);
    auto areas = read_storage(walked);
    ASSERT_EQ(areas.size(), 2u);
    EXPECT_FALSE(areas[1].size_bytes) << "a product that wrapped around must not be used";
    EXPECT_FALSE(areas[1].used_bytes);
    EXPECT_NE(areas[1].problem.find("more than 16 EiB"), std::string::npos) << areas[1].problem;

    CommandLine options({"-w", "80", "-c", "90"}, "pool", datastore::metrics);
    auto result = evaluate_datastores(storage_as_pools(areas, {"fixed"}), options.selection, options.thresholds);
    EXPECT_EQ(result.overall(), State::Unknown) << result.text;
    EXPECT_NE(result.text.find("1 of 2 pools UNKNOWN: /vmfs/volumes/huge: "), std::string::npos) << result.text;
    EXPECT_EQ(result.text.find("EiB of"), std::string::npos) << "no figures from the impossible row: " << result.text;
}

TEST(SnmpTables, FileSystemsByTypeOnOtherHosts) {
    std::vector<VarBind> walked;
    for (auto row : {storage_row(1, 2, "Physical memory", 1024, 100, 50), storage_row(2, 4, "/", 4096, 100, 50),
                     storage_row(3, 10, "/mnt/nfs", 4096, 100, 10), storage_row(4, 5, "/media/usb", 4096, 10, 1)})
        walked.insert(walked.end(), row.begin(), row.end());
    auto areas = read_storage(walked);
    auto names = [](const std::vector<model::Datastore>& pools) {
        std::string all;
        for (const auto& p : pools) all += p.name + " ";
        return all;
    };
    EXPECT_EQ(names(storage_as_pools(areas, {"fixed", "network"})), "/ /mnt/nfs ");
    EXPECT_EQ(names(storage_as_pools(areas, {"removable"})), "/media/usb ");
    EXPECT_EQ(names(storage_as_pools(areas, {"all"})), "Physical memory / /mnt/nfs /media/usb ");
}

TEST(SnmpTables, VmwareVmsStateSpellingsAndIndexFromTheOid) {
    const std::string e = "1.3.6.1.4.1.6876.2.1.1.";
    std::vector<VarBind> walked = {
        {oid(e + "2.7"), text("web")},         {oid(e + "2.9"), text("web")},
        {oid(e + "6.7"), text("powered on")},  {oid(e + "6.9"), text("poweredOff")},
        {oid(e + "10.7"), text("564d-aaaa")},  {oid(e + "2.12"), text("db")},
        {oid(e + "6.12"), text("suspended")},  {oid(e + "9.12"), integer(4)},
    };
    auto domains = vmware_vms_as_model(read_vmware_vms(walked));
    ASSERT_EQ(domains.size(), 3u);
    EXPECT_EQ(domains[0].uuid, "564d-aaaa");
    EXPECT_EQ(domains[0].state, model::VmState::Running);
    EXPECT_EQ(domains[1].uuid, "vmw-9") << "no vmwVmUUID: the row index identifies the VM";
    EXPECT_EQ(domains[1].state, model::VmState::Shutoff);
    EXPECT_EQ(domains[2].state, model::VmState::Paused);
    EXPECT_EQ(domains[2].vcpus, 4u);
    for (const char* on : {"poweredOn", "powered on", "POWERED_ON", "on"})
        EXPECT_EQ(vmware_state(on), model::VmState::Running) << on;
    EXPECT_EQ(vmware_state("migrating?"), model::VmState::NoState);
}

TEST(SnmpTables, ProcessorLoadAndUcdMemory) {
    auto loads = read_processor_load({{oid("1.3.6.1.2.1.25.3.3.1.2.196608"), integer(10)},
                                      {oid("1.3.6.1.2.1.25.3.3.1.2.196609"), integer(70)}});
    auto snmp_cpu = [](std::vector<model::CpuLoad> loads, const ThresholdSet& thresholds) {
        return evaluate_host_cpu(host_cpu_of(std::move(loads)), Rates(), std::nullopt, thresholds, "");
    };
    auto cpu = snmp_cpu(loads, thresholds_of(host_cpu::metrics, {"-w", "30"}));
    EXPECT_EQ(cpu.overall(), State::Warning);
    EXPECT_EQ(cpu.text, "CPU 40.0% average over 2 CPUs, busiest 70.0% (hrDeviceIndex 196609)");
    auto bad = read_processor_load({{oid("1.3.6.1.2.1.25.3.3.1.2.1"), integer(250)}});
    EXPECT_EQ(snmp_cpu(bad, {}).text, "hrProcessorLoad of CPU 1 is '250', not a percentage");
    EXPECT_EQ(snmp_cpu({}, {}).overall(), State::Unknown);

    const std::string m = "1.3.6.1.4.1.2021.4.";
    auto ucd = read_ucd_memory({{oid(m + "5.0"), integer(8 << 20)}, {oid(m + "6.0"), integer(2 << 20)},
                                {oid(m + "14.0"), integer(1 << 20)}, {oid(m + "15.0"), integer(1 << 20)}});
    auto memory = evaluate_host_memory(host_memory_of({}, ucd), std::nullopt, {});
    EXPECT_EQ(memory.text, "memory 50.0% used (4.0 GiB of 8.0 GiB, memAvailReal + memBuffer + memCached counted as "
                           "available (no memSysAvail))");
    // net-snmp 5.8 on gives MemAvailable as memSysAvail (.27): it is the one definition.
    ucd = read_ucd_memory({{oid(m + "5.0"), integer(8 << 20)}, {oid(m + "6.0"), integer(2 << 20)},
                           {oid(m + "14.0"), integer(1 << 20)}, {oid(m + "15.0"), integer(1 << 20)},
                           {oid(m + "27.0"), integer(3 << 20)}});
    EXPECT_EQ(evaluate_host_memory(host_memory_of({}, ucd), std::nullopt, {}).text,
              "memory 62.5% used (5.0 GiB of 8.0 GiB, total - MemAvailable (memSysAvail))");
    // A 4 TiB host: the 32-bit memTotalReal wrapped, memTotalRealX (.20) is right.
    Value big{Value::Type::Unsigned, 0, 4ull << 30};
    auto large = read_ucd_memory({{oid(m + "5.0"), integer(0)}, {oid(m + "6.0"), integer(1 << 20)},
                                  {oid(m + "20.0"), big}, {oid(m + "21.0"), Value{Value::Type::Unsigned, 0, 1ull << 30}}});
    EXPECT_EQ(large.total_kib, 4ull << 30);
    EXPECT_EQ(large.free_kib, 1ull << 30);
}

// An agent that answers a GET of sysObjectID and has no hrProcessorLoad.
class AgentWithoutLoads final : public Session {
public:
    explicit AgentWithoutLoads(std::string sys_object_id) : sys_object_id_(std::move(sys_object_id)) {}
    std::vector<VarBind> get(const std::vector<Oid>& oids) override {
        std::vector<VarBind> answer;
        for (const auto& asked : oids)
            answer.push_back({asked, asked == oid("1.3.6.1.2.1.1.2.0") ? object_id(sys_object_id_)
                                                                       : Value{Value::Type::NoSuchObject}});
        return answer;
    }
    std::vector<VarBind> walk(const Oid&, std::size_t) override { return {}; }

private:
    std::string sys_object_id_;
};

TEST(SnmpHostCpu, NetSnmpHintOnlyForNetSnmpAgents) {
    const std::string hint = "net-snmp fills it about a minute after it starts";
    AgentWithoutLoads net_snmp("1.3.6.1.4.1.8072.3.2.10");
    EXPECT_NE(read_host_cpu(net_snmp).problem.find(hint), std::string::npos) << read_host_cpu(net_snmp).problem;
    for (const char* other : {"1.3.6.1.4.1.311.1.1.3.1.2", "1.3.6.1.4.1.232.9.4.10", "1.3.6.1.4.1.6876.4.1"}) {
        AgentWithoutLoads agent(other);
        auto cpu = read_host_cpu(agent);
        EXPECT_NE(cpu.problem.find("the SNMP agent has no hrProcessorLoad (1.3.6.1.2.1.25.3.3.1.2)"), std::string::npos)
            << cpu.problem;
        EXPECT_EQ(cpu.problem.find("net-snmp"), std::string::npos) << other << ": " << cpu.problem;
    }
}

TEST(SnmpHypervisor, EsxiVersionUptimeAndOtherAgents) {
    HostProbe esxi = read_host_answer({{oid("1.3.6.1.2.1.1.3.0"), Value{Value::Type::Unsigned, 0, 30000}},
                                       {oid("1.3.6.1.4.1.6876.1.1.0"), text("VMware ESXi")},
                                       {oid("1.3.6.1.4.1.6876.1.2.0"), text("7.0.3")},
                                       {oid("1.3.6.1.4.1.6876.1.4.0"), text("21930508")}});
    esxi.target = "esx1:161";
    esxi.seconds = 0.004;
    auto thresholds = thresholds_of(hypervisor::metrics, {"-w", "uptime=10m:"});
    auto result = evaluate_hypervisor(hypervisor_status(esxi), thresholds, {.min_version = version_option("8.0", "--min-version")});
    EXPECT_EQ(result.overall(), State::Warning);
    EXPECT_EQ(result.text, "VMware ESXi 7.0.3 build 21930508 at esx1:161 answered in 4.0 ms, up 5m 0s");
    EXPECT_EQ(result.partials[1].text, "uptime 5m 0s");
    EXPECT_EQ(result.partials[2].text, "version 7.0.3 is older than 8.0 (--min-version)");

    HostProbe linux_host = read_host_answer({{oid("1.3.6.1.2.1.1.1.0"), text("Linux kvm1 6.1.0\r\nsecond line")},
                                             {oid("1.3.6.1.2.1.25.1.1.0"), Value{Value::Type::Unsigned, 0, 8640000}},
                                             {oid("1.3.6.1.2.1.1.3.0"), Value{Value::Type::Unsigned, 0, 100}}});
    EXPECT_EQ(linux_host.uptime_seconds, 86400) << "hrSystemUptime is the host's - sysUpTime the agent's";
    linux_host.target = "kvm1:161";
    auto plain = evaluate_hypervisor(hypervisor_status(linux_host), {}, {.min_version = version_option("1.0", "--min-version")});
    EXPECT_EQ(plain.overall(), State::Unknown) << "no version to compare";
    EXPECT_EQ(plain.text.rfind("SNMP agent (Linux kvm1 6.1.0) at kvm1:161 answered in ", 0), 0u) << plain.text;
}

// SnmpOptions as parsed from a command line.
SessionOptions session_from(std::vector<std::string> args, const std::string& auth_file = "") {
    Cli cli{"check_test", "test", test_metrics};
    SnmpOptions options{cli, auth_file};
    options.add_to(cli);
    args.insert(args.begin(), "check_test");
    std::vector<const char*> argv;
    for (auto& a : args) argv.push_back(a.c_str());
    cli.parse(static_cast<int>(argv.size()), argv.data());
    EXPECT_TRUE(options.enabled());
    return options.session();
}

TEST(SnmpOptions, VersionsLevelsAndRefusals) {
    auto v2 = session_from({"-H", "esx1", "-C", "public", "-t", "3"});
    EXPECT_EQ(v2.version, snmp::Version::V2c);
    EXPECT_EQ(v2.community, "public");
    EXPECT_DOUBLE_EQ(v2.timeout_seconds, 0.8) << "three tries in 80 % of -t";
    auto v3 = session_from({"-H", "[fe80::1]", "-U", "mon", "-A", "authsecret", "-X", "privsecret"});
    EXPECT_EQ(v3.version, snmp::Version::V3) << "-U means v3";
    EXPECT_EQ(v3.level, SecurityLevel::AuthPriv);
    EXPECT_EQ(v3.host, "fe80::1");
    EXPECT_THROW(session_from({"-H", "esx1", "-P", "3", "-U", "mon", "-C", "public"}), UsageError);
    EXPECT_THROW(session_from({"-H", "esx1", "-P", "2c", "-U", "mon", "-C", "public"}), UsageError);
    EXPECT_THROW(session_from({"-H", "esx1:161", "-C", "public"}), UsageError);
    EXPECT_THROW(session_from({"-C", "public"}), UsageError) << "no -H";
    EXPECT_THROW(session_from({"-H", "esx1", "-U", "mon", "-L", "authPriv", "-A", "authsecret"}), UsageError);
}

TEST(SnmpOptions, SecretsFromFileAndEnvironmentNeverFromOthersReadableFiles) {
    auto file = std::filesystem::temp_directory_path() / ("virtcheck-snmp-" + std::to_string(getpid()));
    std::ofstream(file) << "# monitoring account\ncommunity = s3cr#t\nauth-password = a-u-t-h-pw\n";
    ::chmod(file.c_str(), 0600);
    ::setenv("VIRTCHECK_SNMP_PRIV_PASSWORD", "from-environment", 1);
    auto v3 = session_from({"-H", "esx1", "-U", "mon"}, file.string());
    EXPECT_EQ(v3.auth_password, "a-u-t-h-pw");
    EXPECT_EQ(v3.priv_password, "from-environment");
    auto v2 = session_from({"-H", "esx1", "--snmp"}, file.string());
    EXPECT_EQ(v2.community, "s3cr#t") << "a '#' inside a value is part of it";
    ::unsetenv("VIRTCHECK_SNMP_PRIV_PASSWORD");
    ::chmod(file.c_str(), 0640);
    try {
        session_from({"-H", "esx1", "--snmp"}, file.string());
        ADD_FAILURE() << "a group-readable --auth-file was accepted";
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("chmod 600"), std::string::npos) << e.what();
        EXPECT_EQ(std::string(e.what()).find("s3cr"), std::string::npos) << "the secret is printed";
    }
    std::ofstream(file) << "password: hunter2\n";
    ::chmod(file.c_str(), 0600);
    try {
        session_from({"-H", "esx1", "--snmp"}, file.string());
        ADD_FAILURE() << "a bad line was accepted";
    } catch (const UsageError& e) {
        EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << "the bad line is quoted back";
    }
    std::filesystem::remove(file);
}

}  // namespace
}  // namespace virtcheck
