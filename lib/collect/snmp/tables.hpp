#pragma once
// SNMP tables as rows, and what the checks read from them: HOST-RESOURCES-MIB (processor
// load, storage), UCD-SNMP-MIB memory, and VMware's vmwVmTable. Each reader is a pure
// function of the walked varbinds, so tests can feed it made-up answers.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "collect/snmp/snmp.hpp"
#include "model/host.hpp"

namespace virtcheck::snmp {

// One row of a table: its index (the OID suffix after ENTRY.COLUMN) and its columns.
struct Row {
    Oid index{};
    std::map<std::uint32_t, Value> columns{};
};

// Groups the varbinds of a walk of `entry` (TABLE.1) into rows, in index order of first
// appearance. Varbinds outside `entry` are ignored.
std::vector<Row> rows_of(const std::vector<VarBind>& walked, const Oid& entry);

// hrProcessorLoad per CPU (1.3.6.1.2.1.25.3.3.1.2), in %; the CPU is named by its hrDeviceIndex.
inline const Oid hr_processor_load{1, 3, 6, 1, 2, 1, 25, 3, 3, 1, 2};
std::vector<model::CpuLoad> read_processor_load(const std::vector<VarBind>& walked);

// hrStorageTable (1.3.6.1.2.1.25.2.3): storage areas with bytes = units * size.
inline const Oid hr_storage_entry{1, 3, 6, 1, 2, 1, 25, 2, 3, 1};
struct StorageArea {
    std::string index{};
    std::string type{};         // hrStorageType as dotted OID ("1.3.6.1.2.1.25.2.1.4" = fixed disk)
    std::string description{};  // untrusted: "/", "/vmfs/volumes/datastore1", "Physical memory"
    std::optional<std::uint64_t> size_bytes{}, used_bytes{};
    std::string problem{};      // why the sizes cannot be used: missing column, Integer32 overflow
};
std::vector<StorageArea> read_storage(const std::vector<VarBind>& walked);

inline const std::string storage_ram = "1.3.6.1.2.1.25.2.1.2";
inline const std::string storage_fixed_disk = "1.3.6.1.2.1.25.2.1.4";
inline const std::string storage_removable_disk = "1.3.6.1.2.1.25.2.1.5";
inline const std::string storage_network_disk = "1.3.6.1.2.1.25.2.1.10";

// UCD-SNMP-MIB memory (1.3.6.1.4.1.2021.4), in KiB; empty where the agent has none.
inline const Oid ucd_memory{1, 3, 6, 1, 4, 1, 2021, 4};
struct UcdMemory {
    std::optional<std::uint64_t> total_kib{}, free_kib{}, buffers_kib{}, cached_kib{};
    std::optional<std::uint64_t> available_kib{};  // memSysAvail (.27): MemAvailable, net-snmp 5.8 on
};
UcdMemory read_ucd_memory(const std::vector<VarBind>& walked);

// VMWARE-VMINFO-MIB vmwVmTable (1.3.6.1.4.1.6876.2.1.1).
inline const Oid vmw_vm_entry{1, 3, 6, 1, 4, 1, 6876, 2, 1, 1};
struct VmwareVm {
    std::string index{};        // from the OID suffix: some agents omit vmwVmIdx and vmwVmVMID
    std::string name{};         // untrusted; names can repeat
    std::string uuid{};         // vmwVmUUID, empty when absent
    std::string state{};        // vmwVmState as given: "poweredOn", "powered on", ...
    std::string guest_os{}, guest_state{};
    std::optional<std::uint64_t> memory_mb{}, cpus{};
};
std::vector<VmwareVm> read_vmware_vms(const std::vector<VarBind>& walked);

}  // namespace virtcheck::snmp
