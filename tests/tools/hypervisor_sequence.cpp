// hypervisor_sequence MODULE URI [RUNS]: check_hypervisor's libvirt calls (open read-only,
// type, versions, host name, node info, running VMs) through one backend module, given by
// path, and one printf. For measuring the modules against each other (instructions, RSS,
// wall time) without anything else a check does.
#include <cstdio>
#include <cstdlib>

#include "collect/libvirt/libvirt.hpp"
#include "core/errors.hpp"
#include "core/module.hpp"

namespace {

struct NoProgress final : virtcheck::Progress {
    void stage(std::string_view) override {}
};

}  // namespace

int main(int argc, char** argv) {
    using namespace virtcheck;
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s MODULE URI [RUNS]\n", argv[0]);
        return 2;
    }
    int runs = argc > 3 ? std::atoi(argv[3]) : 1;
    NoProgress progress;
    try {
        using Factory = libvirt::Client* (*)();
        auto& backend = *reinterpret_cast<Factory>(load_module_symbol(argv[1], libvirt::client_symbol))();
        for (int i = 0; i < runs; ++i) {
            auto host = backend.open(argv[2], Access::ReadOnly, progress)->host_info();
            std::printf("%s %llu %llu %s %u CPUs %llu B %u running\n", host.driver.c_str(),
                        static_cast<unsigned long long>(host.hypervisor_version.value_or(0)),
                        static_cast<unsigned long long>(host.libvirt_version.value_or(0)), host.hostname.c_str(),
                        host.cpus, static_cast<unsigned long long>(host.memory_bytes), host.running_vms);
        }
    } catch (const CollectError& e) {
        std::printf("error: %s\n", e.what());
        return 1;
    }
    return 0;
}
