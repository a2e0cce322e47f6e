// libFuzzer target: a bulk statistics record (virConnectGetAllDomainStats) as libvirt hands
// it over: typed parameters whose names, types, values and indexes the hypervisor chose.
#include <fuzzer/FuzzedDataProvider.h>
#include <libvirt/libvirt.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "collect/libvirt/module/domain_stats.hpp"

using namespace virtcheck;

namespace {

// Field names the reader knows, so that the fuzzer reaches them without guessing them.
const char* const known[] = {"state.state", "state.reason", "cpu.time", "vcpu.current", "vcpu.%u.time",
                             "vcpu.%u.wait", "vcpu.%u.delay", "balloon.current", "balloon.rss", "balloon.usable",
                             "block.count", "block.%u.name", "block.%u.path", "block.%u.allocation",
                             "block.%u.capacity", "block.%u.physical", "block.%u.rd.bytes", "net.%u.name",
                             "net.%u.rx.bytes", "net.%u.tx.drop"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider input(data, size);
    std::vector<virTypedParameter> params;
    std::vector<std::string> strings;  // owns what VIR_TYPED_PARAM_STRING values point to
    strings.reserve(256);
    while (input.remaining_bytes() > 0 && params.size() < 256) {
        virTypedParameter p{};
        std::string field;
        if (input.ConsumeBool()) {
            field = known[input.ConsumeIntegralInRange<std::size_t>(0, std::size(known) - 1)];
            if (auto at = field.find("%u"); at != std::string::npos)
                field.replace(at, 2, std::to_string(input.ConsumeIntegralInRange<unsigned>(0, 5000)));
        } else {
            field = input.ConsumeRandomLengthString(VIR_TYPED_PARAM_FIELD_LENGTH + 8);
        }
        // libvirt's field is a fixed array, not always terminated.
        std::memcpy(p.field, field.data(), std::min(field.size(), sizeof p.field));
        p.type = input.ConsumeIntegralInRange<int>(0, 7);
        switch (p.type) {
            case VIR_TYPED_PARAM_INT: p.value.i = input.ConsumeIntegral<int>(); break;
            case VIR_TYPED_PARAM_UINT: p.value.ui = input.ConsumeIntegral<unsigned>(); break;
            case VIR_TYPED_PARAM_LLONG: p.value.l = input.ConsumeIntegral<long long>(); break;
            case VIR_TYPED_PARAM_ULLONG: p.value.ul = input.ConsumeIntegral<unsigned long long>(); break;
            case VIR_TYPED_PARAM_DOUBLE: p.value.d = input.ConsumeFloatingPoint<double>(); break;
            case VIR_TYPED_PARAM_BOOLEAN: p.value.b = input.ConsumeBool(); break;
            case VIR_TYPED_PARAM_STRING:
                strings.push_back(input.ConsumeRandomLengthString(300));
                p.value.s = strings.back().data();
                break;
            default: p.value.ul = input.ConsumeIntegral<unsigned long long>(); break;
        }
        params.push_back(p);
    }
    model::Vm vm;
    libvirt::read_stats_record(params.data(), static_cast<int>(params.size()), vm);
    if (vm.disks.size() > 4096 || vm.interfaces.size() > 4096 || vm.vcpu.size() > 4096) __builtin_trap();
    return 0;
}
